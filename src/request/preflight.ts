// Request mode's pre-flight: CAA for every name and, when the action writes the records, the NS
// delegation of each zone they will go to (the zones of the zone plan the write uses).
import { hostedZoneDelegation } from '../aws/route53.js'
import { Inputs } from '../constants.js'
import { ActionError, PreflightError, errorMessage } from '../errors.js'
import { checkCaa, checkDelegation, type DnsResolver, type Finding } from '../preflight.js'
import type { ZonePlan } from '../zones/plan.js'
import { callContext, type RunDeps } from '../run/deps.js'

/**
 * CAA for every name and, when the action writes the records, NS delegation of each zone they go
 * to: the lookups only, which report nothing (undefined: no checks to run). reportPreflight says
 * what they found, once the run needs it.
 */
export async function preflightFindings(
  deps: RunDeps,
  zones: Promise<ZonePlan> | undefined
): Promise<Finding[] | undefined> {
  const { config, resolver } = deps
  if (config.preflight === 'off' || resolver === undefined || config.certificateAuthorityArn !== undefined) return
  const [caa, delegation] = await Promise.all([
    checkCaa(config.allNames, resolver),
    zones ? delegationFindings(deps, zones, resolver) : Promise.resolve([])
  ])
  return [...caa, ...delegation]
}

/**
 * Problems are warnings, or with preflight: fail, one error before anything is requested; failed
 * lookups are always warnings (the runner's resolver is not the one ACM uses).
 */
export function reportPreflight(deps: RunDeps, findings: readonly Finding[] | undefined): void {
  const { config, log } = deps
  if (findings === undefined) return
  deps.emit?.({ type: 'findings', findings })
  const problems = findings.filter((f) => f.severity === 'problem')
  for (const finding of findings) {
    if (config.preflight === 'fail' && finding.severity === 'problem') continue
    log.warning(
      `${finding.message}\n${finding.hint}`,
      finding.check === 'caa' ? 'Pre-flight CAA check' : 'Pre-flight delegation check'
    )
  }
  if (problems.length === 0) {
    const checks = `CAA${config.dnsProvider === 'route53' ? ' and NS delegation' : ''} for ${config.allNames.join(', ')}`
    log.info(
      findings.length === 0
        ? `Pre-flight checks passed: ${checks}`
        : `Pre-flight checks found no problem, but ${findings.length} lookup(s) failed (see the warnings): ${checks}`
    )
    return
  }
  if (config.preflight === 'fail') {
    const list = problems.map((p) => `- ${p.message}`).join('\n')
    throw new PreflightError(
      `Pre-flight checks found ${problems.length} problem(s), so the action stopped before requesting a ` +
        `certificate or writing any record:\n${list}`,
      { hint: `${problems.map((p) => p.hint).join('\n')}\nTo request anyway, set ${Inputs.Preflight}: warn.` }
    )
  }
}

/** The zones the records will go to (from the zone plan), with their name servers, checked against public DNS. */
async function delegationFindings(deps: RunDeps, zones: Promise<ZonePlan>, resolver: DnsResolver): Promise<Finding[]> {
  const { config, log } = deps
  const calls = callContext(deps)
  let plan: ZonePlan
  try {
    plan = await zones
  } catch {
    // A name without a usable zone fails the run before any request, with its own message.
    return []
  }
  try {
    const delegations = await Promise.all(
      plan
        .targets()
        .map(({ zone, client, nameServers }) =>
          nameServers ? { ...zone, nameServers: [...nameServers] } : hostedZoneDelegation(client, zone.id, calls)
        )
    )
    return await checkDelegation(delegations, resolver)
  } catch (err) {
    log.debug(`Pre-flight delegation check skipped: ${errorMessage(err)}`)
    return [
      {
        check: 'delegation',
        name: config.allNames.join(', '),
        severity: 'unknown',
        message: `Could not check the delegation of the hosted zones: ${errorMessage(err)}`,
        hint:
          err instanceof ActionError && err.hint
            ? err.hint
            : 'This is only a warning; the record write below needs the same permissions.'
      }
    ]
  }
}
