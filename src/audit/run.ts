// The renewal guard's flow over injected ports (ACM, Route 53 and public DNS reads, the repair
// write): one listing, a described certificate each (bounded concurrency), each zone read once,
// the DNS checks shared across certificates, then a verdict per certificate. The ports hold the SDK
// calls, pacing and retries; this module decides what to call, and how often.
import { mapLimit } from '../concurrency.js'
import { errorMessage } from '../errors.js'
import { checkCaa, checkDelegation, type DnsResolver, type Finding } from '../preflight.js'
import type { HostedZoneRef, Logger, ValidationRecord } from '../types.js'
import {
  checksNames,
  recordsToCheck,
  renewalFacts,
  type AuditScope,
  type DescribedName,
  type DetailLike
} from './collect.js'
import { DAY_MS } from './facts.js'
import { describeMigrated, migrationFacts, prepareMigrations, type MigrationPorts, type Migrating } from './migrate.js'
import {
  indexZone,
  lookupRecord,
  placedLookup,
  planRepairs,
  recordKey,
  zonesToRead,
  type ListedRecordSet,
  type PlacedRecord
} from './plan.js'
import { checkPublicRecords, type CnameResolver } from './public-dns.js'
import type { AuditedCertificate } from './report.js'
import { describeInScope, listCandidates, type Described, type ScopePorts } from './scope.js'
import {
  judgeCertificate,
  type CertificateFacts,
  type NameFacts,
  type PublicLookup,
  type RecordLookup
} from './verdict.js'

export interface PlacedZone {
  readonly zone: HostedZoneRef
  /** Which client reads and writes the zone (plan.ts zoneKey). */
  readonly zoneKey: string
}

/** Why a record has no zone; gone: Route 53 has none for it (no public zone, or the pinned zone is deleted). */
export interface Unplaced {
  readonly none: string
  readonly gone?: boolean
}

export interface AuditPorts extends ScopePorts, MigrationPorts {
  /** The zone of each record by request mode's rules, or why there is none (by record name). */
  placeRecords(records: readonly ValidationRecord[]): Promise<Map<string, PlacedZone | Unplaced>>
  /** Every record set of the zone (ListResourceRecordSets, all pages). */
  readZone(placed: PlacedZone): Promise<readonly ListedRecordSet[]>
  /** UPSERTs the batch in one change, as request mode writes validation records. */
  upsert(placed: PlacedZone, records: readonly ValidationRecord[]): Promise<{ changeId: string }>
  /** Public DNS; undefined: those checks are off (without resolveCname: no check of the CNAMEs). */
  resolver: (DnsResolver & Partial<CnameResolver>) | undefined
  log: Logger
  now(): number
}

export interface AuditOptions {
  readonly scope: AuditScope
  /** Narrow to certificates holding any of these names (normalized); empty: no narrowing. */
  readonly names: readonly string[]
  readonly repair: boolean
  readonly pendingTooLongMs: number
  /** ACM calls in flight at once (the ports pace them under the quota). */
  readonly concurrency: number
  /** Zone reads in flight at once. */
  readonly zoneConcurrency: number
}

export interface AuditOutcome {
  readonly certificates: AuditedCertificate[]
  readonly repairs: { zoneId: string; zoneName: string; records: string[]; changeId: string }[]
  /** Repairs that failed: the step fails, the records stay reported as missing or wrong. */
  readonly repairErrors: { zoneId: string; zoneName: string; message: string }[]
}

/**
 * The steps: the certificates in scope, described; public DNS asked (it answers while Route 53 is
 * read); the records placed in their zones; each zone read once; the repairs; the delegation and the
 * public answers; the migrated certificates described again; then the facts and verdict of each.
 */
export async function auditCertificates(ports: AuditPorts, options: AuditOptions): Promise<AuditOutcome> {
  const { described, migrations } = await describeCertificates(ports, options)
  const toCheck = recordsToCheck(described)
  const records = toCheck.map((r) => r.record)
  const asked = askPublicDns(ports.resolver, described, records)
  const placement = records.length > 0 ? await ports.placeRecords(records) : new Map<string, PlacedZone | Unplaced>()
  const placed = placedRecords(records, placement)
  const zones = await readZones(ports, placed, options.zoneConcurrency)
  const repaired = options.repair
    ? await repairRecords(ports, toCheck, placed, zones.lookups)
    : { repairs: [], repairErrors: [], keys: new Set<string>() }
  const dns = await publicDnsAnswers(ports.resolver, asked, zones.nameServers)
  const after = await describeMigrated(ports, migrations)

  const learnt: Learnt = { placement, lookups: zones.lookups, repaired: repaired.keys, dns }
  const policy = { now: ports.now(), pendingTooLongMs: options.pendingTooLongMs }
  const certificates = described.map((d): AuditedCertificate => {
    const facts = certificateFacts(d, learnt, ports.resolver !== undefined, {
      detail: after.get(d.arn) ?? d.detail,
      migrating: migrations.get(d.arn)
    })
    return { facts, verdict: judgeCertificate(facts, policy) }
  })
  return { certificates, repairs: repaired.repairs, repairErrors: repaired.repairErrors }
}

/** The certificates in scope, described; an email-validated one being moved to DNS has its new names. */
async function describeCertificates(
  ports: AuditPorts,
  options: AuditOptions
): Promise<{ described: Described[]; migrations: Map<string, Migrating> }> {
  const { log } = ports
  const listed = await listCandidates(ports, options.names)
  log.info(`ACM lists ${listed.length} ACM-issued certificate(s) to consider (${options.scope} scope)`)
  const inScope = await describeInScope(ports, options, listed)
  log.info(`Auditing ${inScope.length} certificate(s)`)
  const migrations = await prepareMigrations(ports, inScope, options.repair)
  const described = inScope.map((d) => {
    const m = migrations.get(d.arn)
    return m ? { ...d, names: m.names } : d
  })
  return { described, migrations }
}

interface PublicDnsAsked {
  readonly records: Promise<Map<string, PublicLookup>>
  readonly caa: Promise<Finding[]>
}

/** Public DNS is asked now and answers while Route 53 is read: the validation CNAMEs, the names' CAA. */
function askPublicDns(
  resolver: AuditPorts['resolver'],
  described: readonly Described[],
  records: readonly ValidationRecord[]
): PublicDnsAsked {
  const cnames = resolver?.resolveCname ? (resolver as CnameResolver) : undefined
  const publicChecks = cnames ? checkPublicRecords(records, cnames) : Promise.resolve(new Map<string, PublicLookup>())
  const checkedDomains = new Set(
    described.filter((d) => checksNames(d.status)).flatMap((d) => d.names.map((n) => n.domain))
  )
  const caaChecks = resolver ? checkCaa([...checkedDomains], resolver) : Promise.resolve([])
  return { records: publicChecks, caa: caaChecks }
}

/** Each record with a zone, once per certificate name it validates. */
function placedRecords(
  records: readonly ValidationRecord[],
  placement: ReadonlyMap<string, PlacedZone | Unplaced>
): PlacedRecord[] {
  return records.flatMap((record) => {
    const where = placement.get(record.name)
    return where && !('none' in where) ? record.domains.map((domain) => ({ ...where, record, domain })) : []
  })
}

interface ZonesRead {
  /** What Route 53 holds at each placed record (by recordKey). */
  readonly lookups: Map<string, RecordLookup>
  /** The apex NS of each zone read, for the delegation check. */
  readonly nameServers: Map<string, { zone: HostedZoneRef; servers: string[] }>
}

/** Each zone read once; a zone that cannot be read leaves its records unchecked ('error'), not the audit failed. */
async function readZones(ports: AuditPorts, placed: readonly PlacedRecord[], concurrency: number): Promise<ZonesRead> {
  const zones = zonesToRead(placed)
  const expectedAt = new Map(placed.map((p) => [recordKey(p.zoneKey, p.record.name), p.record]))
  const lookups = new Map<string, RecordLookup>()
  const nameServers = new Map<string, { zone: HostedZoneRef; servers: string[] }>()
  await mapLimit([...zones.entries()], concurrency, async ([key, { zone, recordNames }]) => {
    try {
      const sets = await ports.readZone({ zone, zoneKey: key })
      const index = indexZone(sets)
      for (const name of recordNames) {
        const expected = expectedAt.get(recordKey(key, name))
        if (expected) lookups.set(recordKey(key, name), lookupRecord(index, expected))
      }
      const apexNs = index.get(zone.name)?.find((s) => s.type === 'NS')?.values ?? []
      if (!nameServers.has(zone.id)) nameServers.set(zone.id, { zone, servers: [...apexNs] })
    } catch (err) {
      const reason = `reading zone ${zone.name} (${zone.id}) failed: ${errorMessage(err)}`
      ports.log.warning(reason, 'Renewal guard')
      for (const name of recordNames) lookups.set(recordKey(key, name), { state: 'error', reason })
    }
  })
  return { lookups, nameServers }
}

interface Repaired extends Pick<AuditOutcome, 'repairs' | 'repairErrors'> {
  /** The records this run UPSERTed (by recordKey). */
  readonly keys: Set<string>
}

/** UPSERTs the missing and wrong records the guard may write, one change per zone; a failed change is reported, not thrown. */
async function repairRecords(
  ports: AuditPorts,
  toCheck: readonly { record: ValidationRecord; writable: boolean }[],
  placed: readonly PlacedRecord[],
  lookups: ReadonlyMap<string, RecordLookup>
): Promise<Repaired> {
  const repaired: Repaired = { repairs: [], repairErrors: [], keys: new Set<string>() }
  const writable = new Set(toCheck.filter((r) => r.writable).map((r) => r.record.name))
  const batches = planRepairs(
    placed.filter((p) => writable.has(p.record.name)),
    lookups
  )
  for (const batch of batches) {
    try {
      const { changeId } = await ports.upsert({ zone: batch.zone, zoneKey: batch.zoneKey }, batch.records)
      for (const r of batch.records) repaired.keys.add(recordKey(batch.zoneKey, r.name))
      repaired.repairs.push({
        zoneId: batch.zone.id,
        zoneName: batch.zone.name,
        records: batch.records.map((r) => r.name),
        changeId
      })
      ports.log.info(
        `Repaired ${batch.records.length} validation record(s) in zone ${batch.zone.name} (${batch.zone.id})`
      )
    } catch (err) {
      repaired.repairErrors.push({ zoneId: batch.zone.id, zoneName: batch.zone.name, message: errorMessage(err) })
    }
  }
  return repaired
}

interface PublicDnsAnswers {
  readonly records: ReadonlyMap<string, PublicLookup>
  readonly caa: readonly Finding[]
  readonly delegation: readonly Finding[]
}

/** The zones' delegation (from the apex NS just read), then the answers asked for before the zones were read. */
async function publicDnsAnswers(
  resolver: AuditPorts['resolver'],
  asked: PublicDnsAsked,
  nameServers: ZonesRead['nameServers']
): Promise<PublicDnsAnswers> {
  const delegation = resolver
    ? await checkDelegation(
        [...nameServers.values()].map(({ zone, servers }) => ({ name: zone.name, id: zone.id, nameServers: servers })),
        resolver
      )
    : []
  const [records, caa] = await Promise.all([asked.records, asked.caa])
  return { records, caa, delegation }
}

/** What the audit learnt of the records and of DNS, from which each certificate's facts are drawn. */
interface Learnt {
  readonly placement: ReadonlyMap<string, PlacedZone | Unplaced>
  readonly lookups: ReadonlyMap<string, RecordLookup>
  readonly repaired: ReadonlySet<string>
  readonly dns: PublicDnsAnswers
}

function nameFacts(n: DescribedName, learnt: Learnt): NameFacts {
  const where = n.record ? learnt.placement.get(n.record.name) : undefined
  const placed = where && !('none' in where) ? where : undefined
  const { route53, key } = placedLookup(n.record, where, learnt.lookups)
  return {
    domain: n.domain,
    method: n.method,
    record: n.record,
    zone: placed?.zone,
    route53,
    publicDns: (n.record && learnt.dns.records.get(n.record.name)) || { state: 'unchecked' },
    repaired: key !== undefined && learnt.repaired.has(key)
  }
}

/** One certificate's facts: ACM's detail (after a migration, the new one), its names, its DNS findings. */
function certificateFacts(
  d: Described,
  learnt: Learnt,
  dnsChecked: boolean,
  migration: { detail: DetailLike; migrating: Migrating | undefined }
): CertificateFacts {
  const names = d.names.map((n) => nameFacts(n, learnt))
  const zoneNames = new Set(names.flatMap((n) => (n.zone ? [n.zone.name] : [])))
  const domains = new Set(names.map((n) => n.domain))
  const dnsFindings: Finding[] = [
    ...learnt.dns.caa.filter((f) => domains.has(f.name)),
    ...learnt.dns.delegation.filter((f) => zoneNames.has(f.name))
  ]
  return {
    arn: d.arn,
    domainName: (d.detail.DomainName ?? '').toLowerCase(),
    type: d.detail.Type,
    status: d.status,
    notAfter: d.detail.NotAfter,
    inUseBy: d.detail.InUseBy?.length ?? 0,
    renewalEligibility: d.detail.RenewalEligibility,
    exportOption: d.detail.Options?.Export,
    renewal: renewalFacts(d.detail),
    names,
    dnsFindings,
    dnsChecked,
    keyPairOrigin: d.detail.CertificateKeyPairOrigin,
    lifetimeDays:
      d.detail.NotAfter && d.detail.NotBefore
        ? Math.round((d.detail.NotAfter.getTime() - d.detail.NotBefore.getTime()) / DAY_MS)
        : undefined,
    migration: migrationFacts(migration.detail, migration.migrating)
  }
}
