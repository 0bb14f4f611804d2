// Request mode, one pass: reuse or request → validation records → zones (overrides first) → UPSERT,
// or publish them for external DNS, or none for a private certificate → wait. Hooks fire as soon as
// a fact is known (the ARN above all), so a failure or a cancel later still leaves the user with
// what was done.
import { createHash } from 'node:crypto'
import type { ACMClient, CertificateDetail } from '@aws-sdk/client-acm'
import { describeCertificate, findReusableCertificate, requestCertificate } from '../aws/acm.js'
import { waitForIssued, waitForValidationRecords } from '../aws/acm-waits.js'
import { zoneFinder } from '../aws/route53.js'
import { certificateRenewalProblem, minDaysOf, type CertificateSpec } from '../decisions/reuse.js'
import type { Logger } from '../types.js'
import { runPreflightChecks } from './request-checks.js'
import { writeValidationRecords } from './request-records.js'
import {
  callContext,
  certificateSpec,
  logRecordsToCreate,
  phaseOf,
  runResult,
  waitContext,
  type PhaseTimings,
  type PublishedRecord,
  type RunDeps,
  type RunResult
} from './shared.js'

/** How long ACM may take to publish validation records before we give up (it is usually seconds). */
export const RECORDS_PHASE_CAP_MS = 5 * 60_000

export async function runRequest(deps: RunDeps): Promise<RunResult> {
  const { config, acm, clock, log, hooks = {} } = deps
  const phase = phaseOf(deps)
  const startedAt = clock.now()
  const deadline = startedAt + config.timeoutMs
  const spec = certificateSpec(config)
  const calls = callContext(deps)

  const timed = async <T>(key: keyof PhaseTimings, name: string, fn: () => Promise<T>): Promise<T> => {
    const begun = clock.now()
    try {
      return await phase(name, fn)
    } finally {
      hooks.onPhaseTime?.(key, clock.now() - begun)
    }
  }
  // Zones found for the pre-flight delegation check serve the record write too.
  const finder = deps.route53 ? zoneFinder(deps.route53, calls) : undefined

  const { arn, reused } = await timed('findOrRequestMs', 'Find or request the certificate', async () => {
    const existing = await findReusableCertificate(acm, spec, calls, clock.now())
    const same = 'with exactly these names, key algorithm and DNS validation'
    if (existing?.status === 'ISSUED') {
      hooks.onDecision?.(`Reused ${existing.arn}: ISSUED, ${same}`)
      return { arn: existing.arn, reused: true }
    }
    // Before a request, or before the records of a pending certificate are written again.
    await runPreflightChecks(deps, finder)
    if (existing) {
      hooks.onDecision?.(`Reused ${existing.arn}: PENDING_VALIDATION, ${same}`)
      return { arn: existing.arn, reused: true }
    }
    const requested = await requestNewCertificate(acm, spec, log, clock.now())
    hooks.onDecision?.(
      `Requested ${requested}: no ISSUED or PENDING_VALIDATION certificate with exactly these names, ` +
        'key algorithm and validation was reusable'
    )
    return { arn: requested, reused: false }
  })
  hooks.onCertificate?.(arn, reused)

  let records: readonly PublishedRecord[] = []
  if (config.certificateAuthorityArn === undefined) {
    const external = config.dnsProvider === 'external'
    records = await timed(
      'recordsMs',
      external ? 'Publish the validation records' : 'Write the validation records',
      async () => {
        const recordsDeadline = Math.min(deadline, clock.now() + RECORDS_PHASE_CAP_MS)
        const validation = await waitForValidationRecords(acm, arn, spec, waitContext(deps, recordsDeadline))
        if (!external) return writeValidationRecords(deps, validation, finder)
        logRecordsToCreate(log, validation)
        return validation.map(({ name, type, value, domains }) => ({ name, type, value, domains }))
      }
    )
    hooks.onRecords?.(records)
  } else {
    log.info(`Private certificate from ${config.certificateAuthorityArn}: no DNS validation`)
  }

  if (!config.wait) {
    const detail = await describeCertificate(acm, arn)
    log.info(`wait is false: certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
    return runResult(detail, arn, reused, records, startedAt, clock)
  }

  const detail = await timed('waitMs', 'Wait for ACM to issue the certificate', () =>
    waitForIssued(acm, arn, {
      ...waitContext(deps, deadline),
      onProgress: (progress) => {
        log.info(progress.map((p) => `${p.domain}: ${p.validationStatus}`).join(', '))
        hooks.onProgress?.(progress)
      }
    })
  )
  return runResult(detail, arn, reused, records, startedAt, clock)
}

/**
 * RequestCertificate with the deterministic token. Within ACM's one-hour idempotency window the same
 * token returns the same certificate, even one that has since FAILED (e.g. CAA_ERROR fixed since), or
 * one reuse just turned down as too close to expiry: such a certificate is never handed back. We ask
 * once more with a token derived from the refused ARN, so parallel re-runs still converge on one new
 * certificate.
 */
async function requestNewCertificate(acm: ACMClient, spec: CertificateSpec, log: Logger, now: number): Promise<string> {
  const arn = await requestCertificate(acm, spec)
  const refusal = await whyNotNew(acm, arn, spec, now)
  if (refusal !== undefined) {
    const retry = await requestCertificate(acm, {
      ...spec,
      idempotencyToken: successorToken(spec.idempotencyToken, arn)
    })
    log.info(`Certificate ${arn} for these names ${refusal}; requested a new one: ${retry}`)
    return retry
  }
  const kind = spec.certificateAuthorityArn === undefined ? 'certificate' : 'private certificate'
  log.info(`Requested ${kind} ${arn} for ${spec.names.join(', ')}`)
  return arn
}

/** Why the certificate RequestCertificate returned is not a usable new one; undefined while ACM can't show it yet. */
async function whyNotNew(acm: ACMClient, arn: string, spec: CertificateSpec, now: number): Promise<string | undefined> {
  let detail: CertificateDetail
  try {
    detail = await describeCertificate(acm, arn)
  } catch {
    // A brand-new certificate answers ResourceNotFound for a few seconds: it is not a refused one.
    return undefined
  }
  const status = detail.Status
  // INACTIVE too: within the idempotency hour the same token hands back the same dead certificate.
  if (status === 'FAILED' || status === 'VALIDATION_TIMED_OUT' || status === 'REVOKED' || status === 'INACTIVE') {
    return `is ${status}`
  }
  const problem = certificateRenewalProblem(detail, minDaysOf(spec), now)
  return problem === undefined ? undefined : `is not reusable (${problem})`
}

export function successorToken(token: string, failedArn: string): string {
  return createHash('sha256').update(`${token}:${failedArn}`).digest('hex').slice(0, 32)
}
