// Several Regions in one step (issue 14): the aws-region list, and one set of validation records
// for all of them. Pure: no SDK, no I/O.
//
// Within one account ACM gives a name the same validation CNAME in every Region ("the CNAME
// validation token works for any region", ACM User Guide, dns-validation.md), so the DNS work is
// done once: each distinct record is written once and every Region validates from it.
import type { ValidationRecord } from '../types.js'

/**
 * The Regions of an aws-region value, in the order given: entries separated by commas or new lines
 * (spaces too, as YAML's folded `>` turns new lines into spaces; no Region code holds a space),
 * trimmed, repeats dropped. Empty when nothing is given: the caller then takes the job's Region.
 * Whether each entry is a Region is the input module's check, not this one's.
 */
export function parseRegionList(raw: string): string[] {
  return [...new Set(raw.split(/[\s,]+/).filter((entry) => entry !== ''))]
}

/** The validation records one Region's certificate asks for. */
export interface RegionRecords {
  readonly region: string
  readonly records: readonly ValidationRecord[]
}

/** A record to write once, with every Region (and name) it validates. */
export interface MergedRecord extends ValidationRecord {
  readonly regions: readonly string[]
}

/** Two Regions asking for different values at one record name: a CNAME holds one value, so one wins. */
export interface RecordClash {
  readonly name: string
  /** The value written: the first Region's (in the order of aws-region). */
  readonly kept: { readonly value: string; readonly regions: readonly string[] }
  /** Values not written: their Regions cannot validate from this name. */
  readonly dropped: readonly { readonly value: string; readonly regions: readonly string[] }[]
}

export interface RecordMerge {
  /** Distinct records (by name and value), in first-seen order: the ones to write. */
  readonly records: readonly MergedRecord[]
  /** One line per certificate name whose record differs between Regions (both are written). */
  readonly differences: readonly string[]
  /** Names asked for with different values; only the kept value is in `records`. */
  readonly clashes: readonly RecordClash[]
}

interface Entry {
  name: string
  type: 'CNAME'
  value: string
  domains: string[]
  regions: string[]
}

/**
 * Merges the records of every Region into the ones to write. Records are the same when name and
 * value are (DNS names compare without regard to case, RFC 4343). A name whose record differs
 * between Regions is normal DNS work for both records (different names): both are written and the
 * difference is reported. The same record name with two values cannot be written twice (a CNAME
 * record set holds one value, RFC 1034 §3.6.2; Route 53 rejects a second one): the first Region's
 * value is written and the clash is reported, never an error on its own; the other Region's wait
 * then reports whether it validates.
 */
export function mergeValidationRecords(perRegion: readonly RegionRecords[]): RecordMerge {
  const byKey = new Map<string, Entry>()
  const byName = new Map<string, Entry[]>()
  // certificate name → the record keys it is validated with, with the Regions of each
  const perDomain = new Map<string, Map<string, string[]>>()
  for (const { region, records } of perRegion) {
    for (const record of records) {
      const name = record.name.toLowerCase()
      const value = record.value.toLowerCase()
      const key = `${name} ${value}`
      let entry = byKey.get(key)
      if (entry === undefined) {
        entry = { name: record.name, type: record.type, value: record.value, domains: [], regions: [] }
        byKey.set(key, entry)
        byName.set(name, [...(byName.get(name) ?? []), entry])
      }
      addOnce(entry.regions, region)
      for (const domain of record.domains) {
        addOnce(entry.domains, domain)
        const keys = perDomain.get(domain) ?? new Map<string, string[]>()
        keys.set(key, addOnce(keys.get(key) ?? [], region))
        perDomain.set(domain, keys)
      }
    }
  }

  const clashes: RecordClash[] = []
  const dropped = new Set<Entry>()
  for (const [name, entries] of byName) {
    const [kept, ...others] = entries
    if (kept === undefined || others.length === 0) continue
    others.forEach((e) => dropped.add(e))
    clashes.push({
      name,
      kept: { value: kept.value, regions: kept.regions },
      dropped: others.map((e) => ({ value: e.value, regions: e.regions }))
    })
  }

  const differences: string[] = []
  for (const [domain, keys] of perDomain) {
    if (keys.size < 2) continue
    const ways = [...keys].map(([key, regions]) => {
      const entry = byKey.get(key) as Entry
      return `${entry.name} → ${entry.value} in ${regions.join(', ')}`
    })
    differences.push(
      `${domain} has a different validation record in different Regions: ${ways.join('; ')}. ` +
        'Each record is written; ACM normally gives one account the same record in every Region.'
    )
  }

  const records = [...byKey.values()]
    .filter((e) => !dropped.has(e))
    .map((e) => Object.freeze({ ...e, domains: Object.freeze(e.domains), regions: Object.freeze(e.regions) }))
  return { records, differences, clashes }
}

/** The warning for a clash, naming the record, both values and what the user can do. */
export function describeClash(clash: RecordClash): string {
  const dropped = clash.dropped.map((d) => `${d.value} (${d.regions.join(', ')})`).join(', ')
  return (
    `Validation record ${clash.name} is asked for with different values: ${clash.kept.value} ` +
    `(${clash.kept.regions.join(', ')}) and ${dropped}. A CNAME holds one value: ${clash.kept.value} is written, ` +
    `so the certificate in ${clash.dropped.flatMap((d) => d.regions).join(', ')} may not validate. ` +
    'Request that Region in a step of its own (with the other value written by hand), or report this: ACM gives ' +
    'one account the same record in every Region.'
  )
}

function addOnce<T>(list: T[], item: T): T[] {
  if (!list.includes(item)) list.push(item)
  return list
}
