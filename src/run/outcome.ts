// THE Outcome of a run, built by a pure reducer over the events the run emits (a certificate known,
// its records, its status, a Region failed, the audit, the step failed, …). Each fact is an event the
// moment it is known, so a failure or a cancel later still leaves the Outcome with what was known.
// One Region is a list of one: every Region has its RegionOutcome, in the order of aws-region.
import type { AuditEnd } from '../audit/outcome.js'
import type { ExportEvent } from '../export/events.js'
import type { Mode } from '../constants.js'
import type { Finding } from '../preflight.js'
import type { DomainProgress } from '../types.js'

/** A validation CNAME as reported: with its zone when the action wrote it, without when the user must. */
export interface PublishedRecord {
  readonly name: string
  readonly type: 'CNAME'
  readonly value: string
  readonly hostedZoneId?: string
  readonly hostedZoneName?: string
  readonly domains: readonly string[]
}

/** Milliseconds per phase; a phase the run never reached is absent. */
export interface PhaseTimings {
  readonly findOrRequestMs?: number
  readonly recordsMs?: number
  readonly waitMs?: number
}

/** What went wrong, for the annotation, the summary and the report file. */
export interface RunError {
  readonly title: string
  readonly message: string
  readonly hint: string | undefined
}

/** Where one Region's certificate stands. */
export interface RegionOutcome {
  readonly region: string
  readonly certificateArn: string | undefined
  /** undefined in status and delete modes. */
  readonly reused: boolean | undefined
  readonly status: string | undefined
  /** The certificate's names, primary first, once read from the certificate (status and delete modes). */
  readonly names: readonly string[] | undefined
  /** The records this Region's certificate validates with (with their zone once written). */
  readonly records: readonly PublishedRecord[]
  readonly progress: readonly DomainProgress[]
  readonly notAfter: Date | undefined
  /** Why the certificate was reused or requested (request mode). */
  readonly decision: string | undefined
  readonly timings: PhaseTimings
  /** export: true: the charge, then the export (or why not); [] without export. */
  readonly exports: readonly ExportEvent[]
  /** Why this Region did not end as asked; undefined when it did. */
  readonly error: RunError | undefined
}

/** The one Outcome of a run: what main publishes (outputs, job summary, report file), once. */
export interface Outcome {
  readonly mode: Mode
  /** dns-provider external: the records are for the user to create. */
  readonly externalDns: boolean
  /** The names asked for (from the inputs), primary first; [] before the inputs are read. */
  readonly names: readonly string[]
  readonly keyAlgorithm: string | undefined
  /** Every Region of aws-region, in order; [] before the inputs are read. */
  readonly regions: readonly RegionOutcome[]
  /** The pre-flight findings (one set for all Regions), when the checks ran. */
  readonly findings: readonly Finding[]
  /** Mode audit: its outputs, summary and failure. */
  readonly audit: AuditEnd | undefined
  /** The step's own failure (an input, the identity, a cancel, the one error every Region met). */
  readonly error: RunError | undefined
  readonly elapsedMs: number
}

/** What happened in one Region, as the flows emit it. */
export type RegionEvent =
  | { readonly type: 'certificate'; readonly arn: string; readonly reused: boolean | undefined }
  | { readonly type: 'records'; readonly records: readonly PublishedRecord[] }
  | { readonly type: 'progress'; readonly progress: readonly DomainProgress[] }
  | { readonly type: 'decision'; readonly decision: string }
  | { readonly type: 'phase-time'; readonly phase: keyof PhaseTimings; readonly ms: number }
  /** The certificate as last read: its status, names, per-name validation and expiry. */
  | {
      readonly type: 'status'
      readonly status: string
      readonly names?: readonly string[]
      readonly progress?: readonly DomainProgress[]
      readonly notAfter?: Date | undefined
    }
  | { readonly type: 'region-failed'; readonly error: RunError; readonly status?: string | undefined }
  | { readonly type: 'export'; readonly export: ExportEvent }

export type RunEvent =
  | {
      readonly type: 'started'
      readonly mode: Mode
      readonly externalDns: boolean
      readonly names: readonly string[]
      readonly keyAlgorithm: string
      readonly regions: readonly string[]
    }
  | (RegionEvent & { readonly region: string })
  | { readonly type: 'findings'; readonly findings: readonly Finding[] }
  | { readonly type: 'audited'; readonly audit: AuditEnd }
  | { readonly type: 'failed'; readonly error: RunError }
  | { readonly type: 'ended'; readonly elapsedMs: number }

/** Hears the events of a run. */
export type Emit = (event: RunEvent) => void

/** Before anything is known (the inputs not even read). */
export function startOutcome(): Outcome {
  return {
    mode: 'request',
    externalDns: false,
    names: [],
    keyAlgorithm: undefined,
    regions: [],
    findings: [],
    audit: undefined,
    error: undefined,
    elapsedMs: 0
  }
}

/** A Region where nothing is known yet. */
export function emptyRegionOutcome(region: string): RegionOutcome {
  return {
    region,
    certificateArn: undefined,
    reused: undefined,
    status: undefined,
    names: undefined,
    records: [],
    progress: [],
    notAfter: undefined,
    decision: undefined,
    timings: {},
    exports: [],
    error: undefined
  }
}

/** The Outcome after one more event. Pure. */
export function reduce(outcome: Outcome, event: RunEvent): Outcome {
  switch (event.type) {
    case 'started': {
      const { mode, externalDns, names, keyAlgorithm } = event
      const regions = [...new Set(event.regions)].map(emptyRegionOutcome)
      return { ...outcome, mode, externalDns, names, keyAlgorithm, regions }
    }
    // Each of these events carries one fact of the Outcome under its own name.
    case 'findings':
    case 'audited':
    case 'failed':
    case 'ended':
      return { ...outcome, ...factsOf(event) }
    default:
      return withRegion(outcome, event.region, (r) => reduceRegion(r, event))
  }
}

function reduceRegion(region: RegionOutcome, event: RegionEvent): RegionOutcome {
  switch (event.type) {
    case 'certificate':
      return { ...region, certificateArn: event.arn, reused: event.reused }
    case 'records':
    case 'progress':
    case 'decision':
      return { ...region, ...factsOf(event) }
    case 'phase-time':
      return { ...region, timings: { ...region.timings, [event.phase]: event.ms } }
    case 'status':
      return {
        ...region,
        status: event.status,
        ...(event.names !== undefined && event.names.length > 0 && { names: event.names }),
        ...(event.progress !== undefined && { progress: event.progress }),
        ...('notAfter' in event && { notAfter: event.notAfter })
      }
    case 'region-failed':
      return { ...region, error: event.error, ...(event.status !== undefined && { status: event.status }) }
    case 'export':
      return { ...region, exports: [...region.exports, event.export] }
  }
}

/** An event's facts: the event without its type (and Region). */
function factsOf<E extends { readonly type: string }>(event: E): Omit<E, 'type' | 'region'> {
  const { type: _type, region: _region, ...facts } = event as E & { readonly region?: string }
  return facts
}

/** The Regions with one Region changed (or added at the end). */
function withRegion(outcome: Outcome, name: string, change: (r: RegionOutcome) => RegionOutcome): Outcome {
  const at = outcome.regions.findIndex((r) => r.region === name)
  const regions =
    at < 0
      ? [...outcome.regions, change(emptyRegionOutcome(name))]
      : outcome.regions.map((r, i) => (i === at ? change(r) : r))
  return { ...outcome, regions }
}

/** Every Region's records, each distinct record once (name and value): the validation-records output. */
export function mergedRecords(regions: readonly RegionOutcome[]): PublishedRecord[] {
  const seen = new Map<string, PublishedRecord>()
  for (const record of regions.flatMap((o) => o.records)) {
    const key = `${record.name.toLowerCase()} ${record.value.toLowerCase()}`
    if (!seen.has(key)) seen.set(key, record)
  }
  return [...seen.values()]
}

/** The status word of a Region in headlines and tables: its ACM status, or FAILED when it erred without one. */
export function statusOf(outcome: RegionOutcome): string {
  return outcome.status ?? (outcome.error ? 'FAILED' : 'UNKNOWN')
}

function outcomeLine(outcome: RegionOutcome): string {
  const status = statusOf(outcome)
  const arn = outcome.certificateArn ? ` ${outcome.certificateArn}` : ''
  if (outcome.error) return `${outcome.region}: ${status}${arn}: ${outcome.error.message}`
  return `${outcome.region}: ${status}${arn}${status === 'ISSUED' ? ' (kept)' : ''}`
}

/**
 * Why the step fails, if it does: its own failure, else (several Regions) every Region's outcome
 * in one message when one Region or more erred, else the audit's verdict.
 */
export function failureOf(outcome: Outcome): RunError | undefined {
  return outcome.error ?? regionsFailure(outcome.regions) ?? outcome.audit?.failure
}

/**
 * The step's failure when one Region or more erred: every Region's outcome in one message (the
 * certificates issued elsewhere are kept, and named), and each failing Region's own hint.
 * undefined when no Region erred.
 */
export function regionsFailure(outcomes: readonly RegionOutcome[]): RunError | undefined {
  const failed = outcomes.filter((o) => o.error !== undefined)
  if (failed.length === 0) return undefined
  const title = failed.length === 1 && failed[0]?.error ? failed[0].error.title : 'Certificates failed'
  const message =
    `The certificate did not come through in ${failed.length} of ${outcomes.length} Regions:\n` +
    outcomes.map((o) => `- ${outcomeLine(o)}`).join('\n')
  const hints = failed.flatMap((o) => (o.error?.hint ? [`${o.region}: ${o.error.hint}`] : []))
  const resume =
    'Re-run with the same inputs once the cause is fixed: every Region finds its certificate again ' +
    '(issued ones are reused, pending ones resumed), and no record is written twice.'
  return { title, message, hint: [...hints, resume].join('\n') }
}

/**
 * The run as one certificate's facts, for the one-table summary and the report file: the first
 * Region's certificate (certificate-arn's), the names it holds, every Region's records merged.
 */
export interface RunFacts {
  readonly mode: Mode
  readonly externalDns: boolean
  readonly names: readonly string[]
  readonly region: string | undefined
  readonly certificateArn: string | undefined
  readonly reused: boolean | undefined
  readonly status: string | undefined
  readonly records: readonly PublishedRecord[]
  readonly progress: readonly DomainProgress[]
  readonly notAfter: Date | undefined
  readonly elapsedMs: number
  readonly error: RunError | undefined
  readonly keyAlgorithm: string | undefined
  readonly decision: string | undefined
  readonly findings: readonly Finding[]
  readonly timings: PhaseTimings
  readonly regions: readonly RegionOutcome[]
  readonly audit?: AuditEnd | undefined
}

export function runFacts(outcome: Outcome): RunFacts {
  const first = outcome.regions[0] ?? emptyRegionOutcome('')
  return {
    mode: outcome.mode,
    externalDns: outcome.externalDns,
    names: first.names ?? outcome.names,
    region: outcome.regions[0]?.region,
    certificateArn: first.certificateArn,
    reused: first.reused,
    status: first.status,
    records: mergedRecords(outcome.regions),
    progress: first.progress,
    notAfter: first.notAfter,
    elapsedMs: outcome.elapsedMs,
    error: outcome.error ?? regionsFailure(outcome.regions),
    keyAlgorithm: outcome.keyAlgorithm,
    decision: first.decision,
    findings: outcome.findings,
    timings: first.timings,
    regions: outcome.regions,
    audit: outcome.audit
  }
}
