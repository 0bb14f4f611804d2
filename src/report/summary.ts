// The job summary, from the Outcome: one Region, a table of its names; several, an overview row per
// Region and a table of names each (regions.ts). Pure: builds Markdown; main.ts writes it.
import { DELETED_STATUS, NOT_FOUND_STATUS } from '../constants.js'
import { exportSummary } from '../export/report.js'
import {
  runFacts,
  statusOf,
  type Outcome,
  type PublishedRecord,
  type RegionOutcome,
  type RunError,
  type RunFacts
} from '../run/outcome.js'
import type { DomainProgress } from '../types.js'

/** The job summary of the run: the audit's own, else one table per Region (a list of one: one table). */
export function summaryOf(outcome: Outcome): string {
  const facts = runFacts(outcome)
  const exported = exportSummary(outcome.regions.flatMap((r) => r.exports))
  const main = outcome.regions.length > 1 ? regionsSummaryMarkdown(outcome.regions, facts) : summaryMarkdown(facts)
  return exported ? `${main}\n${exported}` : main
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
export function summaryMarkdown(state: RunFacts): string {
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
export function closingSections(state: Pick<RunFacts, 'records' | 'externalDns' | 'status' | 'findings'>): string[] {
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

function headline(outcomes: readonly RegionOutcome[], runError: RunError | undefined): string {
  const groups = new Map<string, string[]>()
  for (const o of outcomes) {
    const label = o.error ? `${statusOf(o)} (${o.error.title})` : statusOf(o)
    groups.set(label, [...(groups.get(label) ?? []), o.region])
  }
  const statuses = new Set(outcomes.map(statusOf))
  const [only] = statuses
  const icon =
    runError || outcomes.some((o) => o.error) ? '❌' : statuses.size === 1 && only ? (ICONS[only] ?? 'ℹ️') : '⏳'
  const text = [...groups].map(([label, regions]) => `${label} in ${regions.join(', ')}`).join('; ')
  const stopped = runError && !outcomes.some((o) => o.error) ? ` (${runError.title})` : ''
  return `## ${icon} ACM certificates: ${text}${stopped}`
}

/**
 * The job summary of a run over several Regions: a headline per status, each failure, an overview
 * with one row per Region, then one table of names per Region, then the records still to create
 * (written once for all Regions) and the pre-flight findings.
 */
export function regionsSummaryMarkdown(
  outcomes: readonly RegionOutcome[],
  common: Pick<RunFacts, 'names' | 'mode' | 'elapsedMs' | 'records' | 'externalDns' | 'findings' | 'status'> &
    Partial<Pick<RunFacts, 'error'>>
): string {
  const lines = [headline(outcomes, common.error), '']
  // A failure of the whole run (a cancel, the record write) that no Region's outcome already quotes.
  if (common.error && !outcomes.some((o) => o.error)) {
    lines.push(`> **${escapeCell(common.error.message)}**`)
    if (common.error.hint) lines.push('>', `> ${escapeCell(common.error.hint)}`)
    lines.push('')
  }
  for (const o of outcomes) {
    if (!o.error) continue
    lines.push(`> **${o.region}: ${escapeCell(o.error.message)}**`)
    if (o.error.hint) lines.push('>', `> ${escapeCell(o.error.hint)}`)
    lines.push('')
  }
  lines.push('| Region | Certificate ARN | Status | Reused | Expires |', '|---|---|---|---|---|')
  for (const o of outcomes) {
    const status = statusOf(o)
    const reused = o.reused === undefined ? '–' : o.reused ? 'yes' : 'no, newly requested'
    lines.push(
      `| ${o.region} | ${o.certificateArn ? `\`${o.certificateArn}\`` : '–'} | ${`${ICONS[status] ?? ''} ${status}`.trim()} | ${reused} | ${o.notAfter?.toISOString() ?? '–'} |`
    )
  }
  lines.push('')
  const facts: [string, string][] = []
  if (common.mode !== 'request') facts.push(['Mode', common.mode])
  facts.push(['Time', formatDuration(common.elapsedMs)])
  lines.push('| | |', '|---|---|', ...facts.map(([k, v]) => `| ${k} | ${v} |`), '')
  for (const o of outcomes) {
    const table = nameTableLines(common.names, o.records, o.progress)
    if (table.length > 0) lines.push(`### ${o.region}`, '', ...table)
  }
  lines.push(...closingSections(common))
  return lines.join('\n')
}
