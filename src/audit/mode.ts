// Mode audit, the renewal guard: can ACM still renew each certificate by itself? The flow is
// run.ts (auditCertificates) over the ports of ports.ts; the outputs, summary and failure come from
// the audited event it emits (audit/outcome.ts, run/outcome.ts). Nothing is written unless repair is asked for.
import type { AuditRun } from './report.js'
import { auditEnd } from './outcome.js'
import { auditCertificates } from './run.js'
import { PENDING_TOO_LONG_MS } from './verdict.js'
import { acmeGuardPorts, guardPrevalidations } from '../acme/guard-ports.js'
import { auditPorts } from './ports.js'
import { emitIn, phaseOf, type RunDeps } from '../run/deps.js'

/** ACM calls in flight (each paced under its quota) and zone reads in flight (Route 53: 10 a second). */
const ACM_IN_FLIGHT = 10
const ZONE_READS_IN_FLIGHT = 4

export async function runAudit(deps: RunDeps): Promise<void> {
  const { config, clock } = deps
  const startedAt = clock.now()
  const ports = auditPorts(deps)
  const outcome = await phaseOf(deps)(`Audit the certificates in ${config.region}`, () =>
    auditCertificates(ports, {
      scope: config.auditScope,
      names: config.allNames,
      repair: config.repair,
      pendingTooLongMs: PENDING_TOO_LONG_MS,
      concurrency: ACM_IN_FLIGHT,
      zoneConcurrency: ZONE_READS_IN_FLIGHT
    })
  )
  const acme = await guardPrevalidations(acmeGuardPorts(deps, ports), config)
  const elapsedMs = clock.now() - startedAt
  const audit: AuditRun = {
    region: config.region,
    scope: config.auditScope,
    repair: config.repair,
    startedAt,
    elapsedMs,
    certificates: outcome.certificates,
    repairs: [...outcome.repairs, ...(acme?.repairs ?? [])],
    repairErrors: [...outcome.repairErrors, ...(acme?.repairErrors ?? [])],
    acme: acme?.checks
  }
  const bad = outcome.certificates.filter((c) => c.verdict.verdict !== 'ok').length
  emitIn(deps, { type: 'status', status: bad > 0 ? 'AT_RISK' : 'OK' })
  deps.emit?.({ type: 'audited', audit: auditEnd(audit, config.failOn) })
}
