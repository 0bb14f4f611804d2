// Route 53 reads: GetHostedZone (a zone's name and name servers) and ListHostedZonesByName (every
// zone of one exact name). SDK calls only, errors wrapped; which zone a name goes to is zones/.
// Zone ids are bare (no `/hostedzone/` prefix): the inputs and zones/ strip it.
import {
  GetHostedZoneCommand,
  type GetHostedZoneCommandOutput,
  ListHostedZonesByNameCommand,
  type HostedZone,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { fromRoute53Name, toRoute53Name } from '../domains.js'
import { wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext } from '../types.js'

const SERVICE = 'Route 53'
const readHint =
  'Re-run the job. If it persists, run fewer jobs at once in this DNS account (Route 53 allows 10 requests per ' +
  'second per account).'

/** The zone's name and Route 53 name servers (GetHostedZone DelegationSet; none for a private zone). */
export async function hostedZoneDelegation(
  client: Route53Client,
  hostedZoneId: string,
  ctx: CallContext = {}
): Promise<{ id: string; name: string; nameServers: string[] }> {
  const id = hostedZoneId
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

export function getHostedZone(
  client: Route53Client,
  id: string,
  ctx: CallContext
): Promise<GetHostedZoneCommandOutput> {
  return patiently(() => client.send(new GetHostedZoneCommand({ Id: id })), ctx, {
    phase: 'reading the hosted zone',
    timeoutMessage: (last) => `Route 53 kept throttling GetHostedZone for ${id}: ${last}`,
    timeoutHint: readHint
  })
}

/**
 * All zones named exactly `suffix`. DNSName is a start point, not a filter: the listing runs on
 * through later names in reversed-label order, so keep exact matches and page on only while the
 * next page still starts at this name (same-name zones can span pages).
 */
export async function listZonesNamed(client: Route53Client, suffix: string, ctx: CallContext): Promise<HostedZone[]> {
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
