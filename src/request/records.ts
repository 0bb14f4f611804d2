// Request mode's record write: each validation CNAME goes to the zone the zone plan chose for its
// name (zones/plan.ts), with that zone's client; one batch per zone and role, all zones at once.
// For a reused ISSUED certificate (a re-run), each zone is read first and only what is missing or
// wrong is written: a re-run whose records are in place makes no Route 53 write.
import { recordsNotInPlace } from '../aws/route53-records.js'
import { upsertValidationRecords, type ZoneBatch } from '../aws/route53-write.js'
import { plural } from '../text.js'
import type { ValidationRecord } from '../types.js'
import type { ZonePlan, ZoneTarget } from '../zones/plan.js'
import { callContext, type RunDeps, type WrittenRecord } from '../run/deps.js'

export interface WriteOptions {
  /** Read each zone first and write only the records not in place (for a reused ISSUED certificate). */
  readonly onlyMissing: boolean
}

/** UPSERTs the records, one batch per zone and role, the zones concurrently. */
export async function writeValidationRecords(
  deps: RunDeps,
  validation: readonly ValidationRecord[],
  plan: ZonePlan,
  options: WriteOptions
): Promise<WrittenRecord[]> {
  const { config, log } = deps
  const calls = callContext(deps)
  const targets = new Map<string, { target: ZoneTarget; records: ValidationRecord[] }>()
  for (const record of validation) {
    const target = plan.targetFor(record)
    const key = `${target.zone.id} ${target.roleArn ?? ''}`
    const entry = targets.get(key) ?? { target, records: [] }
    entry.records.push(record)
    targets.set(key, entry)
  }
  const written = await Promise.all(
    [...targets.values()].map(async ({ target, records }) => {
      const { client, roleArn, zone } = target
      const batch: ZoneBatch = { zone, records }
      const as = roleArn ? ` as ${roleArn}` : ''
      const where = (n: number): string => `${plural(n, 'validation record')} in zone ${zone.name} (${zone.id})`
      const toWrite = options.onlyMissing ? await recordsNotInPlace(client, batch, calls) : records
      if (toWrite.length === 0) {
        log.info(`${where(records.length)} already in place${as}: nothing to write`)
      } else {
        const { changeId } = await upsertValidationRecords(client, { zone, records: toWrite }, config.allNames, calls)
        const kept = records.length - toWrite.length
        log.info(
          `UPSERT ${where(toWrite.length)}${as} (change ${changeId})${kept > 0 ? `; ${kept} already in place` : ''}`
        )
      }
      const { id: hostedZoneId, name: hostedZoneName } = zone
      return records.map(({ name, type, value, domains }) => ({
        name,
        type,
        value,
        hostedZoneId,
        hostedZoneName,
        domains
      }))
    })
  )
  return written.flat()
}
