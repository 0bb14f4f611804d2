// Which Route 53 hosted zone a name belongs in: the one usable public zone of a given name (not a
// private twin, not Cloud Map's), zone ids without their prefix, and whether a record fits a zone.
// Pure: no SDK import; ZoneFacts are the fields of Route 53's HostedZone that the choice reads.
import { fromRoute53Name } from '../domains.js'
import type { HostedZoneRef } from '../types.js'

/** A Route 53 HostedZone, as far as the choice reads it. */
export interface ZoneFacts {
  Id?: string | undefined
  Name?: string | undefined
  Config?: { PrivateZone?: boolean | undefined } | undefined
  LinkedService?: { ServicePrincipal?: string | undefined } | undefined
}

/** `/hostedzone/Z123` → `Z123`; a bare id unchanged. */
export function stripZoneIdPrefix(id: string): string {
  return id.startsWith('/hostedzone/') ? id.slice('/hostedzone/'.length) : id
}

export function toZoneRef(zone: ZoneFacts): HostedZoneRef {
  return { id: stripZoneIdPrefix(zone.Id ?? ''), name: fromRoute53Name(zone.Name ?? '') }
}

/** `example.com (Z123)`, for messages. */
export function describeZone(zone: ZoneFacts): string {
  const { id, name } = toZoneRef(zone)
  return `${name} (${id})`
}

/**
 * Picks the one usable public zone named zoneName from a listing that may hold other names,
 * private twins (split-view DNS) and Cloud Map zones. `skipped` says which same-name zones were
 * passed over and why; `ambiguous` lists public zones that share the name (only one answers).
 */
export function choosePublicZone<Z extends ZoneFacts>(
  zones: readonly Z[],
  zoneName: string
): { zone?: Z; skipped: string[]; ambiguous?: Z[] } {
  const wanted = fromRoute53Name(zoneName)
  const skipped: string[] = []
  const usable: Z[] = []
  for (const zone of zones) {
    if (fromRoute53Name(zone.Name ?? '') !== wanted) continue
    if (zone.Config?.PrivateZone) skipped.push(`a private zone ${describeZone(zone)}`)
    else if (zone.LinkedService)
      skipped.push(`a zone ${describeZone(zone)} managed by ${cloudMapOwner(zone)} (Cloud Map)`)
    else usable.push(zone)
  }
  if (usable.length > 1) return { skipped, ambiguous: usable }
  const [zone] = usable
  return zone ? { zone, skipped } : { skipped }
}

/** A PUBLIC zone of this name that Cloud Map owns: public DNS may ask it, yet Route 53 refuses writes to it. */
export function publicCloudMapZone<Z extends ZoneFacts>(zones: readonly Z[], zoneName: string): Z | undefined {
  return zones.find((z) => z.LinkedService && !z.Config?.PrivateZone && fromRoute53Name(z.Name ?? '') === zoneName)
}

export function cloudMapOwner(zone: ZoneFacts): string {
  return zone.LinkedService?.ServicePrincipal ?? 'another service'
}
