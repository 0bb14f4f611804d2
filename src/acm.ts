// ACM adapter: find a reusable certificate, request one, wait for its validation CNAMEs, wait for
// ISSUED. Thin over the injected ACMClient; the reuse decision is the pure chooseReusableCertificate.
import {
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
  type ACMClient,
  type CertificateDetail,
  type CertificateSummary,
  type CertificateStatus,
  type DomainValidation,
  type FailureReason
} from '@aws-sdk/client-acm'
import { Inputs, MANAGED_BY_TAG, type KeyAlgorithm } from './constants.js'
import { checkValidationRecord } from './domains.js'
import {
  ActionError,
  AwsApiError,
  CertificateFailedError,
  awsErrorCode,
  awsRequestId,
  errorMessage,
  isTransientAwsError,
  toAwsApiError
} from './errors.js'
import { patiently, poll, type PollOptions, type ReadOptions } from './poll.js'
import type { Clock, DomainProgress, Logger, Tag, ValidationRecord } from './types.js'

export interface CertificateSpec {
  /** Normalized names, primary first (Config.allNames). */
  names: readonly string[]
  keyAlgorithm: KeyAlgorithm
  certificateTransparencyLogging: 'ENABLED' | 'DISABLED'
  tags: readonly Tag[]
  idempotencyToken: string
  /** A private certificate from this AWS Private CA instead of a public, DNS-validated one. */
  certificateAuthorityArn?: string | undefined
  /** A certificate expiring within this many days is not reused (default 0: any unexpired one). */
  minDaysRemaining?: number
}

export interface WaitOptions {
  clock: Clock
  /** Absolute deadline (clock ms). */
  deadline: number
  log: Logger
  signal?: AbortSignal
}

export interface ReusableCertificate {
  arn: string
  status: 'ISSUED' | 'PENDING_VALIDATION'
  notAfter?: Date
}

/** The fields reuse is decided on, shared by CertificateSummary and CertificateDetail. */
type CertificateFacts = Pick<
  CertificateSummary,
  | 'CertificateArn'
  | 'Status'
  | 'Type'
  | 'KeyAlgorithm'
  | 'ManagedBy'
  | 'NotAfter'
  | 'CreatedAt'
  | 'CertificateKeyPairOrigin'
  | 'RenewalEligibility'
>

/** A name-matching certificate that is not reused, and why (logged, and never accepted back from RequestCertificate). */
export interface RejectedCandidate {
  arn: string
  reason: string
}

const DAY_MS = 86_400_000

/** ListCertificates page size (API maximum): the 2,500-certificate default quota fits in 3 calls. */
const LIST_PAGE_SIZE = 1000
/** ListCertificates returns at most this many SANs per summary (HasAdditionalSubjectAlternativeNames). */
const SUMMARY_SAN_LIMIT = 100
/** "There is a delay of several seconds" after RequestCertificate before DescribeCertificate finds it. */
const NOT_FOUND_GRACE_MS = 30_000

const USABLE_STATUSES = ['ISSUED', 'PENDING_VALIDATION'] as const satisfies readonly CertificateStatus[]

// ---------------------------------------------------------------------------------------------
// Reuse

/**
 * The best certificate to reuse among ListCertificates summaries, or undefined. Summaries with
 * HasAdditionalSubjectAlternativeNames are left out: their name set is only known after
 * DescribeCertificate (findReusableCertificate does that).
 */
export function chooseReusableCertificate(
  summaries: readonly CertificateSummary[],
  spec: CertificateSpec,
  now: number = Date.now()
): CertificateSummary | undefined {
  return reuseCandidates(summaries, spec, now).best
}

/** As chooseReusableCertificate, also naming the certificates with the right names that renewal rules out. */
export function reuseCandidates(
  summaries: readonly CertificateSummary[],
  spec: CertificateSpec,
  now: number
): { best: CertificateSummary | undefined; rejected: RejectedCandidate[] } {
  const requested = lowerCaseSet(spec.names)
  const matching = summaries.filter(
    (s) =>
      !s.HasAdditionalSubjectAlternativeNames && isReusable(s, spec, now) && sameNameSet(summaryNames(s), requested)
  )
  const rejected: RejectedCandidate[] = []
  const usable = matching.filter((s) => {
    const reason = certificateRenewalProblem(s, spec.minDaysRemaining ?? 0, now)
    if (reason !== undefined && s.CertificateArn) rejected.push({ arn: s.CertificateArn, reason })
    return reason === undefined
  })
  return { best: usable.sort(compareCandidates)[0], rejected }
}

export interface RenewalFacts {
  notAfter: Date | undefined
  renewalEligibility: string | undefined
  inUse: boolean
  /** RenewalSummary.RenewalStatus: only DescribeCertificate shows it. */
  renewalStatus?: string | undefined
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
  cert: CertificateSummary | CertificateDetail,
  minDaysRemaining: number,
  now: number
): string | undefined {
  return renewalProblem(renewalFacts(cert), minDaysRemaining, now)
}

function renewalFacts(cert: CertificateSummary | CertificateDetail): RenewalFacts {
  const inUse = 'InUseBy' in cert ? (cert.InUseBy?.length ?? 0) > 0 : Boolean((cert as CertificateSummary).InUse)
  return {
    notAfter: cert.NotAfter,
    renewalEligibility: cert.RenewalEligibility,
    inUse,
    renewalStatus: 'RenewalSummary' in cert ? cert.RenewalSummary?.RenewalStatus : undefined
  }
}

export async function findReusableCertificate(
  client: ACMClient,
  spec: CertificateSpec,
  log: Logger,
  now: number = Date.now(),
  reads: ReadOptions = {}
): Promise<ReusableCertificate | undefined> {
  const summaries = await listCandidateCertificates(client, spec, USABLE_STATUSES, reads)
  const candidates = reuseCandidates(summaries, spec, now)
  for (const { arn, reason } of candidates.rejected) log.info(`Not reusing ${arn}: ${reason}`)
  let best: CertificateFacts | undefined = candidates.best
  let bestDetail: CertificateDetail | undefined

  // More than 100 names: only DescribeCertificate knows the full set. Describe at most one, and
  // only when it could beat the candidate the summaries already gave.
  const requested = lowerCaseSet(spec.names)
  const truncated = summaries
    .filter(
      (s) =>
        s.HasAdditionalSubjectAlternativeNames &&
        isReusable(s, spec, now) &&
        summaryNames(s).every((name) => requested.has(name))
    )
    .sort(compareCandidates)[0]
  if (truncated?.CertificateArn && (!best || compareCandidates(truncated, best) < 0)) {
    const detail = await describeCertificate(client, truncated.CertificateArn)
    if (isReusableDetail(detail, spec, requested, now)) best = bestDetail = detail
  }
  // Summaries don't say which CA issued a private certificate: one DescribeCertificate of the best says.
  if (spec.certificateAuthorityArn !== undefined && best?.CertificateArn) {
    const detail = bestDetail ?? (await describeCertificate(client, best.CertificateArn))
    if (detail.CertificateAuthorityArn !== spec.certificateAuthorityArn) {
      log.info(
        `Not reusing ${best.CertificateArn}: issued by ${detail.CertificateAuthorityArn ?? 'another CA'}, not ${spec.certificateAuthorityArn}`
      )
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
  log.info(
    `Reusing ${reusable.arn} (${reusable.status}${reusable.notAfter ? `, expires ${reusable.notAfter.toISOString()}` : ''})`
  )
  return reusable
}

/**
 * Certificates of this account and Region with exactly the spec's names, key algorithm and type, in
 * any status (delete mode). Summaries with more than 100 names are left out.
 */
export async function findCertificatesNamed(
  client: ACMClient,
  spec: CertificateSpec,
  reads: ReadOptions = {}
): Promise<CertificateSummary[]> {
  const requested = lowerCaseSet(spec.names)
  const summaries = await listCandidateCertificates(client, spec, [], reads)
  return summaries.filter(
    (s) =>
      !s.HasAdditionalSubjectAlternativeNames &&
      s.Type === certificateType(spec) &&
      normalizeKeyAlgorithm(s.KeyAlgorithm) === spec.keyAlgorithm &&
      sameNameSet(summaryNames(s), requested)
  )
}

/** Every ListCertificates page for the spec's key algorithm; `statuses` empty: every status. */
async function listCandidateCertificates(
  client: ACMClient,
  spec: CertificateSpec,
  statuses: readonly CertificateStatus[],
  reads: ReadOptions
): Promise<CertificateSummary[]> {
  const summaries: CertificateSummary[] = []
  let nextToken: string | undefined
  do {
    try {
      const input = {
        ...(statuses.length > 0 && { CertificateStatuses: [...statuses] }),
        // Without keyTypes ACM lists only RSA_1024 and RSA_2048 certificates.
        Includes: { keyTypes: [spec.keyAlgorithm] },
        MaxItems: LIST_PAGE_SIZE,
        ...(nextToken ? { NextToken: nextToken } : {})
      }
      const page = await patiently(() => client.send(new ListCertificatesCommand(input)), reads, {
        phase: 'listing certificates',
        timeoutMessage: (last) => `ACM kept throttling ListCertificates: ${last}`,
        timeoutHint:
          'Re-run the job. If it persists, run fewer jobs at once in this account and Region (ACM allows 8 ListCertificates calls per second).'
      })
      summaries.push(...(page.CertificateSummaryList ?? []))
      nextToken = page.NextToken
    } catch (err) {
      throw toAwsApiError('ACM', 'ListCertificates', err, permissionHint(err, 'acm:ListCertificates'))
    }
  } while (nextToken)
  return summaries
}

function isReusable(cert: CertificateFacts, spec: CertificateSpec, now: number): boolean {
  return (
    isUsableStatus(cert.Status) &&
    cert.Type === certificateType(spec) &&
    // Managed by another service (CloudFront): that service owns its validation and renewal.
    cert.ManagedBy === undefined &&
    (cert.CertificateKeyPairOrigin === undefined || cert.CertificateKeyPairOrigin === 'AWS_MANAGED') &&
    normalizeKeyAlgorithm(cert.KeyAlgorithm) === spec.keyAlgorithm &&
    (cert.NotAfter === undefined || cert.NotAfter.getTime() > now)
  )
}

function certificateType(spec: CertificateSpec): 'PRIVATE' | 'AMAZON_ISSUED' {
  return spec.certificateAuthorityArn === undefined ? 'AMAZON_ISSUED' : 'PRIVATE'
}

function isReusableDetail(
  detail: CertificateDetail,
  spec: CertificateSpec,
  requested: ReadonlySet<string>,
  now: number
): boolean {
  const names = [detail.DomainName, ...(detail.SubjectAlternativeNames ?? [])]
  return (
    isReusable(detail, spec, now) &&
    certificateRenewalProblem(detail, spec.minDaysRemaining ?? 0, now) === undefined &&
    sameNameSet(lowerCaseDefined(names), requested) &&
    (detail.DomainValidationOptions ?? []).every((o) => o.ValidationMethod === 'DNS')
  )
}

function isUsableStatus(status: string | undefined): status is (typeof USABLE_STATUSES)[number] {
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

function summaryNames(summary: CertificateSummary): string[] {
  return lowerCaseDefined([
    summary.DomainName,
    ...(summary.SubjectAlternativeNameSummaries ?? []).slice(0, SUMMARY_SAN_LIMIT)
  ])
}

function sameNameSet(names: readonly string[], requested: ReadonlySet<string>): boolean {
  const set = new Set(names)
  return set.size === requested.size && [...set].every((name) => requested.has(name))
}

function lowerCaseSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((name) => name.toLowerCase()))
}

function lowerCaseDefined(names: readonly (string | undefined)[]): string[] {
  return names.filter((name): name is string => name !== undefined).map((name) => name.toLowerCase())
}

// ---------------------------------------------------------------------------------------------
// Request

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
        // A private CA validates nothing and logs nothing publicly.
        ...(spec.certificateAuthorityArn === undefined
          ? {
              ValidationMethod: 'DNS',
              Options: { CertificateTransparencyLoggingPreference: spec.certificateTransparencyLogging }
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
    if (err instanceof ActionError) throw err
    throw new AwsApiError(
      'ACM',
      'RequestCertificate',
      awsErrorCode(err) ?? 'Error',
      `${errorMessage(err)} (names: ${spec.names.join(', ')})`,
      { cause: err, hint: requestFailureHint(err, spec), requestId: awsRequestId(err) }
    )
  }
}

/**
 * The user's tags plus the managed-by tag, whose value is the idempotency token: it marks the
 * certificates this action created (delete mode deletes nothing else).
 */
export function requestTags(spec: Pick<CertificateSpec, 'tags' | 'idempotencyToken'>): Tag[] {
  return [...spec.tags.map(({ Key, Value }) => ({ Key, Value })), { Key: MANAGED_BY_TAG, Value: spec.idempotencyToken }]
}

function requestFailureHint(err: unknown, spec: CertificateSpec): string {
  switch (awsErrorCode(err)) {
    // The SDK classifies LimitExceededException as throttling, but for ACM it is always a quota.
    case 'LimitExceededException':
      return /too many domains/i.test(errorMessage(err))
        ? `This certificate has ${spec.names.length} names; ACM allows 10 names per certificate by default. Request an increase of "Domain names per ACM certificate" (up to 100) in Service Quotas, or split the names across certificates.`
        : 'The account reached its ACM certificate quota (certificates at a time, or per year). Request an increase in Service Quotas and reuse certificates; deleting certificates does not give back the yearly allowance.'
    case 'InvalidDomainValidationOptionsException':
    case 'InvalidParameterException':
    case 'ValidationException':
      return 'ACM rejected the request parameters: check the spelling of every name (public DNS names, wildcard only as the whole first label) and the key algorithm.'
    case 'InvalidTagException':
    case 'TooManyTagsException':
    case 'TagPolicyException':
      return `Check the tags input: ACM allows 50 tags (49 besides the action's own ${MANAGED_BY_TAG} tag), keys may not start with "aws:", and your organization tag policies apply.`
    case 'AccessDeniedException':
      return `Allow acm:RequestCertificate and acm:AddTagsToCertificate (the request carries tags) for the certificate role${
        spec.certificateAuthorityArn === undefined
          ? ''
          : `, and acm-pca:IssueCertificate / acm-pca:GetCertificate on ${spec.certificateAuthorityArn} (or share the CA with the account)`
      }.`
    default:
      return 'Re-run the job: the same inputs reuse the idempotency token, so a retry does not create a second certificate.'
  }
}

function permissionHint(err: unknown, action: string): string | undefined {
  return awsErrorCode(err) === 'AccessDeniedException' ? `Allow ${action} for the certificate role.` : undefined
}

// ---------------------------------------------------------------------------------------------
// Tags and deletion

export async function listCertificateTags(client: ACMClient, arn: string): Promise<Tag[]> {
  try {
    const { Tags } = await client.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))
    return (Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }))
  } catch (err) {
    throw toAwsApiError('ACM', 'ListTagsForCertificate', err, permissionHint(err, 'acm:ListTagsForCertificate'))
  }
}

/**
 * Deletes the certificate once no AWS resource uses it. CloudFront and load balancers release a
 * certificate some minutes after the change that stopped using it, so InUseBy (and a
 * ResourceInUseException from a race) means "not yet" until the deadline. Already gone counts as done.
 */
export async function deleteUnusedCertificate(client: ACMClient, arn: string, options: WaitOptions): Promise<void> {
  let inUseBy: readonly string[] = []
  let reported = ''
  await poll(
    async () => {
      const detail = await describeOrGone(client, arn)
      if (detail === undefined) return { done: true, value: undefined }
      inUseBy = detail.InUseBy ?? []
      if (inUseBy.length > 0) {
        if (reported !== inUseBy.join(','))
          options.log.info(`Certificate ${arn} is in use by ${inUseBy.join(', ')}; waiting for it to be released`)
        reported = inUseBy.join(',')
        return { done: false }
      }
      try {
        await client.send(new DeleteCertificateCommand({ CertificateArn: arn }))
        return { done: true, value: undefined }
      } catch (err) {
        const code = awsErrorCode(err)
        if (code === 'ResourceInUseException') return { done: false }
        if (code === 'ResourceNotFoundException') return { done: true, value: undefined }
        if (isTransientAwsError(err)) throw err
        throw toAwsApiError('ACM', 'DeleteCertificate', err, deleteHint(err))
      }
    },
    pollOptions(options, {
      phase: 'waiting for the certificate to be released',
      timeoutMessage: () =>
        `Certificate ${arn} is still in use by ${inUseBy.join(', ') || 'an AWS resource'}, so it was not deleted`,
      timeoutHint:
        'Detach it first (e.g. point the CloudFront distribution at another certificate and wait for the deployment), then run delete again; ' +
        `raise ${Inputs.TimeoutMinutes} to wait longer.`
    })
  )
}

async function describeOrGone(client: ACMClient, arn: string): Promise<CertificateDetail | undefined> {
  try {
    return await sendDescribe(client, arn)
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException') return undefined
    if (isTransientAwsError(err)) throw err
    throw describeError(err, arn)
  }
}

function deleteHint(err: unknown): string | undefined {
  return awsErrorCode(err) === 'AccessDeniedException'
    ? `Allow acm:DeleteCertificate for the certificate role, with the condition that the certificate carries the ${MANAGED_BY_TAG} tag (docs/iam).`
    : undefined
}

// ---------------------------------------------------------------------------------------------
// Waits

export async function waitForValidationRecords(
  client: ACMClient,
  arn: string,
  spec: CertificateSpec,
  options: WaitOptions
): Promise<ValidationRecord[]> {
  const requested = [...lowerCaseSet(spec.names)]
  const startedAt = options.clock.now()
  let missing: readonly string[] = requested
  return poll(
    async () => {
      const detail = await describeInWait(client, arn, options, startedAt)
      if (!detail) return { done: false }
      if (!isUsableStatus(detail.Status)) throw certificateFailedError(arn, detail)
      const validations = detail.DomainValidationOptions ?? []
      if (detail.Status === 'PENDING_VALIDATION') {
        const other = validations.find((v) => !isDnsValidation(v))
        if (other) {
          throw new ActionError(
            `ACM certificate ${arn} validates ${other.DomainName} by ${other.ValidationMethod}, not DNS`,
            { hint: 'This action validates through Route 53 DNS only. Delete that certificate or use different names.' }
          )
        }
      }
      const records = validationRecords(arn, validations, spec)
      // An ISSUED certificate may have names validated otherwise: those need no record.
      const otherwiseValidated = validations.filter((v) => !isDnsValidation(v)).map((v) => v.DomainName?.toLowerCase())
      missing = requested.filter(
        (name) => !otherwiseValidated.includes(name) && !records.some((r) => r.domains.includes(name))
      )
      return missing.length === 0 ? { done: true, value: records } : { done: false }
    },
    pollOptions(options, {
      phase: 'waiting for validation records',
      timeoutMessage: () => `ACM published no validation record for ${missing.join(', ')} (certificate ${arn})`,
      timeoutHint:
        'ACM usually publishes the validation CNAMEs within a minute of the request. Re-run the job: the same inputs resume this certificate.'
    })
  )
}

export async function waitForIssued(
  client: ACMClient,
  arn: string,
  options: WaitOptions & { onProgress?: (progress: readonly DomainProgress[]) => void }
): Promise<CertificateDetail> {
  const startedAt = options.clock.now()
  let progress: readonly DomainProgress[] = []
  let reported = ''
  return poll(
    async () => {
      const detail = await describeInWait(client, arn, options, startedAt)
      if (!detail) return { done: false }
      progress = (detail.DomainValidationOptions ?? []).map((v) => ({
        domain: v.DomainName ?? '',
        validationStatus: v.ValidationStatus ?? 'PENDING_VALIDATION'
      }))
      const key = JSON.stringify(progress)
      if (key !== reported) {
        reported = key
        options.onProgress?.(progress)
      }
      if (detail.Status === 'ISSUED') return { done: true, value: detail }
      if (detail.Status !== 'PENDING_VALIDATION') throw certificateFailedError(arn, detail)
      const failed = progress.filter((p) => p.validationStatus === 'FAILED').map((p) => p.domain)
      if (failed.length > 0) {
        throw new CertificateFailedError(
          arn,
          'FAILED',
          `ACM failed to validate ${failed.join(', ')} for certificate ${arn}`,
          {
            hint: `${failureHint(detail.FailureReason)} ${NEW_REQUEST_TAIL}`
          }
        )
      }
      return { done: false }
    },
    pollOptions(options, {
      phase: 'waiting for the certificate to be issued',
      timeoutMessage: () => {
        const pending = progress.filter((p) => p.validationStatus !== 'SUCCESS').map((p) => p.domain)
        const state =
          pending.length > 0
            ? `still validating ${pending.join(', ')}`
            : progress.length > 0
              ? 'every name is validated, ACM has not issued it yet'
              : 'ACM has not reported on the names yet'
        return `Certificate ${arn} is not issued yet; ${state}`
      },
      timeoutHint:
        'Check that the zone holding the validation CNAMEs is delegated from its parent (NS records: records in an undelegated zone never validate) and that no CAA record forbids amazon.com. A re-run with the same inputs resumes this certificate.'
    })
  )
}

/**
 * DescribeCertificate inside a poll: undefined while a new certificate is not visible yet,
 * transient errors raw (poll absorbs them), anything else as an AwsApiError.
 */
async function describeInWait(
  client: ACMClient,
  arn: string,
  options: WaitOptions,
  startedAt: number
): Promise<CertificateDetail | undefined> {
  try {
    return await sendDescribe(client, arn)
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException' && options.clock.now() - startedAt < NOT_FOUND_GRACE_MS) {
      options.log.debug(`Certificate ${arn} not visible yet`)
      return undefined
    }
    if (isTransientAwsError(err)) throw err
    throw describeError(err, arn)
  }
}

export async function describeCertificate(client: ACMClient, arn: string): Promise<CertificateDetail> {
  try {
    return await sendDescribe(client, arn)
  } catch (err) {
    throw describeError(err, arn)
  }
}

async function sendDescribe(client: ACMClient, arn: string): Promise<CertificateDetail> {
  const { Certificate } = await client.send(new DescribeCertificateCommand({ CertificateArn: arn }))
  return Certificate ?? {}
}

function describeError(err: unknown, arn: string): ActionError {
  const hint =
    awsErrorCode(err) === 'ResourceNotFoundException'
      ? `Certificate ${arn} does not exist in this account and region (deleted?). A re-run requests a new one.`
      : permissionHint(err, 'acm:DescribeCertificate')
  return toAwsApiError('ACM', 'DescribeCertificate', err, hint)
}

function pollOptions(
  options: WaitOptions,
  phase: Pick<PollOptions, 'phase' | 'timeoutMessage' | 'timeoutHint'>
): PollOptions {
  return {
    ...phase,
    clock: options.clock,
    deadline: options.deadline,
    ...(options.signal ? { signal: options.signal } : {}),
    onTransientError: (err) =>
      options.log.debug(`ACM DescribeCertificate: ${awsErrorCode(err) ?? errorMessage(err)}; polling on`)
  }
}

/** The validation CNAMEs a certificate shows now (status mode): the detail's own names are the requested ones. */
export function publishedValidationRecords(detail: CertificateDetail): ValidationRecord[] {
  const names = lowerCaseDefined([detail.DomainName, ...(detail.SubjectAlternativeNames ?? [])])
  return validationRecords(detail.CertificateArn ?? '', detail.DomainValidationOptions ?? [], { names })
}

/** The deduplicated validation CNAMEs published so far; refuses any record we must not write. */
function validationRecords(
  arn: string,
  validations: readonly DomainValidation[],
  spec: Pick<CertificateSpec, 'names'>
): ValidationRecord[] {
  const byKey = new Map<string, { name: string; value: string; domains: string[] }>()
  for (const validation of validations) {
    const record = validation.ResourceRecord
    if (!isDnsValidation(validation) || !record) continue
    const raw = { name: absoluteName(record.Name), type: record.Type ?? '', value: absoluteName(record.Value) }
    const reason = checkValidationRecord(raw, spec.names)
    if (reason !== undefined) {
      throw new ActionError(
        `ACM certificate ${arn} asks for validation record ${raw.name} ${raw.type} ${raw.value} (for ${validation.DomainName}), which this action will not write: ${reason}`,
        {
          hint: 'Nothing was written. A genuine ACM validation record is a CNAME _<hash>.<requested name>. → _<hash>.<...>.acm-validations.aws.; inspect the certificate in the ACM console.'
        }
      )
    }
    const key = `${raw.name} ${raw.value}`
    const entry = byKey.get(key) ?? { name: raw.name, value: raw.value, domains: [] }
    const domain = validation.DomainName?.toLowerCase()
    if (domain !== undefined && !entry.domains.includes(domain)) entry.domains.push(domain)
    byKey.set(key, entry)
  }
  return [...byKey.values()].map((r) => ({ name: r.name, type: 'CNAME', value: r.value, domains: r.domains }))
}

/** DNS-validated, or not yet saying (ACM fills ValidationMethod in shortly after the request). */
function isDnsValidation(validation: DomainValidation): boolean {
  return validation.ValidationMethod === undefined || validation.ValidationMethod === 'DNS'
}

function absoluteName(name: string | undefined): string {
  const lower = (name ?? '').trim().toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

// ---------------------------------------------------------------------------------------------
// Failure

const NEW_REQUEST_TAIL =
  'ACM does not retry a failed request: fix the cause, then re-run: the action requests a new certificate (even within the hour in which ACM would hand this one back for the same inputs).'

/** A CertificateFailedError for a certificate that left PENDING_VALIDATION without being issued. */
function certificateFailedError(arn: string, detail: CertificateDetail): CertificateFailedError {
  const status = detail.Status ?? 'UNKNOWN'
  switch (status) {
    case 'FAILED':
      return new CertificateFailedError(
        arn,
        status,
        `ACM could not issue certificate ${arn}: FAILED (${detail.FailureReason ?? 'no reason given'})`,
        { hint: `${failureHint(detail.FailureReason)} ${NEW_REQUEST_TAIL}` }
      )
    case 'VALIDATION_TIMED_OUT':
      return new CertificateFailedError(
        arn,
        status,
        `Certificate ${arn} was never validated: ACM gives up 72 hours after the request (VALIDATION_TIMED_OUT)`,
        {
          hint: 'The validation CNAMEs did not resolve publicly in time: check the NS delegation of the zone holding them. A re-run requests a new certificate.'
        }
      )
    default:
      return new CertificateFailedError(arn, status, `Certificate ${arn} is ${status}, so it cannot be used`, {
        hint: 'A re-run requests a new certificate (reuse skips certificates that are not ISSUED or PENDING_VALIDATION).'
      })
  }
}

const FAILURE_HINTS: Record<FailureReason, string> = {
  NO_AVAILABLE_CONTACTS:
    'ACM found no contact to validate the domain; with DNS validation this is unexpected: contact AWS Support.',
  ADDITIONAL_VERIFICATION_REQUIRED:
    'ACM needs additional verification for this name (fraud protection, e.g. a high-profile site): contact AWS Support.',
  DOMAIN_NOT_ALLOWED:
    'ACM refused a name: VirusTotal reports it as unsafe, or it is an Amazon-owned name (amazonaws.com, cloudfront.net, elasticbeanstalk.com). Clear the VirusTotal report or use another name.',
  INVALID_PUBLIC_DOMAIN: 'A name does not end in a valid public top-level domain: check the spelling of every name.',
  DOMAIN_VALIDATION_DENIED:
    'The domain owner or an AWS check denied validation for a name: confirm you control the domain.',
  CAA_ERROR:
    'A CAA record forbids Amazon from issuing: add `0 issue "amazon.com"` (amazon.com, amazontrust.com, awstrust.com or amazonaws.com) to the CAA records of the names, or their closest parent, and request again.',
  PCA_LIMIT_EXCEEDED: 'The AWS Private CA reached its issuance quota: raise the Private CA quota or use another CA.',
  PCA_INVALID_ARN: 'The AWS Private CA ARN is invalid: check the certificate authority ARN.',
  PCA_INVALID_STATE: 'The AWS Private CA is not ACTIVE: enable or restore the certificate authority.',
  PCA_REQUEST_FAILED: 'AWS Private CA failed the issuance request: check the CA in the Private CA console and retry.',
  PCA_NAME_CONSTRAINTS_VALIDATION:
    'A name violates the name constraints of the AWS Private CA: change the names or the CA.',
  PCA_RESOURCE_NOT_FOUND: 'The AWS Private CA does not exist (deleted?): check the certificate authority ARN.',
  PCA_INVALID_ARGS: 'AWS Private CA rejected the request arguments: check the CA configuration and its templates.',
  PCA_INVALID_DURATION:
    'The requested validity exceeds what the AWS Private CA allows: check the CA certificate expiry.',
  PCA_ACCESS_DENIED:
    'ACM may not use the AWS Private CA: grant ACM permission on the CA (resource policy or RAM share).',
  SLR_NOT_FOUND:
    'The ACM service-linked role (AWSServiceRoleForCertificateManager) is missing: create it, e.g. aws iam create-service-linked-role --aws-service-name acm.amazonaws.com.',
  OTHER: 'ACM gave no specific reason; typically a typo in one of the names: check the spelling of every name.'
}

/** One line saying what to do about an ACM FailureReason. */
export function failureHint(reason: string | undefined): string {
  return (
    (reason !== undefined && Object.hasOwn(FAILURE_HINTS, reason)
      ? FAILURE_HINTS[reason as FailureReason]
      : undefined) ??
    `ACM reported ${reason ?? 'no failure reason'}: see "Troubleshoot failed certificate requests" in the ACM User Guide.`
  )
}
