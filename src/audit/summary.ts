// The guard's job summary: one line per certificate, worst first, with its worst problem and what to
// do about it, so a person sees at a glance what needs them. The JSON report has every detail.
import { auditTotals, sortCertificates, type AuditedCertificate } from './report.js'
import type { Verdict } from './verdict.js'

const ICON: Record<Verdict, string> = { expired: '⛔ expired', 'at-risk': '⚠️ at risk', ok: '✅ ok' }

export interface SummaryInput {
  readonly region: string
  readonly repair: boolean
  readonly certificates: readonly AuditedCertificate[]
  readonly repairs: readonly { zoneName: string; zoneId: string; records: readonly string[] }[]
  readonly elapsedMs: number
}

/** Markdown table cell: no line breaks, no unescaped pipes. */
export function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

/** `…:certificate/1234abcd-…` → `1234abcd` */
export function shortArn(arn: string): string {
  const id = arn.slice(arn.lastIndexOf('/') + 1)
  return id.split('-')[0] || arn
}

function expires(cert: AuditedCertificate): string {
  const { notAfter } = cert.facts
  const days = cert.verdict.daysLeft
  if (!notAfter || days === undefined) return '—'
  const date = notAfter.toISOString().slice(0, 10)
  return days < 0 ? `${date} (${-days} d ago)` : `${date} (${days} d)`
}

function names(cert: AuditedCertificate): string {
  const all = cert.facts.names.map((n) => n.domain)
  const first = cert.facts.domainName || all[0] || '(no name)'
  const more = all.filter((n) => n !== first).length
  return more > 0 ? `${first} (+${more})` : first
}

/** The worst problem (with a count of the others) and its fix; ok lines say what is worth knowing. */
function problem(cert: AuditedCertificate): { what: string; fix: string } {
  const { findings } = cert.verdict
  const [worst] = findings
  if (!worst || worst.level === 'info' || worst.level === 'fixed') {
    const repaired = findings.filter((f) => f.level === 'fixed').length
    return { what: repaired > 0 ? `repaired ${repaired} validation record(s)` : '—', fix: '—' }
  }
  const serious = findings.filter((f) => f.level === worst.level).length
  const others = serious > 1 ? ` (+${serious - 1} more)` : ''
  return { what: `${worst.message}${others}`, fix: worst.fix || '—' }
}

/** One row per email → DNS migration: its state (UpdateSummary) and what this run did. */
function migrationLines(certs: readonly AuditedCertificate[]): string[] {
  const migrating = certs.filter((c) => c.facts.migration)
  if (migrating.length === 0) return []
  const did = { started: 'started it', continued: 'published its CNAMEs', none: '—' } as const
  return [
    '### Email → DNS migrations',
    '',
    '| Certificate | State | Requested | This run | CNAMEs |',
    '|---|---|---|---|---|',
    ...migrating.map((c) => {
      const m = c.facts.migration as NonNullable<typeof c.facts.migration>
      const run = m.error ? `failed: ${m.error}` : did[m.action]
      const requested = m.requestedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? '—'
      return `| ${cell(names(c))} \`${shortArn(c.facts.arn)}\` | ${m.status} | ${requested} | ${cell(run)} | ${m.records.length} |`
    }),
    ''
  ]
}

export function auditSummaryMarkdown(input: SummaryInput): string {
  const certs = sortCertificates(input.certificates)
  const totals = auditTotals(certs)
  const bad = totals.atRisk + totals.expired
  const headline =
    certs.length === 0
      ? `No certificate to audit in ${input.region}`
      : bad === 0
        ? `All ${certs.length} certificate(s) in ${input.region} will renew`
        : `${bad} of ${certs.length} certificate(s) in ${input.region} need attention (${totals.expired} expired, ${totals.atRisk} at risk)`
  const lines = [`## Renewal guard: ${headline}`, '']
  if (certs.length > 0) {
    lines.push('| Verdict | Certificate | Expires | In use | Problem | What to do |', '|---|---|---|---|---|---|')
    for (const cert of certs) {
      const { what, fix } = problem(cert)
      lines.push(
        `| ${ICON[cert.verdict.verdict]} | ${cell(names(cert))} \`${shortArn(cert.facts.arn)}\` | ${expires(cert)} | ${cert.facts.inUseBy} | ${cell(what)} | ${cell(fix)} |`
      )
    }
    lines.push('')
  }
  lines.push(...migrationLines(certs))
  if (input.repairs.length > 0) {
    const count = input.repairs.reduce((n, r) => n + r.records.length, 0)
    lines.push(
      `Repaired ${count} validation record(s) in ${input.repairs.length} zone(s): ${input.repairs.map((r) => `${r.zoneName} (${r.zoneId}): ${r.records.length}`).join(', ')}.`,
      ''
    )
  } else if (
    !input.repair &&
    certs.some((c) => c.verdict.findings.some((f) => f.code === 'record-missing' || f.code === 'record-wrong'))
  ) {
    lines.push('Missing or wrong validation records can be rewritten by running the guard with `repair: true`.', '')
  }
  lines.push(
    `Checked in ${(input.elapsedMs / 1000).toFixed(1)} s. The report output (and report-file) has every finding.`
  )
  return lines.join('\n') + '\n'
}
