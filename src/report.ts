// What the user sees at the end: step outputs and the job summary. Pure: builds strings from the
// run's state; main.ts writes them with @actions/core.
import { DELETED_STATUS, NOT_FOUND_STATUS, Outputs, type Mode } from './constants.js'
import type { AuditEnd } from './audit/outcome.js'
import type { ExportEvent } from './export/events.js'
import type { Finding } from './preflight.js'
import type { PhaseTimings, PublishedRecord } from './modes/shared.js'
import type { DomainProgress } from './types.js'

/** Where one Region's certificate stands; filled in as the run goes, like RunState. */
export interface RegionOutcome {
  readonly region: string
  readonly certificateArn: string | undefined
  readonly reused: boolean | undefined
  readonly status: string | undefined
  /** The records this Region's certificate validates with (with their zone once written). */
  readonly records: readonly PublishedRecord[]
  readonly progress: readonly DomainProgress[]
  readonly notAfter: Date | undefined
  /** Why this Region did not end ISSUED (or as asked); undefined when it did. */
  readonly error: RunError | undefined
}

/** A Region not started yet (or whose start failed before anything was known). */
export function emptyRegionOutcome(region: string): RegionOutcome {
  return { region, ...nothingKnown() }
}

/** What a certificate's run knows before anything happened. */
function nothingKnown(): Omit<RegionOutcome, 'region'> {
  return {
    certificateArn: undefined,
    reused: undefined,
    status: undefined,
    records: [],
    progress: [],
    notAfter: undefined,
    error: undefined
  }
}

/** What went wrong, for the annotation and the summary. */
export interface RunError {
  title: string
  message: string
  hint: string | undefined
}

/** What a run knows so far; filled in as it goes, so a failure or cancel can still report it. */
export interface RunState {
  mode: Mode
  /** dns-provider external: the records are for the user to create. */
  externalDns: boolean
  names: readonly string[]
  region: string | undefined
  certificateArn: string | undefined
  reused: boolean | undefined
  status: string | undefined
  records: readonly PublishedRecord[]
  progress: readonly DomainProgress[]
  notAfter: Date | undefined
  elapsedMs: number
  error: RunError | undefined
  keyAlgorithm: string | undefined
  /** Why the certificate was reused or requested (request mode). */
  decision: string | undefined
  /** Pre-flight findings, when the checks ran. */
  findings: readonly Finding[]
  timings: PhaseTimings
  /** Several Regions: each Region's outcome, in the order of aws-region; empty for one Region. */
  regions: readonly RegionOutcome[]
  /** Mode audit: its outputs, summary and failure, once the audit ran. */
  audit?: AuditEnd | undefined
  /** export: true: the charge and each Region's export (paths and serial only). */
  exports?: readonly ExportEvent[]
}

export function emptyRunState(): RunState {
  return {
    mode: 'request',
    externalDns: false,
    names: [],
    region: undefined,
    ...nothingKnown(),
    elapsedMs: 0,
    keyAlgorithm: undefined,
    decision: undefined,
    findings: [],
    timings: {},
    regions: []
  }
}

/** Step outputs for the state; only the ones known are present. */
export function outputsFor(state: RunState): Record<string, string> {
  const out: Record<string, string> = {}
  if (state.certificateArn) out[Outputs.CertificateArn] = state.certificateArn
  if (state.status) out[Outputs.Status] = state.status
  if (state.reused !== undefined) out[Outputs.Reused] = String(state.reused)
  if (state.names[0]) out[Outputs.DomainName] = state.names[0]
  if (state.records.length > 0) {
    out[Outputs.ValidationRecords] = JSON.stringify(
      state.records.map((r) => ({
        name: r.name,
        type: r.type,
        value: r.value,
        ...(r.hostedZoneId !== undefined && { hostedZoneId: r.hostedZoneId }),
        domains: r.domains
      }))
    )
  }
  if (state.notAfter) out[Outputs.NotAfter] = state.notAfter.toISOString()
  if (state.audit) {
    out[Outputs.Report] = state.audit.report
    out[Outputs.AtRisk] = String(state.audit.atRisk)
  }
  return out
}

export const ICONS: Record<string, string> = {
  ISSUED: '✅',
  PENDING_VALIDATION: '⏳',
  SUCCESS: '✅',
  FAILED: '❌',
  VALIDATION_TIMED_OUT: '❌',
  [DELETED_STATUS]: '🗑️',
  [NOT_FOUND_STATUS]: 'ℹ️'
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`
}

/** The job summary as Markdown: a headline, the facts, and a table with one row per name. */
export function summaryMarkdown(state: RunState): string {
  if (state.audit && !state.error) return state.audit.summary
  const status = state.error && !state.status ? 'FAILED' : (state.status ?? 'UNKNOWN')
  const icon = state.error ? '❌' : (ICONS[status] ?? 'ℹ️')
  const lines: string[] = [
    `## ${icon} ACM certificate: ${state.error ? `${status} (${state.error.title})` : status}`,
    ''
  ]
  if (state.error) {
    lines.push(`> **${escapeCell(state.error.message)}**`)
    if (state.error.hint) lines.push(`>`, `> ${escapeCell(state.error.hint)}`)
    lines.push('')
  }
  const facts: [string, string][] = []
  if (state.certificateArn) facts.push(['Certificate ARN', `\`${state.certificateArn}\``])
  if (state.region) facts.push(['Region', state.region])
  if (state.reused !== undefined)
    facts.push(['Reused', state.reused ? 'yes, an existing certificate' : 'no, newly requested'])
  if (state.notAfter) facts.push(['Expires', state.notAfter.toISOString()])
  if (state.mode !== 'request') facts.push(['Mode', state.mode])
  facts.push(['Time', formatDuration(state.elapsedMs)])
  lines.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '')

  lines.push(...nameTableLines(state.names, state.records, state.progress), ...closingSections(state))
  return lines.join('\n')
}

export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

/** One row per name: its hosted zone, validation record and validation status. */
export function nameTableLines(
  names: readonly string[],
  records: readonly PublishedRecord[],
  progress: readonly DomainProgress[]
): string[] {
  if (names.length === 0) return []
  const lines = ['| Name | Hosted zone | Validation record (CNAME) | Status |', '|---|---|---|---|']
  for (const name of names) {
    const record = records.find((r) => r.domains.includes(name))
    const validation = progress.find((p) => p.domain === name)?.validationStatus
    lines.push(
      `| ${name} | ${record?.hostedZoneId ? `${record.hostedZoneName ?? ''} (${record.hostedZoneId})`.trim() : '–'} | ${
        record ? `\`${record.name}\` → \`${record.value}\`` : '–'
      } | ${validation ? `${ICONS[validation] ?? ''} ${validation}`.trim() : '–'} |`
    )
  }
  lines.push('')
  return lines
}

/** The records still to create (external DNS, or ACM still waiting) and the pre-flight findings. */
export function closingSections(state: Pick<RunState, 'records' | 'externalDns' | 'status' | 'findings'>): string[] {
  const lines: string[] = []
  const toCreate = state.records.filter((r) => r.hostedZoneId === undefined)
  if (toCreate.length > 0 && (state.externalDns || state.status === 'PENDING_VALIDATION')) {
    lines.push(
      state.externalDns ? '### DNS records to create' : '### Validation records ACM is waiting for',
      '',
      'ACM validates these CNAMEs over public DNS. Create them where the names are hosted (if not done yet), and ' +
        'keep them: renewal needs them.',
      '',
      '| Name | Type | Value |',
      '|---|---|---|',
      ...toCreate.map((r) => `| \`${r.name}\` | ${r.type} | \`${r.value}\` |`),
      ''
    )
  }
  if (state.findings.length > 0) {
    lines.push(
      '### Pre-flight findings',
      '',
      '| Check | Name | Finding | What to do |',
      '|---|---|---|---|',
      ...state.findings.map(
        (f) =>
          `| ${f.check === 'caa' ? 'CAA' : 'NS delegation'}${f.severity === 'unknown' ? ' (lookup failed)' : ''} | ` +
          `${f.name} | ${escapeCell(f.message)} | ${escapeCell(f.hint)} |`
      ),
      ''
    )
  }
  return lines
}

/** The notice a successful run ends with when the certificate is not (yet) usable, or nothing was deleted. */
export function noticeFor(
  result: { readonly certificateArn: string; readonly status: string },
  mode: string,
  externalDns: boolean
): { title: string; message: string } | undefined {
  if (mode === 'delete') {
    return result.status === NOT_FOUND_STATUS
      ? { title: 'Nothing deleted', message: 'No certificate to delete was found.' }
      : undefined
  }
  if (result.status === 'ISSUED') return undefined
  const why =
    mode === 'status'
      ? 'this is its status now.'
      : externalDns
        ? 'create the validation CNAMEs listed above at your DNS provider; a later run with the same inputs (or ' +
          'mode: status) picks it up.'
        : 'wait is false, so the step ends here.'
  return {
    title: 'Certificate not issued yet',
    message: `Certificate ${result.certificateArn} is ${result.status}; ${why}`
  }
}
