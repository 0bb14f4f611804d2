// Route 53 writes: UPSERT a zone's validation CNAMEs in one change batch (all or nothing), refusing
// any record that is not an ACM validation CNAME for the requested names inside that zone.
import { ChangeResourceRecordSetsCommand, type Change, type Route53Client } from '@aws-sdk/client-route-53'
import { Inputs, VALIDATION_RECORD_TTL } from '../constants.js'
import { checkValidationRecord, fromRoute53Name, isWithin, toRoute53Name } from '../domains.js'
import { ActionError, DnsError, awsErrorCode, errorMessage, isTransientAwsError, wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import { systemClock, type CallContext, type HostedZoneRef, type ValidationRecord } from '../types.js'

export interface ZoneBatch {
  zone: HostedZoneRef
  records: readonly ValidationRecord[]
}

const SERVICE = 'Route 53'
const UPSERT_DEADLINE_MS = 60_000
const CHANGE_COMMENT = 'acm-certificate-action: UPSERT ACM DNS validation records'

/**
 * UPSERTs the batch's CNAMEs in ONE ChangeResourceRecordSets call (all or nothing). Throttling
 * that outlives the SDK's retries is absorbed until the deadline by resending the whole batch.
 */
export async function upsertValidationRecords(
  client: Route53Client,
  batch: ZoneBatch,
  requestedNames: readonly string[],
  ctx: CallContext = {}
): Promise<{ changeId: string }> {
  const { zone, records } = batch
  for (const record of records) {
    const problem =
      checkValidationRecord(record, requestedNames) ??
      // Inside the zone, never at its apex (a CNAME cannot sit at a zone apex).
      (fromRoute53Name(record.name) !== zone.name && isWithin(fromRoute53Name(record.name), zone.name)
        ? undefined
        : `it is not inside the zone ${zone.name} (${zone.id})`)
    if (problem) {
      throw new ActionError(`Refusing to write the record ${record.name} ${record.type} ${record.value}: ${problem}`, {
        hint: 'Only ACM validation CNAMEs for the requested names are ever written; nothing was changed in Route 53.'
      })
    }
  }
  const changes: Change[] = records.map((record) => ({
    Action: 'UPSERT',
    ResourceRecordSet: {
      Name: toRoute53Name(record.name),
      Type: 'CNAME',
      TTL: VALIDATION_RECORD_TTL,
      ResourceRecords: [{ Value: record.value }]
    }
  }))
  const command = new ChangeResourceRecordSetsCommand({
    HostedZoneId: zone.id,
    ChangeBatch: { Comment: CHANGE_COMMENT, Changes: changes }
  })
  const clock = ctx.clock ?? systemClock
  try {
    const output = await patiently(() => client.send(command), ctx, {
      deadline: ctx.deadline ?? clock.now() + UPSERT_DEADLINE_MS,
      phase: 'writing validation records',
      timeoutMessage: (last) =>
        `Route 53 kept refusing the change batch for zone ${zone.name} (${zone.id}) as busy or throttled: ${last}`,
      timeoutHint:
        'Re-run the job: the UPSERT is idempotent. If it persists, look for other jobs writing to this zone at the ' +
        'same time.',
      absorbs: isTransientAwsError
    })
    return { changeId: (output.ChangeInfo?.Id ?? '').replace(/^\/change\//, '') }
  } catch (err) {
    if (ctx.signal?.aborted) throw err
    throw changeError(err, batch)
  }
}

function changeError(err: unknown, { zone, records }: ZoneBatch): ActionError {
  const code = awsErrorCode(err)
  const inZone = `zone ${zone.name} (${zone.id})`
  if (code === 'InvalidChangeBatch') {
    const message = errorMessage(err)
    const named = records.filter((record) => message.includes(fromRoute53Name(record.name)))
    const names = (named.length ? named : records).map((record) => fromRoute53Name(record.name)).join(', ')
    return new DnsError(`Route 53 rejected the validation CNAME(s) ${names} in ${inZone}: ${message}`, {
      hint:
        'A record of another type (or a conflicting record) already exists at that name. Its owner must remove it; ' +
        'this action only UPSERTs CNAMEs and never deletes anything.',
      cause: err
    })
  }
  if (code === 'NoSuchHostedZone') {
    return new DnsError(
      `The hosted ${inZone} no longer exists (NoSuchHostedZone) while writing ${records.length} validation record(s).`,
      {
        hint: `Re-run the job to find the zone again, or fix ${Inputs.HostedZoneId}.`,
        cause: err
      }
    )
  }
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    return wrapAwsError(SERVICE, 'ChangeResourceRecordSets', err, {
      hint:
        `The DNS role needs route53:ChangeResourceRecordSets on hostedzone/${zone.id}, and its conditions must allow ` +
        'record type CNAME, action UPSERT and the validation record names (see docs/iam). ' +
        'A zone managed by Cloud Map cannot be written at all.'
    })
  }
  return wrapAwsError(SERVICE, 'ChangeResourceRecordSets', err, {
    hint: `Writing validation records to ${inZone} failed.`
  })
}
