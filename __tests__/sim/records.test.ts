import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type Change,
  type Route53Client
} from '@aws-sdk/client-route-53'
import { DescribeCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm'
import { CERT_ACCOUNT, DNS_ACCOUNT, failure, startHarness, type World } from '../../__fixtures__/world.js'

let h: World
let route53: Route53Client
let zoneId: string

beforeEach(async () => {
  h = await startHarness()
  route53 = h.route53()
  zoneId = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
})
afterEach(async () => {
  route53.destroy()
  await h.stop()
})

type ListInput = Omit<ConstructorParameters<typeof ListResourceRecordSetsCommand>[0], 'HostedZoneId'>
const list = (extra: ListInput = {}) =>
  route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...extra }))
const change = (Changes: Change[]) =>
  route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes } }))
const cname = (Action: Change['Action'], Name: string, Value: string, TTL = 300): Change => ({
  Action,
  ResourceRecordSet: { Name, Type: 'CNAME', TTL, ResourceRecords: [{ Value }] }
})

describe('ListResourceRecordSets', () => {
  it('pages through every record in reversed-label order with StartRecordName/StartRecordType', async () => {
    h.sim.putRecord(zoneId, { name: 'www.example.com', type: 'A', values: ['192.0.2.1'] })
    h.sim.putRecord(zoneId, { name: 'www.example.com', type: 'AAAA', values: ['2001:db8::1'] })
    h.sim.putRecord(zoneId, { name: 'a.example.com', type: 'TXT', values: ['"hello"'] })
    h.sim.putRecord(zoneId, { name: '_x.b.example.com', type: 'CNAME', values: ['target.example.net.'] })
    const seen: string[] = []
    let start: ListInput = {}
    let pages = 0
    for (;;) {
      const page = await list({ ...start, MaxItems: 2 })
      pages += 1
      seen.push(...(page.ResourceRecordSets ?? []).map((r) => `${r.Name} ${r.Type}`))
      if (!page.IsTruncated) break
      start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType }
    }
    expect(pages).toBe(3)
    expect(seen).toEqual([
      'example.com. NS',
      'example.com. SOA',
      'a.example.com. TXT',
      '_x.b.example.com. CNAME',
      'www.example.com. A',
      'www.example.com. AAAA'
    ])

    const fromWww = await list({ StartRecordName: 'www.example.com', StartRecordType: 'AAAA' })
    expect(fromWww.ResourceRecordSets?.map((r) => `${r.Name} ${r.Type}`)).toEqual(['www.example.com. AAAA'])
    // A name that does not exist: the listing starts at the next name.
    const fromB = await list({ StartRecordName: 'b.example.com' })
    expect(fromB.ResourceRecordSets?.[0]?.Name).toBe('_x.b.example.com.')
    expect(fromB.IsTruncated).toBe(false)
  })

  it('rejects StartRecordType without StartRecordName as InvalidInput', async () => {
    const error = await failure(list({ StartRecordType: 'A' }))
    expect(error.name).toBe('InvalidInput')
  })

  it('stays under the Route 53 account rate quota', async () => {
    h.sim.scenario.enforceQuotas = true
    h.sim.scenario.quotas.route53 = { perSecond: 5, burst: 5 }
    for (let i = 0; i < 5; i++) await list()
    const throttled = await failure(list())
    expect(throttled.name).toBe('Throttling')
    expect(throttled.message).toBe('Rate exceeded')
    h.clock.advance(1000)
    await expect(list()).resolves.toHaveProperty('ResourceRecordSets')
  })
})

describe('ChangeResourceRecordSets DELETE', () => {
  it('deletes only a record matching name, type, TTL and values exactly', async () => {
    await change([cname('CREATE', '_v.example.com', 'target.acm-validations.aws.')])
    h.clock.advance(1000)
    const wrongValue = await failure(change([cname('DELETE', '_v.example.com', 'other.acm-validations.aws.')]))
    expect(wrongValue.name).toBe('InvalidChangeBatch')
    expect(wrongValue.message).toContain('the values provided do not match the current values')
    const wrongTtl = await failure(change([cname('DELETE', '_v.example.com', 'target.acm-validations.aws.', 60)]))
    expect(wrongTtl.name).toBe('InvalidChangeBatch')
    const missing = await failure(change([cname('DELETE', '_w.example.com', 'target.acm-validations.aws.')]))
    expect(missing.message).toContain("Tried to delete resource record set [name='_w.example.com.', type='CNAME']")
    expect(h.sim.records(zoneId).some((r) => r.name === '_v.example.com.')).toBe(true)

    await change([cname('DELETE', '_v.example.com', 'target.acm-validations.aws.')])
    expect(h.sim.records(zoneId).some((r) => r.name === '_v.example.com.')).toBe(false)
  })
})

describe('out-of-band record changes', () => {
  it('deleteRecord removes a record without a change batch; putRecord alters one', async () => {
    h.sim.putRecord(zoneId, { name: '_v.example.com', type: 'CNAME', values: ['one.acm-validations.aws.'] })
    h.sim.putRecord(zoneId, { name: '_v.example.com', type: 'CNAME', values: ['two.acm-validations.aws.'] })
    const altered = await list({ StartRecordName: '_v.example.com', StartRecordType: 'CNAME', MaxItems: 1 })
    expect(altered.ResourceRecordSets?.[0]?.ResourceRecords).toEqual([{ Value: 'two.acm-validations.aws.' }])

    expect(h.sim.deleteRecord(zoneId, '_V.example.com', 'cname')).toBe(true)
    expect(h.sim.deleteRecord(zoneId, '_v.example.com', 'CNAME')).toBe(false)
    const after = await list()
    expect(after.ResourceRecordSets?.map((r) => r.Type)).toEqual(['NS', 'SOA'])
    expect(h.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    expect(() => h.sim.deleteRecord('ZNOPE', 'x.example.com', 'A')).toThrow(/no hosted zone/)
  })

  it('a validation CNAME removed after issuance leaves the certificate issued but its renewal pending', async () => {
    const acm = h.acm()
    const { CertificateArn } = await acm.send(new RequestCertificateCommand({ DomainName: 'example.com' }))
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    const record = Certificate?.DomainValidationOptions?.[0]?.ResourceRecord
    await change([cname('UPSERT', record?.Name ?? '', record?.Value ?? '')])
    h.clock.advance(2000)
    const issued = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(issued.Certificate?.Status).toBe('ISSUED')

    h.sim.deleteRecord(zoneId, record?.Name ?? '', 'CNAME')
    h.sim.updateCertificate(CertificateArn ?? '', { renewalSummary: { renewalStatus: 'PENDING_AUTO_RENEWAL' } })
    const later = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(later.Certificate?.Status).toBe('ISSUED')
    expect(later.Certificate?.RenewalSummary?.DomainValidationOptions?.[0]?.ValidationStatus).toBe('PENDING_VALIDATION')
    expect(h.sim.certificate(CertificateArn ?? '')?.accountId).toBe(CERT_ACCOUNT)
    acm.destroy()
  })
})
