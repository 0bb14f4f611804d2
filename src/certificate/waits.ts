// ACM waits: for the validation CNAMEs of a new certificate, for ISSUED, and for a certificate to be
// released so it can be deleted. Each is one poll loop over DescribeCertificate with the run's context.
import { type ACMClient, type CertificateDetail, type DomainValidation } from '@aws-sdk/client-acm'
import { Inputs, MANAGED_BY_TAG } from '../constants.js'
import { NEW_REQUEST_TAIL, failureHint, notIssuedText } from '../decisions/hints.js'
import { isUsableStatus, lowerCaseSet } from '../decisions/reuse.js'
import type { CertificateSpec } from '../types.js'
import { absoluteName, certificateNames, checkValidationRecord } from '../domains.js'
import {
  ActionError,
  CertificateFailedError,
  DeadlineError,
  awsErrorCode,
  errorMessage,
  isTransientAwsError,
  wrapAwsError
} from '../errors.js'
import { poll, type PollOptions } from '../poll.js'
import type { Context, DomainProgress, ValidationRecord } from '../types.js'
import { SERVICE, describeCertificateError, sendDelete, sendDescribe } from '../aws/acm.js'

/** "There is a delay of several seconds" after RequestCertificate before DescribeCertificate finds it. */
const NOT_FOUND_GRACE_MS = 30_000

/** `seen`: a DescribeCertificate answer just received (after the request), taken as the first look. */
export async function waitForValidationRecords(
  client: ACMClient,
  arn: string,
  spec: CertificateSpec,
  ctx: Context,
  seen?: CertificateDetail
): Promise<ValidationRecord[]> {
  const requested = [...lowerCaseSet(spec.names)]
  const startedAt = ctx.clock.now()
  let missing: readonly string[] = requested
  let first = seen
  return poll(
    async () => {
      const detail = first ?? (await describeInWait(client, arn, ctx, startedAt))
      first = undefined
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
    pollOptions(ctx, {
      phase: 'waiting for validation records',
      timeoutMessage: () => `ACM published no validation record for ${missing.join(', ')} (certificate ${arn})`,
      timeoutHint:
        'ACM usually publishes the validation CNAMEs within a minute of the request. Re-run the job: the same ' +
        'inputs resume this certificate.'
    })
  )
}

/** The wait for ISSUED: the run's context, who hears each name's progress, and how a timeout is explained. */
export interface IssueWait extends Context {
  readonly onProgress?: (progress: readonly DomainProgress[]) => void
  /** The hint of a timeout, from the validation state last seen (decisions/hints.ts issueTimeoutHint). */
  readonly timeoutHint?: (progress: readonly DomainProgress[]) => string
}

export async function waitForIssued(client: ACMClient, arn: string, ctx: IssueWait): Promise<CertificateDetail> {
  const startedAt = ctx.clock.now()
  let progress: readonly DomainProgress[] = []
  let reported = ''
  let status: string | undefined
  return poll(
    async () => {
      const detail = await describeInWait(client, arn, ctx, startedAt)
      if (!detail) return { done: false }
      status = detail.Status
      progress = (detail.DomainValidationOptions ?? []).map((v) => ({
        domain: v.DomainName ?? '',
        validationStatus: v.ValidationStatus ?? 'PENDING_VALIDATION'
      }))
      const key = JSON.stringify(progress)
      if (key !== reported) {
        reported = key
        ctx.onProgress?.(progress)
      }
      if (detail.Status === 'ISSUED') return { done: true, value: detail }
      if (detail.Status !== 'PENDING_VALIDATION') throw certificateFailedError(arn, detail)
      const failed = progress.filter((p) => p.validationStatus === 'FAILED').map((p) => p.domain)
      if (failed.length > 0) {
        throw new CertificateFailedError(arn, 'FAILED', {
          message: `ACM failed to validate ${failed.join(', ')} for certificate ${arn}`,
          hint: `${failureHint(detail.FailureReason)} ${NEW_REQUEST_TAIL}`
        })
      }
      return { done: false }
    },
    pollOptions(ctx, {
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
        'Check that the zone holding the validation CNAMEs is delegated from its parent (NS records: records in an ' +
        'undelegated zone never validate) and that no CAA record forbids amazon.com. A re-run with the same ' +
        'inputs resumes this certificate.'
    })
  ).catch((err: unknown) => {
    // The status last seen goes with the timeout, for the outcome of each Region (issue 14).
    if (err instanceof DeadlineError)
      throw new DeadlineError(err.phase, err.message, { hint: ctx.timeoutHint?.(progress) ?? err.hint }, status)
    throw err
  })
}

/**
 * DescribeCertificate inside a poll: undefined while a new certificate is not visible yet,
 * transient errors raw (poll absorbs them), anything else as an AwsApiError.
 */
async function describeInWait(
  client: ACMClient,
  arn: string,
  ctx: Context,
  startedAt: number
): Promise<CertificateDetail | undefined> {
  try {
    return await sendDescribe(client, arn)
  } catch (err) {
    if (awsErrorCode(err) === 'ResourceNotFoundException' && ctx.clock.now() - startedAt < NOT_FOUND_GRACE_MS) {
      ctx.log.debug(`Certificate ${arn} not visible yet`)
      return undefined
    }
    if (isTransientAwsError(err)) throw err
    throw describeCertificateError(err, arn)
  }
}

/**
 * Deletes the certificate once no AWS resource uses it. CloudFront and load balancers release a
 * certificate some minutes after the change that stopped using it, so InUseBy (and a
 * ResourceInUseException from a race) means "not yet" until the deadline. Already gone counts as done.
 */
export async function deleteUnusedCertificate(client: ACMClient, arn: string, ctx: Context): Promise<void> {
  let inUseBy: readonly string[] = []
  let reported = ''
  await poll(
    async () => {
      const detail = await describeOrGone(client, arn)
      if (detail === undefined) return { done: true, value: undefined }
      inUseBy = detail.InUseBy ?? []
      if (inUseBy.length > 0) {
        if (reported !== inUseBy.join(','))
          ctx.log.info(`Certificate ${arn} is in use by ${inUseBy.join(', ')}; waiting for it to be released`)
        reported = inUseBy.join(',')
        return { done: false }
      }
      try {
        await sendDelete(client, arn)
        return { done: true, value: undefined }
      } catch (err) {
        const code = awsErrorCode(err)
        if (code === 'ResourceInUseException') return { done: false }
        if (code === 'ResourceNotFoundException') return { done: true, value: undefined }
        if (isTransientAwsError(err)) throw err
        throw wrapAwsError(SERVICE, 'DeleteCertificate', err, { hint: deleteHint(err) })
      }
    },
    pollOptions(ctx, {
      phase: 'waiting for the certificate to be released',
      timeoutMessage: () =>
        `Certificate ${arn} is still in use by ${inUseBy.join(', ') || 'an AWS resource'}, so it was not deleted`,
      timeoutHint:
        'Detach it first (e.g. point the CloudFront distribution at another certificate and wait for the ' +
        'deployment), then run delete again; ' +
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
    throw describeCertificateError(err, arn)
  }
}

function deleteHint(err: unknown): string | undefined {
  return awsErrorCode(err) === 'AccessDeniedException'
    ? `Allow acm:DeleteCertificate for the certificate role, with the condition that the certificate carries the ` +
        `${MANAGED_BY_TAG} tag (docs/iam).`
    : undefined
}

function pollOptions(ctx: Context, phase: Pick<PollOptions, 'phase' | 'timeoutMessage' | 'timeoutHint'>): PollOptions {
  return {
    ...phase,
    clock: ctx.clock,
    deadline: ctx.deadline,
    signal: ctx.signal,
    onTransientError: (err) =>
      ctx.log.debug(`ACM DescribeCertificate: ${awsErrorCode(err) ?? errorMessage(err)}; polling on`)
  }
}

/** The validation CNAMEs a certificate shows now (status mode): the detail's own names are the requested ones. */
export function publishedValidationRecords(detail: CertificateDetail): ValidationRecord[] {
  const names = certificateNames(detail)
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
        `ACM certificate ${arn} asks for validation record ${raw.name} ${raw.type} ${raw.value} (for ` +
          `${validation.DomainName}), which this action will not write: ${reason}`,
        {
          hint:
            'Nothing was written. A genuine ACM validation record is a CNAME _<hash>.<requested name>. → ' +
            '_<hash>.<...>.acm-validations.aws.; inspect the certificate in the ACM console.'
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

/** A CertificateFailedError for a certificate that left PENDING_VALIDATION without being issued. */
function certificateFailedError(arn: string, detail: CertificateDetail): CertificateFailedError {
  const status = detail.Status ?? 'UNKNOWN'
  return new CertificateFailedError(arn, status, notIssuedText(arn, status, detail.FailureReason))
}
