import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type Change,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { CERT_ACCOUNT, DNS_ACCOUNT, failure, startHarness, type World, keysOf } from '../../__fixtures__/world.js'

let h: World
let route53: Route53Client

beforeEach(async () => {
  h = await startHarness()
  route53 = h.route53()
})
afterEach(async () => {
  route53.destroy()
  await h.stop()
})

const addZone = (name: string, extra: Record<string, unknown> = {}) =>
  h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name, ...extra })
const cname = (Name: string, Value: string, Action: Change['Action'] = 'UPSERT'): Change => ({
  Action,
  ResourceRecordSet: { Name, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value }] }
})
const change = (HostedZoneId: string, Changes: Change[]) =>
  route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId, ChangeBatch: { Changes } }))

describe('ListHostedZonesByName', () => {
  it('sorts by reversed labels, starts at DNSName without filtering, and lists private zones too', async () => {
    addZone('b.example.org')
    addZone('example.com')
    addZone('www.example.com')
    addZone('example.com', { privateZone: true })
    addZone('a.example.net')
    h.sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'hidden.com' })
    const all = await route53.send(new ListHostedZonesByNameCommand({}))
    expect(all.HostedZones?.map((z) => z.Name)).toEqual([
      'example.com.',
      'example.com.',
      'www.example.com.',
      'a.example.net.',
      'b.example.org.'
    ])
    expect(all.HostedZones?.map((z) => z.Config?.PrivateZone)).toContain(true)

    const from = await route53.send(new ListHostedZonesByNameCommand({ DNSName: 'sub.example.com' }))
    expect(from.HostedZones?.map((z) => z.Name)).toEqual(['www.example.com.', 'a.example.net.', 'b.example.org.'])
    expect(from.DNSName).toBe('sub.example.com')
  })

  it('pages with MaxItems, NextDNSName and NextHostedZoneId', async () => {
    for (let i = 0; i < 7; i++) addZone(`z${i}.example.com`)
    const names: string[] = []
    let DNSName: string | undefined
    let HostedZoneId: string | undefined
    let pages = 0
    for (;;) {
      const page = await route53.send(new ListHostedZonesByNameCommand({ DNSName, HostedZoneId, MaxItems: 3 }))
      names.push(...(page.HostedZones ?? []).map((z) => z.Name ?? ''))
      pages += 1
      if (!page.IsTruncated) break
      DNSName = page.NextDNSName
      HostedZoneId = page.NextHostedZoneId
    }
    expect(pages).toBe(3)
    expect(names).toEqual(Array.from({ length: 7 }, (_v, i) => `z${i}.example.com.`))
  })

  it('exposes ids, config and the Cloud Map LinkedService through the SDK', async () => {
    const id = addZone('ns.example.com', {
      linkedService: { servicePrincipal: 'servicediscovery.amazonaws.com', description: 'namespace' }
    })
    const { HostedZones = [] } = await route53.send(
      new ListHostedZonesByNameCommand({ DNSName: 'ns.example.com', MaxItems: 1 })
    )
    expect(HostedZones[0]).toMatchObject({
      Id: `/hostedzone/${id}`,
      Name: 'ns.example.com.',
      Config: { PrivateZone: false },
      ResourceRecordSetCount: 2,
      LinkedService: { ServicePrincipal: 'servicediscovery.amazonaws.com', Description: 'namespace' }
    })
  })
})

describe('ListHostedZones and GetHostedZone', () => {
  it('pages with Marker and shows name servers for public zones, VPCs for private ones', async () => {
    const pub = addZone('example.com')
    const priv = addZone('example.com', { privateZone: true, vpc: { region: 'eu-west-1', id: 'vpc-123' } })
    const first = await route53.send(new ListHostedZonesCommand({ MaxItems: 1 }))
    expect(first.HostedZones?.[0]?.Id).toBe(`/hostedzone/${pub}`)
    expect(first.NextMarker).toBe(priv)
    const second = await route53.send(new ListHostedZonesCommand({ Marker: first.NextMarker }))
    expect(second.HostedZones?.[0]?.Id).toBe(`/hostedzone/${priv}`)
    expect(second.IsTruncated).toBe(false)

    const publicZone = await route53.send(new GetHostedZoneCommand({ Id: `/hostedzone/${pub}` }))
    expect(publicZone.DelegationSet?.NameServers).toHaveLength(4)
    expect(publicZone.VPCs).toBeUndefined()
    const privateZone = await route53.send(new GetHostedZoneCommand({ Id: priv }))
    expect(privateZone.VPCs).toEqual([{ VPCRegion: 'eu-west-1', VPCId: 'vpc-123' }])
    expect((await failure(route53.send(new GetHostedZoneCommand({ Id: 'ZNOPE' })))).name).toBe('NoSuchHostedZone')
  })
})

describe('ChangeResourceRecordSets', () => {
  it('stores names lowercase with a trailing dot and escapes the wildcard as \\052', async () => {
    const zone = addZone('example.com')
    await change(zone, [
      cname('_ABC.Example.com', '_v.acm-validations.aws.'),
      cname('*.example.com', 'target.example.net')
    ])
    const { ResourceRecordSets = [] } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zone }))
    expect(ResourceRecordSets.map((r) => `${r.Name} ${r.Type}`)).toEqual([
      'example.com. NS',
      'example.com. SOA',
      '\\052.example.com. CNAME',
      '_abc.example.com. CNAME'
    ])
  })

  it('applies a batch atomically: one bad change leaves the zone untouched', async () => {
    const zone = addZone('example.com')
    h.sim.putRecord(zone, { name: 'taken.example.com', type: 'CNAME', values: ['x.example.net.'] })
    const before = h.sim.records(zone).length
    const error = await failure(
      change(zone, [cname('new.example.com', 'a.example.net'), cname('taken.example.com', 'b.example.net', 'CREATE')])
    )
    expect(error.name).toBe('InvalidChangeBatch')
    expect(error.message).toBe(
      "[Tried to create resource record set [name='taken.example.com.', type='CNAME'] but it already exists]"
    )
    expect(h.sim.records(zone)).toHaveLength(before)
  })

  it('rejects a CNAME next to other records with AWS text, records outside the zone, and mismatched deletes', async () => {
    const zone = addZone('example.com')
    h.sim.putRecord(zone, { name: 'www.example.com', type: 'A', values: ['192.0.2.1'] })
    const conflict = await failure(change(zone, [cname('www.example.com', 'x.example.net')]))
    expect(conflict.message).toBe(
      '[RRSet of type CNAME with DNS name www.example.com. is not permitted as it conflicts with other records with the same DNS name in zone example.com.]'
    )
    h.clock.advance(1000)
    const outside = await failure(change(zone, [cname('www.example.org', 'x.example.net')]))
    expect(outside.name).toBe('InvalidChangeBatch')
    expect(outside.message).toContain('is not permitted in zone example.com.')
    h.sim.putRecord(zone, { name: 'c.example.com', type: 'CNAME', values: ['one.example.net.'] })
    const deletion = await failure(change(zone, [cname('c.example.com', 'two.example.net.', 'DELETE')]))
    expect(deletion.message).toContain('but the values provided do not match the current values')
  })

  it('denies changes to a Cloud Map zone with 403 AccessDenied', async () => {
    const zone = addZone('svc.example.com', { linkedService: { servicePrincipal: 'servicediscovery.amazonaws.com' } })
    const error = await failure(change(zone, [cname('_x.svc.example.com', 'y.example.net')]))
    expect(error.name).toBe('AccessDenied')
    expect(error.$metadata?.httpStatusCode).toBe(403)
    expect(error.message).toMatch(
      new RegExp(
        `^The resource hostedzone/${zone} can only be managed through AWS Cloud Map \\(arn:aws:servicediscovery:`
      )
    )
  })

  it('rejects a change while the zone still processes the previous one (PriorRequestNotComplete)', async () => {
    h.sim.scenario.changeProcessingMs = 500
    const zone = addZone('example.com')
    await change(zone, [cname('a.example.com', 'x.example.net')])
    h.clock.advance(499)
    const error = await failure(change(zone, [cname('b.example.com', 'x.example.net')]))
    expect(error.name).toBe('PriorRequestNotComplete')
    h.clock.advance(1)
    await expect(change(zone, [cname('b.example.com', 'x.example.net')])).resolves.toHaveProperty('ChangeInfo')
  })

  it('reports PENDING, then INSYNC after the propagation delay; unknown ids are NoSuchChange', async () => {
    const zone = addZone('example.com')
    const { ChangeInfo } = await change(zone, [cname('a.example.com', 'x.example.net')])
    expect(ChangeInfo?.Id).toMatch(/^\/change\/C[A-Z0-9]+$/)
    expect(ChangeInfo?.Status).toBe('PENDING')
    expect(ChangeInfo?.SubmittedAt).toEqual(new Date(h.clock.now()))
    h.clock.advance(999)
    expect((await route53.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status).toBe('PENDING')
    h.clock.advance(1)
    expect((await route53.send(new GetChangeCommand({ Id: ChangeInfo?.Id }))).ChangeInfo?.Status).toBe('INSYNC')
    expect((await failure(route53.send(new GetChangeCommand({ Id: 'CNOPE' })))).name).toBe('NoSuchChange')
  })

  it("denies another account's zone", async () => {
    const zone = addZone('example.com')
    const error = await failure(h.route53(keysOf(CERT_ACCOUNT)).send(new GetHostedZoneCommand({ Id: zone })))
    expect(error.name).toBe('AccessDenied')
  })
})
