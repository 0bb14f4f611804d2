import { DescribeCertificateCommand, ListCertificatesCommand, RequestCertificateCommand } from '@aws-sdk/client-acm'
import { ChangeResourceRecordSetsCommand, ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { jest } from '@jest/globals'
import { pinSdkBackoff } from '../../__fixtures__/backoff.js'
import { CERT_ACCOUNT, DNS_ACCOUNT, failure, REGION, startHarness, type World } from '../../__fixtures__/world.js'

let h: World

beforeEach(async () => {
  // The retries are under test here, not how long the SDK waits between them.
  pinSdkBackoff()
  h = await startHarness()
})
afterEach(async () => {
  await h.stop()
  jest.restoreAllMocks()
})

const describeSeeded = (maxAttempts: number) => {
  const CertificateArn = h.sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, domainName: 'example.com' })
  return h.acm(undefined, maxAttempts).send(new DescribeCertificateCommand({ CertificateArn }))
}

describe('injected faults through the SDK retry path', () => {
  it('throttles the next N calls: retried by the SDK, surfaced when attempts run out', async () => {
    h.sim.injectFault({ service: 'acm', operation: 'DescribeCertificate', kind: 'throttle', times: 2 })
    await expect(describeSeeded(3)).resolves.toHaveProperty('Certificate')
    expect(h.sim.calls('acm', 'DescribeCertificate')).toBe(3)

    h.sim.injectFault({ service: 'acm', kind: 'throttle', times: 2 })
    const error = await failure(describeSeeded(2))
    expect(error.name).toBe('ThrottlingException')
    expect(error.$metadata?.attempts).toBe(2)

    h.sim.injectFault({ service: 'route53', kind: 'throttle', times: 1 })
    const r53 = await failure(h.route53().send(new ListHostedZonesByNameCommand({})))
    expect(r53.name).toBe('Throttling')
    expect(r53.message).toBe('Rate exceeded')
  })

  it('answers 503 for server errors and Route 53 PriorRequestNotComplete on demand', async () => {
    h.sim.injectFault({ service: 'sts', kind: 'server-error', times: 1 })
    const error = await failure(h.sts().send(new GetCallerIdentityCommand({})))
    expect(error.$metadata?.httpStatusCode).toBe(503)
    const zone = h.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
    h.sim.injectFault({
      service: 'route53',
      operation: 'ChangeResourceRecordSets',
      kind: 'prior-request-not-complete',
      times: 1
    })
    const change = new ChangeResourceRecordSetsCommand({
      HostedZoneId: zone,
      ChangeBatch: {
        Changes: [
          {
            Action: 'UPSERT',
            ResourceRecordSet: { Name: 'a.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] }
          }
        ]
      }
    })
    expect((await failure(h.route53().send(change))).name).toBe('PriorRequestNotComplete')
    await expect(h.route53().send(change)).resolves.toHaveProperty('ChangeInfo')
  })

  it('resets the connection; the SDK retries the transient network error', async () => {
    h.sim.injectFault({ service: 'route53', operation: 'ListHostedZonesByName', kind: 'connection-reset', times: 1 })
    await expect(h.route53(undefined, 2).send(new ListHostedZonesByNameCommand({}))).resolves.toHaveProperty(
      'HostedZones'
    )
    expect(h.sim.requests.map((r) => r.errorCode)).toEqual(['fault:connection-reset', undefined])
  })

  it('loses the response after acting: a retry with the same idempotency token gets the same certificate', async () => {
    h.sim.injectFault({ service: 'acm', operation: 'RequestCertificate', kind: 'lost-response', times: 1 })
    const acm = h.acm(undefined, 2)
    const { CertificateArn } = await acm.send(
      new RequestCertificateCommand({ DomainName: 'example.com', IdempotencyToken: 'abc' })
    )
    expect(h.sim.calls('acm', 'RequestCertificate')).toBe(2)
    expect(h.sim.certificates(CERT_ACCOUNT).map((c) => c.arn)).toEqual([CertificateArn])
  })

  it('skews the server clock; the SDK corrects its offset and retries', async () => {
    h.sim.injectFault({ service: 'acm', kind: 'clock-skew', times: 1 })
    await expect(h.acm(undefined, 2).send(new ListCertificatesCommand({}))).resolves.toBeDefined()
    expect(h.sim.requests.map((r) => r.errorCode)).toEqual(['InvalidSignatureException', undefined])
  })

  it('draws rate-based faults from a seeded PRNG, so runs repeat exactly', async () => {
    const pattern = async (harness: World) => {
      harness.sim.injectFault({ service: 'acm', kind: 'server-error', rate: 0.5 })
      const acm = harness.acm()
      const outcomes: boolean[] = []
      for (let i = 0; i < 16; i++)
        outcomes.push(
          await acm.send(new ListCertificatesCommand({})).then(
            () => true,
            () => false
          )
        )
      return outcomes
    }
    const first = await pattern(h)
    const twin = await startHarness()
    const second = await pattern(twin)
    await twin.stop()
    expect(second).toEqual(first)
    expect(first).toContain(true)
    expect(first).toContain(false)
  })
})

describe('API rate quotas (token buckets)', () => {
  it('limits ACM RequestCertificate to 5 per second per account and Region', async () => {
    h.sim.scenario.enforceQuotas = true
    const acm = h.acm()
    const request = (i: number) => acm.send(new RequestCertificateCommand({ DomainName: `n${i}.example.com` }))
    for (let i = 0; i < 5; i++) await request(i)
    expect((await failure(request(5))).name).toBe('ThrottlingException')
    await expect(acm.send(new ListCertificatesCommand({}))).resolves.toBeDefined() // its own bucket
    h.clock.advance(200)
    await expect(request(6)).resolves.toHaveProperty('CertificateArn')
    expect((await failure(request(7))).name).toBe('ThrottlingException')
  })

  it('lets Route 53 burst 50 requests, then refills 10 per second', async () => {
    h.sim.scenario.enforceQuotas = true
    const route53 = h.route53()
    const list = () => route53.send(new ListHostedZonesByNameCommand({}))
    for (let i = 0; i < 50; i++) await list()
    expect((await failure(list())).name).toBe('Throttling')
    h.clock.advance(100)
    await expect(list()).resolves.toBeDefined()
    expect((await failure(list())).name).toBe('Throttling')
  })
})
