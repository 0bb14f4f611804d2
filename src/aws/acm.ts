// ACM adapter: list, describe, request and delete certificates, read their tags (the reuse choice is
// certificate/reuse.ts). Thin over the injected ACMClient; the waits are in certificate/waits.ts.
import {
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
  type ACMClient,
  type CertificateDetail,
  type CertificateKeyPairOrigin,
  type CertificateStatus,
  type CertificateSummary,
  type FailureReason,
  type KeyAlgorithm
} from '@aws-sdk/client-acm'
import { KEY_ALGORITHMS, MANAGED_BY_TAG } from '../constants.js'
import { FAILURE_HINTS, requestFailureHint } from '../decisions/hints.js'
import type { CertificateSpec } from '../types.js'
import { ActionError, awsErrorCode, errorMessage, wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext, Tag } from '../types.js'

/** The hint table covers every FailureReason of the SDK's model (a new one fails the type-check). */
const _everyFailureReason: Record<FailureReason, string> = FAILURE_HINTS

export const SERVICE = 'ACM'
/** ListCertificates page size (API maximum): the 2,500-certificate default quota fits in 3 calls. */
const LIST_PAGE_SIZE = 1000

/** Every key type ListCertificates can filter on (ACM API Reference, Filters: keyTypes): RSA_1024 too. */
const ALL_KEY_TYPES: readonly KeyAlgorithm[] = ['RSA_1024', ...KEY_ALGORITHMS]

/**
 * Without CertificateKeyPairOrigins ListCertificates hides ACME-issued certificates ("Default filtering
 * returns only certificates with key pair origin of AWS_MANAGED and CUSTOMER_PROVIDED").
 */
const ALL_ORIGINS: readonly CertificateKeyPairOrigin[] = ['AWS_MANAGED', 'CUSTOMER_PROVIDED', 'ACME']

/** Every certificate of the account and Region, of any key type, origin and status, in one listing (mode audit). */
export function listEveryCertificate(client: ACMClient, ctx: CallContext = {}): Promise<CertificateSummary[]> {
  return listCertificates(client, ALL_KEY_TYPES, [], ctx, ALL_ORIGINS)
}

/** Every ListCertificates page for these key types; `statuses` empty: every status. */
export async function listCertificates(
  client: ACMClient,
  keyTypes: readonly KeyAlgorithm[],
  statuses: readonly CertificateStatus[],
  ctx: CallContext,
  origins: readonly CertificateKeyPairOrigin[] = []
): Promise<CertificateSummary[]> {
  const summaries: CertificateSummary[] = []
  let nextToken: string | undefined
  do {
    try {
      const input = {
        ...(statuses.length > 0 && { CertificateStatuses: [...statuses] }),
        ...(origins.length > 0 && { CertificateKeyPairOrigins: [...origins] }),
        // Without keyTypes ACM lists only RSA_1024 and RSA_2048 certificates.
        Includes: { keyTypes: [...keyTypes] },
        MaxItems: LIST_PAGE_SIZE,
        ...(nextToken ? { NextToken: nextToken } : {})
      }
      const page = await patiently(() => client.send(new ListCertificatesCommand(input)), ctx, {
        phase: 'listing certificates',
        timeoutMessage: (last) => `ACM kept throttling ListCertificates: ${last}`,
        timeoutHint:
          'Re-run the job. If it persists, run fewer jobs at once in this account and Region ' +
          '(ACM allows 8 ListCertificates calls per second).'
      })
      summaries.push(...(page.CertificateSummaryList ?? []))
      nextToken = page.NextToken
    } catch (err) {
      throw wrapAwsError(SERVICE, 'ListCertificates', err, { hint: permissionHint(err, 'acm:ListCertificates') })
    }
  } while (nextToken)
  return summaries
}

export async function requestCertificate(client: ACMClient, spec: CertificateSpec): Promise<string> {
  const [primary] = spec.names
  if (primary === undefined) throw new ActionError('No domain names to request a certificate for')
  try {
    const response = await client.send(
      new RequestCertificateCommand({
        DomainName: primary,
        // ACM adds the primary name to the SANs anyway; passing every name keeps the set explicit.
        SubjectAlternativeNames: [...spec.names],
        IdempotencyToken: spec.idempotencyToken,
        KeyAlgorithm: spec.keyAlgorithm,
        // A private CA validates nothing.
        ...(spec.certificateAuthorityArn === undefined
          ? {
              ValidationMethod: 'DNS',
              // No CertificateTransparencyLoggingPreference: deprecated since 12 June 2026 (every public
              // certificate is logged), so it is never sent (inputs/fields.ts transparencyWarning).
              ...(spec.exportable === true && { Options: { Export: 'ENABLED' as const } })
            }
          : { CertificateAuthorityArn: spec.certificateAuthorityArn }),
        Tags: requestTags(spec)
      })
    )
    if (!response.CertificateArn) {
      throw new ActionError(`ACM RequestCertificate returned no certificate ARN for ${spec.names.join(', ')}`, {
        hint: 'Re-run the job: the same inputs reuse the idempotency token, so no duplicate certificate is created.'
      })
    }
    return response.CertificateArn
  } catch (err) {
    throw wrapAwsError(SERVICE, 'RequestCertificate', err, {
      detail: `names: ${spec.names.join(', ')}`,
      hint: requestFailureHint(awsErrorCode(err), errorMessage(err), spec)
    })
  }
}

/**
 * The user's tags plus the managed-by tag, whose value is the idempotency token: it marks the
 * certificates this action created (delete mode deletes nothing else).
 */
export function requestTags(spec: Pick<CertificateSpec, 'tags' | 'idempotencyToken'>): Tag[] {
  return [...spec.tags.map(({ Key, Value }) => ({ Key, Value })), { Key: MANAGED_BY_TAG, Value: spec.idempotencyToken }]
}

export function permissionHint(err: unknown, action: string): string | undefined {
  return awsErrorCode(err) === 'AccessDeniedException' ? `Allow ${action} for the certificate role.` : undefined
}

export async function listCertificateTags(client: ACMClient, arn: string): Promise<Tag[]> {
  try {
    const { Tags } = await client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))
    return (Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }))
  } catch (err) {
    throw wrapAwsError(SERVICE, 'ListTagsForCertificate', err, {
      hint: permissionHint(err, 'acm:ListTagsForCertificate')
    })
  }
}

export async function describeCertificate(client: ACMClient, arn: string): Promise<CertificateDetail> {
  try {
    return await sendDescribe(client, arn)
  } catch (err) {
    throw describeCertificateError(err, arn)
  }
}

/** DeleteCertificate, errors raw (the delete wait decides which ones mean "not yet"). Only delete mode calls it. */
export async function sendDelete(client: ACMClient, arn: string): Promise<void> {
  await client.send(new DeleteCertificateCommand({ CertificateArn: arn }))
}

/** DescribeCertificate, errors raw (the waits decide which ones mean "not yet"). */
export async function sendDescribe(client: ACMClient, arn: string): Promise<CertificateDetail> {
  const { Certificate } = await client.send(new DescribeCertificateCommand({ CertificateArn: arn }))
  return Certificate ?? {}
}

export function describeCertificateError(err: unknown, arn: string): ActionError {
  const hint =
    awsErrorCode(err) === 'ResourceNotFoundException'
      ? `Certificate ${arn} does not exist in this account and region (deleted?). A re-run requests a new one.`
      : permissionHint(err, 'acm:DescribeCertificate')
  return wrapAwsError(SERVICE, 'DescribeCertificate', err, { hint })
}
