// The renewal guard's ports over the real adapters: ACM reads paced under the per-operation quotas
// (throttling beyond the SDK's retries absorbed as elsewhere), zones placed by the one zone rule of
// zones/ (a zone-overrides line, else hosted-zone-id, else the most specific public zone, from one
// listing of the account's zones when that is cheaper than a lookup per name), each zone read once, and the repair
// written by request mode's own UPSERT.
import type { Route53Client } from '@aws-sdk/client-route-53'
import type { PlacedZone, AuditPorts, Unplaced } from './run.js'
import { zoneKey } from './plan.js'
import { listEveryCertificate } from '../aws/acm.js'
import { listDomainValidations, startDnsValidation } from '../aws/acm-migration.js'
import { searchCertificatesNamed } from '../aws/acm-search.js'
import { certificateArnsTagged } from '../aws/tagging.js'
import { MANAGED_BY_TAG } from '../constants.js'
import { describeIfExists, tagsIfExists } from '../aws/acm-reads.js'
import { listAllHostedZones, listRecordSets } from '../aws/route53-read.js'
import { upsertValidationRecords } from '../aws/route53-write.js'
import { pacer } from '../concurrency.js'
import { zoneFinder, type ZoneFinder } from '../zones/lookup.js'
import { zoneLocator, type NoZone, type ZoneTarget } from '../zones/plan.js'
import { zoneRule } from '../zones/rule.js'
import { fromRoute53Name, parentSuffixes } from '../domains.js'
import { errorMessage } from '../errors.js'
import type { ValidationRecord } from '../types.js'
import { callContext, type RunDeps } from '../run/deps.js'

/**
 * ACM's 10 calls a second per operation (ACM User Guide, "API rate quotas"; DescribeCertificate sets the
 * audit's pace: 2,500 certificates in about 250 s). The quota other jobs share is spared by not reading
 * tags per certificate (GetResources) rather than by running under it.
 */
export const ACM_CALLS_PER_SECOND = 10

type Placement = Map<string, PlacedZone | Unplaced>

export function auditPorts(deps: RunDeps): AuditPorts {
  const { acm, clock, log } = deps
  const ctx = callContext(deps)
  const sleeper = { now: () => clock.now(), sleep: (ms: number) => clock.sleep(ms, deps.signal) }
  const paceTags = pacer(ACM_CALLS_PER_SECOND, sleeper)
  const paceDescribe = pacer(ACM_CALLS_PER_SECOND, sleeper)
  const clients = new Map<string, Route53Client>()

  return {
    listCertificates: () => listEveryCertificate(acm, ctx),
    searchNamed: (names) => searchCertificatesNamed(acm, names),
    ...(deps.tagging && { listManagedArns: () => certificateArnsTagged(tagging(deps), MANAGED_BY_TAG) }),
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

function tagging(deps: RunDeps): ReturnType<NonNullable<RunDeps['tagging']>> {
  if (!deps.tagging) throw new Error('no Resource Groups Tagging API client')
  return deps.tagging(deps.config.region)
}

function clientOf(clients: ReadonlyMap<string, Route53Client>, placed: PlacedZone): Route53Client {
  const client = clients.get(placed.zoneKey)
  if (!client) throw new Error(`no Route 53 client for zone ${placed.zone.id}`)
  return client
}

/**
 * Each record's zone by THE zone rule (zones/), as in request mode; a record without one says why.
 * A zone named by id (hosted-zone-id, a zone-overrides line) that does not exist fails the audit.
 */
async function placeRecords(
  deps: RunDeps,
  records: readonly ValidationRecord[],
  clients: Map<string, Route53Client>
): Promise<Placement> {
  const { config } = deps
  const ctx = callContext(deps)
  const baseOf = (record: ValidationRecord): string =>
    parentSuffixes(fromRoute53Name(record.name))[0] ?? fromRoute53Name(record.name)
  const lookups = new Set(records.map(baseOf).filter((base) => zoneRule(base, config).kind === 'lookup'))
  const finder = deps.route53 && lookups.size > 0 ? await auditFinder(deps, deps.route53, lookups.size) : undefined
  const locator = zoneLocator(config, deps, finder, ctx)
  const placement: Placement = new Map()
  for (const record of records) {
    const base = baseOf(record)
    if (!finder && lookups.has(base)) {
      placement.set(record.name, { none: 'dns-provider is external: not looked up in Route 53' })
      continue
    }
    const target: ZoneTarget | (NoZone & { failed?: boolean }) = await locator
      .targetOf(base, record.domains)
      .catch((err: unknown) => {
        if (zoneRule(base, config).kind === 'pinned') throw err
        return { why: errorMessage(err), failed: true }
      })
    if ('zone' in target) {
      const key = zoneKey(target.zone.id, target.roleArn)
      clients.set(key, target.client)
      placement.set(record.name, { zone: { id: target.zone.id, name: target.zone.name }, zoneKey: key })
    } else {
      // A lookup that found no zone: the zone is gone (a failed lookup or a record outside its pin is not).
      const gone = !target.error && !('failed' in target && target.failed)
      const none = target.error?.message ?? (gone ? `no public Route 53 hosted zone for ${target.why}` : target.why)
      placement.set(record.name, { none, gone })
    }
  }
  return placement
}

/** A lookup per name costs a call per distinct name; the whole listing a call per 100 zones: the cheaper. */
async function auditFinder(deps: RunDeps, client: Route53Client, names: number): Promise<ZoneFinder> {
  const ctx = callContext(deps)
  const listing = await listAllHostedZones(client, names, ctx).catch((err: unknown) => {
    deps.log.debug(`Route 53: listing every zone failed (${errorMessage(err)}); looking each name up instead`)
    return undefined
  })
  return zoneFinder(client, { ...ctx, log: deps.log }, listing)
}
