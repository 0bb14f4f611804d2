// Where each name's validation record will go, found from the names alone before anything is
// requested: a name's CNAME `_<token>.<base>.` goes to the zone of its zone-overrides line, else to
// hosted-zone-id, else to the most specific public zone at or above <base>. The lookups run beside
// the reuse lookup, and a name without a usable zone fails the run before RequestCertificate, so no
// pending certificate is left behind. The pre-flight delegation check and the record write use the
// zones found here: nothing is looked up twice.
import type { Route53Client } from '@aws-sdk/client-route-53'
import { outsidePinnedZoneError, pinnedZone, type PinnedZone, type ZoneFinder } from '../aws/route53.js'
import { Inputs } from '../constants.js'
import { zoneOverrideForName } from '../decisions/zone-overrides.js'
import { isWithin, wildcardBase } from '../domains.js'
import { ActionError, DnsError } from '../errors.js'
import type { HostedZoneRef, ValidationRecord, ZoneOverride } from '../types.js'
import { callContext, type RunDeps } from './shared.js'

/** The zone one name's record goes to, and the client (and role) that writes it. */
export interface ZoneTarget {
  readonly zone: HostedZoneRef
  readonly client: Route53Client
  /** A zone-overrides role; undefined: the DNS identity. */
  readonly roleArn: string | undefined
  /** Route 53's name servers for the zone, when GetHostedZone was read anyway (a pinned zone). */
  readonly nameServers?: readonly string[]
}

export interface ZonePlan {
  /** The target of every requested name's record, by wildcard base. */
  readonly byBase: ReadonlyMap<string, ZoneTarget>
  /** The target of an ACM validation record (by the names it validates). */
  targetFor(record: ValidationRecord): ZoneTarget
  /** Each distinct zone and role once, in name order. */
  targets(): ZoneTarget[]
}

/**
 * Finds every name's zone, all at once. Throws one DnsError naming every name without a usable zone
 * (or the first pinned zone that is missing, private or of another name), prefixed with its
 * zone-overrides line when one decided it.
 */
export async function planZones(deps: RunDeps, finder: ZoneFinder | undefined): Promise<ZonePlan> {
  const { config } = deps
  const calls = callContext(deps)
  const clientFor = (roleArn: string | undefined): Route53Client => {
    const client = roleArn === undefined ? deps.route53 : deps.route53ByRole?.get(roleArn)
    if (!client) throw noClientError(roleArn)
    return client
  }
  // One GetHostedZone per pinned zone and role, shared by every name it holds.
  const pinned = new Map<string, Promise<PinnedZone>>()
  const readPinned = (id: string, roleArn: string | undefined): Promise<PinnedZone> => {
    const key = `${id} ${roleArn ?? ''}`
    let zone = pinned.get(key)
    if (!zone) {
      zone = pinnedZone(clientFor(roleArn), id, calls)
      pinned.set(key, zone)
    }
    return zone
  }
  const namesOf = new Map<string, string[]>()
  for (const name of config.allNames) {
    const base = wildcardBase(name)
    namesOf.set(base, [...(namesOf.get(base) ?? []), name])
  }

  const targetOf = async (base: string, names: readonly string[]): Promise<ZoneTarget | string> => {
    const validates = `the validation record of ${base} (validates ${names.join(', ')})`
    const override = zoneOverrideForName(base, config.zoneOverrides)
    const id = override?.hostedZoneId ?? config.hostedZoneId
    if (id !== undefined) {
      const roleArn = override?.roleArn
      try {
        const { zone, nameServers } = await readPinned(id, roleArn)
        if (!isWithin(base, zone.name)) throw outsidePinnedZoneError(zone, [validates])
        return { zone, nameServers, client: clientFor(roleArn), roleArn }
      } catch (err) {
        throw override ? overrideError(err, override) : err
      }
    }
    if (!finder) throw noClientError(undefined)
    const found = await finder.zoneFor(base, { domains: names })
    if (!found.zone) return `${base} (validates ${names.join(', ')}${found.why})`
    return { zone: found.zone, client: finder.client, roleArn: undefined }
  }

  const settled = await Promise.allSettled([...namesOf].map(([base, names]) => targetOf(base, names)))
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (failure) throw failure.reason
  const byBase = new Map<string, ZoneTarget>()
  const missing: string[] = []
  ;[...namesOf.keys()].forEach((base, i) => {
    const outcome = settled[i]
    if (outcome?.status !== 'fulfilled') return
    if (typeof outcome.value === 'string') missing.push(outcome.value)
    else byBase.set(base, outcome.value)
  })
  if (missing.length > 0) throw noZoneInAccountError(missing, deps.dnsAccount, config.dnsRoleToAssume)
  return {
    byBase,
    targetFor(record) {
      const target = byBase.get(wildcardBase(record.domains[0] ?? ''))
      if (!target)
        throw new ActionError(
          `ACM's validation record ${record.name} validates ${record.domains.join(', ')}, which this run did not ask for`,
          {
            hint: 'Nothing was written. This looks like a bug in acm-certificate-action: please report it with the log.'
          }
        )
      return target
    },
    targets() {
      const seen = new Map<string, ZoneTarget>()
      for (const target of byBase.values()) {
        const key = `${target.zone.id} ${target.roleArn ?? ''}`
        if (!seen.has(key)) seen.set(key, target)
      }
      return [...seen.values()]
    }
  }
}

/** A role whose zones the plan needs has no client: a bug, not a user error. */
export function noClientError(roleArn: string | undefined): ActionError {
  return new ActionError(
    `No Route 53 client for ${roleArn ?? 'the DNS identity'}: this is a bug in acm-certificate-action`
  )
}

function overrideError(err: unknown, override: ZoneOverride): unknown {
  if (!(err instanceof DnsError)) return err
  const owner = override.roleArn ? ` and that ${override.roleArn} belongs to the account that owns it` : ''
  return new DnsError(`${Inputs.ZoneOverrides} line ${override.line}: ${err.message}`, {
    cause: err,
    hint: `Check the zone id${owner}. ${err.hint ?? ''}`.trim()
  })
}

/**
 * No public zone for some names: noPublicZoneError's words, naming the account that was searched (the
 * certificate identity's when dns-role-to-assume is not set) and dns-role-to-assume as the way to
 * search another.
 */
function noZoneInAccountError(missing: readonly string[], account: string | undefined, dnsRole: string | undefined) {
  const which = account === undefined ? 'the account' : `account ${account}`
  const where = dnsRole
    ? `${which} of ${Inputs.DnsRoleToAssume} (${dnsRole})`
    : `${which} of the certificate identity (${Inputs.DnsRoleToAssume} is not set)`
  const other = dnsRole
    ? `If the zone is in another account, set ${Inputs.DnsRoleToAssume} to a role in that account instead`
    : `If the zone is in another account, set ${Inputs.DnsRoleToAssume} to a role there`
  return new DnsError(`No public Route 53 hosted zone found in ${where} for: ${missing.join('; ')}.`, {
    hint:
      `${other} (one that may call route53:ListHostedZonesByName and change the zone's records; see docs/iam). ` +
      'Otherwise create a public hosted zone for the domain (or a parent domain) in that account, or set ' +
      `${Inputs.HostedZoneId} to the zone to use.`
  })
}
