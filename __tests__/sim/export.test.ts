// The simulator's exportable certificates (issue 22), through the real SDK: Options.Export at request,
// ExportCertificate's real PEMs (leaf for the names, chain without it, key encrypted under the
// passphrase), the passphrase rules, the 2025-06-17 cut-off, and renewal eligibility.
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto'
import {
  DescribeCertificateCommand,
  ExportCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
  type ACMClient
} from '@aws-sdk/client-acm'
import { validationRecord } from '../../sim/index.js'
import { CERT_ACCOUNT, DNS_ACCOUNT, REGION, fakeClock, startHarness, type World } from '../../__fixtures__/world.js'

const DAY = 86_400_000
const PASSPHRASE = 'correct horse battery staple'
const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555'

let h: World
let acm: ACMClient

beforeEach(async () => {
  h = await startHarness({ clock: fakeClock(Date.UTC(2026, 2, 1)) }) // after the 2025-06-17 cut-off
  acm = h.acm()
})
afterEach(async () => h.stop())

/** The error a rejected promise carries. */
async function errorOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail')
    },
    (error: unknown) => error as Error
  )
}

const seed = (extra: Partial<Parameters<World['sim']['addCertificate']>[0]> = {}) =>
  h.sim.addCertificate({
    accountId: CERT_ACCOUNT,
    region: REGION,
    domainName: 'example.com',
    subjectAlternativeNames: ['*.example.com', 'www.example.com'],
    exportOption: 'ENABLED',
    ...extra
  })
const exportOf = (CertificateArn: string, passphrase = PASSPHRASE) =>
  acm.send(new ExportCertificateCommand({ CertificateArn, Passphrase: new TextEncoder().encode(passphrase) }))
const describe_ = async (CertificateArn: string) =>
  (await acm.send(new DescribeCertificateCommand({ CertificateArn }))).Certificate ?? {}
const summaryOf = async (arn: string, Includes = {}) =>
  ((await acm.send(new ListCertificatesCommand({ Includes }))).CertificateSummaryList ?? []).find(
    (s) => s.CertificateArn === arn
  )

describe('ExportCertificate', () => {
  it('returns a leaf for the names signed by the intermediate, the chain without it, and the key under the passphrase', async () => {
    const arn = seed()
    const out = await exportOf(arn)
    const leaf = new X509Certificate(out.Certificate ?? '')
    const chain = (out.CertificateChain ?? '').split(/(?<=-----END CERTIFICATE-----\n)/).filter(Boolean)
    const [intermediate, root] = chain.map((pem) => new X509Certificate(pem))
    expect(chain).toHaveLength(2)
    expect(leaf.subjectAltName).toBe('DNS:example.com, DNS:*.example.com, DNS:www.example.com')
    expect(leaf.checkHost('api.example.com')).toBe('*.example.com')
    expect(leaf.ca).toBe(false)
    expect(leaf.verify(intermediate?.publicKey ?? createPublicKey(''))).toBe(true)
    expect(intermediate?.verify(root?.publicKey ?? createPublicKey(''))).toBe(true)
    expect(root?.checkIssued(root)).toBe(true)
    expect(chain.join('')).not.toContain(out.Certificate)
    expect(leaf.serialNumber.toLowerCase()).toBe((await describe_(arn)).Serial?.replaceAll(':', ''))

    expect(out.PrivateKey).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
    expect(() => createPrivateKey({ key: out.PrivateKey ?? '', passphrase: 'wrong passphrase' })).toThrow()
    const key = createPrivateKey({ key: out.PrivateKey ?? '', passphrase: PASSPHRASE })
    expect(leaf.checkPrivateKey(key)).toBe(true)

    // The same key pair until a renewal; Exported shows on the summary.
    const again = await exportOf(arn, 'another one')
    expect(again.Certificate).toBe(out.Certificate)
    expect(leaf.checkPrivateKey(createPrivateKey({ key: again.PrivateKey ?? '', passphrase: 'another one' }))).toBe(
      true
    )
    expect(await summaryOf(arn)).toMatchObject({ ExportOption: 'ENABLED', Exported: true })
  })

  it('gives an EC key for an EC certificate, and a private CA certificate its CA as chain', async () => {
    const ec = await exportOf(seed({ keyAlgorithm: 'EC_prime256v1', subjectAlternativeNames: [] }))
    const key = createPrivateKey({ key: ec.PrivateKey ?? '', passphrase: PASSPHRASE })
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1')
    const priv = seed({ type: 'PRIVATE', certificateAuthorityArn: CA_ARN, exportOption: 'DISABLED' })
    const out = await exportOf(priv)
    const ca = new X509Certificate(out.CertificateChain ?? '')
    expect(new X509Certificate(out.Certificate ?? '').verify(ca.publicKey)).toBe(true)
    expect(ca.subject).toContain('CN=Simulated Private CA')
  })

  it.each([
    ['too short', 'abc', /length between 4 and 128/],
    ['too long', 'a'.repeat(129), /length between 4 and 128/],
    ['#', 'pass#word', /except #, \$, or %/],
    ['$', 'pa$$word', /except #, \$, or %/],
    ['%', '100%pass', /except #, \$, or %/],
    ['non-ASCII', 'pässwort', /except #, \$, or %/]
  ])('refuses a passphrase %s with ValidationException, without echoing it', async (_case, passphrase, message) => {
    const err = await errorOf(exportOf(seed(), passphrase))
    expect(err.name).toBe('ValidationException')
    expect(err.message).toMatch(message)
    expect(err.message).not.toContain(passphrase)
  })

  it('answers RequestInProgress before ISSUED, and ValidationException for the unexportable', async () => {
    const pending = seed({ status: 'PENDING_VALIDATION' })
    expect((await errorOf(exportOf(pending))).name).toBe('RequestInProgressException')
    const plain = seed({ exportOption: 'DISABLED' })
    expect(await errorOf(exportOf(plain))).toMatchObject({ name: 'ValidationException' })
    expect((await errorOf(exportOf(plain))).message).toMatch(/not requested with export enabled/)
    const old = seed({ createdAt: Date.UTC(2025, 5, 16) })
    expect((await errorOf(exportOf(old))).message).toMatch(/created before June 17, 2025/)
    expect((await errorOf(exportOf('arn:aws:acm:us-east-1:111111111111:certificate/nope'))).name).toBe(
      'ResourceNotFoundException'
    )
  })
})

describe('Options.Export', () => {
  it('is set at request, shown by DescribeCertificate and the summaries, and filters ListCertificates', async () => {
    const zoneId = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.org' })
    const record = validationRecord(CERT_ACCOUNT, 'example.org')
    h.sim.putRecord(zoneId, { name: record.name, type: 'CNAME', values: [record.value] })
    const request = (Export: 'ENABLED' | 'DISABLED', IdempotencyToken: string) =>
      acm.send(new RequestCertificateCommand({ DomainName: 'example.org', IdempotencyToken, Options: { Export } }))
    const billed = (await request('ENABLED', 'a')).CertificateArn ?? ''
    const plain = (await request('DISABLED', 'b')).CertificateArn ?? ''
    expect((await describe_(billed)).Options?.Export).toBe('ENABLED')
    expect((await describe_(plain)).Options?.Export).toBe('DISABLED')
    expect(await summaryOf(billed)).toMatchObject({ ExportOption: 'ENABLED', Exported: false })
    expect(await summaryOf(plain)).toMatchObject({ ExportOption: 'DISABLED' })
    expect(await summaryOf(plain, { exportOption: 'ENABLED' })).toBeUndefined()
    expect(await summaryOf(billed, { exportOption: 'ENABLED' })).toBeDefined()
    expect(await summaryOf(billed, { exportOption: 'DISABLED' })).toBeUndefined()
  })
})

describe('renewal of an exportable certificate', () => {
  it('is ELIGIBLE only once exported since issue or the last renewal; a renewal brings a new serial and key', async () => {
    const arn = seed()
    expect((await describe_(arn)).RenewalEligibility).toBe('INELIGIBLE')
    expect(h.sim.renewCertificate(arn)).toBe(false)
    const first = await exportOf(arn)
    expect((await describe_(arn)).RenewalEligibility).toBe('ELIGIBLE')
    h.clock.advance(300 * DAY)
    expect(h.sim.renewCertificate(arn)).toBe(true)
    const renewed = await describe_(arn)
    expect(renewed.RenewalEligibility).toBe('INELIGIBLE') // not exported since this renewal
    const second = await exportOf(arn)
    const leaf = new X509Certificate(second.Certificate ?? '')
    expect(leaf.serialNumber.toLowerCase()).toBe(renewed.Serial?.replaceAll(':', ''))
    expect(leaf.serialNumber).not.toBe(new X509Certificate(first.Certificate ?? '').serialNumber)
    expect(leaf.checkPrivateKey(createPrivateKey({ key: second.PrivateKey ?? '', passphrase: PASSPHRASE }))).toBe(true)
    expect((await describe_(arn)).RenewalEligibility).toBe('ELIGIBLE')
  })
})
