// Request mode's record write: the validation CNAMEs that a zone-overrides line covers go to its zone
// with its role's client, the rest to the zone zoneFor finds (or hosted-zone-id) with the DNS identity.
import type { Route53Client } from '@aws-sdk/client-route-53'
import { resolveHostedZones, type ZoneFinder } from '../aws/route53.js'
import { upsertValidationRecords, type ZoneBatch } from '../aws/route53-write.js'
import { Inputs } from '../constants.js'
import { routeValidationRecords } from '../decisions/zone-overrides.js'
import { ActionError, DnsError } from '../errors.js'
import { plural } from '../text.js'
import type { ValidationRecord } from '../types.js'
import { callContext, type RunDeps, type WrittenRecord } from './shared.js'

/** UPSERTs the records, one batch per zone and role. */
export async function writeValidationRecords(
  deps: RunDeps,
  validation: readonly ValidationRecord[],
  finder: ZoneFinder | undefined
): Promise<WrittenRecord[]> {
  const { config, log } = deps
  const calls = callContext(deps)
  const clientFor = (roleArn: string | undefined): Route53Client => {
    const client = roleArn === undefined ? deps.route53 : deps.route53ByRole?.get(roleArn)
    if (!client)
      throw new ActionError(
        `No Route 53 client for ${roleArn ?? 'the DNS identity'}: this is a bug in acm-certificate-action`
      )
    return client
  }
  const { pinned, rest } = routeValidationRecords(validation, config.zoneOverrides)
  const targets = new Map<string, { roleArn: string | undefined; batch: ZoneBatch }>()
  const add = (roleArn: string | undefined, batch: ZoneBatch): void => {
    const key = `${batch.zone.id} ${roleArn ?? ''}`
    const earlier = targets.get(key)
    targets.set(key, {
      roleArn,
      batch: earlier ? { zone: batch.zone, records: [...earlier.batch.records, ...batch.records] } : batch
    })
  }
  for (const group of pinned) {
    const line = config.zoneOverrides.find(
      (o) => o.hostedZoneId === group.hostedZoneId && o.roleArn === group.roleArn
    )?.line
    try {
      const batches = await resolveHostedZones(clientFor(group.roleArn), group.records, {
        ...calls,
        hostedZoneId: group.hostedZoneId
      })
      batches.forEach((batch) => add(group.roleArn, batch))
    } catch (err) {
      if (!(err instanceof DnsError)) throw err
      const owner = group.roleArn ? ` and that ${group.roleArn} belongs to the account that owns it` : ''
      throw new DnsError(`${Inputs.ZoneOverrides} line ${line ?? '?'}: ${err.message}`, {
        cause: err,
        hint: `Check the zone id${owner}. ${err.hint ?? ''}`.trim()
      })
    }
  }
  if (rest.length > 0) {
    const batches = await resolveHostedZones(clientFor(undefined), rest, {
      ...calls,
      hostedZoneId: config.hostedZoneId,
      finder
    })
    batches.forEach((batch) => add(undefined, batch))
  }
  const written: WrittenRecord[] = []
  for (const { roleArn, batch } of targets.values()) {
    const { changeId } = await upsertValidationRecords(clientFor(roleArn), batch, config.allNames, calls)
    const where = `${plural(batch.records.length, 'validation record')} in zone ${batch.zone.name} (${batch.zone.id})`
    log.info(`UPSERT ${where}${roleArn ? ` as ${roleArn}` : ''} (change ${changeId})`)
    const { id: hostedZoneId, name: hostedZoneName } = batch.zone
    written.push(
      ...batch.records.map(({ name, type, value, domains }) => ({
        name,
        type,
        value,
        hostedZoneId,
        hostedZoneName,
        domains
      }))
    )
  }
  return written
}
