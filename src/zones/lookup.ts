// Route 53 zone lookups by the rules of zones/choose.ts: the most specific usable public zone at or
// above a name (one ZoneFinder per run lists each suffix once; the pre-flight check and the record
// write share it), and a zone named by id (hosted-zone-id, a zone-overrides line), which must exist
// and be public. Errors name the zone, the names and what to do.
import type { HostedZone, Route53Client, GetHostedZoneCommandOutput } from '@aws-sdk/client-route-53'
import { getHostedZone, listZonesNamed } from '../aws/route53.js'
import { Inputs } from '../constants.js'
import { limiter } from '../concurrency.js'
import { fromRoute53Name, parentSuffixes } from '../domains.js'
import { DnsError, awsErrorCode, wrapAwsError } from '../errors.js'
import type { CallContext, HostedZoneRef, Logger, ValidationRecord } from '../types.js'
import {
  choosePublicZone,
  cloudMapOwner,
  describeZone,
  publicCloudMapZone,
  stripZoneIdPrefix,
  toZoneRef
} from './choose.js'

/** Zone lookups of one run in flight at once: all of a usual run's at once, never a burst past the account quota. */
const MAX_LOOKUPS_IN_FLIGHT = 8
const SERVICE = 'Route 53'

/** Where a name's validation record goes: its zone, or why there is none (for the error listing them). */
export type ZoneFound = { zone: HostedZoneRef } | { zone?: undefined; why: string }

/** Finds zones through one client, listing each suffix once per run (the pre-flight and the write share it). */
export interface ZoneFinder {
  readonly client: Route53Client
  /**
   * The most specific usable public zone at or above `name`. Throws a DnsError when the choice is
   * not ours to make (two public zones of one name, a public Cloud Map zone on the way up).
   */
  zoneFor(name: string, about: { domains: readonly string[]; record?: ValidationRecord }): Promise<ZoneFound>
}

/**
 * `listed`: the account's zones by exact name, listed beforehand (mode audit lists them all at once
 * when that takes fewer calls than a lookup per name); without it each suffix is looked up once.
 */
export function zoneFinder(
  client: Route53Client,
  ctx: CallContext & { log: Logger },
  listed?: ReadonlyMap<string, HostedZone[]>
): ZoneFinder {
  const listings = new Map<string, Promise<HostedZone[]>>()
  const inFlight = limiter(MAX_LOOKUPS_IN_FLIGHT)
  const zonesNamed = (suffix: string): Promise<HostedZone[]> => {
    let zones = listings.get(suffix)
    if (!zones) {
      zones = listed ? Promise.resolve(listed.get(suffix) ?? []) : inFlight(() => listZonesNamed(client, suffix, ctx))
      listings.set(suffix, zones)
    }
    return zones
  }
  return {
    client,
    async zoneFor(name, about) {
      const subject = about.record ? fromRoute53Name(about.record.name) : name
      const skipped: string[] = []
      const levels = [name, ...parentSuffixes(name)]
      // Every level below the TLD at once (Route 53 hosts no TLD: CreateHostedZone, API Reference), so
      // the walk costs one round trip, not one per label. It asks the same suffixes a walk from the name
      // up would, except the parents above a zone it finds lower down. A lookup whose answer the walk
      // below never reads may fail unheard.
      for (const suffix of levels.slice(0, -1)) zonesNamed(suffix).catch(() => undefined)
      for (const suffix of levels) {
        const zones = await zonesNamed(suffix)
        const choice = choosePublicZone(zones, suffix)
        for (const reason of choice.skipped) ctx.log.debug(`Route 53: skipping ${reason} for ${subject}`)
        skipped.push(...choice.skipped)
        if (choice.ambiguous) throw ambiguousZonesError(suffix, choice.ambiguous, subject, about.domains)
        if (choice.zone) return { zone: toZoneRef(choice.zone) }
        // A PUBLIC zone that Cloud Map owns may be the one public DNS asks: writing the record in a
        // parent zone instead would never validate, so stop and let the user decide.
        const linked = publicCloudMapZone(zones, suffix)
        if (linked) throw cloudMapZoneError(linked, about.domains, about.record)
      }
      const why = skipped.length ? `; only ${skipped.join(' and ')} exists, and ACM validates over public DNS` : ''
      return { why }
    }
  }
}

/**
 * The DnsError for names with no public zone (`missing`: `name (validates ...)` entries), naming the
 * account that was searched: dns-role-to-assume's, else the certificate identity's, the way to
 * search another (dns-role-to-assume) and the way to pin a zone (hosted-zone-id).
 */
export function noPublicZoneError(
  missing: readonly string[],
  searched: { readonly account: string | undefined; readonly dnsRoleToAssume: string | undefined }
): DnsError {
  const { account, dnsRoleToAssume: dnsRole } = searched
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

/** A zone named by id (hosted-zone-id, a zone-overrides line), with the name servers GetHostedZone gave. */
export interface PinnedZone {
  readonly zone: HostedZoneRef
  readonly nameServers: readonly string[]
}

/** GetHostedZone once: the zone must exist in this account and be public, not Cloud Map's. */
export async function pinnedZone(client: Route53Client, hostedZoneId: string, ctx: CallContext): Promise<PinnedZone> {
  const id = stripZoneIdPrefix(hostedZoneId)
  let output: GetHostedZoneCommandOutput
  try {
    output = await getHostedZone(client, id, ctx)
  } catch (err) {
    const code = awsErrorCode(err)
    if (code === 'NoSuchHostedZone' || code === 'InvalidInput') {
      throw new DnsError(`${Inputs.HostedZoneId} ${id}: no such hosted zone in the DNS account (${code}).`, {
        hint:
          'Check the zone id (Route 53 console, "Hosted zone ID") and that the DNS role belongs to the account ' +
          'that owns it.',
        cause: err
      })
    }
    throw wrapAwsError(SERVICE, 'GetHostedZone', err, {
      hint: `Check that the DNS role can call route53:GetHostedZone on hostedzone/${id}.`
    })
  }
  const hostedZone = output.HostedZone
  const choice = choosePublicZone(hostedZone ? [hostedZone] : [], hostedZone?.Name ?? '')
  if (!choice.zone) {
    throw new DnsError(
      `${Inputs.HostedZoneId} ${id} is ${choice.skipped[0] ?? 'not a usable zone'}; ACM validates over public DNS.`,
      { hint: PINNED_ZONE_HINT }
    )
  }
  return { zone: toZoneRef(choice.zone), nameServers: output.DelegationSet?.NameServers ?? [] }
}

const PINNED_ZONE_HINT = `Set ${Inputs.HostedZoneId} to the public hosted zone that serves these names, or leave it empty to find it.`

/** The error for names whose validation records would fall outside a pinned zone (`names`: `name (validates ...)`). */
export function outsidePinnedZoneError(zone: HostedZoneRef, names: readonly string[]): DnsError {
  return new DnsError(
    `${Inputs.HostedZoneId} ${zone.id} is the zone ${zone.name}, which does not contain: ${names.join('; ')}.`,
    { hint: PINNED_ZONE_HINT }
  )
}

function cloudMapZoneError(zone: HostedZone, domains: readonly string[], record?: ValidationRecord): DnsError {
  const elsewhere = record ? `the CNAME ${record.name} → ${record.value}` : 'the validation CNAME'
  return new DnsError(
    `The public hosted zone ${describeZone(zone)} for ${domains.join(', ')} is managed by ${cloudMapOwner(zone)} ` +
      '(Cloud Map); Route 53 refuses writes to it.',
    {
      hint:
        `If public DNS does not delegate ${fromRoute53Name(zone.Name ?? '')} to that zone, pin the parent zone with ` +
        `the ${Inputs.HostedZoneId} input; otherwise create ${elsewhere} where that namespace is managed.`
    }
  )
}

function ambiguousZonesError(
  suffix: string,
  zones: readonly HostedZone[],
  name: string,
  domains: readonly string[]
): DnsError {
  return new DnsError(
    `${zones.length} public hosted zones are named ${suffix} ` +
      `(${zones.map((zone) => toZoneRef(zone).id).join(', ')}); ` +
      `cannot choose one for ${name} (validates ${domains.join(', ')}).`,
    { hint: `Only the zone that the parent domain delegates to answers: set ${Inputs.HostedZoneId} to that zone's id.` }
  )
}
