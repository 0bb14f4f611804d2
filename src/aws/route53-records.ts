// Route 53 reads of validation records already in place: a re-run of a certificate ACM already knows
// reads each zone once and writes only the CNAMEs that are missing or point elsewhere, so a re-run
// whose records are in place writes nothing (Route 53's 5 requests/s per account is the quota that
// binds when many jobs run at once).
import { ListResourceRecordSetsCommand, type ResourceRecordSet, type Route53Client } from '@aws-sdk/client-route-53'
import { canonicalName, fromRoute53Name, toRoute53Name } from '../domains.js'
import { errorMessage } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext, Logger, ValidationRecord } from '../types.js'
import type { ZoneBatch } from './route53-write.js'

/** ListResourceRecordSets returns at most 300 record sets per page (maxitems, API Reference). */
const PAGE = 300

/** Route 53's listing order: "sorts results first by DNS name with the labels reversed" (ListResourceRecordSets). */
function reversedLabels(name: string): string {
  return canonicalName(fromRoute53Name(name)).split('.').reverse().join('.')
}

const sameTarget = (a: string, b: string): boolean => canonicalName(a) === canonicalName(b)

/**
 * The batch's records that the zone does not hold as they are (a CNAME with this one value): one
 * ListResourceRecordSets from the first of them, in Route 53's order. Records past the end of that
 * page are counted as missing (an UPSERT is idempotent; a page per record would cost more than the
 * write). A read that fails (no route53:ListResourceRecordSets permission, say) costs nothing but
 * the write it would have saved: every record is then to be written.
 */
export async function recordsNotInPlace(
  client: Route53Client,
  batch: ZoneBatch,
  ctx: CallContext & { log: Logger }
): Promise<ValidationRecord[]> {
  const records = [...batch.records].sort((a, b) => (reversedLabels(a.name) < reversedLabels(b.name) ? -1 : 1))
  const [first] = records
  if (!first) return []
  let listed: ResourceRecordSet[]
  let truncated: boolean
  try {
    const input = {
      HostedZoneId: batch.zone.id,
      StartRecordName: toRoute53Name(first.name),
      StartRecordType: 'CNAME' as const,
      MaxItems: PAGE
    }
    const output = await patiently(() => client.send(new ListResourceRecordSetsCommand(input)), ctx, {
      phase: 'reading the validation records in place',
      timeoutMessage: (last) => `Route 53 kept throttling ListResourceRecordSets for ${batch.zone.name}: ${last}`,
      timeoutHint: 'Re-run the job.'
    })
    listed = output.ResourceRecordSets ?? []
    truncated = output.IsTruncated === true
  } catch (err) {
    if (ctx.signal?.aborted) throw err
    ctx.log.debug(`Route 53: could not read the records of ${batch.zone.name}, writing them all: ${errorMessage(err)}`)
    return [...batch.records]
  }
  const last = listed.at(-1)
  const pageEnd = truncated && last?.Name ? reversedLabels(last.Name) : undefined
  return batch.records.filter((record) => {
    if (pageEnd !== undefined && reversedLabels(record.name) > pageEnd) return true
    const set = listed.find(
      (r) => r.Type === 'CNAME' && canonicalName(fromRoute53Name(r.Name ?? '')) === canonicalName(record.name)
    )
    const values = set?.ResourceRecords?.map((r) => r.Value ?? '') ?? []
    return !(values.length === 1 && sameTarget(values[0] ?? '', record.value))
  })
}
