// Which existing certificate to reuse: the candidates with exactly the requested names, key algorithm
// and type, the renewal problems that rule one out, and their order. Pure: no SDK import; the shapes
// below are the fields of ACM's CertificateSummary and CertificateDetail that the decision reads.
import { Inputs } from '../constants.js'
import { certificateNames } from '../domains.js'
import { exportReuseProblem, type ExportFacts } from '../export/rules.js'
import type { CertificateSpec } from '../types.js'

/** The fields reuse is decided on, shared by ACM's CertificateSummary and CertificateDetail. */
export interface CertificateFacts extends ExportFacts {
  CertificateArn?: string | undefined
  Status?: string | undefined
  Type?: string | undefined
  KeyAlgorithm?: string | undefined
  ManagedBy?: string | undefined
  NotAfter?: Date | undefined
  CreatedAt?: Date | undefined
  CertificateKeyPairOrigin?: string | undefined
  RenewalEligibility?: string | undefined
  DomainName?: string | undefined
}

/** A ListCertificates summary, as far as reuse reads it. */
export interface SummaryFacts extends CertificateFacts {
  SubjectAlternativeNameSummaries?: string[] | undefined
  HasAdditionalSubjectAlternativeNames?: boolean | undefined
  InUse?: boolean | undefined
}

/** A DescribeCertificate detail, as far as reuse reads it. */
export interface DetailFacts extends CertificateFacts {
  SubjectAlternativeNames?: string[] | undefined
  InUseBy?: string[] | undefined
  RenewalSummary?: { RenewalStatus?: string | undefined } | undefined
  DomainValidationOptions?: { ValidationMethod?: string | undefined }[] | undefined
}

export interface ReusableCertificate {
  arn: string
  status: 'ISSUED' | 'PENDING_VALIDATION'
  notAfter?: Date
}

/** A name-matching certificate that is not reused, and why (logged, and never accepted back from RequestCertificate). */
export interface RejectedCandidate {
  arn: string
  reason: string
}

export interface RenewalFacts {
  notAfter: Date | undefined
  renewalEligibility: string | undefined
  inUse: boolean
  /** RenewalSummary.RenewalStatus: only DescribeCertificate shows it. */
  renewalStatus?: string | undefined
}

const DAY_MS = 86_400_000
/** ListCertificates returns at most this many SANs per summary (HasAdditionalSubjectAlternativeNames). */
const SUMMARY_SAN_LIMIT = 100

export const USABLE_STATUSES = ['ISSUED', 'PENDING_VALIDATION'] as const

/** The spec's minimum days remaining (0 when unset: any unexpired certificate). */
export function minDaysOf(spec: Pick<CertificateSpec, 'minDaysRemaining'>): number {
  return spec.minDaysRemaining ?? 0
}

/**
 * The best certificate to reuse among ListCertificates summaries, or undefined. Summaries with
 * HasAdditionalSubjectAlternativeNames are left out: their name set is only known after
 * DescribeCertificate (findReusableCertificate does that).
 */
export function chooseReusableCertificate<S extends SummaryFacts>(
  summaries: readonly S[],
  spec: CertificateSpec,
  now: number = Date.now()
): S | undefined {
  return reuseCandidates(summaries, spec, now).best
}

/** As chooseReusableCertificate, also naming the certificates with the right names that renewal rules out. */
export function reuseCandidates<S extends SummaryFacts>(
  summaries: readonly S[],
  spec: CertificateSpec,
  now: number
): { best: S | undefined; rejected: RejectedCandidate[] } {
  const requested = lowerCaseSet(spec.names)
  const matching = summaries.filter(
    (s) =>
      !s.HasAdditionalSubjectAlternativeNames && isReusable(s, spec, now) && sameNameSet(summaryNames(s), requested)
  )
  // Name-matching certificates of the other export option: said, not reused (billed and unbilled apart).
  const rejected: RejectedCandidate[] = summaries.flatMap((s) => {
    const reason = exportReuseProblem(s, spec.exportable === true)
    const named = isUsableStatus(s.Status) && sameNameSet(summaryNames(s), requested)
    return reason !== undefined && named && s.CertificateArn ? [{ arn: s.CertificateArn, reason }] : []
  })
  const usable = matching.filter((s) => {
    const reason = certificateRenewalProblem(s, minDaysOf(spec), now)
    if (reason !== undefined && s.CertificateArn) rejected.push({ arn: s.CertificateArn, reason })
    return reason === undefined
  })
  return { best: usable.sort(compareCandidates)[0], rejected }
}

/**
 * The summary worth one DescribeCertificate: it lists more than 100 names, all of them requested,
 * and could beat `best` (summaries cannot tell whether its full name set is the requested one).
 */
export function truncatedCandidate<S extends SummaryFacts>(
  summaries: readonly S[],
  spec: CertificateSpec,
  best: CertificateFacts | undefined,
  now: number
): S | undefined {
  const requested = lowerCaseSet(spec.names)
  const truncated = summaries
    .filter(
      (s) =>
        s.HasAdditionalSubjectAlternativeNames &&
        isReusable(s, spec, now) &&
        summaryNames(s).every((name) => requested.has(name))
    )
    .sort(compareCandidates)[0]
  return truncated?.CertificateArn && (!best || compareCandidates(truncated, best) < 0) ? truncated : undefined
}

/** Summaries with exactly the spec's names, key algorithm and type, in any status (delete mode). */
export function sameCertificates<S extends SummaryFacts>(summaries: readonly S[], spec: CertificateSpec): S[] {
  const requested = lowerCaseSet(spec.names)
  return summaries.filter(
    (s) =>
      !s.HasAdditionalSubjectAlternativeNames &&
      s.Type === certificateType(spec) &&
      normalizeKeyAlgorithm(s.KeyAlgorithm) === spec.keyAlgorithm &&
      sameNameSet(summaryNames(s), requested)
  )
}

/**
 * Why a certificate is too close to its end to reuse, or undefined. INELIGIBLE counts only for a
 * certificate in use: ACM reports every certificate not attached to a service as INELIGIBLE, and
 * attaching it (what the workflow is about to do) makes it eligible.
 */
export function renewalProblem(facts: RenewalFacts, minDaysRemaining: number, now: number): string | undefined {
  if (facts.notAfter !== undefined && facts.notAfter.getTime() - now < minDaysRemaining * DAY_MS) {
    const days = Math.max(0, Math.floor((facts.notAfter.getTime() - now) / DAY_MS))
    return `expires in ${days} day${days === 1 ? '' : 's'} (< ${Inputs.MinDaysRemaining} ${minDaysRemaining})`
  }
  if (facts.renewalStatus === 'FAILED') return 'its managed renewal FAILED'
  if (facts.inUse && facts.renewalEligibility === 'INELIGIBLE') return 'it is in use but INELIGIBLE for managed renewal'
  return undefined
}

/** renewalProblem of a listed or described certificate. */
export function certificateRenewalProblem(
  cert: SummaryFacts | DetailFacts,
  minDaysRemaining: number,
  now: number
): string | undefined {
  return renewalProblem(renewalFacts(cert), minDaysRemaining, now)
}

function renewalFacts(cert: SummaryFacts | DetailFacts): RenewalFacts {
  const inUse = 'InUseBy' in cert ? (cert.InUseBy?.length ?? 0) > 0 : Boolean((cert as SummaryFacts).InUse)
  return {
    notAfter: cert.NotAfter,
    renewalEligibility: cert.RenewalEligibility,
    inUse,
    renewalStatus: 'RenewalSummary' in cert ? cert.RenewalSummary?.RenewalStatus : undefined
  }
}

/** A described certificate (one with more than 100 names) that is reusable as a whole. */
export function isReusableDetail(detail: DetailFacts, spec: CertificateSpec, now: number): boolean {
  return (
    isReusable(detail, spec, now) &&
    certificateRenewalProblem(detail, minDaysOf(spec), now) === undefined &&
    sameNameSet(certificateNames(detail), lowerCaseSet(spec.names)) &&
    (detail.DomainValidationOptions ?? []).every((o) => o.ValidationMethod === 'DNS')
  )
}

function isReusable(cert: CertificateFacts, spec: CertificateSpec, now: number): boolean {
  return (
    isUsableStatus(cert.Status) &&
    cert.Type === certificateType(spec) &&
    // Managed by another service (CloudFront): that service owns its validation and renewal.
    cert.ManagedBy === undefined &&
    (cert.CertificateKeyPairOrigin === undefined || cert.CertificateKeyPairOrigin === 'AWS_MANAGED') &&
    exportReuseProblem(cert, spec.exportable === true) === undefined &&
    normalizeKeyAlgorithm(cert.KeyAlgorithm) === spec.keyAlgorithm &&
    (cert.NotAfter === undefined || cert.NotAfter.getTime() > now)
  )
}

function certificateType(spec: CertificateSpec): 'PRIVATE' | 'AMAZON_ISSUED' {
  return spec.certificateAuthorityArn === undefined ? 'AMAZON_ISSUED' : 'PRIVATE'
}

export function isUsableStatus(status: string | undefined): status is (typeof USABLE_STATUSES)[number] {
  return (USABLE_STATUSES as readonly (string | undefined)[]).includes(status)
}

/**
 * ACM answers KeyAlgorithm with hyphens ("RSA-2048", "EC-prime256v1") in CertificateSummary and
 * CertificateDetail although the API model (and RequestCertificate) spell it "RSA_2048".
 */
export function normalizeKeyAlgorithm(value: string | undefined): string | undefined {
  return value?.replaceAll('-', '_')
}

/** ISSUED first, then the latest NotAfter, then the newest CreatedAt. */
function compareCandidates(a: CertificateFacts, b: CertificateFacts): number {
  const issued = Number(b.Status === 'ISSUED') - Number(a.Status === 'ISSUED')
  if (issued !== 0) return issued
  const notAfter = (b.NotAfter?.getTime() ?? 0) - (a.NotAfter?.getTime() ?? 0)
  if (notAfter !== 0) return notAfter
  return (b.CreatedAt?.getTime() ?? 0) - (a.CreatedAt?.getTime() ?? 0)
}

function summaryNames(summary: SummaryFacts): string[] {
  const sans = (summary.SubjectAlternativeNameSummaries ?? []).slice(0, SUMMARY_SAN_LIMIT)
  return certificateNames({ DomainName: summary.DomainName, SubjectAlternativeNames: sans })
}

function sameNameSet(names: readonly string[], requested: ReadonlySet<string>): boolean {
  const set = new Set(names)
  return set.size === requested.size && [...set].every((name) => requested.has(name))
}

export function lowerCaseSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()))
}
