// The renewal guard's verdict on one ACME prevalidation, pure (table tests): status VALID, CNAME in
// place and exact, as for a certificate's validation records; and what the audit's outputs, summary
// and failure say about them.
import type { RecordLookup } from '../audit/verdict.js'
import { failureHint } from './decide.js'

export interface PrevalidationFinding {
  readonly code:
    | 'acme-validation-not-valid'
    | 'acme-record-missing'
    | 'acme-record-wrong'
    | 'acme-record-conflict'
    | 'acme-record-no-zone'
    | 'acme-record-unreadable'
    | 'acme-record-repaired'
  /** risk: ACME clients' orders and renewals for the name will fail; fixed: this run repaired it. */
  readonly level: 'risk' | 'fixed'
  readonly message: string
  readonly fix: string
}

export interface PrevalidationFacts {
  readonly endpointArn: string
  readonly domain: string
  readonly arn: string
  readonly status: string
  readonly reason: string | undefined
  readonly route53: RecordLookup
  readonly repaired: boolean
}

export interface PrevalidationCheck extends PrevalidationFacts {
  readonly record: { readonly name: string; readonly value: string } | undefined
  readonly zone: { readonly id: string; readonly name: string } | undefined
  readonly findings: readonly PrevalidationFinding[]
}

const REPAIR = 'Run mode audit with repair: true (or mode acme-endpoint again) to write it back.'

export function judgePrevalidation(facts: PrevalidationFacts): PrevalidationFinding[] {
  const findings: PrevalidationFinding[] = []
  const about = `${facts.domain} (ACME endpoint)`
  if (facts.status !== 'VALID') {
    const why = facts.reason ? `, ${facts.reason}` : ''
    findings.push({
      code: 'acme-validation-not-valid',
      level: 'risk',
      message: `${about}: the prevalidation is ${facts.status}${why}; the endpoint cannot issue for it`,
      fix:
        facts.status === 'INVALID'
          ? `${failureHint(facts.reason)} Then run mode acme-endpoint: it replaces the INVALID validation.`
          : 'Check that public DNS answers its CNAME; run mode acme-endpoint to wait for it.'
    })
  }
  const r = facts.route53
  if (facts.repaired) {
    findings.push({
      code: 'acme-record-repaired',
      level: 'fixed',
      message: `${about}: its CNAME was ${r.state}; this run wrote it back`,
      fix: ''
    })
    return findings
  }
  if (r.state === 'missing')
    findings.push({
      code: 'acme-record-missing',
      level: 'risk',
      message: `${about}: its CNAME is gone from Route 53`,
      fix: REPAIR
    })
  if (r.state === 'wrong')
    findings.push({
      code: 'acme-record-wrong',
      level: 'risk',
      message: `${about}: its CNAME points at ${r.values.join(', ')}`,
      fix: REPAIR
    })
  if (r.state === 'conflict')
    findings.push({
      code: 'acme-record-conflict',
      level: 'risk',
      message: `${about}: records of type ${r.types.join(', ')} sit where its CNAME belongs`,
      fix: 'Their owner must remove them; a repair never deletes anything.'
    })
  if (r.state === 'no-zone' || r.state === 'zone-gone' || r.state === 'error')
    findings.push({
      code: r.state === 'error' ? 'acme-record-unreadable' : 'acme-record-no-zone',
      level: 'risk',
      message: `${about}: its CNAME could not be checked: ${r.reason}`,
      fix: 'Check the DNS role and its zones (hosted-zone-id, zone-overrides) as for mode acme-endpoint.'
    })
  return findings
}

export function atRisk(check: PrevalidationCheck): boolean {
  return check.findings.some((f) => f.level === 'risk')
}

/** The summary's ACME section ('' when there is nothing to show). */
export function prevalidationSummary(checks: readonly PrevalidationCheck[] | undefined): string {
  if (!checks || checks.length === 0) return ''
  const bad = checks.filter(atRisk)
  const lines = [
    `### ACME prevalidations: ${bad.length === 0 ? `all ${checks.length} VALID, CNAMEs in place` : `${bad.length} of ${checks.length} at risk`}`,
    '',
    '| | Name | Status | CNAME in Route 53 | Problem | What to do |',
    '|---|---|---|---|---|---|'
  ]
  for (const c of checks) {
    const worst = c.findings.find((f) => f.level === 'risk') ?? c.findings[0]
    const icon = atRisk(c) ? '⚠️' : '✅'
    lines.push(
      `| ${icon} | ${c.domain} | ${c.status} | ${c.route53.state}${c.repaired ? ' (repaired)' : ''} | ${worst?.message ?? ''} | ${worst?.fix ?? ''} |`
    )
  }
  return `${lines.join('\n')}\n`
}

/** One line per prevalidation at risk, for the step's failure message. */
export function prevalidationFailureLines(checks: readonly PrevalidationCheck[] | undefined): string[] {
  return (checks ?? []).filter(atRisk).map((c) => c.findings.find((f) => f.level === 'risk')?.message ?? c.domain)
}
