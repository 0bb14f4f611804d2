// The certificates a run finds by its names: delete mode's (findCertificatesNamed), and request and
// status modes' reuse lookup: the certificate with exactly these names that a run goes
// on with (ISSUED, else PENDING_VALIDATION), decided from ListCertificates summaries by the pure
// rules of decisions/reuse.ts, with at most one DescribeCertificate; the choice is logged here.
import type { ACMClient, CertificateDetail, CertificateSummary } from '@aws-sdk/client-acm'
import { describeCertificate, listCertificates } from '../aws/acm.js'
import {
  USABLE_STATUSES,
  isReusableDetail,
  isUsableStatus,
  reuseCandidates,
  sameCertificates,
  truncatedCandidate,
  type CertificateFacts,
  type ReusableCertificate
} from '../decisions/reuse.js'
import type { CallContext, CertificateSpec, Logger } from '../types.js'

export async function findReusableCertificate(
  client: ACMClient,
  spec: CertificateSpec,
  ctx: CallContext & { log: Logger },
  now: number = Date.now()
): Promise<ReusableCertificate | undefined> {
  const { log } = ctx
  const summaries = await listCertificates(client, [spec.keyAlgorithm], USABLE_STATUSES, ctx)
  const candidates = reuseCandidates(summaries, spec, now)
  for (const { arn, reason } of candidates.rejected) log.info(`Not reusing ${arn}: ${reason}`)
  let best: CertificateFacts | undefined = candidates.best
  let bestDetail: CertificateDetail | undefined

  // More than 100 names: only DescribeCertificate knows the full set. Describe at most one, and
  // only when it could beat the candidate the summaries already gave.
  const truncated = truncatedCandidate(summaries, spec, best, now)
  if (truncated?.CertificateArn) {
    const detail = await describeCertificate(client, truncated.CertificateArn)
    if (isReusableDetail(detail, spec, now)) best = bestDetail = detail
  }
  // Summaries don't say which CA issued a private certificate: one DescribeCertificate of the best says.
  if (spec.certificateAuthorityArn !== undefined && best?.CertificateArn) {
    const detail = bestDetail ?? (await describeCertificate(client, best.CertificateArn))
    if (detail.CertificateAuthorityArn !== spec.certificateAuthorityArn) {
      const issuer = detail.CertificateAuthorityArn ?? 'another CA'
      log.info(`Not reusing ${best.CertificateArn}: issued by ${issuer}, not ${spec.certificateAuthorityArn}`)
      best = undefined
    }
  }
  log.debug(`Scanned ${summaries.length} ACM certificate(s) with key algorithm ${spec.keyAlgorithm} for reuse`)

  if (!best?.CertificateArn || !isUsableStatus(best.Status)) {
    log.info(`No reusable certificate for ${spec.names.join(', ')}`)
    return undefined
  }
  const reusable: ReusableCertificate = { arn: best.CertificateArn, status: best.Status }
  if (best.NotAfter) reusable.notAfter = best.NotAfter
  const expires = reusable.notAfter ? `, expires ${reusable.notAfter.toISOString()}` : ''
  log.info(`Reusing ${reusable.arn} (${reusable.status}${expires})`)
  return reusable
}

/**
 * Certificates of this account and Region with exactly the spec's names, key algorithm and type, in
 * any status (delete mode). Summaries with more than 100 names are left out.
 */
export async function findCertificatesNamed(
  client: ACMClient,
  spec: CertificateSpec,
  ctx: CallContext = {}
): Promise<CertificateSummary[]> {
  return sameCertificates(await listCertificates(client, [spec.keyAlgorithm], [], ctx), spec)
}
