// upsertValidationRecords (aws/route53-write.ts): one UPSERT-only batch per zone.
import { describe, expect, it, beforeEach } from '@jest/globals'
import { ChangeResourceRecordSetsCommand, InvalidChangeBatch } from '@aws-sdk/client-route-53'
import 'aws-sdk-client-mock-jest'
import { upsertValidationRecords, type ZoneBatch } from '../../src/aws/route53-write.js'
import { ActionError, AwsApiError, DeadlineError, DnsError } from '../../src/errors.js'
import type { Clock, ValidationRecord } from '../../src/types.js'
import { fakeClock } from '../../__fixtures__/clock.js'
import { zone } from '../../__fixtures__/zones.js'
import {
  awsError,
  client,
  r53,
  record,
  recordingLogger,
  resetRoute53Mock,
  resolveHostedZones,
  serveZones
} from '../../__fixtures__/route53-mock.js'

beforeEach(resetRoute53Mock)

describe('upsertValidationRecords', () => {
  const requested = ['example.com', '*.example.com', 'www.example.com', 'dev.example.com', 'a.dev.example.com']
  const apexBatch = (): ZoneBatch => ({
    zone: { id: 'ZAPEX', name: 'example.com' },
    records: [record('example.com', ['example.com', '*.example.com']), record('www.example.com')]
  })

  it('sends exactly one UPSERT-only CNAME batch per zone', async () => {
    serveZones([zone('example.com', 'ZAPEX'), zone('dev.example.com', 'ZDEV')])
    r53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C123', Status: 'PENDING', SubmittedAt: new Date() } })
    const records = requested.map((n) => record(n)).filter((r, i) => i !== 1) // *.example.com shares example.com's record
    const batches = await resolveHostedZones(client, records, { log: recordingLogger() })
    for (const batch of batches) {
      await expect(upsertValidationRecords(client, batch, requested, { clock: fakeClock(1_000_000) })).resolves.toEqual(
        {
          changeId: 'C123'
        }
      )
    }
    const calls = r53.commandCalls(ChangeResourceRecordSetsCommand).map((call) => call.args[0].input)
    expect(calls.map((input) => input.HostedZoneId)).toEqual(['ZDEV', 'ZAPEX'])
    const changes = calls.flatMap((input) => input.ChangeBatch?.Changes ?? [])
    expect(changes).toHaveLength(records.length)
    for (const change of changes) {
      expect(change.Action).toBe('UPSERT')
      expect(change.ResourceRecordSet?.Type).toBe('CNAME')
      expect(change.ResourceRecordSet?.TTL).toBe(60)
      expect(change.ResourceRecordSet?.ResourceRecords).toHaveLength(1)
    }
    expect(changes.map((c) => c.ResourceRecordSet?.Name).sort()).toEqual(records.map((r) => r.name).sort())
    expect(calls.every((input) => /UPSERT/.test(input.ChangeBatch?.Comment ?? ''))).toBe(true)
  })

  it.each([
    ['a non-underscore name', { name: 'www.example.com.', value: '_abc.abcdefghij.acm-validations.aws.' }],
    ['a value outside acm-validations.aws', { name: '_abc.example.com.', value: 'evil.com.' }],
    ['a name under an unrequested domain', { name: '_abc.other.com.', value: '_abc.abcdefghij.acm-validations.aws.' }],
    ['a requested name in another zone', { name: '_abc.example.org.', value: '_abc.abcdefghij.acm-validations.aws.' }],
    ['type A', { name: '_abc.example.com.', value: '_abc.abcdefghij.acm-validations.aws.', type: 'A' }]
  ])('refuses %s before any call', async (_title, fields) => {
    const hostile = { type: 'CNAME', domains: ['example.com'], ...fields } as unknown as ValidationRecord
    const batch: ZoneBatch = { zone: { id: 'ZAPEX', name: 'example.com' }, records: [record('example.com'), hostile] }
    const err = await upsertValidationRecords(client, batch, [...requested, 'example.org'], {
      clock: fakeClock(1_000_000)
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ActionError)
    expect((err as ActionError).message).toContain(fields.name)
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 0)
  })

  it('explains InvalidChangeBatch (conflicting record) naming the record and zone', async () => {
    const batch = apexBatch()
    const conflicting = batch.records[1]?.name ?? ''
    r53.on(ChangeResourceRecordSetsCommand).rejects(
      new InvalidChangeBatch({
        $metadata: {},
        message: `[RRSet of type CNAME with DNS name ${conflicting} is not permitted as it conflicts with other records with the same DNS name in zone example.com.]`
      })
    )
    const err = await upsertValidationRecords(client, batch, requested, { clock: fakeClock(1_000_000) }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DnsError)
    const { message, hint } = err as DnsError
    expect(message).toContain(`CNAME(s) ${conflicting.replace(/\.$/, '')} in zone example.com (ZAPEX)`)
    expect(hint).toMatch(/remove/)
    expect(hint).toMatch(/never deletes/)
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1)
  })

  it('absorbs throttling by resending the whole batch, never splitting it', async () => {
    const batch = apexBatch()
    r53
      .on(ChangeResourceRecordSetsCommand)
      .rejectsOnce(awsError('Throttling', 'Rate exceeded'))
      .rejectsOnce(awsError('PriorRequestNotComplete', 'still processing a prior request'))
      .resolves({ ChangeInfo: { Id: '/change/C9', Status: 'PENDING', SubmittedAt: new Date() } })
    const clock = fakeClock(1_000_000)
    await expect(upsertValidationRecords(client, batch, requested, { clock })).resolves.toEqual({ changeId: 'C9' })
    const calls = r53.commandCalls(ChangeResourceRecordSetsCommand)
    expect(calls).toHaveLength(3)
    for (const call of calls) expect(call.args[0].input.ChangeBatch?.Changes).toHaveLength(batch.records.length)
    expect(clock.sleeps).toHaveLength(2)
  })

  it('gives up at the deadline when throttling persists', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(awsError('Throttling', 'Rate exceeded'))
    const clock = fakeClock(1_000_000)
    const err = await upsertValidationRecords(client, apexBatch(), requested, {
      clock,
      deadline: clock.now() + 10_000
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DeadlineError)
    expect((err as DeadlineError).message).toMatch(/example\.com \(ZAPEX\).*Rate exceeded/)
    expect(r53.commandCalls(ChangeResourceRecordSetsCommand).length).toBeGreaterThan(1)
  })

  it('hints at the DNS role policy on AccessDenied', async () => {
    r53
      .on(ChangeResourceRecordSetsCommand)
      .rejects(awsError('AccessDenied', 'User is not authorized to perform route53:ChangeResourceRecordSets'))
    const err = await upsertValidationRecords(client, apexBatch(), requested, { clock: fakeClock(1_000_000) }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(AwsApiError)
    expect((err as AwsApiError).hint).toMatch(
      /route53:ChangeResourceRecordSets on hostedzone\/ZAPEX.*CNAME.*UPSERT.*docs\/iam/
    )
    expect(r53).toHaveReceivedCommandTimes(ChangeResourceRecordSetsCommand, 1)
  })

  it('reports a zone that disappeared', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(awsError('NoSuchHostedZone', 'No hosted zone found with ID: ZAPEX'))
    const err = await upsertValidationRecords(client, apexBatch(), requested, { clock: fakeClock(1_000_000) }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DnsError)
    expect((err as DnsError).message).toMatch(/example\.com \(ZAPEX\) no longer exists/)
  })

  it('stops when the signal aborts, passing its reason through', async () => {
    r53.on(ChangeResourceRecordSetsCommand).rejects(awsError('Throttling', 'Rate exceeded'))
    const controller = new AbortController()
    const reason = new Error('cancelled by the runner')
    const clock = fakeClock(1_000_000)
    const sleeping: Clock = { now: clock.now, sleep: async () => controller.abort(reason) }
    const err = await upsertValidationRecords(client, apexBatch(), requested, {
      clock: sleeping,
      signal: controller.signal
    }).catch((e: unknown) => e)
    expect(err).toBe(reason)
  })
})
