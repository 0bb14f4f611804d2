// Where each name's validation record goes, by THE zone rule (rule.ts): its zone-overrides line's
// zone, else hosted-zone-id, else the most specific public zone at or above the name. Every mode
// places records here: request mode plans its names' zones before anything is requested (a name
// without a usable zone fails the run before RequestCertificate, and the pre-flight delegation
// check and the record write use the zones found here), the audit places each certificate's
// records. A zone named by id that does not exist (or is not public) fails the run in every mode.
import type { Route53Client } from '@aws-sdk/client-route-53'
import { Inputs } from '../constants.js'
import { wildcardBase, isWithin } from '../domains.js'
import { ActionError, DnsError } from '../errors.js'
import type { CallContext, HostedZoneRef, ValidationRecord, ZoneOverride } from '../types.js'
import { noPublicZoneError, outsidePinnedZoneError, pinnedZone, type PinnedZone, type ZoneFinder } from './lookup.js'
import { zoneRule, type ZoneInputs } from './rule.js'

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

/** The Route 53 clients a zone may be written with: the DNS identity's and one per zone-overrides role. */
export interface ZoneClients {
  readonly route53?: Route53Client | undefined
  readonly route53ByRole?: ReadonlyMap<string, Route53Client> | undefined
  /** The account the DNS identity's client acts in, for messages (undefined: not known). */
  readonly dnsAccount?: string | undefined
}

/** No zone for a name: why (for the list of such names), and the error to fail with when it is the user's pin. */
export interface NoZone {
  readonly why: string
  readonly error?: DnsError
}

/** Places names by the rule: each zone named by id is read once (GetHostedZone), shared by every name it holds. */
export interface ZoneLocator {
  /**
   * The target of the record of `base` (which validates `names`), or why there is none. Throws when
   * a zone named by id is missing, private or Cloud Map's, or a lookup is not ours to decide.
   */
  targetOf(base: string, names: readonly string[]): Promise<ZoneTarget | NoZone>
}

export function zoneLocator(
  inputs: ZoneInputs,
  clients: ZoneClients,
  finder: ZoneFinder | undefined,
  calls: CallContext
): ZoneLocator {
  const clientFor = (roleArn: string | undefined): Route53Client => {
    const client = roleArn === undefined ? clients.route53 : clients.route53ByRole?.get(roleArn)
    if (!client) throw noClientError(roleArn)
    return client
  }
  const pinned = new Map<string, Promise<PinnedZone>>()
  const readPinned = (id: string, roleArn: string | undefined): Promise<PinnedZone> => {
    const key = `${id} ${roleArn ?? ''}`
    const zone = pinned.get(key) ?? pinnedZone(clientFor(roleArn), id, calls)
    pinned.set(key, zone)
    return zone
  }
  return {
    async targetOf(base, names) {
      const rule = zoneRule(base, inputs)
      if (rule.kind === 'lookup') {
        if (!finder) throw noClientError(undefined)
        const found = await finder.zoneFor(base, { domains: names })
        if (!found.zone) return { why: `${base} (validates ${names.join(', ')}${found.why})` }
        return { zone: found.zone, client: finder.client, roleArn: undefined }
      }
      const { hostedZoneId, roleArn, override } = rule
      const { zone, nameServers } = await readPinned(hostedZoneId, roleArn).catch((err: unknown) => {
        throw override ? overrideError(err, override) : err
      })
      if (isWithin(base, zone.name)) return { zone, nameServers, client: clientFor(roleArn), roleArn }
      const outside = outsidePinnedZoneError(zone, [`the validation record of ${base} (validates ${names.join(', ')})`])
      const error = override ? overrideError(outside, override) : outside
      return { why: error instanceof Error ? error.message : String(error), error: error as DnsError }
    }
  }
}

/**
 * Finds every name's zone, all at once. Throws one DnsError naming every name without a usable zone
 * (or the first pinned zone that is missing, private or of another name), prefixed with its
 * zone-overrides line when one decided it.
 */
export async function planZones(
  inputs: ZoneInputs & { readonly allNames: readonly string[]; readonly dnsRoleToAssume?: string | undefined },
  clients: ZoneClients,
  finder: ZoneFinder | undefined,
  calls: CallContext
): Promise<ZonePlan> {
  const locator = zoneLocator(inputs, clients, finder, calls)
  const namesOf = new Map<string, string[]>()
  for (const name of inputs.allNames) {
    const base = wildcardBase(name)
    namesOf.set(base, [...(namesOf.get(base) ?? []), name])
  }
  const settled = await Promise.allSettled([...namesOf].map(([base, names]) => locator.targetOf(base, names)))
  const byBase = new Map<string, ZoneTarget>()
  const missing: string[] = []
  for (const [i, base] of [...namesOf.keys()].entries()) {
    const outcome = settled[i]
    if (outcome?.status === 'rejected') throw outcome.reason
    if (outcome === undefined) continue
    if ('zone' in outcome.value) byBase.set(base, outcome.value)
    else if (outcome.value.error) throw outcome.value.error
    else missing.push(outcome.value.why)
  }
  if (missing.length > 0)
    throw noPublicZoneError(missing, { account: clients.dnsAccount, dnsRoleToAssume: inputs.dnsRoleToAssume })
  return zonePlan(byBase)
}

function zonePlan(byBase: ReadonlyMap<string, ZoneTarget>): ZonePlan {
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
