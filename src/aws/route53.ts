// Route 53 lookups: the most specific public hosted zone for a name (zoneFor, shared by the pre-flight
// check and the record write through one per-run ZoneFinder), a pinned zone, a zone's name servers.
// The zone choice itself is pure (decisions/zones.ts); the writes are in route53-write.ts. A thin layer
// of SDK calls with errors that name the record, the zone and what to do.
import {
  GetHostedZoneCommand,
  type GetHostedZoneCommandOutput,
  ListHostedZonesByNameCommand,
  type HostedZone,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { Inputs } from '../constants.js'
import {
  choosePublicZone,
  cloudMapOwner,
  describeZone,
  isInsideZone,
  publicCloudMapZone,
  stripZoneIdPrefix,
  toZoneRef
} from '../decisions/zones.js'
import { fromRoute53Name, parentSuffixes, toRoute53Name } from '../domains.js'
import { DnsError, awsErrorCode, wrapAwsError } from '../errors.js'
import { limiter } from '../concurrency.js'
import { patiently } from '../poll.js'
import { compare } from '../text.js'
import type { CallContext, HostedZoneRef, Logger, ValidationRecord } from '../types.js'
import type { ZoneBatch } from './route53-write.js'

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

export type ResolveContext = CallContext & {
  log: Logger
  /** hosted-zone-id: every record goes to this zone. */
  hostedZoneId?: string | undefined
  /** The run's finder, so zones looked up before are not listed again; default: a new one. */
  finder?: ZoneFinder | undefined
}

const SERVICE = 'Route 53'
/** Zone lookups of one run in flight at once: all of a usual run's at once, never a burst past the account quota. */
const MAX_LOOKUPS_IN_FLIGHT = 8

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
 * The DnsError for names with no public zone: `missing` are `name (validates ...)` entries, `what`
 * says what they are ("the validation record(s)"; none for the names themselves).
 */
export function noPublicZoneError(missing: readonly string[], what?: string): DnsError {
  const found = `No public Route 53 hosted zone found for${what === undefined ? '' : ` ${what}`}`
  return new DnsError(`${found}: ${missing.join('; ')}.`, {
    hint:
      'Create a public hosted zone for the domain (or a parent domain) in the DNS account, or check that the DNS ' +
      'role ' +
      `can call route53:ListHostedZonesByName there. To use a specific zone, set the ${Inputs.HostedZoneId} input.`
  })
}

/** Finds the zone for every record (pinned, or the most specific public one) and groups records by zone. */
export async function resolveHostedZones(
  client: Route53Client,
  records: readonly ValidationRecord[],
  ctx: ResolveContext
): Promise<ZoneBatch[]> {
  if (ctx.hostedZoneId) return [await pinnedZoneBatch(client, records, ctx.hostedZoneId, ctx)]
  const finder = ctx.finder ?? zoneFinder(client, ctx)
  const batches = new Map<string, { zone: HostedZoneRef; records: ValidationRecord[] }>()
  const missing: string[] = []
  for (const record of records) {
    const name = fromRoute53Name(record.name)
    // The record `_<token>.<name>` goes in the zone of <name> or above it.
    const found = await finder.zoneFor(parentSuffixes(name)[0] ?? name, { domains: record.domains, record })
    if (!found.zone) {
      missing.push(`${name} (validates ${record.domains.join(', ')}${found.why})`)
      continue
    }
    const zone = found.zone
    ctx.log.debug(`Route 53: ${name} goes to zone ${zone.name} (${zone.id})`)
    const batch = batches.get(zone.id) ?? { zone, records: [] }
    batch.records.push(record)
    batches.set(zone.id, batch)
  }
  if (missing.length) throw noPublicZoneError(missing, 'the validation record(s)')
  return [...batches.values()].sort((a, b) => compare(a.zone.name, b.zone.name) || compare(a.zone.id, b.zone.id))
}

const readHint =
  'Re-run the job. If it persists, run fewer jobs at once in this DNS account (Route 53 allows 10 requests per ' +
  'second per account).'

/** The zone's name and Route 53 name servers (GetHostedZone DelegationSet; none for a private zone). */
export async function hostedZoneDelegation(
  client: Route53Client,
  hostedZoneId: string,
  ctx: CallContext = {}
): Promise<{ id: string; name: string; nameServers: string[] }> {
  const id = stripZoneIdPrefix(hostedZoneId)
  try {
    const output = await getHostedZone(client, id, ctx)
    return {
      id,
      name: fromRoute53Name(output.HostedZone?.Name ?? ''),
      nameServers: output.DelegationSet?.NameServers ?? []
    }
  } catch (err) {
    throw wrapAwsError(SERVICE, 'GetHostedZone', err, {
      hint: `Check that the DNS role can call route53:GetHostedZone on hostedzone/${id}.`
    })
  }
}

function getHostedZone(client: Route53Client, id: string, ctx: CallContext): Promise<GetHostedZoneCommandOutput> {
  return patiently(() => client.send(new GetHostedZoneCommand({ Id: id })), ctx, {
    phase: 'reading the hosted zone',
    timeoutMessage: (last) => `Route 53 kept throttling GetHostedZone for ${id}: ${last}`,
    timeoutHint: readHint
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

/** The pinned zone must hold every record. */
async function pinnedZoneBatch(
  client: Route53Client,
  records: readonly ValidationRecord[],
  hostedZoneId: string,
  ctx: CallContext
): Promise<ZoneBatch> {
  const { zone } = await pinnedZone(client, hostedZoneId, ctx)
  const outside = records.filter((record) => !isInsideZone(fromRoute53Name(record.name), zone.name))
  if (outside.length) {
    const names = outside.map((record) => `${fromRoute53Name(record.name)} (validates ${record.domains.join(', ')})`)
    throw outsidePinnedZoneError(zone, names)
  }
  return { zone, records }
}

/**
 * All zones named exactly `suffix`. DNSName is a start point, not a filter: the listing runs on
 * through later names in reversed-label order, so keep exact matches and page on only while the
 * next page still starts at this name (same-name zones can span pages).
 */
async function listZonesNamed(client: Route53Client, suffix: string, ctx: CallContext): Promise<HostedZone[]> {
  const dnsName = toRoute53Name(suffix)
  const matches: HostedZone[] = []
  let page: { DNSName: string; HostedZoneId?: string } = { DNSName: dnsName }
  for (;;) {
    let output
    try {
      const input = { ...page, MaxItems: 100 }
      output = await patiently(() => client.send(new ListHostedZonesByNameCommand(input)), ctx, {
        phase: 'finding the hosted zone',
        timeoutMessage: (last) => `Route 53 kept throttling ListHostedZonesByName for ${suffix}: ${last}`,
        timeoutHint: readHint
      })
    } catch (err) {
      throw wrapAwsError(SERVICE, 'ListHostedZonesByName', err, {
        hint:
          `Finding the hosted zone for ${suffix} failed: check that the DNS role can call ` +
          `route53:ListHostedZonesByName in the DNS account.`
      })
    }
    matches.push(...(output.HostedZones ?? []).filter((zone) => fromRoute53Name(zone.Name ?? '') === suffix))
    const next = output.NextDNSName
    if (!output.IsTruncated || !next || fromRoute53Name(next) !== suffix) return matches
    page = output.NextHostedZoneId ? { DNSName: next, HostedZoneId: output.NextHostedZoneId } : { DNSName: next }
  }
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
