// The renewal guard's ACME part (mode audit): the prevalidation CNAMEs of the action's ACME endpoints
// must stay in place and exact, and their validations VALID, or every ACME client's next order and
// renewal fails. A flow over ports: the ACME listings, then the guard's own zone placement, zone reads
// and repair (request mode's zone rule and UPSERT), each zone read once. Judged in guard-verdict.ts.
import type { AcmeDomainValidation, AcmeEndpoint } from '@aws-sdk/client-acm'
import * as plan from '../audit/plan.js'
import type { AuditOutcome, AuditPorts } from '../audit/run.js'
import type { RecordLookup } from '../audit/verdict.js'
import { MANAGED_BY_TAG } from '../constants.js'
import { wildcardBase } from '../domains.js'
import { errorMessage } from '../errors.js'
import type { Tag, ValidationRecord } from '../types.js'
import { judgePrevalidation, type PrevalidationCheck } from './guard-verdict.js'
import { recordOf } from './waits.js'

export interface AcmeGuardPorts extends Pick<AuditPorts, 'placeRecords' | 'readZone' | 'upsert' | 'log'> {
  listEndpoints(): Promise<readonly AcmeEndpoint[]>
  tagsOf(arn: string): Promise<readonly Tag[] | undefined>
  listValidations(endpointArn: string): Promise<readonly AcmeDomainValidation[]>
}

export interface AcmeGuardOptions {
  /** managed: the endpoints this action created (its tag); all: every endpoint of the Region. */
  readonly scope: 'managed' | 'all'
  /** Narrow to these names (normalized); empty: every validation. */
  readonly names: readonly string[]
  readonly repair: boolean
}

export type AcmeGuardOutcome = Pick<AuditOutcome, 'repairs' | 'repairErrors'> & { checks: PrevalidationCheck[] }

interface Validation {
  readonly endpointArn: string
  readonly domain: string
  readonly arn: string
  readonly status: string
  readonly reason: string | undefined
  readonly record: ValidationRecord | undefined
}

export async function auditPrevalidations(ports: AcmeGuardPorts, options: AcmeGuardOptions): Promise<AcmeGuardOutcome> {
  const validations = await collect(ports, options)
  const records = validations.flatMap((v) => (v.record ? [v.record] : []))
  const placement = records.length > 0 ? await ports.placeRecords(records) : new Map()
  const placed: plan.PlacedRecord[] = validations.flatMap((v) => {
    const where = v.record ? placement.get(v.record.name) : undefined
    return v.record && where && !('none' in where) ? [{ ...where, record: v.record, domain: v.domain }] : []
  })
  const lookups = await readZones(ports, placed)
  const repairs: AcmeGuardOutcome['repairs'] = []
  const repairErrors: AcmeGuardOutcome['repairErrors'] = []
  const repaired = new Set<string>()
  for (const batch of options.repair ? plan.planRepairs(placed, lookups) : []) {
    try {
      const { changeId } = await ports.upsert({ zone: batch.zone, zoneKey: batch.zoneKey }, batch.records)
      batch.records.forEach((r) => repaired.add(plan.recordKey(batch.zoneKey, r.name)))
      repairs.push({
        zoneId: batch.zone.id,
        zoneName: batch.zone.name,
        records: batch.records.map((r) => r.name),
        changeId
      })
      ports.log.info(
        `Repaired ${batch.records.length} ACME prevalidation record(s) in zone ${batch.zone.name} (${batch.zone.id})`
      )
    } catch (err) {
      repairErrors.push({ zoneId: batch.zone.id, zoneName: batch.zone.name, message: errorMessage(err) })
    }
  }
  const checks = validations.map((v): PrevalidationCheck => {
    const where = v.record ? placement.get(v.record.name) : undefined
    const p = placed.find((x) => x.record === v.record)
    const { route53, key } = plan.placedLookup(v.record, where, lookups)
    const facts = { ...v, zone: p?.zone, route53, repaired: key !== undefined && repaired.has(key) }
    return {
      ...facts,
      record: v.record && { name: v.record.name, value: v.record.value },
      findings: judgePrevalidation(facts)
    }
  })
  return { checks, repairs, repairErrors }
}

/** The validations of the endpoints in scope (an endpoint gone meanwhile is skipped). */
async function collect(ports: AcmeGuardPorts, options: AcmeGuardOptions): Promise<Validation[]> {
  const bases = new Set(options.names.map(wildcardBase))
  const endpoints = await ports.listEndpoints()
  const inScope = await Promise.all(
    endpoints.map(async (e) => {
      const arn = e.AcmeEndpointArn ?? ''
      if (options.scope === 'all') return arn
      const tags = await ports.tagsOf(arn)
      return tags?.some((t) => t.Key === MANAGED_BY_TAG && t.Value.startsWith('acme-endpoint:')) ? arn : undefined
    })
  )
  const arns = inScope.filter((arn): arn is string => arn !== undefined)
  const listed = await Promise.all(arns.map(async (arn) => ({ arn, validations: await ports.listValidations(arn) })))
  const all = listed.flatMap(({ arn, validations }) =>
    validations
      .filter((v) => v.Status !== 'DELETING' && (bases.size === 0 || bases.has(v.DomainName ?? '')))
      .map((v): Validation => {
        const domain = v.DomainName ?? ''
        const r = recordOf(v)
        return {
          endpointArn: arn,
          domain,
          arn: v.AcmeDomainValidationArn ?? '',
          status: v.Status ?? 'UNKNOWN',
          reason: v.FailureDetails?.Reason,
          record: r && { name: r.name, type: 'CNAME', value: r.value, domains: [domain] }
        }
      })
  )
  ports.log.info(`ACME: ${all.length} prevalidation(s) on ${arns.length} endpoint(s) to check`)
  return all
}

/** Each zone read once; what it holds at each expected name. A zone that cannot be read: 'error'. */
async function readZones(
  ports: AcmeGuardPorts,
  placed: readonly plan.PlacedRecord[]
): Promise<Map<string, RecordLookup>> {
  const lookups = new Map<string, RecordLookup>()
  for (const [key, { zone, recordNames }] of plan.zonesToRead(placed)) {
    try {
      const index = plan.indexZone(await ports.readZone({ zone, zoneKey: key }))
      for (const p of placed.filter((x) => x.zoneKey === key))
        lookups.set(plan.recordKey(key, p.record.name), plan.lookupRecord(index, p.record))
    } catch (err) {
      const reason = `reading zone ${zone.name} (${zone.id}) failed: ${errorMessage(err)}`
      for (const name of recordNames) lookups.set(plan.recordKey(key, name), { state: 'error', reason })
    }
  }
  return lookups
}
