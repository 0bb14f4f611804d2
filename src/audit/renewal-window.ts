// When ACM starts managed renewal, pure. ACM renews 60 days before expiry for DNS- and HTTP-validated
// (and private) certificates and 45 days before for email-validated ones (ACM User Guide, "Troubleshoot
// managed certificate renewal"; "HTTP renewal validation"), for its 198-day certificates (ACM User
// Guide, "ACM concepts"). For shorter lifetimes (CA/B SC-081: 100 days from 2027-03-15, 47 from
// 2029-03-15) the window is UNCONFIRMED: the guard scales it with the lifetime (60/198 of it), so a
// 47-day certificate is not always "inside" a 60-day window.

/** ACM's public certificate lifetime in 2026 (days). */
export const ACM_LIFETIME_DAYS = 198

export function documentedWindowDays(method: string | undefined): number {
  return method === 'EMAIL' ? 45 : 60
}

/** Days before NotAfter when ACM starts renewing a certificate of this validation method and lifetime. */
export function renewalWindowDays(method: string | undefined, lifetimeDays: number | undefined): number {
  const documented = documentedWindowDays(method)
  if (lifetimeDays === undefined || lifetimeDays >= ACM_LIFETIME_DAYS) return documented
  return Math.floor((documented * Math.max(lifetimeDays, 0)) / ACM_LIFETIME_DAYS)
}
