// ChangeResourceRecordSets semantics: validate every change against the zone, then apply all or none.
import { settleAll } from './certificates.js'
import { isWithin, route53Name } from './names.js'
import type { HostedZone, RecordSet, SimState } from './state.js'

export type ChangeAction = 'CREATE' | 'UPSERT' | 'DELETE'

export interface RecordChange {
  action: ChangeAction
  name: string
  type: string
  ttl: number
  values: string[]
}

const describe = (name: string, type: string): string => `[name='${name}', type='${type}']`

/**
 * Check one change against the zone as earlier changes of the batch left it. Messages are the ones
 * Route 53 returns in InvalidChangeBatch (ChangeResourceRecordSets API Reference; observed texts in
 * aws/aws-sdk-java#1996, aws-sdk-kotlin#1435).
 */
function problemWith(zone: HostedZone, records: RecordSet[], change: RecordChange): string | undefined {
  const { name, type } = change
  if (!isWithin(name, zone.name)) return `RRSet with DNS name ${name} is not permitted in zone ${zone.name}`
  const atName = records.filter((r) => r.name === name)
  const existing = atName.find((r) => r.type === type)
  if (change.action === 'CREATE' && existing)
    return `Tried to create resource record set ${describe(name, type)} but it already exists`
  if (change.action === 'DELETE') {
    if (!existing) return `Tried to delete resource record set ${describe(name, type)} but it was not found`
    const same = existing.ttl === change.ttl && existing.values.join('\n') === change.values.join('\n')
    return same
      ? undefined
      : `Tried to delete resource record set ${describe(name, type)} but the values provided do not match the current values`
  }
  if (type === 'CNAME' && atName.some((r) => r.type !== 'CNAME')) {
    return `RRSet of type CNAME with DNS name ${name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`
  }
  if (type !== 'CNAME' && atName.some((r) => r.type === 'CNAME')) {
    return `RRSet of type ${type} with DNS name ${name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone.name}`
  }
  return undefined
}

function applyOne(records: RecordSet[], change: RecordChange, now: number): RecordSet[] {
  const others = records.filter((r) => !(r.name === change.name && r.type === change.type))
  if (change.action === 'DELETE') return others
  const previous = records.find((r) => r.name === change.name && r.type === change.type)
  const unchanged = previous && previous.values.join('\n') === change.values.join('\n')
  // Rewriting identical values does not make the record newer to a resolver.
  const writtenAt = unchanged ? previous.writtenAt : now
  return [...others, { name: change.name, type: change.type, ttl: change.ttl, values: change.values, writtenAt }]
}

export function normalizeChange(change: RecordChange): RecordChange {
  return { ...change, name: route53Name(change.name), type: change.type.toUpperCase() }
}

/**
 * "Route 53 validates the changes in the request and then either makes all or none of the changes"
 * (ChangeResourceRecordSets API Reference). Returns the problems; the zone is untouched unless there are none.
 */
export function applyChangeBatch(state: SimState, zone: HostedZone, changes: RecordChange[], now: number): string[] {
  let records = zone.records
  const problems: string[] = []
  for (const change of changes.map(normalizeChange)) {
    const problem = problemWith(zone, records, change)
    if (problem) problems.push(problem)
    else records = applyOne(records, change, now)
  }
  if (problems.length > 0) return problems
  settleAll(state, now) // certificates due before this change keep their issuance
  zone.records = records
  return []
}
