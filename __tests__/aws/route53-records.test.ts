// recordsNotInPlace: one ListResourceRecordSets per zone decides which validation CNAMEs a re-run
// must write (missing, or pointing elsewhere); anything it cannot see counts as missing.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  ListResourceRecordSetsCommand,
  Route53Client,
  Route53ServiceException,
  type ResourceRecordSet
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { recordsNotInPlace } from '../../src/aws/route53-records.js'
import type { ZoneBatch } from '../../src/aws/route53-write.js'
import type { Logger, ValidationRecord } from '../../src/types.js'

const r53 = mockClient(Route53Client)
const client = new Route53Client({ region: 'us-east-1' })
const debugs: string[] = []
const log: Logger = { info: () => undefined, warning: () => undefined, debug: (m) => debugs.push(m) }

const record = (base: string, n: number): ValidationRecord => ({
  name: `_${String(n).repeat(32)}.${base}.`,
  type: 'CNAME',
  value: `_${String(n).repeat(32)}.abcdefghij.acm-validations.aws.`,
  domains: [base]
})
const cname = (r: ValidationRecord, value = r.value): ResourceRecordSet => ({
  Name: r.name,
  Type: 'CNAME',
  TTL: 300,
  ResourceRecords: [{ Value: value }]
})

const app = record('app.example.com', 1)
const www = record('www.example.com', 2)
const apex = record('example.com', 3)
const batch: ZoneBatch = { zone: { id: 'ZEXAMPLE', name: 'example.com' }, records: [www, app, apex] }

beforeEach(() => {
  r53.reset()
  debugs.length = 0
})

describe('recordsNotInPlace', () => {
  it('reads the zone once, from the first record in Route 53 order, and finds nothing to write', async () => {
    r53.on(ListResourceRecordSetsCommand).resolves({
      // Route 53's order (labels reversed): example.com's record, then app, then other names, then www.
      ResourceRecordSets: [cname(apex), cname(app), { Name: 'mail.example.com.', Type: 'MX' }, cname(www)],
      IsTruncated: false,
      MaxItems: 300
    })
    expect(await recordsNotInPlace(client, batch, { log })).toEqual([])
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1)
    expect(r53).toHaveReceivedCommandWith(ListResourceRecordSetsCommand, {
      HostedZoneId: 'ZEXAMPLE',
      StartRecordName: apex.name,
      StartRecordType: 'CNAME',
      MaxItems: 300
    })
  })

  it('returns the records that are missing or point elsewhere (values compared without case or final dot)', async () => {
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        cname(apex, apex.value.toUpperCase().replace(/\.$/, '')),
        cname(www, '_other.acm-validations.aws.')
      ],
      IsTruncated: false,
      MaxItems: 300
    })
    expect(await recordsNotInPlace(client, batch, { log })).toEqual([www, app])
  })

  it('counts records past the end of a truncated page as missing, and reads no second page', async () => {
    r53.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [cname(apex), cname(app), { Name: 'b.example.com.', Type: 'A' }],
      IsTruncated: true,
      NextRecordName: 'c.example.com.',
      NextRecordType: 'A',
      MaxItems: 3
    })
    expect(await recordsNotInPlace(client, batch, { log })).toEqual([www])
    expect(r53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 1)
  })

  it('a read that fails (no permission) means writing every record, not failing the run', async () => {
    r53.on(ListResourceRecordSetsCommand).rejects(
      new Route53ServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: { httpStatusCode: 403 },
        message: 'not authorized to perform route53:ListResourceRecordSets'
      })
    )
    expect(await recordsNotInPlace(client, batch, { log })).toEqual(batch.records)
    expect(debugs.join('\n')).toMatch(
      /could not read the records of example\.com, writing them all: .*AccessDenied|not authorized/
    )
  })
})
