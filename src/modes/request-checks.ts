// Request mode's pre-flight: CAA for every name and, when the action writes the records, the NS
// delegation of each zone they will go to (the zones come from the same zoneFor the write uses).
import { Inputs } from '../constants.js'
import { zoneOverrideForName } from '../decisions/zone-overrides.js'
import { hostedZoneDelegation, noPublicZoneError, type ZoneFinder } from '../aws/route53.js'
import { wildcardBase } from '../domains.js'
import { ActionError, DnsError, PreflightError, errorMessage } from '../errors.js'
import { checkCaa, checkDelegation, type DnsResolver, type Finding, type ZoneDelegation } from '../preflight.js'
import { compare } from '../text.js'
import type { HostedZoneRef } from '../types.js'
import { callContext, type RunDeps } from './shared.js'

/**
 * CAA for every name and, when the action writes the records, NS delegation of each zone they go
 * to. Problems are warnings, or with preflight: fail, one error before anything is requested;
 * failed lookups are always warnings (the runner's resolver is not the one ACM uses).
 */
export async function runPreflightChecks(deps: RunDeps, finder: ZoneFinder | undefined): Promise<void> {
  const { config, log, resolver, hooks = {} } = deps
  if (config.preflight === 'off' || resolver === undefined || config.certificateAuthorityArn !== undefined) return
  const [caa, delegation] = await Promise.all([
    checkCaa(config.allNames, resolver),
    config.dnsProvider === 'route53' ? delegationFindings(deps, finder, resolver) : Promise.resolve([])
  ])
  const findings = [...caa, ...delegation]
  hooks.onFindings?.(findings)
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

/** The zones the records will go to (overrides first), with their name servers, checked against public DNS. */
async function delegationFindings(
  deps: RunDeps,
  finder: ZoneFinder | undefined,
  resolver: DnsResolver
): Promise<Finding[]> {
  const { config, log } = deps
  const calls = callContext(deps)
  const zones = new Map<string, Promise<ZoneDelegation>>()
  const rest: string[] = []
  for (const name of config.allNames) {
    const override = zoneOverrideForName(wildcardBase(name), config.zoneOverrides)
    if (override) {
      const client = override.roleArn === undefined ? deps.route53 : deps.route53ByRole?.get(override.roleArn)
      if (client && !zones.has(override.hostedZoneId))
        zones.set(override.hostedZoneId, hostedZoneDelegation(client, override.hostedZoneId, calls))
    } else {
      rest.push(name)
    }
  }
  try {
    const route53 = deps.route53
    if (rest.length > 0 && route53 && config.hostedZoneId !== undefined) {
      // A pinned zone: its one GetHostedZone gives the name servers (the record write checks the rest).
      const pinned = config.hostedZoneId
      if (!zones.has(pinned)) zones.set(pinned, hostedZoneDelegation(route53, pinned, calls))
    } else if (rest.length > 0 && finder) {
      // The zones the record write will find for these names (and find again in the finder's cache).
      const found: HostedZoneRef[] = []
      const missing: string[] = []
      for (const name of rest) {
        const base = wildcardBase(name)
        const zone = await finder.zoneFor(base, { domains: [name] })
        if (zone.zone) found.push(zone.zone)
        else missing.push(`${base} (validates ${name}${zone.why})`)
      }
      if (missing.length > 0) throw noPublicZoneError(missing)
      found.sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id))
      for (const zone of found)
        if (!zones.has(zone.id)) zones.set(zone.id, hostedZoneDelegation(finder.client, zone.id, calls))
    }
    return await checkDelegation(await Promise.all(zones.values()), resolver)
  } catch (err) {
    // The record write meets the same error with its own message; here it only says the check could not run.
    if (err instanceof DnsError) {
      return [
        { check: 'delegation', name: rest.join(', '), severity: 'problem', message: err.message, hint: err.hint ?? '' }
      ]
    }
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
