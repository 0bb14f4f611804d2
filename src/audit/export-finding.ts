// The renewal guard's one finding for exportable public certificates (issue 22). ACM renews such a
// certificate only if it was exported since it was issued or last renewed (ACM User Guide, "Managed
// certificate renewal"), and it is used outside AWS, so "in use" means nothing for it. ACM shows the
// rule as RenewalEligibility: INELIGIBLE until the next export [inferred from the guide; UNCONFIRMED].
import { finding, type AuditFinding, type CertificateFacts } from './facts.js'

/**
 * undefined: not an exportable public certificate (the usual in-use rules apply); null: exportable and
 * exported since its last renewal; else the at-risk finding, with the fix.
 */
export function exportFinding(cert: CertificateFacts): AuditFinding | null | undefined {
  if (cert.type !== 'AMAZON_ISSUED' || cert.exportOption !== 'ENABLED') return undefined
  if (cert.status !== 'ISSUED' || cert.renewalEligibility !== 'INELIGIBLE') return null
  return finding(
    'not-exported',
    'risk',
    '',
    'The certificate is exportable and has not been exported since it was issued or last renewed: ACM will not ' +
      'renew it, and the servers outside AWS still have the previous one.',
    `Export it now (this action with export: true and the same names, or aws acm export-certificate --certificate-arn ${cert.arn}), ` +
      'deploy the files, and keep a scheduled workflow that exports and deploys after every renewal (docs/export.md).'
  )
}
