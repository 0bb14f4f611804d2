// planZones (zones/plan.ts) through zoneFinder (zones/lookup.ts): the zone of each record.
import { describe, expect, it, beforeEach } from '@jest/globals'
import { GetHostedZoneCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53'
import 'aws-sdk-client-mock-jest'
import { AwsApiError, DnsError } from '../../src/errors.js'
import { zone } from '../../__fixtures__/zones.js'
import {
  awsError,
  client,
  listedNames,
  r53,
  record,
  recordingLogger,
  resetRoute53Mock,
  resolveHostedZones,
  serveZones
} from '../../__fixtures__/route53-mock.js'

beforeEach(resetRoute53Mock)

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
