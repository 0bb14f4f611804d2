// What the user sees of a run over several Regions (issue 14): the JSON outputs keyed by Region,
// per-Region progress lines, the failure that names every Region's outcome, and a job summary with
// one table per Region. Pure: builds strings; main.ts writes them. One Region never comes here: it
// keeps the outputs and summary of report.ts exactly.
import { acmeOutputs, acmeSummaryMarkdown } from './acme/report.js'
import { Outputs } from './constants.js'
import {
  ICONS,
  closingSections,
  escapeCell,
  formatDuration,
  nameTableLines,
  outputsFor,
  summaryMarkdown,
  type RegionOutcome,
  type RunError,
  type RunState
} from './report.js'

/**
 * certificate-arns and statuses: JSON objects keyed by Region, in the order of aws-region, with the
 * Regions known so far (always set, `{}` at worst, so `fromJSON` never meets an empty string).
 * certificate-arn and status stay, for the first Region's certificate.
 */
export function regionsOutputs(outcomes: readonly RegionOutcome[]): Record<string, string> {
  const byRegion = (pick: (o: RegionOutcome) => string | undefined): string =>
    JSON.stringify(
      Object.fromEntries(
        outcomes.flatMap((o) => {
          const value = pick(o)
          return value === undefined ? [] : [[o.region, value]]
        })
      )
    )
  const out: Record<string, string> = {
    [Outputs.CertificateArns]: byRegion((o) => o.certificateArn),
    [Outputs.Statuses]: byRegion((o) => o.status)
  }
  const [first] = outcomes
  if (first?.certificateArn) out[Outputs.CertificateArn] = first.certificateArn
  if (first?.status) out[Outputs.Status] = first.status
  return out
}

/** The status word of a Region in headlines and tables: its ACM status, or FAILED when it erred without one. */
function statusOf(outcome: RegionOutcome): string {
  return outcome.status ?? (outcome.error ? 'FAILED' : 'UNKNOWN')
}

function outcomeLine(outcome: RegionOutcome): string {
  const status = statusOf(outcome)
  const arn = outcome.certificateArn ? ` ${outcome.certificateArn}` : ''
  if (outcome.error) return `${outcome.region}: ${status}${arn}: ${outcome.error.message}`
  return `${outcome.region}: ${status}${arn}${status === 'ISSUED' ? ' (kept)' : ''}`
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
  common: Pick<RunState, 'names' | 'mode' | 'elapsedMs' | 'records' | 'externalDns' | 'findings' | 'status'> &
    Partial<Pick<RunState, 'error'>>
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

/** The outcomes with one Region's replaced (or added at the end). */
export function withOutcome(outcomes: readonly RegionOutcome[], outcome: RegionOutcome): RegionOutcome[] {
  const at = outcomes.findIndex((o) => o.region === outcome.region)
  return at < 0 ? [...outcomes, outcome] : outcomes.map((o, i) => (i === at ? outcome : o))
}

/** Every Region's records, each distinct record once (name and value): the validation-records output. */
export function mergedRecords(outcomes: readonly RegionOutcome[]): RunState['records'] {
  const seen = new Map<string, RunState['records'][number]>()
  for (const record of outcomes.flatMap((o) => o.records)) {
    const key = `${record.name.toLowerCase()} ${record.value.toLowerCase()}`
    if (!seen.has(key)) seen.set(key, record)
  }
  return [...seen.values()]
}

/** Every step output of the run at its end: the certificate's, each Region's, the ACME endpoint's. */
export function finalOutputs(state: RunState): Record<string, string> {
  return {
    ...outputsFor(state),
    ...(state.regions.length > 0 && regionsOutputs(state.regions)),
    ...(state.acme && acmeOutputs(state.acme))
  }
}

/** The job summary of the run: the ACME endpoint's, a table per Region, or the certificate's. */
export function finalSummary(state: RunState): string {
  if (state.acme) return acmeSummaryMarkdown(state.acme, state.error)
  return state.regions.length > 0 ? regionsSummaryMarkdown(state.regions, state) : summaryMarkdown(state)
}
