// Request mode, one pass: the reuse lookup with every name's zone found beside it (and the pre-flight
// queries) → reuse or request → validation records → UPSERT, all zones at once (or publish them for
// external DNS, or none for a private certificate) → wait. Hooks fire as soon as a fact is known (the
// ARN above all), so a failure or a cancel later still leaves the user with what was done.
import { createHash } from 'node:crypto'
import type { ACMClient, CertificateDetail } from '@aws-sdk/client-acm'
import { describeCertificate, requestCertificate } from '../aws/acm.js'
import { findReusableCertificate } from '../certificate/reuse.js'
import { waitForIssued, waitForValidationRecords } from '../certificate/waits.js'
import { DnsError } from '../errors.js'
import { issueTimeoutHint } from '../decisions/hints.js'
import { certificateRenewalProblem, minDaysOf } from '../decisions/reuse.js'
import type { Finding } from '../preflight.js'
import type { CallContext, CertificateSpec, DomainProgress, Logger, ValidationRecord } from '../types.js'
import { preflightFindings, reportPreflight } from './preflight.js'
import { writeValidationRecords } from './records.js'
import { usesRoute53 } from '../inputs/index.js'
import { transparencyWarning } from '../inputs/fields.js'
import { zoneFinder } from '../zones/lookup.js'
import { planZones, type ZonePlan } from '../zones/plan.js'
import type { PhaseTimings, PublishedRecord } from '../run/outcome.js'
import {
  callContext,
  certificateSpec,
  emitIn,
  logRecordsToCreate,
  phaseOf,
  statusEvent,
  waitContext
} from '../run/deps.js'
import type { RunDeps } from '../run/deps.js'

/** How long ACM may take to publish validation records before we give up (it is usually seconds). */
export const RECORDS_PHASE_CAP_MS = 5 * 60_000

/**
 * Request mode, as named steps: find or request the certificate (the zones and pre-flight checks
 * beside it), publish its validation records, report the pre-flight findings, then wait for it.
 */
export async function runRequest(deps: RunDeps): Promise<void> {
  const run = startRequest(deps)
  const found = await run.timed('findOrRequestMs', 'Find or request the certificate', () => findOrRequest(run))
  emitIn(deps, { type: 'certificate', arn: found.arn, reused: found.reused })
  // A reused ISSUED certificate: one look serves its records and the result (no wait to poll). A
  // look that fails leaves it to the polls, which absorb what they should.
  const looked = found.issued ? await describeCertificate(deps.acm, found.arn).catch(() => undefined) : found.seen
  await publishRecords(run, found, looked)
  // preflight: warn reports its findings once the records are written, not on the way to them.
  if (run.preflight.late) run.preflight.report(await run.preflight.late)
  await untilIssued(run, found, looked)
}

/** What the steps of one request run share. */
interface RequestRun {
  readonly deps: RunDeps
  readonly spec: CertificateSpec
  readonly calls: CallContext & { log: Logger }
  readonly deadline: number
  /** Where each name's record goes (undefined: no record is written to Route 53). */
  readonly zones: Promise<ZonePlan> | undefined
  readonly preflight: Preflight
  /** Runs a named phase and emits how long it took, also when it failed. */
  timed<T>(key: keyof PhaseTimings, name: string, fn: () => Promise<T>): Promise<T>
}

/**
 * The pre-flight lookups: preflight: fail must pass before any request, so they start at once
 * (`eager`); under warn they start once the reuse lookup shows a certificate to validate (`late`),
 * and run beside the request. Their findings are reported only for such a certificate.
 */
interface Preflight {
  readonly eager: Promise<Finding[] | undefined> | undefined
  late: Promise<Finding[] | undefined> | undefined
  /** What the checks found, once reported: the evidence of a timeout's hint (undefined: no checks ran). */
  found?: readonly Finding[] | undefined
  start(): void
  report(findings: readonly Finding[] | undefined): void
}

function startRequest(deps: RunDeps): RequestRun {
  const { config, clock } = deps
  const calls = callContext(deps)
  // Several Regions (deps.shared): the names are the same in each, so are their zones and the
  // pre-flight; both are done (and reported) once, and the records are written once for all.
  const once = <T>(key: string, make: () => T): T => (deps.shared ? deps.shared.once(key, make) : make())
  const transparency = transparencyWarning(config.certificateTransparencyLogging)
  if (transparency) once('transparency-warning', () => deps.log.warning(transparency, 'Certificate Transparency'))
  // Where each record goes depends on the names alone: the zones are found beside the reuse lookup,
  // and awaited only where they are needed.
  const finder = deps.route53 ? zoneFinder(deps.route53, calls) : undefined
  const zones = usesRoute53(config) ? once('zones', () => handled(planZones(config, deps, finder, calls))) : undefined
  const lookUp = (): Promise<Finding[] | undefined> => once('preflight', () => handled(preflightFindings(deps, zones)))
  const eager = config.preflight === 'fail' ? lookUp() : undefined
  const preflight: Preflight = {
    eager,
    late: undefined,
    start: () => {
      if (!eager) preflight.late = lookUp()
    },
    report: (findings) => {
      preflight.found = findings
      const failure = once('preflight-report', (): unknown => {
        try {
          reportPreflight(deps, findings)
        } catch (err) {
          return err
        }
        return undefined
      })
      if (failure !== undefined) throw failure
    }
  }
  const timed = async <T>(key: keyof PhaseTimings, name: string, fn: () => Promise<T>): Promise<T> => {
    const begun = clock.now()
    try {
      return await phaseOf(deps)(name, fn)
    } finally {
      emitIn(deps, { type: 'phase-time', phase: key, ms: clock.now() - begun })
    }
  }
  const deadline = clock.now() + config.timeoutMs
  return { deps, spec: certificateSpec(config), calls, deadline, zones, preflight, timed }
}

/** Reuses an ISSUED or PENDING_VALIDATION certificate with exactly these names, else requests one. */
async function findOrRequest({ deps, spec, calls, zones, preflight }: RequestRun): Promise<Found> {
  const { acm, clock, log } = deps
  const existing = await findReusableCertificate(acm, spec, calls, clock.now())
  const same = 'with exactly these names, key algorithm and DNS validation'
  if (existing?.status === 'ISSUED') {
    emitIn(deps, { type: 'decision', decision: `Reused ${existing.arn}: ISSUED, ${same}` })
    return { arn: existing.arn, reused: true, issued: true }
  }
  // Before a request, or before the records of a pending certificate are written again: a name
  // without a usable zone fails here, whatever preflight says; preflight: fail waits for the checks.
  preflight.start()
  await zones?.catch((err: unknown) => {
    throw nothingRequested(err)
  })
  if (preflight.eager) preflight.report(await preflight.eager)
  if (existing) {
    emitIn(deps, { type: 'decision', decision: `Reused ${existing.arn}: PENDING_VALIDATION, ${same}` })
    return { arn: existing.arn, reused: true }
  }
  const requested = await requestNewCertificate(acm, spec, log, clock.now())
  emitIn(deps, {
    type: 'decision',
    decision:
      `Requested ${requested.arn}: no ISSUED or PENDING_VALIDATION certificate with exactly these names, ` +
      'key algorithm and validation was reusable'
  })
  return { ...requested, reused: false }
}

/**
 * Waits for ACM's validation records and writes them to their zones (or publishes them for external
 * DNS); a private certificate has none.
 */
async function publishRecords(run: RequestRun, found: Found, looked: CertificateDetail | undefined): Promise<void> {
  const { deps, spec, zones, deadline } = run
  const { config, acm, clock, log } = deps
  if (config.certificateAuthorityArn !== undefined) {
    log.info(`Private certificate from ${config.certificateAuthorityArn}: no DNS validation`)
    return
  }
  const external = config.dnsProvider === 'external'
  const name = external ? 'Publish the validation records' : 'Write the validation records'
  const records = await run.timed('recordsMs', name, async () => {
    const recordsDeadline = Math.min(deadline, clock.now() + RECORDS_PHASE_CAP_MS)
    const validation = await waitForValidationRecords(acm, found.arn, spec, waitContext(deps, recordsDeadline), looked)
    // An ISSUED certificate's records are there unless someone removed them: read, write what is
    // missing. A pending one's are often not there yet (a parallel job of the same names is
    // about to write them), so reading first would mostly add a request: write them.
    const publish = async (all: readonly ValidationRecord[], onlyMissing: boolean) => {
      if (zones) return writeValidationRecords(deps, all, await zones, { onlyMissing })
      logRecordsToCreate(log, all)
      return all.map(({ name, type, value, domains }): PublishedRecord => ({ name, type, value, domains }))
    }
    const onlyMissing = found.issued === true
    if (deps.shared) return deps.shared.rendezvous.publish(config.region, validation, publish, onlyMissing)
    return publish(validation, onlyMissing)
  })
  emitIn(deps, { type: 'records', records })
}

/** The certificate's status at the end: ISSUED already, as it is (wait: false), or once ACM issues it. */
async function untilIssued(run: RequestRun, { arn, issued }: Found, looked: CertificateDetail | undefined) {
  const { deps, deadline } = run
  const { config, acm, log } = deps
  const onProgress = (progress: readonly DomainProgress[]): void => {
    log.info(progress.map((p) => `${p.domain}: ${p.validationStatus}`).join(', '))
    emitIn(deps, { type: 'progress', progress })
  }
  if (issued && looked?.Status === 'ISSUED') {
    onProgress(
      (looked.DomainValidationOptions ?? []).map((v) => ({
        domain: v.DomainName ?? '',
        validationStatus: v.ValidationStatus ?? 'SUCCESS'
      }))
    )
    emitIn(deps, statusEvent(looked))
    return
  }
  if (!config.wait) {
    const detail = await describeCertificate(acm, arn)
    log.info(`wait is false: certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
    emitIn(deps, statusEvent(detail))
    return
  }
  const facts = { timeoutMs: config.timeoutMs, externalDns: config.dnsProvider === 'external' }
  const detail = await run.timed('waitMs', 'Wait for ACM to issue the certificate', () =>
    waitForIssued(acm, arn, {
      ...waitContext(deps, deadline),
      onProgress,
      timeoutHint: (progress) => issueTimeoutHint({ ...facts, progress, preflight: run.preflight.found })
    })
  )
  emitIn(deps, statusEvent(detail))
}

/** The certificate the run goes on with, and what is known of it already. */
interface Found {
  readonly arn: string
  readonly reused: boolean
  /** Reused because it is ISSUED. */
  readonly issued?: boolean
  /** A DescribeCertificate answer just received: the first look for its validation records. */
  readonly seen?: CertificateDetail
}

/** Marks a promise's rejection as handled until someone awaits it (it may settle before anyone does). */
function handled<T>(work: Promise<T>): Promise<T> {
  work.catch(() => undefined)
  return work
}

/** A zone problem found before any request: the same error, saying that nothing was requested. */
function nothingRequested(err: unknown): unknown {
  if (!(err instanceof DnsError)) return err
  return new DnsError(err.message, {
    cause: err,
    hint: `${err.hint ?? ''} No certificate was requested and no record was written.`.trim()
  })
}

/**
 * RequestCertificate with the deterministic token. Within ACM's one-hour idempotency window the same
 * token returns the same certificate, even one that has since FAILED (e.g. CAA_ERROR fixed since), or
 * one reuse just turned down as too close to expiry: such a certificate is never handed back. We ask
 * once more with a token derived from the refused ARN, so parallel re-runs still converge on one new
 * certificate.
 */
async function requestNewCertificate(
  acm: ACMClient,
  spec: CertificateSpec,
  log: Logger,
  now: number
): Promise<{ arn: string; seen?: CertificateDetail }> {
  const arn = await requestCertificate(acm, spec)
  const { refusal, detail } = await whyNotNew(acm, arn, spec, now)
  if (refusal !== undefined) {
    const retry = await requestCertificate(acm, {
      ...spec,
      idempotencyToken: successorToken(spec.idempotencyToken, arn)
    })
    log.info(`Certificate ${arn} for these names ${refusal}; requested a new one: ${retry}`)
    return { arn: retry }
  }
  const kind = spec.certificateAuthorityArn === undefined ? 'certificate' : 'private certificate'
  log.info(`Requested ${kind} ${arn} for ${spec.names.join(', ')}`)
  // The look that found nothing wrong is the first look for the validation records too.
  return detail ? { arn, seen: detail } : { arn }
}

/**
 * Why the certificate RequestCertificate returned is not a usable new one (undefined while ACM can't
 * show it yet), and what DescribeCertificate showed.
 */
async function whyNotNew(
  acm: ACMClient,
  arn: string,
  spec: CertificateSpec,
  now: number
): Promise<{ refusal?: string; detail?: CertificateDetail }> {
  let detail: CertificateDetail
  try {
    detail = await describeCertificate(acm, arn)
  } catch {
    // A brand-new certificate answers ResourceNotFound for a few seconds: it is not a refused one.
    return {}
  }
  const status = detail.Status
  // INACTIVE too: within the idempotency hour the same token hands back the same dead certificate.
  if (status === 'FAILED' || status === 'VALIDATION_TIMED_OUT' || status === 'REVOKED' || status === 'INACTIVE') {
    return { refusal: `is ${status}` }
  }
  const problem = certificateRenewalProblem(detail, minDaysOf(spec), now)
  return problem === undefined ? { detail } : { refusal: `is not reusable (${problem})` }
}

export function successorToken(token: string, failedArn: string): string {
  return createHash('sha256').update(`${token}:${failedArn}`).digest('hex').slice(0, 32)
}
