// ACM reads of one certificate for the renewal guard, made by the hundred: throttling that outlives
// the SDK's retries is absorbed (as for every read), and a certificate deleted meanwhile is simply
// gone (undefined), not an error that stops the audit of the others.
import {
  ListTagsForCertificateCommand,
  type ACMClient,
  type CertificateDetail,
  type Tag as AcmTag
} from '@aws-sdk/client-acm'
import { awsErrorCode, wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext } from '../types.js'
import { SERVICE, permissionHint, sendDescribe } from './acm.js'

async function read<T>(operation: string, action: string, arn: string, send: () => Promise<T>, ctx: CallContext) {
  try {
    return await patiently(send, ctx, {
      phase: `reading ${arn}`,
      timeoutMessage: (last) => `ACM kept throttling ${operation} for ${arn}: ${last}`,
      timeoutHint: 'Re-run the job. If it persists, run fewer jobs at once in this account and Region.'
    })
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException') return undefined
    throw wrapAwsError(SERVICE, operation, err, { hint: permissionHint(err, action) })
  }
}

/** DescribeCertificate; undefined when the certificate no longer exists. */
export function describeIfExists(
  client: ACMClient,
  arn: string,
  ctx: CallContext
): Promise<CertificateDetail | undefined> {
  return read('DescribeCertificate', 'acm:DescribeCertificate', arn, () => sendDescribe(client, arn), ctx)
}

/** ListTagsForCertificate; undefined when the certificate no longer exists. */
export async function tagsIfExists(client: ACMClient, arn: string, ctx: CallContext): Promise<AcmTag[] | undefined> {
  const send = async (): Promise<AcmTag[]> =>
    (await client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))).Tags ?? []
  return read('ListTagsForCertificate', 'acm:ListTagsForCertificate', arn, send, ctx)
}
