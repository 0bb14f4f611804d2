import { describe, expect, it, beforeEach } from '@jest/globals'
import {
  ChangeResourceRecordSetsCommand,
  GetHostedZoneCommand,
  InvalidChangeBatch,
  ListHostedZonesByNameCommand,
  Route53Client,
  Route53ServiceException,
  type HostedZone,
  type ListHostedZonesByNameRequest
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { zoneFinder } from '../src/zones/lookup.js'
import { planZones } from '../src/zones/plan.js'
import { upsertValidationRecords, type ZoneBatch } from '../src/aws/route53-write.js'
import { ActionError, AwsApiError, DeadlineError, DnsError } from '../src/errors.js'
import type { Clock, Logger, ValidationRecord } from '../src/types.js'
import { fakeClock } from '../__fixtures__/clock.js'
import { zone } from '../__fixtures__/zones.js'

// ---- fixtures -------------------------------------------------------------------------------

let tokenCounter = 0
/** A well-formed ACM validation record for `domain` (wildcards share their base's record). */
function record(domain: string, domains: readonly string[] = [domain]): ValidationRecord {
  const token = (++tokenCounter).toString(16).padStart(32, '0')
  const base = domain.replace(/^\*\./, '')
  return { name: `_${token}.${base}.`, type: 'CNAME', value: `_${token}.abcdefghij.acm-validations.aws.`, domains }
}

function recordingLogger(): Logger & { debugs: string[] } {
  const debugs: string[] = []
  return { debugs, info: () => undefined, warning: () => undefined, debug: (m) => debugs.push(m) }
}

function awsError(name: string, message: string): Route53ServiceException {
  return new Route53ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'req-1' },
    message
  })
}

const r53 = mockClient(Route53Client)
const client = new Route53Client({ region: 'us-east-1' })

const reversedKey = (name: string): string => `${name.toLowerCase().replace(/\.$/, '').split('.').reverse().join('.')}.`
const bareId = (id: string): string => id.replace(/^\/hostedzone\//, '')
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * ListHostedZonesByName as documented: every zone (public and private) sorted by reversed labels,
 * then id; DNSName/HostedZoneId set the start point (no filtering); pages of at most MaxItems.
 */
function serveZones(zones: readonly HostedZone[], pageSize = 100): void {
  const sorted = [...zones].sort(
    (a, b) => cmp(reversedKey(a.Name ?? ''), reversedKey(b.Name ?? '')) || cmp(bareId(a.Id ?? ''), bareId(b.Id ?? ''))
  )
  r53.on(ListHostedZonesByNameCommand).callsFake((input: ListHostedZonesByNameRequest) => {
    const startKey = input.DNSName ? reversedKey(input.DNSName) : ''
    const startId = input.HostedZoneId ?? ''
    const first = sorted.findIndex((z) => {
      const order = cmp(reversedKey(z.Name ?? ''), startKey)
      return order > 0 || (order === 0 && cmp(bareId(z.Id ?? ''), startId) >= 0)
    })
    const from = first < 0 ? sorted.length : first
    const size = Math.min(pageSize, input.MaxItems ?? 100)
    const page = sorted.slice(from, from + size)
    const next = sorted[from + size]
    return {
      HostedZones: page,
      DNSName: input.DNSName,
      IsTruncated: next !== undefined,
      MaxItems: size,
      ...(next ? { NextDNSName: next.Name, NextHostedZoneId: bareId(next.Id ?? '') } : {})
    }
  })
}

const listedNames = (): (string | undefined)[] =>
  r53.commandCalls(ListHostedZonesByNameCommand).map((call) => call.args[0].input.DNSName)

beforeEach(() => {
  r53.reset()
  tokenCounter = 0
})

// ---- the zone of each record (zones/plan.ts planZones, through zones/lookup.ts zoneFinder) -----

/**
 * Each record's zone by the zone rule (no zone-overrides here), the records grouped into one batch
 * per zone (sorted by zone name), as the record write groups them.
 */
async function resolveHostedZones(
  r53client: Route53Client,
  records: readonly ValidationRecord[],
  options: { log: Logger; hostedZoneId?: string }
): Promise<ZoneBatch[]> {
  const allNames = records.flatMap((r) => r.domains)
  const finder = zoneFinder(r53client, { log: options.log })
  const plan = await planZones(
    { allNames, zoneOverrides: [], hostedZoneId: options.hostedZoneId },
    { route53: r53client },
    finder,
    {}
  )
  const batches = new Map<string, ZoneBatch & { records: ValidationRecord[] }>()
  for (const record of records) {
    const { zone } = plan.targetFor(record)
    const batch = batches.get(zone.id) ?? { zone, records: [] }
    batch.records.push(record)
    batches.set(zone.id, batch)
  }
  return [...batches.values()].sort((a, b) => cmp(a.zone.name, b.zone.name))
}

describe('the zone of each record', () => {
  it('chooses the most specific public zone and groups records by zone', async () => {
    serveZones([zone('example.com', 'ZAPEX'), zone('dev.example.com', 'ZDEV'), zone('example.org', 'ZORG')])
    const deep = record('a.dev.example.com')
    const apex = record('example.com', ['example.com', '*.example.com'])
    const www = record('www.example.com')
    const batches = await resolveHostedZones(client, [deep, apex, www], { log: recordingLogger() })
    expect(batches).toEqual([
      { zone: { id: 'ZDEV', name: 'dev.example.com' }, records: [deep] },
      { zone: { id: 'ZAPEX', name: 'example.com' }, records: [apex, www] }
    ])
    expect(listedNames()).toEqual(['a.dev.example.com.', 'dev.example.com.', 'example.com.', 'www.example.com.'])
    expect(r53.commandCalls(ListHostedZonesByNameCommand).every((call) => call.args[0].input.MaxItems === 100)).toBe(
      true
    )
  })

  it('never uses a zone that only shares a string suffix (notexample.com for example.com)', async () => {
    serveZones([zone('notexample.com', 'ZNOT'), zone('com', 'ZCOM')])
    const [batch] = await resolveHostedZones(client, [record('example.com')], { log: recordingLogger() })
    expect(batch?.zone).toEqual({ id: 'ZCOM', name: 'com' })

    r53.reset()
    serveZones([zone('notexample.com', 'ZNOT')])
    await expect(resolveHostedZones(client, [record('example.com')], { log: recordingLogger() })).rejects.toThrow(
      DnsError
    )
  })

  it('refuses a private-only zone and says so', async () => {
    serveZones([zone('example.com', 'ZPRIV', 'private')])
    const err = await resolveHostedZones(client, [record('www.example.com')], { log: recordingLogger() }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DnsError)
    expect((err as DnsError).message).toMatch(/only a private zone example\.com \(ZPRIV\) exists.*public DNS/)
  })

  it('climbs past a private zone to a public parent, logging the skip', async () => {
    serveZones([zone('dev.example.com', 'ZPRIV', 'private'), zone('example.com', 'ZPUB')])
    const log = recordingLogger()
    const batches = await resolveHostedZones(client, [record('dev.example.com'), record('x.dev.example.com')], { log })
    expect(batches.map((b) => b.zone.id)).toEqual(['ZPUB'])
    expect(batches[0]?.records).toHaveLength(2)
    expect(log.debugs.join('\n')).toMatch(/skipping a private zone dev\.example\.com \(ZPRIV\)/)
  })

  it('stops at a public Cloud Map zone instead of writing where public DNS may not look', async () => {
    serveZones([zone('api.example.com', 'ZMAP', 'cloudmap'), zone('example.com', 'ZPUB')])
    const err = await resolveHostedZones(client, [record('x.api.example.com')], { log: recordingLogger() }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DnsError)
    expect((err as DnsError).message).toMatch(/api\.example\.com \(ZMAP\).*Cloud Map/)
    expect((err as DnsError).hint).toMatch(/hosted-zone-id/)
  })

  it('pages on with NextDNSName/NextHostedZoneId while same-name zones continue (target on page 3)', async () => {
    const twins = ['ZA1', 'ZA2', 'ZA3', 'ZA4'].map((id) => zone('example.com', id, 'private'))
    serveZones(
      [
        zone('aaa.com', 'ZAAA'),
        ...twins,
        zone('example.com', 'ZZPUB'),
        zone('example.net', 'ZNET'),
        zone('example.org', 'ZORG')
      ],
      2
    )
    const [batch] = await resolveHostedZones(client, [record('example.com')], { log: recordingLogger() })
    expect(batch?.zone).toEqual({ id: 'ZZPUB', name: 'example.com' })
    const inputs = r53.commandCalls(ListHostedZonesByNameCommand).map((call) => call.args[0].input)
    expect(inputs).toEqual([
      { DNSName: 'example.com.', MaxItems: 100 },
      { DNSName: 'example.com.', HostedZoneId: 'ZA3', MaxItems: 100 },
      { DNSName: 'example.com.', HostedZoneId: 'ZZPUB', MaxItems: 100 }
    ])
  })

  it('stops paging once the listing has moved past the name', async () => {
    const others = Array.from({ length: 9 }, (_, i) => zone(`example${i}.net`, `ZN${i}`))
    serveZones([zone('example.com', 'ZPUB'), ...others], 2)
    await resolveHostedZones(client, [record('example.com')], { log: recordingLogger() })
    expect(r53).toHaveReceivedCommandTimes(ListHostedZonesByNameCommand, 1)
  })

  it('makes one lookup per distinct suffix across many names (cache)', async () => {
    serveZones([zone('example.com', 'ZCOM'), zone('example.org', 'ZORG')])
    const names = [
      'www.example.com',
      'api.example.com',
      'example.com',
      'a.example.com',
      'b.example.com',
      'shop.example.org',
      'example.org'
    ]
    const records = names.map((n) => record(n))
    const batches = await resolveHostedZones(client, records, { log: recordingLogger() })
    expect(batches.map((b) => [b.zone.id, b.records.length])).toEqual([
      ['ZCOM', 5],
      ['ZORG', 2]
    ])
    const listed = listedNames()
    expect(new Set(listed).size).toBe(listed.length)
    expect(listed).toHaveLength(7) // www, example.com, api, a, b, shop, example.org
  })

  it('refuses duplicate public zones and names their ids', async () => {
    serveZones([zone('example.com', 'ZONE1'), zone('example.com', 'ZONE2')])
    const err = await resolveHostedZones(client, [record('www.example.com')], { log: recordingLogger() }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(DnsError)
    expect((err as DnsError).message).toMatch(/ZONE1, ZONE2/)
    expect((err as DnsError).hint).toMatch(/hosted-zone-id/)
  })

  it('lists every record with no zone and the domain it validates', async () => {
    serveZones([zone('example.com', 'ZCOM')])
    const err = await resolveHostedZones(
      client,
      [record('example.com'), record('a.example.net'), record('example.org', ['example.org', '*.example.org'])],
      {
        log: recordingLogger()
      }
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DnsError)
    const { message, hint } = err as DnsError
    expect(message).toMatch(/a\.example\.net \(validates a\.example\.net\)/)
    expect(message).toMatch(/example\.org \(validates example\.org, \*\.example\.org\)/)
    expect(message).not.toMatch(/example\.com/)
    expect(hint).toMatch(/public hosted zone/)
    expect(hint).toMatch(/route53:ListHostedZonesByName/)
  })

  it('turns a failed lookup into an AwsApiError with a permission hint', async () => {
    r53
      .on(ListHostedZonesByNameCommand)
      .rejects(awsError('AccessDenied', 'not authorized to perform route53:ListHostedZonesByName'))
    const err = await resolveHostedZones(client, [record('example.com')], { log: recordingLogger() }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(AwsApiError)
    expect((err as AwsApiError).code).toBe('AccessDenied')
    expect((err as AwsApiError).hint).toMatch(/route53:ListHostedZonesByName/)
  })

  describe('with hosted-zone-id pinned', () => {
    it('uses GetHostedZone once and lists nothing', async () => {
      r53.on(GetHostedZoneCommand, { Id: 'ZPIN' }).resolves({ HostedZone: zone('example.com', 'ZPIN') })
      const records = [record('example.com'), record('a.b.example.com')]
      const batches = await resolveHostedZones(client, records, { hostedZoneId: 'ZPIN', log: recordingLogger() })
      expect(batches).toEqual([{ zone: { id: 'ZPIN', name: 'example.com' }, records }])
      expect(r53).toHaveReceivedCommandTimes(GetHostedZoneCommand, 1)
      expect(r53).toHaveReceivedCommandTimes(ListHostedZonesByNameCommand, 0)
    })

    it('refuses a record outside the pinned zone, naming both', async () => {
      r53.on(GetHostedZoneCommand).resolves({ HostedZone: zone('example.com', 'ZPIN') })
      const err = await resolveHostedZones(client, [record('example.com'), record('example.org')], {
        hostedZoneId: 'ZPIN',
        log: recordingLogger()
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DnsError)
      expect((err as DnsError).message).toMatch(/ZPIN.*example\.com.*example\.org \(validates example\.org\)/)
      expect((err as DnsError).message).not.toMatch(/of example\.com/)
    })

    it('refuses a pinned zone whose apex is the record name (no CNAME at an apex)', async () => {
      const apexRecord = record('example.com')
      r53.on(GetHostedZoneCommand).resolves({ HostedZone: zone(apexRecord.name.replace(/\.$/, ''), 'ZPIN') })
      const err = await resolveHostedZones(client, [apexRecord], {
        hostedZoneId: 'ZPIN',
        log: recordingLogger()
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DnsError)
    })

    it.each<['private' | 'cloudmap', RegExp]>([
      ['private', /private zone example\.com \(ZPIN\)/],
      ['cloudmap', /Cloud Map/]
    ])('refuses a %s pinned zone', async (kind, pattern) => {
      r53.on(GetHostedZoneCommand).resolves({ HostedZone: zone('example.com', 'ZPIN', kind) })
      const err = await resolveHostedZones(client, [record('example.com')], {
        hostedZoneId: 'ZPIN',
        log: recordingLogger()
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DnsError)
      expect((err as DnsError).message).toMatch(pattern)
      expect(r53).toHaveReceivedCommandTimes(ListHostedZonesByNameCommand, 0)
    })

    it('reports an unknown zone id', async () => {
      r53.on(GetHostedZoneCommand).rejects(awsError('NoSuchHostedZone', 'No hosted zone found with ID: ZNOPE'))
      const err = await resolveHostedZones(client, [record('example.com')], {
        hostedZoneId: 'ZNOPE',
        log: recordingLogger()
      }).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DnsError)
      expect((err as DnsError).message).toMatch(/hosted-zone-id ZNOPE/)
    })
  })
})

// ---- upsertValidationRecords ----------------------------------------------------------------

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
