// The guard's JSON report (the `report` output and report-file): every certificate, worst first,
// with its facts, each name's record checks, and every finding with what to do. Pure.
import type { PrevalidationCheck } from '../acme/guard-verdict.js'
import { compareCertificates, type CertificateFacts, type CertificateVerdict, type NameFacts } from './verdict.js'

/** Bump on any change a consumer could notice (a removed or renamed field, a changed meaning). */
export const AUDIT_REPORT_SCHEMA_VERSION = 1

export interface AuditedCertificate {
  readonly facts: CertificateFacts
  readonly verdict: CertificateVerdict
}

export interface AuditRun {
  readonly region: string
  /** managed: the certificates this action created (its tag); all: every ACM-issued one. */
  readonly scope: 'managed' | 'all'
  readonly repair: boolean
  readonly startedAt: number
  readonly elapsedMs: number
  readonly certificates: readonly AuditedCertificate[]
  /** Zones whose records were rewritten by repair. */
  readonly repairs: readonly { zoneId: string; zoneName: string; records: readonly string[]; changeId: string }[]
  /** Repairs that failed (the step fails). */
  readonly repairErrors?: readonly { zoneId: string; zoneName: string; message: string }[]
  readonly error?: { title: string; message: string; hint: string | undefined } | undefined
  /** The prevalidations of the action's ACME endpoints (undefined: not checked). */
  readonly acme?: readonly PrevalidationCheck[] | undefined
}

export interface AuditReportDocument {
  schemaVersion: number
  kind: 'renewal-audit'
  /** true in the report output of a fleet too large for one step output (report-file has it all). */
  truncated: boolean
  startedAt: string
  endedAt: string
  elapsedMs: number
  region: string
  scope: 'managed' | 'all'
  repair: boolean
  totals: { certificates: number; ok: number; atRisk: number; expired: number; repairedRecords: number }
  certificates: AuditReportCertificate[]
  repairs: { zoneId: string; zoneName: string; records: string[]; changeId: string }[]
  repairErrors: { zoneId: string; zoneName: string; message: string }[]
  error: { title: string; message: string; hint: string | null } | null
  acmePrevalidations?: readonly PrevalidationCheck[]
}

export interface AuditReportCertificate {
  arn: string
  domainName: string
  names: string[]
  type: string | null
  status: string
  notAfter: string | null
  daysLeft: number | null
  inUseBy: number
  renewalEligibility: string | null
  renewal: { status: string; reason: string | null; updatedAt: string | null } | null
  verdict: 'ok' | 'at-risk' | 'expired'
  findings: { code: string; level: string; subject: string; message: string; fix: string }[]
  validation: AuditReportName[]
  /** ACME: issued through an ACM ACME endpoint; AWS_MANAGED or CUSTOMER_PROVIDED otherwise. */
  keyPairOrigin: string | null
  /** The email → DNS validation migration (UpdateSummary) and this run's part in it. */
  migration: {
    status: string
    action: 'started' | 'continued' | 'none'
    requestedAt: string | null
    updatedAt: string | null
    records: string[]
    error: string | null
  } | null
}

export interface AuditReportName {
  domain: string
  method: string | null
  record: { name: string; type: 'CNAME'; value: string } | null
  zone: { id: string; name: string } | null
  route53: { state: string; values?: string[]; types?: string[]; reason?: string }
  publicDns: { state: string; values?: string[]; reason?: string }
  /** May Amazon issue for the name (CAA)? unchecked: the DNS checks were off. */
  caa: 'ok' | 'forbids' | 'unknown' | 'unchecked'
  /** Does public DNS delegate the name's zone to its Route 53 name servers? no-zone: not in Route 53. */
  delegation: 'ok' | 'broken' | 'unknown' | 'unchecked' | 'no-zone'
  repaired: boolean
}

/** Sorted worst first: expired, at risk, ok. */
export function sortCertificates(certs: readonly AuditedCertificate[]): AuditedCertificate[] {
  return [...certs].sort((a, b) =>
    compareCertificates({ verdict: a.verdict, arn: a.facts.arn }, { verdict: b.verdict, arn: b.facts.arn })
  )
}

export function auditTotals(certs: readonly AuditedCertificate[]): AuditReportDocument['totals'] {
  const count = (v: string): number => certs.filter((c) => c.verdict.verdict === v).length
  return {
    certificates: certs.length,
    ok: count('ok'),
    atRisk: count('at-risk'),
    expired: count('expired'),
    repairedRecords: certs.reduce((n, c) => n + c.verdict.findings.filter((f) => f.level === 'fixed').length, 0)
  }
}

export function auditReportDocument(run: AuditRun): AuditReportDocument {
  return {
    schemaVersion: AUDIT_REPORT_SCHEMA_VERSION,
    kind: 'renewal-audit',
    truncated: false,
    startedAt: new Date(run.startedAt).toISOString(),
    endedAt: new Date(run.startedAt + run.elapsedMs).toISOString(),
    elapsedMs: run.elapsedMs,
    region: run.region,
    scope: run.scope,
    repair: run.repair,
    totals: auditTotals(run.certificates),
    certificates: sortCertificates(run.certificates).map(certificateEntry),
    repairs: run.repairs.map((r) => ({ ...r, records: [...r.records] })),
    repairErrors: (run.repairErrors ?? []).map((e) => ({ ...e })),
    error: run.error ? { title: run.error.title, message: run.error.message, hint: run.error.hint ?? null } : null,
    ...(run.acme && { acmePrevalidations: run.acme })
  }
}

function certificateEntry({ facts, verdict }: AuditedCertificate): AuditReportCertificate {
  const renewal = facts.renewal
  return {
    arn: facts.arn,
    domainName: facts.domainName,
    names: facts.names.map((n) => n.domain),
    type: facts.type ?? null,
    status: facts.status,
    notAfter: facts.notAfter?.toISOString() ?? null,
    daysLeft: verdict.daysLeft ?? null,
    inUseBy: facts.inUseBy,
    renewalEligibility: facts.renewalEligibility ?? null,
    renewal: renewal
      ? { status: renewal.status, reason: renewal.reason ?? null, updatedAt: renewal.updatedAt?.toISOString() ?? null }
      : null,
    verdict: verdict.verdict,
    findings: verdict.findings.map(({ code, level, subject, message, fix }) => ({
      code,
      level,
      subject,
      message,
      fix
    })),
    validation: facts.names.map((name) => nameEntry(name, facts)),
    keyPairOrigin: facts.keyPairOrigin ?? null,
    migration: facts.migration
      ? {
          status: facts.migration.status,
          action: facts.migration.action,
          requestedAt: facts.migration.requestedAt?.toISOString() ?? null,
          updatedAt: facts.migration.updatedAt?.toISOString() ?? null,
          records: [...facts.migration.records],
          error: facts.migration.error ?? null
        }
      : null
  }
}

function nameEntry(name: NameFacts, facts: CertificateFacts): AuditReportName {
  const r = name.route53
  const p = name.publicDns
  const about = (check: 'caa' | 'delegation', subject: string | undefined) =>
    facts.dnsFindings.find((f) => f.check === check && f.name === subject)?.severity
  const caa = about('caa', name.domain)
  const delegation = about('delegation', name.zone?.name)
  return {
    domain: name.domain,
    method: name.method ?? null,
    record: name.record ? { name: name.record.name, type: 'CNAME', value: name.record.value } : null,
    zone: name.zone ? { id: name.zone.id, name: name.zone.name } : null,
    route53: {
      state: r.state,
      ...('values' in r && { values: [...r.values] }),
      ...('types' in r && { types: [...r.types] }),
      ...('reason' in r && { reason: r.reason })
    },
    publicDns: {
      state: p.state,
      ...('values' in p && { values: [...p.values] }),
      ...('reason' in p && { reason: p.reason })
    },
    caa: !facts.dnsChecked ? 'unchecked' : caa === 'problem' ? 'forbids' : caa === 'unknown' ? 'unknown' : 'ok',
    delegation: !name.zone
      ? 'no-zone'
      : !facts.dnsChecked
        ? 'unchecked'
        : delegation === 'problem'
          ? 'broken'
          : delegation === 'unknown'
            ? 'unknown'
            : 'ok',
    repaired: name.repaired ?? false
  }
}
