// The renewal guard's judgement, pure: from what ACM, Route 53 and public DNS say about one
// certificate, the findings (each with a rank, a message and what to do) and a verdict. ACM renews a
// DNS-validated certificate by itself only while its validation CNAMEs stay in public DNS, CAA lets
// Amazon issue and the certificate is in use (ACM User Guide, "Managed renewal for DNS-validated
// domains"); a break is silent until the certificate expires, so each one is named here.
import {
  daysLeft,
  finding,
  plural,
  RENEWAL_UNDER_WAY,
  TERMINAL_UNISSUED,
  DAY_MS,
  type AuditFinding,
  type AuditPolicy,
  type CertificateFacts,
  type CertificateVerdict,
  type Verdict
} from './facts.js'
import { exportFinding } from './export-finding.js'
import { nameFindings } from './name-findings.js'
import { renewalWindowDays } from './renewal-window.js'
import { validationFindings } from './validation-findings.js'

export * from './facts.js'

/** Findings and verdict of one certificate. */
export function judgeCertificate(cert: CertificateFacts, policy: AuditPolicy): CertificateVerdict {
  const days = daysLeft(cert.notAfter, policy.now)
  if (cert.keyPairOrigin === 'ACME') return { verdict: 'ok', daysLeft: days, findings: [acmeFinding()] }
  const judged = cert.status === 'ISSUED' || cert.status === 'PENDING_VALIDATION'
  const findings = [
    ...certificateFindings(cert, days, policy),
    ...nameFindings(cert),
    ...(judged ? validationFindings(cert, policy) : [])
  ]
  findings.sort(compareFindings)
  const verdict: Verdict = findings.some((f) => f.level === 'expired')
    ? 'expired'
    : findings.some((f) => f.level === 'risk')
      ? 'at-risk'
      : 'ok'
  return { verdict, daysLeft: days, findings }
}

export function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return b.rank - a.rank || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0)
}

/** ACM holds no key of an ACME-issued certificate: its ACME client renews it (ACM User Guide, "ACME"). */
function acmeFinding(): AuditFinding {
  return finding(
    'acme-renewed',
    'info',
    '',
    'Issued through an ACM ACME endpoint: its ACME client renews it (a new certificate), not ACM managed renewal, so its validation records are not judged here.',
    ''
  )
}

/** The days before NotAfter when ACM starts renewing this certificate (renewal-window.ts). */
function windowOf(cert: CertificateFacts): number {
  const method = cert.names.some((n) => n.method === 'EMAIL') ? 'EMAIL' : cert.names[0]?.method
  return renewalWindowDays(method, cert.lifetimeDays)
}

function certificateFindings(cert: CertificateFacts, days: number | undefined, policy: AuditPolicy): AuditFinding[] {
  const replace = `Request a new certificate (mode: request with the same names) and move every user of ${cert.arn} to it.`
  const ended = endedFinding(cert, policy, replace)
  if (ended) return [ended]
  return [
    ...pendingFindings(cert),
    ...renewalFindings(cert.renewal, policy, replace),
    ...useFindings(cert),
    ...expiryFindings(cert, days)
  ]
}

/** A certificate that is expired, revoked or never issued: that one finding says it all. */
function endedFinding(cert: CertificateFacts, policy: AuditPolicy, replace: string): AuditFinding | undefined {
  const expiredByDate = cert.notAfter !== undefined && cert.notAfter.getTime() <= policy.now
  if (cert.status === 'EXPIRED' || (expiredByDate && cert.status === 'ISSUED')) {
    const when = cert.notAfter ? ` on ${cert.notAfter.toISOString().slice(0, 10)}` : ''
    const users =
      cert.inUseBy > 0 ? `; ${plural(cert.inUseBy, 'resource')} still ${cert.inUseBy === 1 ? 'uses' : 'use'} it` : ''
    return finding('expired', 'expired', '', `The certificate expired${when}${users}.`, replace)
  }
  if (cert.status === 'REVOKED') {
    return finding('revoked', 'risk', '', 'The certificate was revoked; ACM does not renew it.', replace)
  }
  if (TERMINAL_UNISSUED.has(cert.status)) {
    return finding(
      'not-issued',
      'warning',
      '',
      `The certificate is ${cert.status}: it was never issued (or is no longer active), so there is nothing to renew.`,
      'Delete it if nothing needs it (mode: delete), so it stops counting against the ACM certificate quota.'
    )
  }
  return undefined
}

function pendingFindings(cert: CertificateFacts): AuditFinding[] {
  if (cert.status !== 'PENDING_VALIDATION') return []
  return [
    finding(
      'not-issued',
      'info',
      '',
      'The certificate is still PENDING_VALIDATION: ACM issues it once it sees every validation record.',
      ''
    )
  ]
}

/** ACM's managed renewal: failed, stuck, or under way. */
function renewalFindings(renewal: CertificateFacts['renewal'], policy: AuditPolicy, replace: string): AuditFinding[] {
  if (renewal?.status === 'FAILED') {
    const reason = renewal.reason ? ` (${renewal.reason})` : ''
    return [
      finding(
        'renewal-failed',
        'risk',
        '',
        `ACM's managed renewal FAILED${reason}${renewal.updatedAt ? ` on ${renewal.updatedAt.toISOString().slice(0, 10)}` : ''}; the certificate will expire as it is.`,
        renewalFailureFix(renewal.reason, replace)
      )
    ]
  }
  if (!renewal || !RENEWAL_UNDER_WAY.has(renewal.status)) return []
  const since = renewal.updatedAt ? policy.now - renewal.updatedAt.getTime() : undefined
  if (since !== undefined && since > policy.pendingTooLongMs) {
    return [
      finding(
        'renewal-pending-too-long',
        'risk',
        '',
        `ACM's managed renewal has been ${renewal.status} since ${renewal.updatedAt?.toISOString().slice(0, 10)} (${plural(Math.floor(since / DAY_MS), 'day')}): ACM cannot validate the names.`,
        'Fix the findings on the validation records, CAA and delegation; ACM retries on its own once it can see the records.'
      )
    ]
  }
  return [finding('renewal-in-progress', 'info', '', `ACM's managed renewal is ${renewal.status}.`, '')]
}

/** Whether anything uses the certificate (ACM renews only certificates in use), and the export rule. */
function useFindings(cert: CertificateFacts): AuditFinding[] {
  const exported = exportFinding(cert) // exportable: renewed once exported, whether in use or not
  if (exported !== undefined) return exported ? [exported] : []
  if (cert.status !== 'ISSUED') return []
  const inUse = cert.inUseBy > 0
  if (cert.renewalEligibility === 'INELIGIBLE') {
    return [
      inUse
        ? finding(
            'ineligible-in-use',
            'risk',
            '',
            `The certificate is in use by ${plural(cert.inUseBy, 'resource')} but INELIGIBLE for managed renewal.`,
            'Check that every name is still DNS-validated with its record in place; if ACM keeps it INELIGIBLE, request a new certificate and move its users to it.'
          )
        : finding(
            'not-in-use',
            'warning',
            '',
            'Nothing uses the certificate, so ACM will not renew it (INELIGIBLE until it is attached to an AWS resource).',
            'Attach it before it expires, or delete it if nothing needs it (mode: delete).'
          )
    ]
  }
  if (inUse) return []
  return [
    finding(
      'not-in-use',
      'warning',
      '',
      'Nothing uses the certificate; ACM renews only certificates in use.',
      'Attach it before it expires, or delete it if nothing needs it (mode: delete).'
    )
  ]
}

/** Inside ACM's renewal window with no renewal under way. */
function expiryFindings(cert: CertificateFacts, days: number | undefined): AuditFinding[] {
  const underWay = cert.renewal !== undefined && RENEWAL_UNDER_WAY.has(cert.renewal.status)
  const window = windowOf(cert)
  if (cert.status !== 'ISSUED' || days === undefined || days >= window || underWay) return []
  return [
    finding(
      'expiring-soon',
      'risk',
      '',
      `The certificate expires in ${plural(days, 'day')}, inside ACM's ${window}-day renewal window, and no renewal is under way.`,
      cert.inUseBy > 0
        ? 'Fix the other findings so ACM can renew it, or request a new certificate and move its users to it before it expires.'
        : 'Attach it to the resource that needs it (ACM renews only certificates in use), or delete it if nothing does.'
    )
  ]
}

function renewalFailureFix(reason: string | undefined, replace: string): string {
  const cause =
    reason === 'CAA_ERROR'
      ? 'Make the CAA records of every name allow Amazon (0 issue "amazon.com")'
      : reason === 'ADDITIONAL_VERIFICATION_REQUIRED'
        ? 'Contact AWS Support (ACM asks for additional verification)'
        : 'Fix the other findings of this certificate'
  return `${cause}. If the renewal stays FAILED, ${replace.charAt(0).toLowerCase()}${replace.slice(1)}`
}

/** Worst certificate first: expired, then at risk (by its worst finding), then ok; ties by fewest days left. */
export function compareCertificates(
  a: { verdict: CertificateVerdict; arn: string },
  b: { verdict: CertificateVerdict; arn: string }
): number {
  const order: Record<Verdict, number> = { expired: 0, 'at-risk': 1, ok: 2 }
  const worst = (v: CertificateVerdict): number => v.findings[0]?.rank ?? 0
  return (
    order[a.verdict.verdict] - order[b.verdict.verdict] ||
    worst(b.verdict) - worst(a.verdict) ||
    (a.verdict.daysLeft ?? Infinity) - (b.verdict.daysLeft ?? Infinity) ||
    (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)
  )
}
