// What the user sees at the end: step outputs and the job summary. Pure: builds strings from the
// run's state; main.ts writes them with @actions/core.
import { DELETED_STATUS, NOT_FOUND_STATUS, Outputs, type Mode } from './constants.js'
import type { Finding } from './preflight.js'
import type { PhaseTimings, PublishedRecord } from './modes/shared.js'
import type { DomainProgress } from './types.js'

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
  error: { title: string; message: string; hint: string | undefined } | undefined
  keyAlgorithm: string | undefined
  /** Why the certificate was reused or requested (request mode). */
  decision: string | undefined
  /** Pre-flight findings, when the checks ran. */
  findings: readonly Finding[]
  timings: PhaseTimings
}

export function emptyRunState(): RunState {
  return {
    mode: 'request',
    externalDns: false,
    names: [],
    region: undefined,
    certificateArn: undefined,
    reused: undefined,
    status: undefined,
    records: [],
    progress: [],
    notAfter: undefined,
    elapsedMs: 0,
    error: undefined,
    keyAlgorithm: undefined,
    decision: undefined,
    findings: [],
    timings: {}
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
  return out
}

const ICONS: Record<string, string> = {
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

  if (state.names.length > 0) {
    lines.push('| Name | Hosted zone | Validation record (CNAME) | Status |', '|---|---|---|---|')
    for (const name of state.names) {
      const record = state.records.find((r) => r.domains.includes(name))
      const validation = state.progress.find((p) => p.domain === name)?.validationStatus
      lines.push(
        `| ${name} | ${record?.hostedZoneId ? `${record.hostedZoneName ?? ''} (${record.hostedZoneId})`.trim() : '–'} | ${
          record ? `\`${record.name}\` → \`${record.value}\`` : '–'
        } | ${validation ? `${ICONS[validation] ?? ''} ${validation}`.trim() : '–'} |`
      )
    }
    lines.push('')
  }
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
  return lines.join('\n')
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}
