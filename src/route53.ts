// Route 53 adapter: find the most specific public hosted zone for each validation CNAME, then
// UPSERT each zone's records in one change batch. Zone choice is pure (choosePublicZone); the rest
// is a thin layer of SDK calls with errors that name the record, the zone and what to do.
import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  type GetHostedZoneCommandOutput,
  ListHostedZonesByNameCommand,
  type Change,
  type HostedZone,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { Inputs, VALIDATION_RECORD_TTL } from './constants.js'
import { ActionError, DnsError, awsErrorCode, errorMessage, isTransientAwsError, toAwsApiError } from './errors.js'
import { checkValidationRecord, fromRoute53Name, isWithin, parentSuffixes, toRoute53Name } from './domains.js'
import { patiently, type ReadOptions } from './poll.js'
import { systemClock, type Clock, type HostedZoneRef, type Logger, type ValidationRecord } from './types.js'

export interface ZoneBatch {
  zone: HostedZoneRef
  records: readonly ValidationRecord[]
}

export type { ReadOptions } from './poll.js'

export interface ResolveOptions extends ReadOptions {
  hostedZoneId?: string | undefined
  log: Logger
  /** Zones by exact name, shared across calls of one run (the pre-flight lookup and the record write). */
  zoneCache?: ZoneCache
}

/** Same-name zones per suffix, as listed once. */
export type ZoneCache = Map<string, Promise<HostedZone[]>>

export interface UpsertOptions {
  clock?: Clock
  /** Absolute deadline (clock ms) for absorbing throttling beyond the SDK's retries; default now + 60 s. */
  deadline?: number
  signal?: AbortSignal
}

const SERVICE = 'Route 53'
const UPSERT_DEADLINE_MS = 60_000
const CHANGE_COMMENT = 'acm-certificate-action: UPSERT ACM DNS validation records'

/**
 * Picks the one usable public zone named zoneName from a listing that may hold other names,
 * private twins (split-view DNS) and Cloud Map zones. `skipped` says which same-name zones were
 * passed over and why; `ambiguous` lists public zones that share the name (only one answers).
 */
export function choosePublicZone(
  zones: readonly HostedZone[],
  zoneName: string
): { zone?: HostedZone; skipped: string[]; ambiguous?: HostedZone[] } {
  const wanted = fromRoute53Name(zoneName)
  const skipped: string[] = []
  const usable: HostedZone[] = []
  for (const zone of zones) {
    if (fromRoute53Name(zone.Name ?? '') !== wanted) continue
    if (zone.Config?.PrivateZone) skipped.push(`a private zone ${describeZone(zone)}`)
    else if (zone.LinkedService)
      skipped.push(
        `a zone ${describeZone(zone)} managed by ${zone.LinkedService.ServicePrincipal ?? 'another service'} (Cloud Map)`
      )
    else usable.push(zone)
  }
  if (usable.length > 1) return { skipped, ambiguous: usable }
  const [zone] = usable
  return zone ? { zone, skipped } : { skipped }
}

/** Finds the zone for every record (pinned, or the most specific public one) and groups records by zone. */
export async function resolveHostedZones(
  client: Route53Client,
  records: readonly ValidationRecord[],
  options: ResolveOptions
): Promise<ZoneBatch[]> {
  if (options.hostedZoneId) return [await pinnedZoneBatch(client, records, options.hostedZoneId, options)]

  // Same-name zones per suffix, for this run: SANs sharing a parent cost one lookup.
  const cache: ZoneCache = options.zoneCache ?? new Map()
  const lookup = (suffix: string): Promise<HostedZone[]> => {
    let zones = cache.get(suffix)
    if (!zones) {
      zones = listZonesNamed(client, suffix, options)
      cache.set(suffix, zones)
    }
    return zones
  }

  const batches = new Map<string, { zone: HostedZoneRef; records: ValidationRecord[] }>()
  const missing: string[] = []
  for (const record of records) {
    const name = fromRoute53Name(record.name)
    const skippedForRecord: string[] = []
    let found: HostedZone | undefined
    for (const suffix of parentSuffixes(name)) {
      const choice = choosePublicZone(await lookup(suffix), suffix)
      for (const reason of choice.skipped) options.log.debug(`Route 53: skipping ${reason} for ${name}`)
      skippedForRecord.push(...choice.skipped)
      if (choice.ambiguous) throw ambiguousZonesError(suffix, choice.ambiguous, record)
      found = choice.zone
      if (found) break
      // A PUBLIC zone that Cloud Map owns may be the one public DNS asks: writing the record in a
      // parent zone instead would never validate, so stop and let the user decide.
      const linked = (await lookup(suffix)).find(
        (z) => z.LinkedService && !z.Config?.PrivateZone && fromRoute53Name(z.Name ?? '') === suffix
      )
      if (linked) throw cloudMapZoneError(linked, record)
    }
    if (!found) {
      const onlySkipped = skippedForRecord.length
        ? `; only ${skippedForRecord.join(' and ')} exists, and ACM validates over public DNS`
        : ''
      missing.push(`${name} (validates ${record.domains.join(', ')}${onlySkipped})`)
      continue
    }
    const zone = toZoneRef(found)
    options.log.debug(`Route 53: ${name} goes to zone ${zone.name} (${zone.id})`)
    const batch = batches.get(zone.id) ?? { zone, records: [] }
    batch.records.push(record)
    batches.set(zone.id, batch)
  }
  if (missing.length) {
    throw new DnsError(`No public Route 53 hosted zone found for the validation record(s): ${missing.join('; ')}.`, {
      hint:
        'Create a public hosted zone for the domain (or a parent domain) in the DNS account, or check that the DNS role ' +
        `can call route53:ListHostedZonesByName there. To use a specific zone, set the ${Inputs.HostedZoneId} input.`
    })
  }
  return [...batches.values()].sort((a, b) => compare(a.zone.name, b.zone.name) || compare(a.zone.id, b.zone.id))
}

/**
 * UPSERTs the batch's CNAMEs in ONE ChangeResourceRecordSets call (all or nothing). Throttling
 * that outlives the SDK's retries is absorbed until the deadline by resending the whole batch.
 */
export async function upsertValidationRecords(
  client: Route53Client,
  batch: ZoneBatch,
  requestedNames: readonly string[],
  options: UpsertOptions = {}
): Promise<{ changeId: string }> {
  const { zone, records } = batch
  for (const record of records) {
    const problem =
      checkValidationRecord(record, requestedNames) ??
      (isInsideZone(fromRoute53Name(record.name), zone.name)
        ? undefined
        : `it is not inside the zone ${zone.name} (${zone.id})`)
    if (problem) {
      throw new ActionError(`Refusing to write the record ${record.name} ${record.type} ${record.value}: ${problem}`, {
        hint: 'Only ACM validation CNAMEs for the requested names are ever written; nothing was changed in Route 53.'
      })
    }
  }
  const changes: Change[] = records.map((record) => ({
    Action: 'UPSERT',
    ResourceRecordSet: {
      Name: toRoute53Name(record.name),
      Type: 'CNAME',
      TTL: VALIDATION_RECORD_TTL,
      ResourceRecords: [{ Value: record.value }]
    }
  }))
  const command = new ChangeResourceRecordSetsCommand({
    HostedZoneId: zone.id,
    ChangeBatch: { Comment: CHANGE_COMMENT, Changes: changes }
  })
  const clock = options.clock ?? systemClock
  try {
    const output = await patiently(() => client.send(command), options, {
      deadline: options.deadline ?? clock.now() + UPSERT_DEADLINE_MS,
      phase: 'writing validation records',
      timeoutMessage: (last) =>
        `Route 53 kept refusing the change batch for zone ${zone.name} (${zone.id}) as busy or throttled: ${last}`,
      timeoutHint:
        'Re-run the job: the UPSERT is idempotent. If it persists, look for other jobs writing to this zone at the same time.',
      absorbs: isTransientAwsError
    })
    return { changeId: (output.ChangeInfo?.Id ?? '').replace(/^\/change\//, '') }
  } catch (err) {
    if (options.signal?.aborted) throw err
    throw changeError(err, batch)
  }
}

const readHint =
  'Re-run the job. If it persists, run fewer jobs at once in this DNS account (Route 53 allows 10 requests per second per account).'

/** The zone's name and Route 53 name servers (GetHostedZone DelegationSet; none for a private zone). */
export async function hostedZoneDelegation(
  client: Route53Client,
  hostedZoneId: string,
  options: ReadOptions = {}
): Promise<{ id: string; name: string; nameServers: string[] }> {
  const id = stripPrefix(hostedZoneId, '/hostedzone/')
  try {
    const output = await getHostedZone(client, id, options)
    return {
      id,
      name: fromRoute53Name(output.HostedZone?.Name ?? ''),
      nameServers: output.DelegationSet?.NameServers ?? []
    }
  } catch (err) {
    throw toAwsApiError(
      SERVICE,
      'GetHostedZone',
      err,
      `Check that the DNS role can call route53:GetHostedZone on hostedzone/${id}.`
    )
  }
}

function getHostedZone(client: Route53Client, id: string, options: ReadOptions): Promise<GetHostedZoneCommandOutput> {
  return patiently(() => client.send(new GetHostedZoneCommand({ Id: id })), options, {
    phase: 'reading the hosted zone',
    timeoutMessage: (last) => `Route 53 kept throttling GetHostedZone for ${id}: ${last}`,
    timeoutHint: readHint
  })
}

/** GetHostedZone once; the pinned zone must be public, not Cloud Map's, and hold every record. */
async function pinnedZoneBatch(
  client: Route53Client,
  records: readonly ValidationRecord[],
  hostedZoneId: string,
  options: ReadOptions
): Promise<ZoneBatch> {
  const id = stripPrefix(hostedZoneId, '/hostedzone/')
  let hostedZone: HostedZone | undefined
  try {
    hostedZone = (await getHostedZone(client, id, options)).HostedZone
  } catch (err) {
    const code = awsErrorCode(err)
    if (code === 'NoSuchHostedZone' || code === 'InvalidInput') {
      throw new DnsError(`${Inputs.HostedZoneId} ${id}: no such hosted zone in the DNS account (${code}).`, {
        hint: 'Check the zone id (Route 53 console, "Hosted zone ID") and that the DNS role belongs to the account that owns it.',
        cause: err
      })
    }
    throw toAwsApiError(
      SERVICE,
      'GetHostedZone',
      err,
      `Check that the DNS role can call route53:GetHostedZone on hostedzone/${id}.`
    )
  }
  const zoneHint = `Set ${Inputs.HostedZoneId} to the public hosted zone that serves these names, or leave it empty to find it.`
  const choice = choosePublicZone(hostedZone ? [hostedZone] : [], hostedZone?.Name ?? '')
  if (!choice.zone) {
    throw new DnsError(
      `${Inputs.HostedZoneId} ${id} is ${choice.skipped[0] ?? 'not a usable zone'}; ACM validates over public DNS.`,
      {
        hint: zoneHint
      }
    )
  }
  const zone = toZoneRef(choice.zone)
  const outside = records.filter((record) => !isInsideZone(fromRoute53Name(record.name), zone.name))
  if (outside.length) {
    const names = outside.map((record) => `${fromRoute53Name(record.name)} (validates ${record.domains.join(', ')})`)
    throw new DnsError(
      `${Inputs.HostedZoneId} ${id} is the zone ${zone.name}, which does not contain: ${names.join('; ')}.`,
      {
        hint: zoneHint
      }
    )
  }
  return { zone, records }
}

/**
 * All zones named exactly `suffix`. DNSName is a start point, not a filter: the listing runs on
 * through later names in reversed-label order, so keep exact matches and page on only while the
 * next page still starts at this name (same-name zones can span pages).
 */
async function listZonesNamed(client: Route53Client, suffix: string, options: ReadOptions): Promise<HostedZone[]> {
  const dnsName = toRoute53Name(suffix)
  const matches: HostedZone[] = []
  let page: { DNSName: string; HostedZoneId?: string } = { DNSName: dnsName }
  for (;;) {
    let output
    try {
      const input = { ...page, MaxItems: 100 }
      output = await patiently(() => client.send(new ListHostedZonesByNameCommand(input)), options, {
        phase: 'finding the hosted zone',
        timeoutMessage: (last) => `Route 53 kept throttling ListHostedZonesByName for ${suffix}: ${last}`,
        timeoutHint: readHint
      })
    } catch (err) {
      throw toAwsApiError(
        SERVICE,
        'ListHostedZonesByName',
        err,
        `Finding the hosted zone for ${suffix} failed: check that the DNS role can call route53:ListHostedZonesByName in the DNS account.`
      )
    }
    matches.push(...(output.HostedZones ?? []).filter((zone) => fromRoute53Name(zone.Name ?? '') === suffix))
    const next = output.NextDNSName
    if (!output.IsTruncated || !next || fromRoute53Name(next) !== suffix) return matches
    page = output.NextHostedZoneId ? { DNSName: next, HostedZoneId: output.NextHostedZoneId } : { DNSName: next }
  }
}

function changeError(err: unknown, { zone, records }: ZoneBatch): ActionError {
  const code = awsErrorCode(err)
  const inZone = `zone ${zone.name} (${zone.id})`
  if (code === 'InvalidChangeBatch') {
    const message = errorMessage(err)
    const named = records.filter((record) => message.includes(fromRoute53Name(record.name)))
    const names = (named.length ? named : records).map((record) => fromRoute53Name(record.name)).join(', ')
    return new DnsError(`Route 53 rejected the validation CNAME(s) ${names} in ${inZone}: ${message}`, {
      hint:
        'A record of another type (or a conflicting record) already exists at that name. Its owner must remove it; ' +
        'this action only UPSERTs CNAMEs and never deletes anything.',
      cause: err
    })
  }
  if (code === 'NoSuchHostedZone') {
    return new DnsError(
      `The hosted ${inZone} no longer exists (NoSuchHostedZone) while writing ${records.length} validation record(s).`,
      {
        hint: `Re-run the job to find the zone again, or fix ${Inputs.HostedZoneId}.`,
        cause: err
      }
    )
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return toAwsApiError(
      SERVICE,
      'ChangeResourceRecordSets',
      err,
      `The DNS role needs route53:ChangeResourceRecordSets on hostedzone/${zone.id}, and its conditions must allow ` +
        'record type CNAME, action UPSERT and the validation record names (see docs/iam). ' +
        'A zone managed by Cloud Map cannot be written at all.'
    )
  }
  return toAwsApiError(SERVICE, 'ChangeResourceRecordSets', err, `Writing validation records to ${inZone} failed.`)
}

function cloudMapZoneError(zone: HostedZone, record: ValidationRecord): DnsError {
  return new DnsError(
    `The public hosted zone ${describeZone(zone)} for ${record.domains.join(', ')} is managed by ${zone.LinkedService?.ServicePrincipal ?? 'another service'} (Cloud Map); Route 53 refuses writes to it.`,
    {
      hint:
        `If public DNS does not delegate ${fromRoute53Name(zone.Name ?? '')} to that zone, pin the parent zone with the ${Inputs.HostedZoneId} input; ` +
        `otherwise create the CNAME ${record.name} → ${record.value} where that namespace is managed.`
    }
  )
}

function ambiguousZonesError(name: string, zones: readonly HostedZone[], record: ValidationRecord): DnsError {
  return new DnsError(
    `${zones.length} public hosted zones are named ${name} (${zones.map((zone) => toZoneRef(zone).id).join(', ')}); ` +
      `cannot choose one for ${fromRoute53Name(record.name)} (validates ${record.domains.join(', ')}).`,
    { hint: `Only the zone that the parent domain delegates to answers: set ${Inputs.HostedZoneId} to that zone's id.` }
  )
}

/** Inside the zone, never at its apex (a CNAME cannot sit at a zone apex). */
function isInsideZone(name: string, zoneName: string): boolean {
  return name !== zoneName && isWithin(name, zoneName)
}

function toZoneRef(zone: HostedZone): HostedZoneRef {
  return { id: stripPrefix(zone.Id ?? '', '/hostedzone/'), name: fromRoute53Name(zone.Name ?? '') }
}

function describeZone(zone: HostedZone): string {
  const { id, name } = toZoneRef(zone)
  return `${name} (${id})`
}

function stripPrefix(value: string, prefix: string): string {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
