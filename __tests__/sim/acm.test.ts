import {
  AddTagsToCertificateCommand,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  ListTagsForCertificateCommand,
  RequestCertificateCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { CERT_ACCOUNT, failure, REGION, startHarness, type World } from '../../__fixtures__/world.js'

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

const request = (domain: string, extra: Record<string, unknown> = {}) =>
  acm.send(new RequestCertificateCommand({ DomainName: domain, ValidationMethod: 'DNS', ...extra }))

describe('RequestCertificate', () => {
  it('returns the same ARN for the same idempotency token within an hour, a new one after', async () => {
    const first = await request('example.com', { IdempotencyToken: 'tok_1' })
    h.clock.advance(59 * 60 * 1000)
    const again = await request('example.com', { IdempotencyToken: 'tok_1' })
    h.clock.advance(2 * 60 * 1000)
    const later = await request('example.com', { IdempotencyToken: 'tok_1' })
    const other = await request('example.com', { IdempotencyToken: 'tok_2' })
    expect(again.CertificateArn).toBe(first.CertificateArn)
    expect(later.CertificateArn).not.toBe(first.CertificateArn)
    expect(other.CertificateArn).not.toBe(later.CertificateArn)
    expect(first.CertificateArn).toMatch(
      new RegExp(`^arn:aws:acm:${REGION}:${CERT_ACCOUNT}:certificate/[0-9a-f-]{36}$`)
    )
  })

  it('rejects more names than the domains-per-certificate quota with LimitExceededException', async () => {
    const sans = Array.from({ length: 10 }, (_v, i) => `n${i}.example.com`)
    const error = await failure(request('example.com', { SubjectAlternativeNames: sans }))
    expect(error.name).toBe('LimitExceededException')
    expect(error.message).toBe('Certificate has too many domains.')
    h.sim.scenario.domainsPerCertificateQuota = 11
    await expect(request('example.com', { SubjectAlternativeNames: sans })).resolves.toHaveProperty('CertificateArn')
  })

  it('enforces the yearly certificate quota without refunds for deleted certificates', async () => {
    h.sim.scenario.certificatesPerYearQuota = 2
    const { CertificateArn } = await request('a.example.com')
    await acm.send(new DeleteCertificateCommand({ CertificateArn }))
    await request('b.example.com')
    const error = await failure(request('c.example.com'))
    expect(error.name).toBe('LimitExceededException')
    expect(error.message).toMatch(/limit of 2 certificates in the last year/)
  })

  it('validates the idempotency token, domain pattern and CN length as the API model does', async () => {
    expect((await failure(request('example.com', { IdempotencyToken: 'has-hyphen' }))).name).toBe('ValidationException')
    expect((await failure(request('bad..example.com'))).name).toBe('ValidationException')
    expect((await failure(request(`${'a'.repeat(60)}.example.com`))).name).toBe('ValidationException')
    const dvo = { DomainValidationOptions: [{ DomainName: 'www.example.com', ValidationDomain: 'other.org' }] }
    expect((await failure(request('www.example.com', dvo))).name).toBe('InvalidDomainValidationOptionsException')
  })

  it('issues a certificate from a private CA at once, with no DNS validation', async () => {
    const ca = `arn:aws:acm-pca:${REGION}:${CERT_ACCOUNT}:certificate-authority/abc`
    const { CertificateArn } = await request('internal.example.com', { CertificateAuthorityArn: ca })
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(Certificate?.Status).toBe('ISSUED')
    expect(Certificate?.Type).toBe('PRIVATE')
    expect(Certificate?.CertificateAuthorityArn).toBe(ca)
    expect(Certificate?.DomainValidationOptions).toBeUndefined()
  })
})

describe('DescribeCertificate', () => {
  it('returns the full detail with dates as Date objects and one record shared by a wildcard and its apex', async () => {
    const { CertificateArn } = await request('example.com', {
      SubjectAlternativeNames: ['*.example.com', 'www.example.com'],
      KeyAlgorithm: 'EC_prime256v1',
      Options: { CertificateTransparencyLoggingPreference: 'DISABLED' }
    })
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(Certificate?.Status).toBe('PENDING_VALIDATION')
    expect(Certificate?.Type).toBe('AMAZON_ISSUED')
    expect(Certificate?.KeyAlgorithm).toBe('EC_prime256v1')
    // The opt-out is gone since 12 June 2026: every public certificate is logged.
    expect(Certificate?.Options?.CertificateTransparencyLoggingPreference).toBe('ENABLED')
    expect(Certificate?.CreatedAt).toEqual(new Date(h.clock.now()))
    expect(Certificate?.SubjectAlternativeNames).toEqual(['example.com', '*.example.com', 'www.example.com'])
    const [apex, wildcard, www] = Certificate?.DomainValidationOptions ?? []
    expect(apex?.ResourceRecord).toEqual(wildcard?.ResourceRecord)
    expect(www?.ResourceRecord?.Name).not.toBe(apex?.ResourceRecord?.Name)
    expect(apex?.ResourceRecord?.Name).toMatch(/^_[0-9a-f]{32}\.example\.com\.$/)
    expect(apex?.ResourceRecord?.Value).toMatch(/^_[0-9a-f]{32}\.[a-z]{10}\.acm-validations\.aws\.$/)
    expect(apex?.ResourceRecord?.Type).toBe('CNAME')
    expect(wildcard?.ValidationStatus).toBe('PENDING_VALIDATION')
  })

  it('answers ResourceNotFoundException during the not-found window, then the certificate', async () => {
    h.sim.scenario.describeNotFoundMs = 3000
    const { CertificateArn } = await request('example.com')
    const error = await failure(acm.send(new DescribeCertificateCommand({ CertificateArn })))
    expect(error.name).toBe('ResourceNotFoundException')
    h.clock.advance(3000)
    await expect(acm.send(new DescribeCertificateCommand({ CertificateArn }))).resolves.toHaveProperty('Certificate')
  })

  it('omits ResourceRecord for the first polls, then shows it for the first name only, then for all', async () => {
    h.sim.scenario.recordsAbsentPolls = 2
    h.sim.scenario.recordsPartialPolls = 1
    const { CertificateArn } = await request('example.com', { SubjectAlternativeNames: ['www.example.com'] })
    const withRecords = async () => {
      const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
      return (Certificate?.DomainValidationOptions ?? []).map((d) => d.ResourceRecord !== undefined)
    }
    expect(await withRecords()).toEqual([false, false])
    expect(await withRecords()).toEqual([false, false])
    expect(await withRecords()).toEqual([true, false])
    expect(await withRecords()).toEqual([true, true])
  })

  it('reports FAILED with the scripted reason and the failing name', async () => {
    h.sim.scenario.failCertificates = { reason: 'CAA_ERROR', domain: 'www.example.com' }
    const { CertificateArn } = await request('example.com', { SubjectAlternativeNames: ['www.example.com'] })
    h.sim.scenario.failCertificates = undefined
    h.clock.advance(2000)
    const { Certificate } = await acm.send(new DescribeCertificateCommand({ CertificateArn }))
    expect(Certificate?.Status).toBe('FAILED')
    expect(Certificate?.FailureReason).toBe('CAA_ERROR')
    const www = Certificate?.DomainValidationOptions?.find((d) => d.DomainName === 'www.example.com')
    expect(www?.ValidationStatus).toBe('FAILED')
  })

  it('keeps certificates per account and region, and rejects malformed ARNs', async () => {
    const { CertificateArn } = await request('example.com')
    const elsewhere = h.acm(undefined, 1, 'eu-west-1')
    expect((await failure(elsewhere.send(new DescribeCertificateCommand({ CertificateArn })))).name).toBe(
      'ResourceNotFoundException'
    )
    expect((await failure(acm.send(new DescribeCertificateCommand({ CertificateArn: 'not-an-arn' })))).name).toBe(
      'InvalidArnException'
    )
    elsewhere.destroy()
  })
})

describe('ListCertificates', () => {
  it('returns only RSA_1024 and RSA_2048 certificates unless keyTypes are passed', async () => {
    const rsa = h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'rsa.example.com' })
    const ec = h.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: REGION,
      domainName: 'ec.example.com',
      keyAlgorithm: 'EC_prime256v1'
    })
    const byDefault = await acm.send(new ListCertificatesCommand({}))
    expect(byDefault.CertificateSummaryList?.map((c) => c.CertificateArn)).toEqual([rsa])
    const all = await acm.send(new ListCertificatesCommand({ Includes: { keyTypes: ['RSA_2048', 'EC_prime256v1'] } }))
    expect(all.CertificateSummaryList?.map((c) => c.CertificateArn)).toEqual([rsa, ec])
  })

  it('filters by status and managedBy, and fills the summary fields', async () => {
    const notAfter = Date.UTC(2025, 6, 1)
    h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'old.example.com', status: 'EXPIRED' })
    const used = h.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: REGION,
      domainName: 'cdn.example.com',
      inUseBy: ['arn:aws:cloudfront::111111111111:distribution/E1'],
      managedBy: 'CLOUDFRONT',
      notAfter
    })
    const issued = await acm.send(
      new ListCertificatesCommand({ CertificateStatuses: ['ISSUED'], Includes: { managedBy: 'CLOUDFRONT' } })
    )
    expect(issued.CertificateSummaryList).toHaveLength(1)
    const summary = issued.CertificateSummaryList?.[0]
    expect(summary).toMatchObject({
      CertificateArn: used,
      Status: 'ISSUED',
      Type: 'AMAZON_ISSUED',
      InUse: true,
      ManagedBy: 'CLOUDFRONT'
    })
    expect(summary?.NotAfter).toEqual(new Date(notAfter))
    expect(summary?.RenewalEligibility).toBe('ELIGIBLE')
  })

  it('pages with MaxItems and NextToken through every certificate exactly once', async () => {
    const arns = Array.from({ length: 25 }, (_v, i) =>
      h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: `n${i}.example.com` })
    )
    const seen: string[] = []
    let NextToken: string | undefined
    let pages = 0
    do {
      const page = await acm.send(new ListCertificatesCommand({ MaxItems: 10, NextToken }))
      seen.push(...(page.CertificateSummaryList ?? []).map((c) => c.CertificateArn ?? ''))
      NextToken = page.NextToken
      pages += 1
    } while (NextToken)
    expect(pages).toBe(3)
    expect(seen).toEqual(arns)
    expect((await failure(acm.send(new ListCertificatesCommand({ MaxItems: 1001 })))).name).toBe('ValidationException')
  })

  it('lists only the first 100 SANs and flags the rest', async () => {
    const sans = Array.from({ length: 120 }, (_v, i) => `s${i}.example.com`)
    h.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: REGION,
      domainName: 'big.example.com',
      subjectAlternativeNames: sans
    })
    h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'small.example.com' })
    const { CertificateSummaryList } = await acm.send(new ListCertificatesCommand({}))
    const [big, small] = CertificateSummaryList ?? []
    expect(big?.SubjectAlternativeNameSummaries).toHaveLength(100)
    expect(big?.SubjectAlternativeNameSummaries?.[0]).toBe('big.example.com')
    expect(big?.HasAdditionalSubjectAlternativeNames).toBe(true)
    expect(small?.HasAdditionalSubjectAlternativeNames).toBe(false)
  })
})

describe('tags and deletion', () => {
  it('adds and lists tags, and refuses to delete a certificate in use', async () => {
    const { CertificateArn } = await request('example.com', { Tags: [{ Key: 'app', Value: 'web' }] })
    await acm.send(new AddTagsToCertificateCommand({ CertificateArn, Tags: [{ Key: 'env', Value: 'prod' }] }))
    const { Tags } = await acm.send(new ListTagsForCertificateCommand({ CertificateArn }))
    expect(Tags).toEqual([
      { Key: 'app', Value: 'web' },
      { Key: 'env', Value: 'prod' }
    ])

    const inUse = h.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: REGION,
      domainName: 'lb.example.com',
      inUseBy: ['arn:aws:elasticloadbalancing:x']
    })
    expect((await failure(acm.send(new DeleteCertificateCommand({ CertificateArn: inUse })))).name).toBe(
      'ResourceInUseException'
    )
    await acm.send(new DeleteCertificateCommand({ CertificateArn }))
    expect(h.sim.certificate(CertificateArn ?? '')).toBeUndefined()
  })
})
