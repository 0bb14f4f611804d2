// Planning the guard's Route 53 work, pure: which zones to read (each once, however many
// certificates share it), what a zone listing says about each expected validation record, and which
// records a repair re-UPSERTs (missing or wrong CNAMEs only, one batch per zone; never a delete, never
// a record of another type).
import { fromRoute53Name } from '../domains.js'
import type { HostedZoneRef, ValidationRecord } from '../types.js'
import type { ExpectedRecord, RecordLookup } from './verdict.js'

/** A record set as ListResourceRecordSets returns it (the fields the guard reads). */
export interface ListedRecordSet {
  readonly Name?: string | undefined
  readonly Type?: string | undefined
  readonly ResourceRecords?: readonly { readonly Value?: string | undefined }[] | undefined
  readonly AliasTarget?: { readonly DNSName?: string | undefined } | undefined
}

/** Record sets of one zone by canonical name (lower case, no trailing dot, `*` unescaped). */
export type ZoneIndex = ReadonlyMap<string, readonly { type: string; values: readonly string[] }[]>

/** One expected record and the zone it belongs in, for one certificate name. */
export interface PlacedRecord {
  /** The zone key: which client reads and writes it and the zone id (see zoneKey). */
  readonly zoneKey: string
  readonly zone: HostedZoneRef
  readonly record: ExpectedRecord
  /** The certificate name the record validates. */
  readonly domain: string
}

/** A zone is read through one client (the DNS role, or a zone-overrides role): key both. */
export function zoneKey(zoneId: string, roleArn: string | undefined): string {
  return `${roleArn ?? ''}|${zoneId}`
}

/** The zones to read, each once: key → zone and the record names expected in it (deduplicated). */
export function zonesToRead(
  placed: readonly PlacedRecord[]
): Map<string, { zone: HostedZoneRef; recordNames: Set<string> }> {
  const zones = new Map<string, { zone: HostedZoneRef; recordNames: Set<string> }>()
  for (const p of placed) {
    const entry = zones.get(p.zoneKey) ?? { zone: p.zone, recordNames: new Set<string>() }
    entry.recordNames.add(canonicalName(p.record.name))
    zones.set(p.zoneKey, entry)
  }
  return zones
}

/** Indexes a zone listing by name. */
export function indexZone(recordSets: readonly ListedRecordSet[]): ZoneIndex {
  const index = new Map<string, { type: string; values: string[] }[]>()
  for (const set of recordSets) {
    const name = fromRoute53Name(set.Name ?? '')
    const values = [
      ...(set.ResourceRecords ?? []).map((r) => r.Value ?? ''),
      ...(set.AliasTarget?.DNSName ? [`alias ${set.AliasTarget.DNSName}`] : [])
    ]
    const sets = index.get(name) ?? []
    sets.push({ type: (set.Type ?? '').toUpperCase(), values })
    index.set(name, sets)
  }
  return index
}

/** Lower case, no trailing dot. */
export function canonicalName(name: string): string {
  return fromRoute53Name(name)
}

/** CNAME targets compare case-insensitively, with or without the trailing dot. */
export function sameTarget(a: string, b: string): boolean {
  return canonicalName(a) === canonicalName(b)
}

/** What the zone holds at the expected record's name. */
export function lookupRecord(index: ZoneIndex, expected: ExpectedRecord): RecordLookup {
  const sets = index.get(canonicalName(expected.name)) ?? []
  const cnames = sets.filter((s) => s.type === 'CNAME')
  if (cnames.length > 0) {
    const values = cnames.flatMap((s) => s.values)
    return values.some((v) => sameTarget(v, expected.value)) ? { state: 'exact' } : { state: 'wrong', values }
  }
  if (sets.length > 0) return { state: 'conflict', types: [...new Set(sets.map((s) => s.type))].sort() }
  return { state: 'missing' }
}

export interface RepairBatch {
  readonly zoneKey: string
  readonly zone: HostedZoneRef
  /** Deduplicated by name; `domains` lists every certificate name each one validates. */
  readonly records: readonly ValidationRecord[]
}

/**
 * The records a repair re-UPSERTs: those missing or pointing elsewhere, grouped one batch per zone.
 * A record whose name holds another type is left alone (the UPSERT would fail the whole batch and
 * the other record is not ours to remove); so is anything without a zone or that could not be read.
 */
export function planRepairs(
  placed: readonly PlacedRecord[],
  lookups: ReadonlyMap<string, RecordLookup>
): RepairBatch[] {
  const batches = new Map<string, { zone: HostedZoneRef; records: Map<string, ValidationRecord> }>()
  const contested = new Set<string>()
  for (const p of placed) {
    const name = canonicalName(p.record.name)
    const state = lookups.get(recordKey(p.zoneKey, name))?.state
    if (state !== 'missing' && state !== 'wrong') continue
    const batch = batches.get(p.zoneKey) ?? { zone: p.zone, records: new Map<string, ValidationRecord>() }
    const existing = batch.records.get(name)
    if (existing && !sameTarget(existing.value, p.record.value)) {
      // Two certificates expecting different values at one name cannot both be right: leave it.
      contested.add(recordKey(p.zoneKey, name))
      continue
    }
    const domains = existing ? [...new Set([...existing.domains, p.domain])] : [p.domain]
    batch.records.set(name, { name: `${name}.`, type: 'CNAME', value: p.record.value, domains })
    batches.set(p.zoneKey, batch)
  }
  return [...batches.entries()]
    .map(([key, b]) => ({
      zoneKey: key,
      zone: b.zone,
      records: [...b.records.values()]
        .filter((r) => !contested.has(recordKey(key, r.name)))
        .sort((x, y) => (x.name < y.name ? -1 : 1))
    }))
    .filter((b) => b.records.length > 0)
    .sort((a, b) => (a.zone.name < b.zone.name ? -1 : a.zone.name > b.zone.name ? 1 : a.zoneKey < b.zoneKey ? -1 : 1))
}

/**
 * Where one expected record stands: its zone's reading at its key, or why there is none (no record
 * from ACM, no zone for it, its zone not read). `where` is the record's placement.
 */
export function placedLookup(
  record: ExpectedRecord | undefined,
  where: { zoneKey: string } | { none: string; gone?: boolean | undefined } | undefined,
  lookups: ReadonlyMap<string, RecordLookup>
): { route53: RecordLookup; key: string | undefined } {
  if (!record) return { route53: { state: 'missing' }, key: undefined }
  if (where && 'none' in where)
    return { route53: { state: where.gone ? 'zone-gone' : 'no-zone', reason: where.none }, key: undefined }
  const key = where ? recordKey(where.zoneKey, record.name) : undefined
  return { route53: (key && lookups.get(key)) || { state: 'error', reason: 'its zone was not read' }, key }
}

/** Key of one record in one zone, for the lookups map. */
export function recordKey(zoneKeyValue: string, recordName: string): string {
  return `${zoneKeyValue}#${canonicalName(recordName)}`
}
