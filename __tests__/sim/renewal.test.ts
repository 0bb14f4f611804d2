import {
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { validationRecord } from '../../sim/index.js'
import { CERT_ACCOUNT, DNS_ACCOUNT, REGION, startHarness, type World } from '../../__fixtures__/world.js'

const DAY = 24 * 3600 * 1000
const DISTRIBUTION = `arn:aws:cloudfront::${CERT_ACCOUNT}:distribution/E1`

let h: World
let acm: ACMClient

beforeEach(async () => {
  h = await startHarness()
  acm = h.acm()
})
afterEach(async () => {
  acm.destroy()
  await h.stop()
})

const seed = (extra: Partial<Parameters<World['sim']['addCertificate']>[0]> = {}) =>
  h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'example.com', ...extra })
const describeCert = async (CertificateArn: string) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn }))).Certificate
const summaries = async (input: ConstructorParameters<typeof ListCertificatesCommand>[0] = {}) =>
  (await acm.send(new ListCertificatesCommand(input))).CertificateSummaryList ?? []
const publishValidationCname = (name: string) => {
  const zoneId = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name })
  const record = validationRecord(CERT_ACCOUNT, name)
  h.sim.putRecord(zoneId, { name: record.name, type: 'CNAME', values: [record.value] })
  return zoneId
}

describe('scripted renewal state', () => {
  it('returns RenewalSummary in the CertificateDetail shape, with the renewal’s own validation per name', async () => {
    const updatedAt = h.clock.now() - DAY
    const arn = seed({
      subjectAlternativeNames: ['www.example.com'],
      inUseBy: [DISTRIBUTION],
      renewalEligibility: 'ELIGIBLE',
      renewalSummary: {
        renewalStatus: 'PENDING_VALIDATION',
        renewalStatusReason: 'CAA_ERROR',
        validationStatuses: { 'www.example.com': 'FAILED' },
        updatedAt
      }
    })
    const detail = await describeCert(arn)
    expect(detail?.InUseBy).toEqual([DISTRIBUTION])
    expect(detail?.RenewalEligibility).toBe('ELIGIBLE')
    const record = validationRecord(CERT_ACCOUNT, 'example.com')
    expect(detail?.RenewalSummary).toEqual({
      RenewalStatus: 'PENDING_VALIDATION',
      RenewalStatusReason: 'CAA_ERROR',
      UpdatedAt: new Date(updatedAt),
      DomainValidationOptions: [
        {
          DomainName: 'example.com',
          ValidationDomain: 'example.com',
          // No CNAME published for example.com: its renewal waits for validation.
          ValidationStatus: 'PENDING_VALIDATION',
          ValidationMethod: 'DNS',
          ResourceRecord: { Name: record.name, Type: 'CNAME', Value: record.value }
        },
        expect.objectContaining({ DomainName: 'www.example.com', ValidationStatus: 'FAILED' })
      ]
    })
  })

  it('derives PENDING_AUTO_RENEWAL in the last 60 days; a name validates while its CNAME is in place', async () => {
    const arn = seed({ notAfter: h.clock.now() + 30 * DAY, inUseBy: [DISTRIBUTION] })
    const far = seed({ domainName: 'far.example.com', notAfter: h.clock.now() + 200 * DAY })
    expect((await describeCert(far))?.RenewalSummary).toBeUndefined()
    const pending = await describeCert(arn)
    expect(pending?.RenewalSummary?.RenewalStatus).toBe('PENDING_AUTO_RENEWAL')
    expect(pending?.RenewalSummary?.DomainValidationOptions?.[0]?.ValidationStatus).toBe('PENDING_VALIDATION')
    publishValidationCname('example.com')
    const validated = await describeCert(arn)
    expect(validated?.RenewalSummary?.DomainValidationOptions?.[0]?.ValidationStatus).toBe('SUCCESS')
  })

  it('changes later with updateCertificate, and null returns to the derived summary', async () => {
    const arn = seed({ tags: { team: 'web' } })
    const before = (await summaries()).find((s) => s.CertificateArn === arn)
    expect(before).toMatchObject({ InUse: false, RenewalEligibility: 'ELIGIBLE', Status: 'ISSUED' })
    h.sim.updateCertificate(arn, {
      inUseBy: [DISTRIBUTION],
      renewalEligibility: 'INELIGIBLE',
      renewalSummary: { renewalStatus: 'FAILED', renewalStatusReason: 'DOMAIN_VALIDATION_DENIED' },
      tags: { env: 'prod' }
    })
    const after = (await summaries()).find((s) => s.CertificateArn === arn)
    expect(after).toMatchObject({ InUse: true, RenewalEligibility: 'INELIGIBLE' })
    const detail = await describeCert(arn)
    expect(detail?.RenewalSummary).toMatchObject({
      RenewalStatus: 'FAILED',
      RenewalStatusReason: 'DOMAIN_VALIDATION_DENIED',
      UpdatedAt: new Date(h.clock.now())
    })
    const { Tags } = await acm.send(new ListTagsForCertificateCommand({ CertificateArn: arn }))
    expect(Tags).toEqual([
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'prod' }
    ])
    h.sim.updateCertificate(arn, { renewalSummary: null })
    expect((await describeCert(arn))?.RenewalSummary).toBeUndefined()
    expect(() => h.sim.updateCertificate(`${arn}0`, {})).toThrow(/no certificate/)
  })
})

describe('expiry and certificate types', () => {
  it('reports an issued certificate past NotAfter as EXPIRED, in Describe, List and its status filter', async () => {
    const notBefore = h.clock.now() - 400 * DAY
    const expired = seed({ domainName: 'old.example.com', notBefore, notAfter: h.clock.now() - DAY })
    const soon = seed({ domainName: 'soon.example.com', notAfter: h.clock.now() + 2 * DAY })
    const detail = await describeCert(expired)
    expect(detail).toMatchObject({
      Status: 'EXPIRED',
      NotBefore: new Date(notBefore),
      NotAfter: new Date(h.clock.now() - DAY)
    })
    expect((await summaries({ CertificateStatuses: ['EXPIRED'] })).map((s) => s.CertificateArn)).toEqual([expired])
    expect((await summaries({ CertificateStatuses: ['ISSUED'] })).map((s) => s.CertificateArn)).toEqual([soon])

    h.clock.advance(2 * DAY)
    expect((await summaries({ CertificateStatuses: ['EXPIRED'] })).map((s) => s.CertificateArn)).toEqual([
      expired,
      soon
    ])
    const summary = (await summaries()).find((s) => s.CertificateArn === soon)
    expect(summary).toMatchObject({ Status: 'EXPIRED', NotAfter: new Date(h.clock.now()) })
  })

  it('shows IMPORTED and PRIVATE certificates as ACM does: no RenewalSummary, ImportedAt for imports', async () => {
    const imported = seed({
      domainName: 'imported.example.com',
      type: 'IMPORTED',
      renewalSummary: { renewalStatus: 'FAILED' }
    })
    const ca = `arn:aws:acm-pca:${REGION}:${CERT_ACCOUNT}:certificate-authority/abc`
    const privateCert = seed({ domainName: 'internal.example.com', type: 'PRIVATE', certificateAuthorityArn: ca })
    const detail = await describeCert(imported)
    expect(detail).toMatchObject({
      Type: 'IMPORTED',
      RenewalEligibility: 'INELIGIBLE',
      ImportedAt: new Date(h.clock.now())
    })
    expect(detail?.RenewalSummary).toBeUndefined()
    expect(detail?.IssuedAt).toBeUndefined()
    expect(detail?.DomainValidationOptions).toBeUndefined()
    const listed = await summaries()
    expect(listed.find((s) => s.CertificateArn === privateCert)).toMatchObject({ Type: 'PRIVATE', Exported: false })
    expect(listed.find((s) => s.CertificateArn === imported)).toMatchObject({ Type: 'IMPORTED' })
  })

  it('lists the tags the requester set, and filters by key type and managedBy', async () => {
    const { CertificateArn } = await acm.send(
      new RequestCertificateCommand({
        DomainName: 'tagged.example.com',
        ValidationMethod: 'DNS',
        Tags: [{ Key: 'managed-by', Value: 'acm-certificate-action' }]
      })
    )
    const { Tags } = await acm.send(new ListTagsForCertificateCommand({ CertificateArn }))
    expect(Tags).toEqual([{ Key: 'managed-by', Value: 'acm-certificate-action' }])
    const ec = seed({ domainName: 'ec.example.com', keyAlgorithm: 'EC_prime256v1', managedBy: 'CLOUDFRONT' })
    expect((await summaries()).map((s) => s.CertificateArn)).not.toContain(ec)
    const byManager = await summaries({ Includes: { keyTypes: ['EC_prime256v1'], managedBy: 'CLOUDFRONT' } })
    expect(byManager.map((s) => s.CertificateArn)).toEqual([ec])
  })
})
