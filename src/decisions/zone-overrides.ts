// Which zone-overrides line, if any, decides where a validation record goes. Pure: the most
// specific suffix (label boundary) wins; records no line covers are left to the automatic lookup.
import { fromRoute53Name, isWithin } from '../domains.js'
import type { ValidationRecord, ZoneOverride } from '../types.js'

/** Records pinned to one zone, written with one role (undefined: the DNS identity). */
export interface PinnedRecords {
  readonly hostedZoneId: string
  readonly roleArn: string | undefined
  readonly records: readonly ValidationRecord[]
}

/**
 * The override for a validation record `_<token>.<name>.`: the line whose suffix is `<name>` or a
 * parent of it with the most labels, or undefined.
 */
export function zoneOverrideFor(recordName: string, overrides: readonly ZoneOverride[]): ZoneOverride | undefined {
  return zoneOverrideForName(fromRoute53Name(recordName).split('.').slice(1).join('.'), overrides)
}

/** The override for a (normalized) name: the covering line with the most labels, or undefined. */
export function zoneOverrideForName(name: string, overrides: readonly ZoneOverride[]): ZoneOverride | undefined {
  let best: ZoneOverride | undefined
  for (const override of overrides) {
    if (!isWithin(name, override.suffix)) continue
    if (!best || labels(override.suffix) > labels(best.suffix)) best = override
  }
  return best
}

/** Splits records into groups pinned by an override (one per zone and role) and the rest. */
export function routeValidationRecords(
  records: readonly ValidationRecord[],
  overrides: readonly ZoneOverride[]
): { pinned: PinnedRecords[]; rest: ValidationRecord[] } {
  const pinned = new Map<string, { hostedZoneId: string; roleArn: string | undefined; records: ValidationRecord[] }>()
  const rest: ValidationRecord[] = []
  for (const record of records) {
    const override = zoneOverrideFor(record.name, overrides)
    if (!override) {
      rest.push(record)
      continue
    }
    const key = `${override.hostedZoneId} ${override.roleArn ?? ''}`
    const group = pinned.get(key) ?? { hostedZoneId: override.hostedZoneId, roleArn: override.roleArn, records: [] }
    group.records.push(record)
    pinned.set(key, group)
  }
  return { pinned: [...pinned.values()], rest }
}

function labels(name: string): number {
  return name.split('.').length
}
