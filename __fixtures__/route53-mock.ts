// A mocked Route 53 client serving zones as ListHostedZonesByName documents them, and ACM-shaped
// validation records: shared by the zone-planning tests (zones/) and the record-write tests (aws/).
import {
  ListHostedZonesByNameCommand,
  Route53Client,
  Route53ServiceException,
  type HostedZone,
  type ListHostedZonesByNameRequest
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import { zoneFinder } from '../src/zones/lookup.js'
import { planZones } from '../src/zones/plan.js'
import type { ZoneBatch } from '../src/aws/route53-write.js'
import type { Logger, ValidationRecord } from '../src/types.js'
let tokenCounter = 0
/** Resets the mock and the record tokens: call in beforeEach. */
export function resetRoute53Mock(): void {
  r53.reset()
  tokenCounter = 0
}
/** A well-formed ACM validation record for `domain` (wildcards share their base's record). */
export function record(domain: string, domains: readonly string[] = [domain]): ValidationRecord {
  const token = (++tokenCounter).toString(16).padStart(32, '0')
  const base = domain.replace(/^\*\./, '')
  return { name: `_${token}.${base}.`, type: 'CNAME', value: `_${token}.abcdefghij.acm-validations.aws.`, domains }
}

export function recordingLogger(): Logger & { debugs: string[] } {
  const debugs: string[] = []
  return { debugs, info: () => undefined, warning: () => undefined, debug: (m) => debugs.push(m) }
}

export function awsError(name: string, message: string): Route53ServiceException {
  return new Route53ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    message
  })
}

export const r53 = mockClient(Route53Client)
export const client = new Route53Client({ region: 'us-east-1' })

const reversedKey = (name: string): string => `${name.toLowerCase().replace(/\.$/, '').split('.').reverse().join('.')}.`
const bareId = (id: string): string => id.replace(/^\/hostedzone\//, '')
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * ListHostedZonesByName as documented: every zone (public and private) sorted by reversed labels,
 * then id; DNSName/HostedZoneId set the start point (no filtering); pages of at most MaxItems.
 */
export function serveZones(zones: readonly HostedZone[], pageSize = 100): void {
  const sorted = [...zones].sort(
    (a, b) => cmp(reversedKey(a.Name ?? ''), reversedKey(b.Name ?? '')) || cmp(bareId(a.Id ?? ''), bareId(b.Id ?? ''))
  )
  r53.on(ListHostedZonesByNameCommand).callsFake((input: ListHostedZonesByNameRequest) => {
    const startKey = input.DNSName ? reversedKey(input.DNSName) : ''
    const startId = input.HostedZoneId ?? ''
    const first = sorted.findIndex((z) => {
      const order = cmp(reversedKey(z.Name ?? ''), startKey)
      return order > 0 || (order === 0 && cmp(bareId(z.Id ?? ''), startId) >= 0)
    })
    const from = first < 0 ? sorted.length : first
    const size = Math.min(pageSize, input.MaxItems ?? 100)
    const page = sorted.slice(from, from + size)
    const next = sorted[from + size]
    return {
      HostedZones: page,
      DNSName: input.DNSName,
      IsTruncated: next !== undefined,
      MaxItems: size,
      ...(next ? { NextDNSName: next.Name, NextHostedZoneId: bareId(next.Id ?? '') } : {})
    }
  })
}

export const listedNames = (): (string | undefined)[] =>
  r53.commandCalls(ListHostedZonesByNameCommand).map((call) => call.args[0].input.DNSName)

/**
 * Each record's zone by the zone rule (no zone-overrides here), the records grouped into one batch
 * per zone (sorted by zone name), as the record write groups them.
 */
export async function resolveHostedZones(
  r53client: Route53Client,
  records: readonly ValidationRecord[],
  options: { log: Logger; hostedZoneId?: string }
): Promise<ZoneBatch[]> {
  const allNames = records.flatMap((r) => r.domains)
  const finder = zoneFinder(r53client, { log: options.log })
  const plan = await planZones(
    { allNames, zoneOverrides: [], hostedZoneId: options.hostedZoneId },
    { route53: r53client },
    finder,
    {}
  )
  const batches = new Map<string, ZoneBatch & { records: ValidationRecord[] }>()
  for (const record of records) {
    const { zone } = plan.targetFor(record)
    const batch = batches.get(zone.id) ?? { zone, records: [] }
    batch.records.push(record)
    batches.set(zone.id, batch)
  }
  return [...batches.values()].sort((a, b) => cmp(a.zone.name, b.zone.name))
}
