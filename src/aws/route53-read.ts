// Route 53 reads of the renewal guard: every hosted zone in one listing (cheaper than a lookup per
// name once a fleet has more names than the account has zones / 100), and every record set of a
// zone (one pass per zone, however many certificates have records in it). Thin SDK calls.
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type HostedZone,
  type ResourceRecordSet,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { fromRoute53Name } from '../domains.js'
import { wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext, HostedZoneRef } from '../types.js'

const SERVICE = 'Route 53'
/** ListHostedZones returns at most 100 zones a page; ListResourceRecordSets 300 record sets. */
const ZONES_PAGE = 100
const RECORDS_PAGE = 300
const readHint =
  'Re-run the job. If it persists, run fewer jobs at once in this DNS account (Route 53 allows 10 requests per second per account).'

/**
 * Every hosted zone of the account, by exact name (lower case, no trailing dot), or undefined once
 * the listing would take more than `maxPages` calls (then a lookup per name is cheaper).
 */
export async function listAllHostedZones(
  client: Route53Client,
  maxPages: number,
  ctx: CallContext
): Promise<Map<string, HostedZone[]> | undefined> {
  const byName = new Map<string, HostedZone[]>()
  let marker: string | undefined
  for (let page = 0; ; page++) {
    if (page >= maxPages) return undefined
    const input = { MaxItems: ZONES_PAGE, ...(marker ? { Marker: marker } : {}) }
    let output
    try {
      output = await patiently(() => client.send(new ListHostedZonesCommand(input)), ctx, {
        phase: 'listing hosted zones',
        timeoutMessage: (last) => `Route 53 kept throttling ListHostedZones: ${last}`,
        timeoutHint: readHint
      })
    } catch (err) {
      throw wrapAwsError(SERVICE, 'ListHostedZones', err, {
        hint: 'Check that the DNS role can call route53:ListHostedZones in the DNS account.'
      })
    }
    for (const zone of output.HostedZones ?? []) {
      const name = fromRoute53Name(zone.Name ?? '')
      byName.set(name, [...(byName.get(name) ?? []), zone])
    }
    marker = output.NextMarker
    if (!output.IsTruncated || !marker) return byName
  }
}

/** Every record set of the zone, all pages. */
export async function listRecordSets(
  client: Route53Client,
  zone: HostedZoneRef,
  ctx: CallContext
): Promise<ResourceRecordSet[]> {
  const sets: ResourceRecordSet[] = []
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } =
    {}
  for (;;) {
    const input = { HostedZoneId: zone.id, MaxItems: RECORDS_PAGE, ...start }
    let output
    try {
      output = await patiently(() => client.send(new ListResourceRecordSetsCommand(input)), ctx, {
        phase: 'reading validation records',
        timeoutMessage: (last) =>
          `Route 53 kept throttling ListResourceRecordSets for zone ${zone.name} (${zone.id}): ${last}`,
        timeoutHint: readHint
      })
    } catch (err) {
      throw wrapAwsError(SERVICE, 'ListResourceRecordSets', err, {
        hint: `Check that the DNS role can call route53:ListResourceRecordSets on hostedzone/${zone.id}.`
      })
    }
    sets.push(...(output.ResourceRecordSets ?? []))
    if (!output.IsTruncated || !output.NextRecordName) return sets
    start = {
      StartRecordName: output.NextRecordName,
      ...(output.NextRecordType ? { StartRecordType: output.NextRecordType } : {}),
      ...(output.NextRecordIdentifier ? { StartRecordIdentifier: output.NextRecordIdentifier } : {})
    }
  }
}
