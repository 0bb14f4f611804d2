// The renewal guard's ports over the real adapters: ACM reads paced under the per-operation quotas
// (throttling beyond the SDK's retries absorbed as elsewhere), zones placed by request mode's rules
// (hosted-zone-id, zone-overrides, else the most specific public zone, from one listing of the
// account's zones when that is cheaper than a lookup per name), each zone read once, and the repair
// written by request mode's own UPSERT.
import type { Route53Client } from '@aws-sdk/client-route-53'
import type { PlacedZone, AuditPorts, NoZone } from '../audit/run.js'
import { zoneKey } from '../audit/plan.js'
import { listEveryCertificate } from '../aws/acm.js'
import { listDomainValidations, startDnsValidation } from '../aws/acm-migration.js'
import { searchCertificatesNamed } from '../aws/acm-search.js'
import { certificateArnsTagged } from '../aws/tagging.js'
import { MANAGED_BY_TAG } from '../constants.js'
import { describeIfExists, tagsIfExists } from '../aws/acm-reads.js'
import { hostedZoneDelegation, zoneFinder } from '../aws/route53.js'
import { listAllHostedZones, listRecordSets } from '../aws/route53-read.js'
import { upsertValidationRecords } from '../aws/route53-write.js'
import { pacer } from '../concurrency.js'
import { isInsideZone } from '../decisions/zones.js'
import { routeValidationRecords } from '../decisions/zone-overrides.js'
import { fromRoute53Name, parentSuffixes } from '../domains.js'
import { AwsApiError, awsErrorCode, errorMessage } from '../errors.js'
import type { ValidationRecord } from '../types.js'
import { callContext, type RunDeps } from './shared.js'

/**
 * ACM's 10 calls a second per operation (ACM User Guide, "API rate quotas"; DescribeCertificate sets the
 * audit's pace: 2,500 certificates in about 250 s). The quota other jobs share is spared by not reading
 * tags per certificate (GetResources) rather than by running under it.
 */
export const ACM_CALLS_PER_SECOND = 10

type Placement = Map<string, PlacedZone | NoZone>

export function auditPorts(deps: RunDeps): AuditPorts {
  const { acm, clock, log } = deps
  const ctx = callContext(deps)
  const sleeper = { now: () => clock.now(), sleep: (ms: number) => clock.sleep(ms, deps.signal) }
  const paceTags = pacer(ACM_CALLS_PER_SECOND, sleeper)
  const paceDescribe = pacer(ACM_CALLS_PER_SECOND, sleeper)
  const clients = new Map<string, Route53Client>()

  return {
    listCertificates: () => listEveryCertificate(acm, ctx),
    ...(deps.tagging && {
      listManagedArns: () =>
        certificateArnsTagged((deps.tagging as NonNullable<RunDeps['tagging']>)(deps.config.region), MANAGED_BY_TAG)
    }),
    searchNamed: (names) => searchCertificatesNamed(acm, names),
    startDnsValidation: (arn) => startDnsValidation(acm, arn, ctx),
    listDomainValidations: (arn) => listDomainValidations(acm, arn),
    listTags: async (arn) => {
      await paceTags()
      return tagsIfExists(acm, arn, ctx)
    },
    describe: async (arn) => {
      await paceDescribe()
      return describeIfExists(acm, arn, ctx)
    },
    placeRecords: (records) => placeRecords(deps, records, clients),
    readZone: (placed) => listRecordSets(clientOf(clients, placed), placed.zone, ctx),
    upsert: (placed, records) =>
      upsertValidationRecords(
        clientOf(clients, placed),
        { zone: placed.zone, records },
        records.flatMap((r) => r.domains),
        ctx
      ),
    resolver: deps.resolver,
    log,
    now: () => clock.now()
  }
}

function clientOf(clients: ReadonlyMap<string, Route53Client>, placed: PlacedZone): Route53Client {
  const client = clients.get(placed.zoneKey)
  if (!client) throw new Error(`no Route 53 client for zone ${placed.zone.id}`)
  return client
}

function dnsClient(deps: RunDeps, roleArn: string | undefined): Route53Client {
  const client = roleArn ? deps.route53ByRole?.get(roleArn) : deps.route53
  if (!client) throw new Error(`no Route 53 client for ${roleArn ?? 'the DNS role'}`)
  return client
}

/** Each record's zone by request mode's rules; a record without one says why. */
async function placeRecords(
  deps: RunDeps,
  records: readonly ValidationRecord[],
  clients: Map<string, Route53Client>
): Promise<Placement> {
  const placement: Placement = new Map()
  const ctx = callContext(deps)
  const place = (record: ValidationRecord, zone: { id: string; name: string }, roleArn: string | undefined): void => {
    if (!isInsideZone(fromRoute53Name(record.name), zone.name)) {
      placement.set(record.name, {
        none: `zone ${zone.name} (${zone.id}) does not contain ${fromRoute53Name(record.name)}`
      })
      return
    }
    const key = zoneKey(zone.id, roleArn)
    clients.set(key, dnsClient(deps, roleArn))
    placement.set(record.name, { zone: { id: zone.id, name: zone.name }, zoneKey: key })
  }
  const pinned = async (id: string, roleArn: string | undefined, group: readonly ValidationRecord[]): Promise<void> => {
    try {
      const zone = await hostedZoneDelegation(dnsClient(deps, roleArn), id, ctx)
      for (const record of group) place(record, zone, roleArn)
    } catch (err) {
      // hostedZoneDelegation wraps the SDK error: its code is on the AwsApiError.
      const gone = (err instanceof AwsApiError ? err.code : awsErrorCode(err)) === 'NoSuchHostedZone'
      for (const record of group) placement.set(record.name, { none: `zone ${id}: ${errorMessage(err)}`, gone })
    }
  }
  if (deps.config.hostedZoneId) {
    await pinned(deps.config.hostedZoneId, undefined, records)
    return placement
  }
  const { pinned: groups, rest } = routeValidationRecords(records, deps.config.zoneOverrides)
  for (const group of groups) await pinned(group.hostedZoneId, group.roleArn, group.records)
  if (rest.length === 0) return placement

  const client = deps.route53
  if (!client) {
    for (const record of rest)
      placement.set(record.name, { none: 'dns-provider is external: not looked up in Route 53' })
    return placement
  }
  const names = rest.map((r) => parentSuffixes(fromRoute53Name(r.name))[0] ?? fromRoute53Name(r.name))
  // A lookup per name costs a call per distinct name; the whole listing a call per 100 zones.
  const listing = await listAllHostedZones(client, new Set(names).size, ctx).catch((err: unknown) => {
    deps.log.debug(`Route 53: listing every zone failed (${errorMessage(err)}); looking each name up instead`)
    return undefined
  })
  const finder = zoneFinder(client, { ...ctx, log: deps.log }, listing)
  for (const [i, record] of rest.entries()) {
    try {
      const found = await finder.zoneFor(names[i] as string, { domains: record.domains, record })
      if (found.zone) place(record, found.zone, undefined)
      else
        placement.set(record.name, { none: `no public Route 53 hosted zone for ${names[i]}${found.why}`, gone: true })
    } catch (err) {
      placement.set(record.name, { none: errorMessage(err) })
    }
  }
  return placement
}
