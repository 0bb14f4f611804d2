// Findings about how a certificate's names are validated, pure: email validation is being retired
// (ACM stopped WHOIS-contact email in 2024; CA/Browser Forum ballots SC-080, SC-090 and SC-091 retire
// the email-based methods, fully by March 2028), so an email-validated certificate is at risk until it
// is migrated to DNS validation in place (UpdateCertificateOptions; ACM User Guide, "Updating a
// certificate's validation method"); the migration's own state comes from UpdateSummary (migrate.ts).
import { DAY_MS, finding, plural, type AuditFinding, type AuditPolicy, type CertificateFacts } from './facts.js'

/** The CNAMEs must be in DNS within 72 hours of UpdateCertificateOptions (ACM User Guide, as above). */
export const MIGRATION_WINDOW_MS = 72 * 3_600_000

const day = (d: Date | undefined): string => d?.toISOString().slice(0, 10) ?? 'an unknown date'

function restart(arn: string): string {
  return (
    `Create the CNAMEs that aws acm list-certificate-domain-validations --certificate-arn ${arn} lists, then start ` +
    `the migration again by hand (aws acm update-certificate-options --certificate-arn ${arn} --options ` +
    'ValidationMethod=DNS) and run the guard with repair: true within 72 hours; or request a new DNS-validated ' +
    'certificate (mode: request) and move its users to it. The guard never starts a migration twice.'
  )
}

export function validationFindings(cert: CertificateFacts, policy: AuditPolicy): AuditFinding[] {
  const out: AuditFinding[] = []
  for (const n of cert.names) {
    if (n.method === undefined || n.method === 'DNS' || n.method === 'EMAIL') continue
    out.push(
      finding(
        'other-validation',
        'warning',
        n.domain,
        `${n.domain} is validated by ${n.method}: renewal depends on what serves it, which this guard cannot check.`,
        'Request the certificate with DNS validation instead (mode: request), so that renewal needs no one.'
      )
    )
  }
  const email = cert.names.filter((n) => n.method === 'EMAIL').map((n) => n.domain)
  const m = cert.migration
  if (m && m.status !== 'SUCCESS' && !m.error) return [...out, migrationFinding(cert, m, policy)]
  if (email.length === 0) return out
  const failed = m?.error ? ` Starting its migration to DNS validation failed: ${m.error}.` : ''
  out.push(
    finding(
      'email-validation',
      'risk',
      '',
      `${email.join(', ')} ${email.length === 1 ? 'is' : 'are'} validated by email, which is being retired: ACM no longer uses WHOIS contacts and CA/Browser Forum ballots SC-080, SC-090 and SC-091 end email-based domain validation (fully by March 2028); until then each renewal waits for someone to approve ACM's email.${failed}`,
      "Run the guard with repair: true: it migrates the certificate to DNS validation in place (UpdateCertificateOptions: the ARN and its users stay) and writes the CNAMEs as request mode does, within ACM's 72-hour window."
    )
  )
  return out
}

function migrationFinding(
  cert: CertificateFacts,
  m: NonNullable<CertificateFacts['migration']>,
  policy: AuditPolicy
): AuditFinding {
  const cnames = plural(m.records.length, 'CNAME')
  if (m.status === 'FAILED') {
    return finding(
      'migration-failed',
      'risk',
      '',
      `The migration to DNS validation FAILED on ${day(m.updatedAt)} (ACM did not see the CNAMEs within 72 hours): the certificate is still validated by email, which is being retired.`,
      restart(cert.arn)
    )
  }
  const deadline = (m.requestedAt?.getTime() ?? policy.now) + MIGRATION_WINDOW_MS
  if (policy.now > deadline) {
    return finding(
      'migration-window-passed',
      'risk',
      '',
      `The migration to DNS validation was requested on ${day(m.requestedAt)}, more than 72 hours ago, and ACM has not validated its CNAMEs: it will fail.`,
      `Wait until DescribeCertificate shows the update FAILED, then: ${restart(cert.arn)}`
    )
  }
  const hours = Math.max(0, Math.floor((deadline - policy.now) / 3_600_000))
  const by = `ACM must see them by ${new Date(deadline).toISOString().slice(0, 16)}Z (${plural(hours, 'hour')} left)`
  if (m.action === 'started') {
    return finding(
      'migration-started',
      'fixed',
      '',
      `This run started the migration to DNS validation (UpdateCertificateOptions; the ARN stays) and published its ${cnames}; ${by}.`,
      ''
    )
  }
  const since = m.requestedAt ? Math.floor((policy.now - m.requestedAt.getTime()) / DAY_MS) : 0
  const done = m.action === 'continued' ? `; this run published its ${cnames}` : ''
  return finding(
    'migration-pending',
    'warning',
    '',
    `The migration to DNS validation is ${m.status} since ${day(m.requestedAt)} (${plural(since, 'day')})${done}; ${by}.`,
    m.action === 'continued'
      ? ''
      : 'Run the guard with repair: true to publish its CNAMEs (the migration is continued, never started again).'
  )
}
