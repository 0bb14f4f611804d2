// THE zone rule, for every mode: a validation record `_<token>.<base>.` goes to the zone of the
// zone-overrides line with the most specific suffix covering <base> (label boundary), else to
// hosted-zone-id, else to the most specific public zone at or above <base> (a lookup). Pure.
import { isWithin } from '../domains.js'
import type { Config, ZoneOverride } from '../types.js'

/** Where the rule sends one name's record: a zone named by id (and the role that writes it), or a lookup. */
export type ZoneRule =
  | {
      readonly kind: 'pinned'
      readonly hostedZoneId: string
      /** A zone-overrides role; undefined: the DNS identity. */
      readonly roleArn: string | undefined
      /** The zone-overrides line that decided, for messages; undefined: hosted-zone-id. */
      readonly override: ZoneOverride | undefined
    }
  | { readonly kind: 'lookup' }

/** What the rule reads of the Config. */
export type ZoneInputs = Pick<Config, 'zoneOverrides' | 'hostedZoneId'>

/** The rule for a (normalized) wildcard base. */
export function zoneRule(base: string, inputs: ZoneInputs): ZoneRule {
  const override = zoneOverrideForName(base, inputs.zoneOverrides)
  if (override) return { kind: 'pinned', hostedZoneId: override.hostedZoneId, roleArn: override.roleArn, override }
  if (inputs.hostedZoneId !== undefined)
    return { kind: 'pinned', hostedZoneId: inputs.hostedZoneId, roleArn: undefined, override: undefined }
  return { kind: 'lookup' }
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

function labels(name: string): number {
  return name.split('.').length
}
