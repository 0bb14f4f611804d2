// Mode acme-endpoint's waits on the injected clock, through the one poll loop: until every validation
// shows its CNAME (ResourceRecord may lag its creation [inferred, as for certificates]), and until every
// validation is VALID, with a progress line each time a status changes. INVALID ends the run with
// ACM's reason, its message and what to do about it.
import type { AcmeDomainValidation, DomainScope } from '@aws-sdk/client-acm'
import { Inputs } from '../constants.js'
import { ActionError } from '../errors.js'
import { poll } from '../poll.js'
import type { Context, DomainProgress } from '../types.js'
import { failureHint, progressLine } from './decide.js'
import type { AcmePorts } from './ports.js'
import type { AcmeRun, AcmeValidationView } from './report.js'

export function scopeWords(scope: DomainScope | undefined): string[] {
  const words: string[] = []
  if (scope?.ExactDomain === 'ENABLED') words.push('exact')
  if (scope?.Subdomains === 'ENABLED') words.push('subdomains')
  if (scope?.Wildcards === 'ENABLED') words.push('wildcards')
  return words
}

/** The CNAME ACM asks for, name and value lower case with a trailing dot; undefined while absent. */
export function recordOf(v: AcmeDomainValidation): { name: string; value: string } | undefined {
  const r = v.PrevalidationDetails?.DnsPrevalidation?.ResourceRecord
  if (!r?.Name || !r.Value) return undefined
  const dotted = (s: string): string => (s.endsWith('.') ? s : `${s}.`).toLowerCase()
  return { name: dotted(r.Name), value: dotted(r.Value) }
}

function withDetail(view: AcmeValidationView, detail: AcmeDomainValidation): AcmeValidationView {
  const failure = detail.FailureDetails
  return {
    ...view,
    status: detail.Status ?? view.status,
    record: recordOf(detail) ?? view.record,
    ...(failure?.Reason && { failure: { reason: failure.Reason, message: failure.Message ?? '' } })
  }
}

/** Describes each validation without a record until all have one (an INVALID one ends the wait at once). */
export async function waitForRecords(
  ports: AcmePorts,
  views: readonly AcmeValidationView[],
  ctx: Context
): Promise<AcmeValidationView[]> {
  let current = [...views]
  return poll(
    async () => {
      current = await Promise.all(
        current.map(async (v) =>
          (v.record && v.action === 'kept') || !v.arn ? v : withDetail(v, await ports.describeValidation(v.arn))
        )
      )
      const invalid = current.find((v) => v.status === 'INVALID')
      if (invalid) throw invalidError(invalid)
      return current.every((v) => v.record) ? { done: true, value: current } : { done: false }
    },
    {
      ...ctx,
      phase: 'waiting for the validation records',
      timeoutMessage: () =>
        `ACM showed no validation CNAME for ${current
          .filter((v) => !v.record)
          .map((v) => v.domain)
          .join(', ')} within ${Inputs.TimeoutMinutes}`,
      timeoutHint: 'Re-run the job: it keeps the validations and carries on.'
    }
  )
}

/** Polls the validations not yet VALID until all are; a progress line per change; INVALID throws. */
export async function waitUntilValid(
  ports: AcmePorts,
  views: readonly AcmeValidationView[],
  ctx: Context,
  emit: (next: Partial<AcmeRun>) => void,
  onProgress: (progress: readonly DomainProgress[]) => void
): Promise<AcmeValidationView[]> {
  let current = [...views]
  let last = ''
  return poll(
    async () => {
      current = await Promise.all(
        current.map(async (v) =>
          v.status === 'VALID' || !v.arn ? v : withDetail(v, await ports.describeValidation(v.arn))
        )
      )
      const line = progressLine(current.map((v) => ({ domain: v.domain, status: v.status })))
      if (line !== last) {
        ctx.log.info(line)
        onProgress(current.map((v) => ({ domain: v.domain, validationStatus: v.status })))
        emit({ validations: current })
        last = line
      }
      const invalid = current.find((v) => v.status === 'INVALID')
      if (invalid) throw invalidError(invalid)
      return current.every((v) => v.status === 'VALID') ? { done: true, value: current } : { done: false }
    },
    {
      ...ctx,
      phase: 'waiting for the domain validations',
      timeoutMessage: () =>
        `Not VALID within ${Inputs.TimeoutMinutes}: ${progressLine(current.filter((v) => v.status !== 'VALID').map((v) => ({ domain: v.domain, status: v.status })))}`,
      timeoutHint:
        'Re-run the job: it keeps the validations and their records and waits on. If a name stays VALIDATING, check ' +
        'that public DNS answers its CNAME (the zone must be the one its parent delegates to).'
    }
  )
}

function invalidError(v: AcmeValidationView): ActionError {
  const reason = v.failure?.reason ?? 'no reason given'
  const message = v.failure?.message ? `: ${v.failure.message}` : ''
  return new ActionError(`ACM could not validate ${v.domain} for the ACME endpoint (INVALID, ${reason}${message})`, {
    hint: `${failureHint(v.failure?.reason)} A re-run replaces the INVALID validation (${v.arn ?? 'unknown ARN'}).`
  })
}
