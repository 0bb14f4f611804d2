// The renewal guard's flow over injected ports (ACM, Route 53 and public DNS reads, the repair
// write): one listing, a described certificate each (bounded concurrency), each zone read once,
// the DNS checks shared across certificates, then a verdict per certificate. The ports hold the SDK
// calls, pacing and retries; this module decides what to call, and how often.
import { mapLimit } from '../concurrency.js'
import { errorMessage } from '../errors.js'
import { checkCaa, checkDelegation, type DnsResolver, type Finding } from '../preflight.js'
import type { HostedZoneRef, Logger, ValidationRecord } from '../types.js'
import { checksNames, recordsToCheck, renewalFacts, type AuditScope } from './collect.js'
import { DAY_MS } from './facts.js'
import { describeMigrated, migrationFacts, prepareMigrations, type MigrationPorts } from './migrate.js'
import {
  indexZone,
  lookupRecord,
  placedLookup,
  planRepairs,
  recordKey,
  zonesToRead,
  type ListedRecordSet
} from './plan.js'
import { checkPublicRecords, type CnameResolver } from './public-dns.js'
import type { AuditedCertificate } from './report.js'
import { describeInScope, listCandidates, type Described, type ScopePorts } from './scope.js'
import { judgeCertificate, type NameFacts, type PublicLookup, type RecordLookup } from './verdict.js'

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

export async function auditCertificates(ports: AuditPorts, options: AuditOptions): Promise<AuditOutcome> {
  const { log } = ports
  const listed = await listCandidates(ports, options.names)
  log.info(`ACM lists ${listed.length} ACM-issued certificate(s) to consider (${options.scope} scope)`)
  const inScope = await describeInScope(ports, options, listed)
  log.info(`Auditing ${inScope.length} certificate(s)`)
  const migrations = await prepareMigrations(ports, inScope, options.repair)
  const described: Described[] = inScope.map((d) => {
    const m = migrations.get(d.arn)
    return m ? { ...d, names: m.names } : d
  })

  const toCheck = recordsToCheck(described)
  const records = toCheck.map((r) => r.record)
  const cnames = ports.resolver?.resolveCname ? (ports.resolver as CnameResolver) : undefined
  const publicChecks = cnames ? checkPublicRecords(records, cnames) : Promise.resolve(new Map<string, PublicLookup>())
  const checkedDomains = new Set(
    described.filter((d) => checksNames(d.status)).flatMap((d) => d.names.map((n) => n.domain))
  )
  const caaChecks = ports.resolver ? checkCaa([...checkedDomains], ports.resolver) : Promise.resolve([])

  const placement = records.length > 0 ? await ports.placeRecords(records) : new Map<string, PlacedZone | Unplaced>()
  const placedRecords = records.flatMap((record) => {
    const where = placement.get(record.name)
    return where && !('none' in where) ? record.domains.map((domain) => ({ ...where, record, domain })) : []
  })
  const zones = zonesToRead(placedRecords)
  const expectedAt = new Map(placedRecords.map((p) => [recordKey(p.zoneKey, p.record.name), p.record]))
  const lookups = new Map<string, RecordLookup>()
  const nameServers = new Map<string, { zone: HostedZoneRef; servers: string[] }>()
  await mapLimit([...zones.entries()], options.zoneConcurrency, async ([key, { zone, recordNames }]) => {
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
      log.warning(reason, 'Renewal guard')
      for (const name of recordNames) lookups.set(recordKey(key, name), { state: 'error', reason })
    }
  })

  const repairs: AuditOutcome['repairs'] = []
  const repairErrors: AuditOutcome['repairErrors'] = []
  const repaired = new Set<string>()
  if (options.repair) {
    const writable = new Set(toCheck.filter((r) => r.writable).map((r) => r.record.name))
    const batches = planRepairs(
      placedRecords.filter((p) => writable.has(p.record.name)),
      lookups
    )
    for (const batch of batches) {
      try {
        const { changeId } = await ports.upsert({ zone: batch.zone, zoneKey: batch.zoneKey }, batch.records)
        for (const r of batch.records) repaired.add(recordKey(batch.zoneKey, r.name))
        repairs.push({
          zoneId: batch.zone.id,
          zoneName: batch.zone.name,
          records: batch.records.map((r) => r.name),
          changeId
        })
        log.info(`Repaired ${batch.records.length} validation record(s) in zone ${batch.zone.name} (${batch.zone.id})`)
      } catch (err) {
        repairErrors.push({ zoneId: batch.zone.id, zoneName: batch.zone.name, message: errorMessage(err) })
      }
    }
  }

  const delegation = ports.resolver
    ? await checkDelegation(
        [...nameServers.values()].map(({ zone, servers }) => ({ name: zone.name, id: zone.id, nameServers: servers })),
        ports.resolver
      )
    : []
  const [publicLookups, caa] = await Promise.all([publicChecks, caaChecks])

  const after = await describeMigrated(ports, migrations)

  const now = ports.now()
  const policy = { now, pendingTooLongMs: options.pendingTooLongMs }
  const certificates = described.map((d): AuditedCertificate => {
    const names = d.names.map((n): NameFacts => {
      const where = n.record ? placement.get(n.record.name) : undefined
      const placed = where && !('none' in where) ? where : undefined
      const { route53, key } = placedLookup(n.record, where, lookups)
      return {
        domain: n.domain,
        method: n.method,
        record: n.record,
        zone: placed?.zone,
        route53,
        publicDns: (n.record && publicLookups.get(n.record.name)) || { state: 'unchecked' },
        repaired: key !== undefined && repaired.has(key)
      }
    })
    const zoneNames = new Set(names.flatMap((n) => (n.zone ? [n.zone.name] : [])))
    const domains = new Set(names.map((n) => n.domain))
    const dnsFindings: Finding[] = [
      ...caa.filter((f) => domains.has(f.name)),
      ...delegation.filter((f) => zoneNames.has(f.name))
    ]
    const facts = {
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
      dnsChecked: ports.resolver !== undefined,
      keyPairOrigin: d.detail.CertificateKeyPairOrigin,
      lifetimeDays:
        d.detail.NotAfter && d.detail.NotBefore
          ? Math.round((d.detail.NotAfter.getTime() - d.detail.NotBefore.getTime()) / DAY_MS)
          : undefined,
      migration: migrationFacts(after.get(d.arn) ?? d.detail, migrations.get(d.arn))
    }
    return { facts, verdict: judgeCertificate(facts, policy) }
  })
  return { certificates, repairs, repairErrors }
}
