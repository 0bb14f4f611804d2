// Mode audit, the renewal guard: can ACM still renew each certificate by itself? The flow is
// audit/run.ts over the ports of audit-ports.ts; the outputs, summary and failure come from the
// audit it returns (main.ts, audit/outcome.ts). Nothing is written unless repair is asked for.
import type { AuditRun } from '../audit/report.js'
import { auditCertificates } from '../audit/run.js'
import { PENDING_TOO_LONG_MS } from '../audit/verdict.js'
import { auditPorts } from './audit-ports.js'
import { phaseOf, type RunDeps, type RunResult } from './shared.js'

/** ACM calls in flight (each paced under its quota) and zone reads in flight (Route 53: 10 a second). */
const ACM_IN_FLIGHT = 10
const ZONE_READS_IN_FLIGHT = 4

export async function runAudit(deps: RunDeps): Promise<RunResult> {
  const { config, clock } = deps
  const startedAt = clock.now()
  const outcome = await phaseOf(deps)(`Audit the certificates in ${config.region}`, () =>
    auditCertificates(auditPorts(deps), {
      scope: config.auditScope,
      names: config.allNames,
      repair: config.repair,
      pendingTooLongMs: PENDING_TOO_LONG_MS,
      concurrency: ACM_IN_FLIGHT,
      zoneConcurrency: ZONE_READS_IN_FLIGHT
    })
  )
  const elapsedMs = clock.now() - startedAt
  const audit: AuditRun = {
    region: config.region,
    scope: config.auditScope,
    repair: config.repair,
    startedAt,
    elapsedMs,
    certificates: outcome.certificates,
    repairs: outcome.repairs,
    repairErrors: outcome.repairErrors
  }
  const bad = outcome.certificates.filter((c) => c.verdict.verdict !== 'ok').length
  return {
    certificateArn: '',
    status: bad > 0 ? 'AT_RISK' : 'OK',
    reused: undefined,
    names: config.allNames,
    records: [],
    domains: [],
    notAfter: undefined,
    elapsedMs,
    audit
  }
}
