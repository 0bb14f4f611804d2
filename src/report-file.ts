// The JSON audit record of a run, for platform teams that keep one per certificate request: what
// was asked, what was decided and why, what was written where, how long each phase took, how it ended.
// Building it is pure; writing it is one atomic file replace, so a reader never sees half a file.
import { randomBytes } from 'node:crypto'
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { exportReport } from './export/report.js'
import type { RunFacts } from './run/outcome.js'

/** Bump on any change a consumer could notice (a removed or renamed field, a changed meaning). */
export const REPORT_SCHEMA_VERSION = 1

/** What the report needs beyond RunFacts. */
export interface ReportFacts {
  /** When the run started, in ms since the epoch; it ended elapsedMs later. */
  readonly startedAt: number
}

export type ReportInput = RunFacts & ReportFacts

/** Every key is always present (null when unknown), so consumers can rely on the shape. */
export interface ReportDocument {
  schemaVersion: number
  startedAt: string
  endedAt: string
  elapsedMs: number
  /** failure: the step failed (see error); success: it did what was asked (status says how far). */
  outcome: 'success' | 'failure'
  inputs: { names: string[]; region: string | null; keyAlgorithm: string | null }
  certificateArn: string | null
  status: string | null
  reused: boolean | null
  decision: string | null
  notAfter: string | null
  /** hostedZoneId null: a record for the user to create (not written to Route 53 by this run). */
  records: {
    name: string
    type: string
    value: string
    hostedZoneId: string | null
    hostedZoneName: string | null
    domains: string[]
  }[]
  validation: { domain: string; status: string | null }[]
  timings: { findOrRequestMs: number | null; recordsMs: number | null; waitMs: number | null }
  findings: { check: string; name: string; severity: string; message: string; hint: string }[]
  error: { title: string; message: string; hint: string | null } | null
  /** Several Regions: each Region's certificate, in the order of aws-region (the top-level fields are the first's); [] for one. */
  regions: {
    region: string
    certificateArn: string | null
    status: string | null
    reused: boolean | null
    notAfter: string | null
    error: { title: string; message: string; hint: string | null } | null
  }[]
  /** export: true: the charge, each Region's files and serial, or why not exported (never the key); null without export. */
  export: ReturnType<typeof exportReport>
}

export function reportDocument(input: ReportInput): ReportDocument {
  const { timings, error } = input
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    startedAt: new Date(input.startedAt).toISOString(),
    endedAt: new Date(input.startedAt + input.elapsedMs).toISOString(),
    elapsedMs: input.elapsedMs,
    outcome: error ? 'failure' : 'success',
    inputs: { names: [...input.names], region: input.region ?? null, keyAlgorithm: input.keyAlgorithm ?? null },
    certificateArn: input.certificateArn ?? null,
    status: input.status ?? null,
    reused: input.reused ?? null,
    decision: input.decision ?? null,
    notAfter: input.notAfter?.toISOString() ?? null,
    records: input.records.map((r) => ({
      name: r.name,
      type: r.type,
      value: r.value,
      hostedZoneId: r.hostedZoneId ?? null,
      hostedZoneName: r.hostedZoneName ?? null,
      domains: [...r.domains]
    })),
    validation: input.names.map((domain) => ({
      domain,
      status: input.progress.find((p) => p.domain === domain)?.validationStatus ?? null
    })),
    timings: {
      findOrRequestMs: timings.findOrRequestMs ?? null,
      recordsMs: timings.recordsMs ?? null,
      waitMs: timings.waitMs ?? null
    },
    findings: input.findings.map((f) => ({
      check: f.check,
      name: f.name,
      severity: f.severity,
      message: f.message,
      hint: f.hint
    })),
    error: errorOf(error),
    regions: input.regions.map((o) => ({
      region: o.region,
      certificateArn: o.certificateArn ?? null,
      status: o.status ?? null,
      reused: o.reused ?? null,
      notAfter: o.notAfter?.toISOString() ?? null,
      error: errorOf(o.error)
    })),
    export: exportReport(input.regions.flatMap((r) => r.exports))
  }
}

function errorOf(error: ReportInput['error']): ReportDocument['error'] {
  return error ? { title: error.title, message: error.message, hint: error.hint ?? null } : null
}

/** ARNs carry the account as their fifth field: arn:aws:acm:us-east-1:111111111111:certificate/… */
const ARN_ACCOUNT = /(\barn:[\w-]+:[\w-]*:[\w-]*:)\d{12}(?=:)/g

/**
 * mask-aws-account-id: the document with every account id the log masks (`accounts`), and the
 * account of every ARN, written as *** (what the runner shows in the log in their place). Pure.
 */
export function redactAccountIds<T>(doc: T, accounts: Iterable<string>): T {
  const ids = [...accounts].filter((id) => /^\d{12}$/.test(id))
  const redact = (text: string): string =>
    ids.reduce((out, id) => out.replaceAll(id, '***'), text.replace(ARN_ACCOUNT, '$1***'))
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redact(value)
    if (Array.isArray(value)) return value.map(walk)
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, walk(v)]))
    return value
  }
  return walk(doc) as T
}

/** Writes the document as JSON at `path`, creating its directory; replaces any file there atomically. */
export async function writeReportFile(path: string, doc: object): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  // Same directory, so the rename stays on one file system (rename is atomic only there).
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    await writeFile(temp, `${JSON.stringify(doc, null, 2)}\n`, 'utf8')
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
}
