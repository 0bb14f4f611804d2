// ACM adapter for the email → DNS migration of a certificate in place (ACM User Guide, "Updating a
// certificate's validation method"): UpdateCertificateOptions starts it, ListCertificateDomainValidations
// gives the CNAMEs to publish. Whether and when to migrate is audit/migrate.ts's decision.
import {
  paginateListCertificateDomainValidations,
  UpdateCertificateOptionsCommand,
  type ACMClient,
  type DomainValidationSummary
} from '@aws-sdk/client-acm'
import { wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext } from '../types.js'
import { SERVICE, permissionHint } from './acm.js'

const THROTTLED_HINT = 'Re-run the job. If it persists, run fewer jobs at once in this account and Region.'

/** UpdateCertificateOptions with Options.ValidationMethod DNS: the ARN stays, the CNAMEs are due within 72 hours. */
export async function startDnsValidation(client: ACMClient, arn: string, ctx: CallContext = {}): Promise<void> {
  try {
    const input = { CertificateArn: arn, Options: { ValidationMethod: 'DNS' as const } }
    await patiently(() => client.send(new UpdateCertificateOptionsCommand(input)), ctx, {
      phase: `migrating ${arn} to DNS validation`,
      timeoutMessage: (last) => `ACM kept throttling UpdateCertificateOptions for ${arn}: ${last}`,
      timeoutHint: THROTTLED_HINT
    })
  } catch (err) {
    throw wrapAwsError(SERVICE, 'UpdateCertificateOptions', err, {
      hint: permissionHint(err, 'acm:UpdateCertificateOptions')
    })
  }
}

/** ListCertificateDomainValidations, every page (the SDK's paginator): each name's active and requested validation. */
export async function listDomainValidations(client: ACMClient, arn: string): Promise<DomainValidationSummary[]> {
  const out: DomainValidationSummary[] = []
  try {
    for await (const page of paginateListCertificateDomainValidations({ client }, { CertificateArn: arn }))
      out.push(...(page.DomainValidationSummaryList ?? []))
  } catch (err) {
    throw wrapAwsError(SERVICE, 'ListCertificateDomainValidations', err, {
      hint: permissionHint(err, 'acm:ListCertificateDomainValidations')
    })
  }
  return out
}
