// The simulator's ACM of late 2026 through the real SDK clients: 198-day certificates (validity a
// scenario parameter) and their renewal windows, the email → DNS migration (UpdateCertificateOptions,
// ListCertificateDomainValidations, UpdateSummary), SearchCertificates, the CertificateKeyPairOrigins
// filter of ListCertificates, and the Resource Groups Tagging API's GetResources.
import {
  DescribeCertificateCommand,
  ListCertificateDomainValidationsCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
  SearchCertificatesCommand,
  UpdateCertificateOptionsCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { validationRecord } from '../../sim/index.js'
import { CERT_ACCOUNT, DNS_ACCOUNT, keysOf, REGION, startHarness, type World } from '../../__fixtures__/world.js'

const DAY = 24 * 3600 * 1000
const HOUR = 3600 * 1000
const DISTRIBUTION = `arn:aws:cloudfront::${CERT_ACCOUNT}:distribution/E1`

let h: World
let acm: ACMClient
afterEach(async () => {
  acm?.destroy()
  await h?.stop()
})

/** The error a rejected promise carries. */
async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail')
}

async function start(options: Parameters<typeof startHarness>[0] = {}): Promise<void> {
  h = await startHarness(options)
  acm = h.acm()
}

const seed = (extra: Partial<Parameters<World['sim']['addCertificate']>[0]> = {}) =>
  h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'example.com', ...extra })
const describeCert = async (CertificateArn: string) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn }))).Certificate
const publish = (zoneId: string, name: string) => {
  const record = validationRecord(CERT_ACCOUNT, name)
  h.sim.putRecord(zoneId, { name: record.name, type: 'CNAME', values: [record.value] })
}

describe('certificate lifetime', () => {
  it.each([198, 100, 47])('issues %i-day certificates when certificateValidityDays says so', async (days) => {
    await start({ certificateValidityDays: days })
    const zone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const { CertificateArn } = await acm.send(
      new RequestCertificateCommand({ DomainName: 'example.com', ValidationMethod: 'DNS' })
    )
    publish(zone, 'example.com')
    h.clock.advance(5000)
    const cert = await describeCert(CertificateArn as string)
    expect(cert?.Status).toBe('ISSUED')
    expect((cert?.NotAfter?.getTime() ?? 0) - (cert?.NotBefore?.getTime() ?? 0)).toBe(days * DAY)
  })

  it('starts managed renewal 60 days before expiry (45 for email), scaled for shorter lifetimes', async () => {
    await start()
    const inUse = { inUseBy: [DISTRIBUTION] }
    const dns = seed({ ...inUse, notAfter: h.clock.now() + 59 * DAY })
    const dnsEarly = seed({ ...inUse, domainName: 'a.example.com', notAfter: h.clock.now() + 61 * DAY })
    const email = seed({
      ...inUse,
      domainName: 'b.example.com',
      validationMethod: 'EMAIL',
      notAfter: h.clock.now() + 50 * DAY
    })
    const unused = seed({ domainName: 'c.example.com', notAfter: h.clock.now() + 10 * DAY })
    expect((await describeCert(dns))?.RenewalSummary?.RenewalStatus).toBe('PENDING_AUTO_RENEWAL')
    expect((await describeCert(dnsEarly))?.RenewalSummary).toBeUndefined()
    expect((await describeCert(email))?.RenewalSummary).toBeUndefined()
    expect((await describeCert(unused))?.RenewalSummary).toBeUndefined()
    h.sim.scenario.certificateValidityDays = 47
    const short = seed({ ...inUse, domainName: 'd.example.com', notAfter: h.clock.now() + 20 * DAY })
    expect((await describeCert(short))?.RenewalSummary).toBeUndefined()
    h.clock.advance(7 * DAY)
    expect((await describeCert(short))?.RenewalSummary?.RenewalStatus).toBe('PENDING_AUTO_RENEWAL')
  })
})

describe('email → DNS migration', () => {
  it('keeps the ARN, lists the CNAMEs, and succeeds once they resolve within 72 hours', async () => {
    await start()
    const zone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    const arn = seed({
      subjectAlternativeNames: ['www.example.com'],
      validationMethod: 'EMAIL',
      inUseBy: [DISTRIBUTION]
    })
    const before = await acm.send(new ListCertificateDomainValidationsCommand({ CertificateArn: arn }))
    expect(before.DomainValidationSummaryList?.[0]).toMatchObject({
      ActiveValidationConfiguration: { ValidationMethod: 'EMAIL' }
    })
    expect(before.DomainValidationSummaryList?.[0]?.RequestedValidationConfiguration).toBeUndefined()
    await acm.send(new UpdateCertificateOptionsCommand({ CertificateArn: arn, Options: { ValidationMethod: 'DNS' } }))
    const again = await errorOf(
      acm.send(new UpdateCertificateOptionsCommand({ CertificateArn: arn, Options: { ValidationMethod: 'DNS' } }))
    )
    expect(again.name).toBe('ConflictException')
    const listed = await acm.send(new ListCertificateDomainValidationsCommand({ CertificateArn: arn }))
    const record = validationRecord(CERT_ACCOUNT, 'www.example.com')
    expect(listed.DomainValidationSummaryList?.[1]?.RequestedValidationConfiguration).toMatchObject({
      ValidationMethod: 'DNS',
      ValidationStatus: 'PENDING_VALIDATION',
      ValidationChallenge: { DnsValidationChallenge: { ResourceRecord: { Name: record.name, Value: record.value } } }
    })
    expect((await describeCert(arn))?.UpdateSummary).toMatchObject({
      Status: 'PENDING_DOMAIN_VALIDATION',
      Type: 'DOMAIN_VALIDATION_METHOD',
      DomainValidationMethodUpdateSummary: { From: 'EMAIL', To: 'DNS' },
      RequestedAt: new Date(h.clock.now())
    })
    publish(zone, 'example.com')
    publish(zone, 'www.example.com')
    h.clock.advance(5000)
    const done = await describeCert(arn)
    expect(done?.CertificateArn).toBe(arn)
    expect(done?.UpdateSummary?.Status).toBe('SUCCESS')
    expect(done?.DomainValidationOptions?.map((d) => d.ValidationMethod)).toEqual(['DNS', 'DNS'])
  })

  it('fails after 72 hours without the CNAMEs; the certificate stays email-validated', async () => {
    await start()
    const arn = seed({ validationMethod: 'EMAIL' })
    await acm.send(new UpdateCertificateOptionsCommand({ CertificateArn: arn, Options: { ValidationMethod: 'DNS' } }))
    h.clock.advance(71 * HOUR)
    expect((await describeCert(arn))?.UpdateSummary?.Status).toBe('PENDING_DOMAIN_VALIDATION')
    h.clock.advance(2 * HOUR)
    const failed = await describeCert(arn)
    expect(failed?.UpdateSummary?.Status).toBe('FAILED')
    expect(failed?.DomainValidationOptions?.[0]?.ValidationMethod).toBe('EMAIL')
  })

  it('refuses a DNS-validated or imported certificate', async () => {
    await start()
    const dns = seed()
    const imported = seed({ domainName: 'i.example.com', type: 'IMPORTED' })
    for (const [arn, code] of [
      [dns, 'InvalidStateException'],
      [imported, 'InvalidStateException']
    ] as const) {
      const err = await errorOf(
        acm.send(new UpdateCertificateOptionsCommand({ CertificateArn: arn, Options: { ValidationMethod: 'DNS' } }))
      )
      expect(err.name).toBe(code)
    }
  })
})

describe('listing every certificate', () => {
  it('ListCertificates hides ACME-issued certificates unless CertificateKeyPairOrigins asks for them', async () => {
    await start()
    const own = seed()
    const acme = seed({ domainName: 'acme.example.com', keyPairOrigin: 'ACME' })
    const list = async (origins?: ('ACME' | 'AWS_MANAGED' | 'CUSTOMER_PROVIDED')[]) =>
      (
        (await acm.send(new ListCertificatesCommand(origins ? { CertificateKeyPairOrigins: origins } : {})))
          .CertificateSummaryList ?? []
      ).map((s) => s.CertificateArn)
    expect(await list()).toEqual([own])
    expect(await list(['AWS_MANAGED', 'CUSTOMER_PROVIDED', 'ACME'])).toEqual([own, acme])
    expect((await describeCert(acme))?.CertificateKeyPairOrigin).toBe('ACME')
  })

  it('SearchCertificates: And/Or/Not filters, NotAfter ranges, paging up to 500, sort', async () => {
    await start()
    const arns = Array.from({ length: 12 }, (_, i) =>
      seed({
        domainName: `n${i}.example.com`,
        notAfter: h.clock.now() + (i + 1) * 10 * DAY,
        ...(i % 2 === 0 && { inUseBy: [DISTRIBUTION] })
      })
    )
    const acme = seed({ domainName: 'acme.example.com', keyPairOrigin: 'ACME' })
    const soon = await acm.send(
      new SearchCertificatesCommand({
        FilterStatement: {
          And: [
            {
              Filter: {
                X509AttributeFilter: {
                  NotAfter: { Start: new Date(h.clock.now()), End: new Date(h.clock.now() + 60 * DAY) }
                }
              }
            },
            { Not: { Filter: { AcmCertificateMetadataFilter: { InUse: false } } } }
          ]
        },
        SortBy: 'NOT_AFTER',
        SortOrder: 'DESCENDING'
      })
    )
    expect(soon.Results?.map((r) => r.CertificateArn)).toEqual([arns[4], arns[2], arns[0]])
    const either = await acm.send(
      new SearchCertificatesCommand({
        FilterStatement: {
          Or: [
            { Filter: { AcmCertificateMetadataFilter: { CertificateKeyPairOrigin: 'ACME' } } },
            {
              Filter: {
                X509AttributeFilter: {
                  SubjectAlternativeName: { DnsName: { Value: 'n3.example.com', ComparisonOperator: 'EQUALS' } }
                }
              }
            }
          ]
        }
      })
    )
    expect(either.Results?.map((r) => r.CertificateArn).sort()).toEqual([arns[3], acme].sort())
    const first = await acm.send(new SearchCertificatesCommand({ MaxResults: 5 }))
    expect(first.Results).toHaveLength(5)
    const rest = await acm.send(new SearchCertificatesCommand({ MaxResults: 500, NextToken: first.NextToken }))
    expect(rest.Results).toHaveLength(8)
    expect(rest.NextToken).toBeUndefined()
    expect((await errorOf(acm.send(new SearchCertificatesCommand({ MaxResults: 501 })))).name).toBe(
      'ValidationException'
    )
  })
})

describe('Resource Groups Tagging API', () => {
  it('GetResources pages the tagged certificates, 100 at most a page; a denied role gets AccessDeniedException', async () => {
    await start()
    const tagged = Array.from({ length: 150 }, (_, i) =>
      seed({ domainName: `t${i}.example.com`, tags: { owner: 'me' } })
    )
    seed({ domainName: 'other.example.com', tags: { team: 'web' } })
    const tagging = new ResourceGroupsTaggingAPIClient({
      endpoint: h.sim.url,
      region: REGION,
      credentials: keysOf(CERT_ACCOUNT),
      maxAttempts: 1
    })
    const input = { ResourceTypeFilters: ['acm:certificate'], TagFilters: [{ Key: 'owner' }], ResourcesPerPage: 100 }
    const page1 = await tagging.send(new GetResourcesCommand(input))
    expect(page1.ResourceTagMappingList).toHaveLength(100)
    const page2 = await tagging.send(new GetResourcesCommand({ ...input, PaginationToken: page1.PaginationToken }))
    expect(
      [...(page1.ResourceTagMappingList ?? []), ...(page2.ResourceTagMappingList ?? [])].map((m) => m.ResourceARN)
    ).toEqual(tagged)
    expect(page2.PaginationToken ?? '').toBe('')
    expect(
      (await tagging.send(new GetResourcesCommand({ ...input, ResourceTypeFilters: ['ec2:instance'] })))
        .ResourceTagMappingList
    ).toEqual([])
    expect((await errorOf(tagging.send(new GetResourcesCommand({ ...input, ResourcesPerPage: 101 })))).name).toBe(
      'InvalidParameterException'
    )
    h.sim.scenario.deniedActions = ['tag:GetResources']
    expect((await errorOf(tagging.send(new GetResourcesCommand(input)))).name).toBe('AccessDeniedException')
    tagging.destroy()
  })
})
