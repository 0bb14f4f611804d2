import {
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  ORG_ACCOUNT,
  OTHER_REGION,
  REGION,
  failure,
  startHarness,
  type World,
  keysOf
} from '../../__fixtures__/world.js'

const US = REGION
const EU = OTHER_REGION

let h: World
let us: ACMClient
let eu: ACMClient

beforeEach(async () => {
  h = await startHarness()
  us = h.acm(undefined, 1, US)
  eu = h.acm(undefined, 1, EU)
})
afterEach(async () => {
  us.destroy()
  eu.destroy()
  await h.stop()
})

const request = (acm: ACMClient, DomainName: string) =>
  acm.send(new RequestCertificateCommand({ DomainName, ValidationMethod: 'DNS' }))
const describeIn = async (acm: ACMClient, CertificateArn: string | undefined) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn }))).Certificate
const listed = async (acm: ACMClient) =>
  ((await acm.send(new ListCertificatesCommand({}))).CertificateSummaryList ?? []).map((c) => c.CertificateArn)

/** UPSERTs a validation record, as the action would, into a new public example.com zone of the DNS account. */
async function publishInNewZone(record: { Name?: string | undefined; Value?: string | undefined } | undefined) {
  const zoneId = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
  const route53 = h.route53()
  const ResourceRecordSet = {
    Name: record?.Name,
    Type: 'CNAME' as const,
    TTL: 300,
    ResourceRecords: [{ Value: record?.Value }]
  }
  await route53.send(
    new ChangeResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet }] }
    })
  )
  route53.destroy()
}

describe('ACM in several Regions', () => {
  it('keeps certificates per Region: the ARN names it, other Regions neither list nor find it', async () => {
    const { CertificateArn } = await request(us, 'example.com')
    expect(CertificateArn).toMatch(new RegExp(`^arn:aws:acm:${US}:${CERT_ACCOUNT}:certificate/`))
    expect(await listed(us)).toEqual([CertificateArn])
    expect(await listed(eu)).toEqual([])
    expect((await failure(describeIn(eu, CertificateArn))).name).toBe('ResourceNotFoundException')
    expect(h.sim.certificates().map((c) => c.region)).toEqual([US])
  })

  it('gives the same validation CNAME for a name in every Region of an account; one record validates both', async () => {
    const inUs = await request(us, 'example.com')
    const inEu = await request(eu, 'example.com')
    expect(inEu.CertificateArn).toMatch(new RegExp(`^arn:aws:acm:${EU}:`))
    const usRecord = (await describeIn(us, inUs.CertificateArn))?.DomainValidationOptions?.[0]?.ResourceRecord
    const euRecord = (await describeIn(eu, inEu.CertificateArn))?.DomainValidationOptions?.[0]?.ResourceRecord
    expect(usRecord?.Name).toMatch(/^_[0-9a-f]+\.example\.com\.$/)
    expect(euRecord).toEqual(usRecord)

    // Another account gets its own record for the same name.
    h.sim.addStaticCredentials({ ...keysOf(ORG_ACCOUNT), accountId: ORG_ACCOUNT })
    const other = h.acm(keysOf(ORG_ACCOUNT), 1, EU)
    const otherArn = (await request(other, 'example.com')).CertificateArn
    const otherRecord = (await describeIn(other, otherArn))?.DomainValidationOptions?.[0]?.ResourceRecord
    expect(otherRecord?.Name).not.toBe(usRecord?.Name)

    await publishInNewZone(usRecord)
    h.clock.advance(2000)
    expect((await describeIn(us, inUs.CertificateArn))?.Status).toBe('ISSUED')
    expect((await describeIn(eu, inEu.CertificateArn))?.Status).toBe('ISSUED')
    expect((await describeIn(other, otherArn))?.Status).toBe('PENDING_VALIDATION')
    other.destroy()
  })

  it('fails certificates of one Region only when failCertificates names a Region', async () => {
    h.sim.scenario.failCertificates = { reason: 'CAA_ERROR', region: EU }
    const inUs = await request(us, 'example.com')
    const inEu = await request(eu, 'example.com')
    h.sim.scenario.failCertificates = undefined
    const record = (await describeIn(us, inUs.CertificateArn))?.DomainValidationOptions?.[0]?.ResourceRecord
    await publishInNewZone(record)
    h.clock.advance(2000)
    expect((await describeIn(us, inUs.CertificateArn))?.Status).toBe('ISSUED')
    const failed = await describeIn(eu, inEu.CertificateArn)
    expect([failed?.Status, failed?.FailureReason]).toEqual(['FAILED', 'CAA_ERROR'])
  })

  it('issues each Region after its own delay when issuanceDelayMsByRegion names it', async () => {
    h.sim.scenario.issuanceDelayMsByRegion = { [EU]: 600_000 }
    const inUs = await request(us, 'example.com')
    const inEu = await request(eu, 'example.com')
    const record = (await describeIn(us, inUs.CertificateArn))?.DomainValidationOptions?.[0]?.ResourceRecord
    await publishInNewZone(record)
    const statuses = async () => [
      (await describeIn(us, inUs.CertificateArn))?.Status,
      (await describeIn(eu, inEu.CertificateArn))?.Status
    ]
    h.clock.advance(2000) // the default issuanceDelayMs
    expect(await statuses()).toEqual(['ISSUED', 'PENDING_VALIDATION'])
    h.clock.advance(600_000 - 2001)
    expect(await statuses()).toEqual(['ISSUED', 'PENDING_VALIDATION'])
    h.clock.advance(1)
    expect(await statuses()).toEqual(['ISSUED', 'ISSUED'])
  })

  it('meters ACM rate quotas per Region', async () => {
    h.sim.scenario.enforceQuotas = true
    h.sim.scenario.quotas.acm.ListCertificates = 1
    await listed(us)
    expect((await failure(listed(us))).name).toBe('ThrottlingException')
    await expect(listed(eu)).resolves.toEqual([])
    expect(h.sim.requests.map((r) => `${r.region} ${r.errorCode ?? r.status}`)).toEqual([
      `${US} 200`,
      `${US} ThrottlingException`,
      `${EU} 200`
    ])
  })
})
