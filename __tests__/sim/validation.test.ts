import { DescribeCertificateCommand, RequestCertificateCommand, type ACMClient } from '@aws-sdk/client-acm'
import { ChangeResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53'
import { CERT_ACCOUNT, DNS_ACCOUNT, ORG_ACCOUNT, startHarness, type World } from '../../__fixtures__/world.js'

let h: World
let acm: ACMClient
let route53: Route53Client

beforeEach(async () => {
  h = await startHarness({ issuanceDelayMs: 5000 })
  acm = h.acm()
  route53 = h.route53()
})
afterEach(async () => {
  acm.destroy()
  route53.destroy()
  await h.stop()
})

async function requestWithRecords(domain: string, sans: string[] = []) {
  const { CertificateArn = '' } = await acm.send(
    new RequestCertificateCommand({
      DomainName: domain,
      SubjectAlternativeNames: sans.length ? sans : undefined,
      ValidationMethod: 'DNS'
    })
  )
  const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
  const records = (Certificate?.DomainValidationOptions ?? []).map((d) => d.ResourceRecord!)
  return { arn: CertificateArn, records }
}

const status = async (arn: string) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))).Certificate?.Status

async function upsert(zoneId: string, records: { Name?: string | undefined; Value?: string | undefined }[]) {
  const unique = [...new Map(records.map((r) => [r.Name, r])).values()]
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: {
        Changes: unique.map((r) => ({
          Action: 'UPSERT',
          ResourceRecordSet: { Name: r.Name, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: r.Value }] }
        }))
      }
    })
  )
}

describe('DNS validation', () => {
  it('issues only after the CNAME is in the public zone, plus the issuance delay', async () => {
    const publicZone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const { arn, records } = await requestWithRecords('example.com', ['*.example.com'])
    expect(records).toHaveLength(2)
    h.clock.advance(60_000)
    expect(await status(arn)).toBe('PENDING_VALIDATION')

    await upsert(publicZone, records)
    const writtenAt = h.clock.now()
    expect(h.sim.issuedAt(arn)).toBe(writtenAt + 5000)
    h.clock.advance(4999)
    expect(await status(arn)).toBe('PENDING_VALIDATION')
    h.clock.advance(1)
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn: arn }))
    expect(Certificate?.Status).toBe('ISSUED')
    expect(Certificate?.IssuedAt).toEqual(new Date(writtenAt + 5000))
    expect(Certificate?.NotAfter).toEqual(new Date(writtenAt + 5000 + 198 * 86_400_000))
    expect(Certificate?.DomainValidationOptions?.every((d) => d.ValidationStatus === 'SUCCESS')).toBe(true)
  })

  it('ignores records in a private zone and in a zone its parent does not delegate to', async () => {
    const privateZone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com', privateZone: true })
    const orphan = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com', delegated: false })
    const { arn, records } = await requestWithRecords('www.example.com')
    await upsert(privateZone, records)
    await upsert(orphan, records)
    h.clock.advance(60_000)
    expect(await status(arn)).toBe('PENDING_VALIDATION')
    expect(h.sim.issuedAt(arn)).toBeUndefined()
  })

  it('needs the record in the most specific delegated zone, and a matching value', async () => {
    const parent = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const child = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'dev.example.com' })
    const { arn, records } = await requestWithRecords('api.dev.example.com')
    await upsert(parent, records)
    h.clock.advance(60_000)
    expect(await status(arn)).toBe('PENDING_VALIDATION')

    await upsert(child, [{ Name: records[0]?.Name, Value: '_wrong.acm-validations.aws.' }])
    h.clock.advance(60_000)
    expect(await status(arn)).toBe('PENDING_VALIDATION')

    await upsert(child, records)
    h.clock.advance(5000)
    expect(await status(arn)).toBe('ISSUED')
  })

  it('counts the delay from the request when the records already exist, and derives records per account', async () => {
    const zone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const first = await requestWithRecords('example.com')
    await upsert(zone, first.records)
    h.clock.advance(60_000)
    const second = await requestWithRecords('example.com')
    expect(second.records).toEqual(first.records)
    expect(h.sim.issuedAt(second.arn)).toBe(h.clock.now() + 5000)

    const otherAccount = h.sim.addStaticCredentials({
      accessKeyId: 'AKIAOTHER',
      secretAccessKey: 's',
      accountId: ORG_ACCOUNT
    })
    const otherAcm = h.acm(otherAccount)
    const { CertificateArn } = await otherAcm.send(
      new RequestCertificateCommand({ DomainName: 'example.com', ValidationMethod: 'DNS' })
    )
    const other = await otherAcm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(other.Certificate?.DomainValidationOptions?.[0]?.ResourceRecord?.Name).not.toBe(first.records[0]?.Name)
    expect(h.sim.certificates(CERT_ACCOUNT)).toHaveLength(2)
    otherAcm.destroy()
  })

  it('keeps a certificate ISSUED after its record is removed', async () => {
    const zone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const { arn, records } = await requestWithRecords('example.com')
    await upsert(zone, records)
    h.clock.advance(5000)
    h.sim.putRecord(zone, { name: records[0]?.Name ?? '', type: 'CNAME', values: ['_gone.acm-validations.aws.'] })
    expect(await status(arn)).toBe('ISSUED')
  })

  it('times out validation when the scenario says so', async () => {
    h.sim.scenario.validationTimedOut = true
    const { arn } = await requestWithRecords('example.com')
    h.clock.advance(5000)
    expect(await status(arn)).toBe('VALIDATION_TIMED_OUT')
  })
})
