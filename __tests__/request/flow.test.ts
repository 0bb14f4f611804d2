// requestOutcome() with the real SDK clients against the simulator, in process: the order of the hooks,
// wait: false, and what a re-run does after a FAILED certificate.
import { afterEach, describe, expect, it } from '@jest/globals'
import type { ACMClient } from '@aws-sdk/client-acm'
import type { Route53Client } from '@aws-sdk/client-route-53'
import { CertificateFailedError, DnsError } from '../../src/errors.js'
import type { DnsResolver } from '../../src/preflight.js'
import { successorToken } from '../../src/request/flow.js'
import type { RunDeps } from '../../src/run/deps.js'
import type { Clock } from '../../src/types.js'
import type { Simulator } from '../../sim/index.js'
import { configFrom } from '../../__fixtures__/config.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { requestOutcome } from '../../__fixtures__/outcome.js'
import { CERT_ACCOUNT, CERT_KEYS, startWorld, type World, type WorldOptions } from '../../__fixtures__/world.js'

// The one world on its virtual clock: the action's waits cost no real time.
let world: World | undefined
let sim: Simulator
afterEach(async () => world?.stop())

async function setUp(scenario: WorldOptions = {}) {
  world = await startWorld({ issuanceDelayMs: 300, ...scenario })
  sim = world.sim
  // One account for both, so the zones live where the certificate is.
  sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'example.net' })
  return { acm: world.acm(CERT_KEYS), route53: world.route53(CERT_KEYS), clock: world.clock }
}

function deps(
  clients: { acm: ACMClient; route53: Route53Client; clock: Clock },
  inputs: Record<string, string>,
  events: string[] = []
): RunDeps {
  const config = configFrom(inputs, { AWS_REGION: 'us-east-1' })
  return {
    config,
    ...clients,
    log: recordingLogger(),
    emit: (event) => {
      if (event.type === 'certificate') events.push(`certificate reused=${event.reused}`)
      if (event.type === 'records') events.push(`records ${event.records.length}`)
      if (event.type === 'progress') events.push(`progress ${event.progress.map((p) => p.validationStatus).join(',')}`)
    }
  }
}

it('reports the certificate, then the records, then progress, and returns ISSUED', async () => {
  const clients = await setUp()
  const events: string[] = []
  const result = await requestOutcome(
    deps(clients, { 'domain-name': 'example.net', 'subject-alternative-names': 'www.example.net' }, events)
  )
  expect(result).toMatchObject({ status: 'ISSUED', reused: false })
  expect(result.notAfter).toBeInstanceOf(Date)
  expect(events[0]).toBe('certificate reused=false')
  expect(events[1]).toBe('records 2')
  expect(events.at(-1)).toBe('progress SUCCESS,SUCCESS')
})

it('with wait: false, returns PENDING_VALIDATION without waiting', async () => {
  const clients = await setUp({ issuanceDelayMs: 600_000 })
  const result = await requestOutcome(deps(clients, { 'domain-name': 'example.net', wait: 'false' }))
  expect(result).toMatchObject({ status: 'PENDING_VALIDATION', notAfter: undefined })
  expect(result.records).toHaveLength(1)
})

it('never hands back a FAILED certificate: the re-run requests a successor, and parallel re-runs agree on it', async () => {
  const clients = await setUp({ failCertificates: { reason: 'CAA_ERROR' } })
  const inputs = { 'domain-name': 'example.net' }
  const first = await requestOutcome(deps(clients, inputs)).catch((e: unknown) => e)
  expect(first).toBeInstanceOf(CertificateFailedError)
  const failedArn = (first as CertificateFailedError).certificateArn

  // CAA fixed; same inputs within ACM's one-hour idempotency window.
  delete sim.scenario.failCertificates
  const [a, b] = await Promise.all([requestOutcome(deps(clients, inputs)), requestOutcome(deps(clients, inputs))])
  expect(a.certificateArn).not.toBe(failedArn)
  expect(b.certificateArn).toBe(a.certificateArn)
  expect(a.status).toBe('ISSUED')
  const tokens = sim.requests
    .filter((r) => r.operation === 'RequestCertificate')
    .map((r) => (r.params as { IdempotencyToken?: string }).IdempotencyToken)
  const token = configFrom({ 'domain-name': 'example.net' }, { AWS_REGION: 'us-east-1' }).idempotencyToken
  expect(new Set(tokens)).toEqual(new Set([token, successorToken(token, failedArn)]))
  expect(sim.certificates(CERT_ACCOUNT).filter((c) => c.names.includes('example.net'))).toHaveLength(2)
})

it('never hands back a certificate reuse turned down: RequestCertificate returning it gets a successor', async () => {
  const clients = await setUp()
  const inputs = { 'domain-name': 'example.net' }
  const first = await requestOutcome(deps(clients, inputs))
  // Attached to a distribution, yet ACM will not renew it; the same token still returns it within the hour.
  const cert = sim.certificate(first.certificateArn)
  if (!cert) throw new Error('no certificate')
  cert.inUseBy = ['arn:aws:cloudfront::111111111111:distribution/E1']
  cert.renewalEligibility = 'INELIGIBLE'
  const log = recordingLogger()
  const second = await requestOutcome({ ...deps(clients, inputs), log })
  expect(second).toMatchObject({ reused: false, status: 'ISSUED' })
  expect(second.certificateArn).not.toBe(first.certificateArn)
  expect(log.text()).toContain(`Not reusing ${first.certificateArn}: it is in use but INELIGIBLE for managed renewal`)
  expect(log.text()).toMatch(/is not reusable \(it is in use but INELIGIBLE.*requested a new one/)
  const token = configFrom({ 'domain-name': 'example.net' }, { AWS_REGION: 'us-east-1' }).idempotencyToken
  const tags = sim.certificate(second.certificateArn)?.tags
  expect(tags?.get('acm-certificate-action')).toBe(successorToken(token, first.certificateArn))
})

it('never hands back a certificate that turned INACTIVE within the idempotency hour: a re-run gets a successor', async () => {
  const clients = await setUp()
  const inputs = { 'domain-name': 'example.net' }
  const first = await requestOutcome(deps(clients, inputs))
  const cert = sim.certificate(first.certificateArn)
  if (!cert) throw new Error('no certificate')
  cert.status = 'INACTIVE'
  const log = recordingLogger()
  const second = await requestOutcome({ ...deps(clients, inputs), log })
  expect(second).toMatchObject({ reused: false, status: 'ISSUED' })
  expect(second.certificateArn).not.toBe(first.certificateArn)
  expect(log.text()).toContain(`Certificate ${first.certificateArn} for these names is INACTIVE; requested a new one`)
  const token = configFrom({ 'domain-name': 'example.net' }, { AWS_REGION: 'us-east-1' }).idempotencyToken
  expect(sim.certificate(second.certificateArn)?.tags?.get('acm-certificate-action')).toBe(
    successorToken(token, first.certificateArn)
  )
})

describe('pre-flight checks in requestOutcome()', () => {
  // A resolver that agrees with the simulator: no CAA anywhere, every zone delegated as Route 53 says.
  const delegatedAsRoute53 = (): DnsResolver => ({
    resolveCaa: async () => [],
    resolveNs: async (name) => sim.zones().find((z) => z.name === `${name}.` && !z.privateZone)?.nameServers ?? []
  })

  it('passes quietly when public DNS agrees, and the record write reuses the zone lookups', async () => {
    const clients = await setUp()
    const log = recordingLogger()
    const findings: number[] = []
    const result = await requestOutcome({
      ...deps(clients, {
        'domain-name': 'example.net',
        'subject-alternative-names': 'www.example.net, *.example.net',
        preflight: 'fail'
      }),
      log,
      resolver: delegatedAsRoute53(),
      emit: (e) => {
        if (e.type === 'findings') findings.push(e.findings.length)
      }
    })
    expect(result.status).toBe('ISSUED')
    expect(findings).toEqual([0])
    expect(log.lines.filter((l) => l.level === 'warning')).toEqual([])
    expect(log.text()).toContain(
      'Pre-flight checks passed: CAA and NS delegation for example.net, www.example.net, *.example.net'
    )
    // www.example.net and example.net once each (.net is never listed: example.net is found first).
    expect(sim.calls('route53', 'ListHostedZonesByName')).toBe(2)
  })

  it('with hosted-zone-id, checks the pinned zone from its one GetHostedZone, without listing zones', async () => {
    const clients = await setUp()
    const zoneId = sim.zones().find((z) => z.name === 'example.net.')?.id ?? ''
    const findings: string[] = []
    const result = await requestOutcome({
      ...deps(clients, { 'domain-name': 'www.example.net', 'hosted-zone-id': zoneId, preflight: 'fail' }),
      resolver: delegatedAsRoute53(),
      emit: (e) => {
        if (e.type === 'findings') findings.push(...e.findings.map((x) => x.message))
      }
    })
    expect(result.status).toBe('ISSUED')
    expect(findings).toEqual([])
    expect(sim.calls('route53', 'ListHostedZonesByName')).toBe(0)
    // One GetHostedZone serves the zone check before the request, the delegation check and the write.
    expect(sim.calls('route53', 'GetHostedZone')).toBe(1)
  })

  it('with preflight: fail, a reused ISSUED certificate is not held to the checks it ran beside the lookup', async () => {
    const clients = await setUp()
    await requestOutcome(deps(clients, { 'domain-name': 'example.net' }))
    // CAA that forbids Amazon: a new request would stop on it, the ISSUED certificate does not.
    const forbidding: DnsResolver = {
      resolveCaa: async () => [{ critical: 0, issue: 'letsencrypt.org' }],
      resolveNs: async (name) => sim.zones().find((z) => z.name === `${name}.`)?.nameServers ?? []
    }
    const findings: number[] = []
    const again = await requestOutcome({
      ...deps(clients, { 'domain-name': 'example.net', preflight: 'fail' }),
      resolver: forbidding,
      emit: (e) => {
        if (e.type === 'findings') findings.push(e.findings.length)
      }
    })
    expect(again).toMatchObject({ reused: true, status: 'ISSUED' })
    expect(findings).toEqual([])
    const fresh = await requestOutcome({
      ...deps(clients, { 'domain-name': 'shop.example.net', preflight: 'fail' }),
      resolver: forbidding
    }).then(
      () => undefined,
      (err: unknown) => err
    )
    expect((fresh as Error).message).toMatch(/do not allow Amazon to issue a certificate for shop\.example\.net/)
    expect(sim.calls('acm', 'RequestCertificate')).toBe(1)
  })

  it('runs no check without a resolver, for a reused ISSUED certificate, or with preflight: off', async () => {
    const clients = await setUp()
    const asked: string[] = []
    const counting: DnsResolver = {
      resolveCaa: async (name) => (asked.push(`CAA ${name}`), []),
      resolveNs: async (name) => (
        asked.push(`NS ${name}`),
        sim.zones().find((z) => z.name === `${name}.`)?.nameServers ?? []
      )
    }
    await requestOutcome(deps(clients, { 'domain-name': 'example.net' }))
    expect(asked).toEqual([])
    await requestOutcome({ ...deps(clients, { 'domain-name': 'example.net' }), resolver: counting })
    expect(asked).toEqual([]) // reused, ISSUED: nothing to check
    await requestOutcome({
      ...deps(clients, { 'domain-name': 'www.example.net', preflight: 'off' }),
      resolver: counting
    })
    expect(asked).toEqual([])
    await requestOutcome({ ...deps(clients, { 'domain-name': 'api.example.net' }), resolver: counting })
    expect(asked).toEqual(['CAA api.example.net', 'CAA example.net', 'CAA net', 'NS example.net'])
  })
})

describe('zone problems are found before the certificate is requested (issue 11)', () => {
  // Each case arranges the zones it needs; `inputs` are the run's; `message` is what the error must say.
  const cases: {
    problem: string
    arrange: (sim: Simulator) => Record<string, string>
    message: RegExp
  }[] = [
    {
      problem: 'twin public zones and no hosted-zone-id',
      arrange: (sim) => {
        for (let i = 0; i < 2; i++) sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'twin.test' })
        return { 'domain-name': 'app.twin.test' }
      },
      message: /2 public hosted zones are named twin\.test \(.*\); cannot choose one for app\.twin\.test/
    },
    {
      problem: 'a hosted-zone-id that does not exist',
      arrange: () => ({ 'domain-name': 'www.example.net', 'hosted-zone-id': 'Z0000000000NOSUCH' }),
      message: /hosted-zone-id Z0000000000NOSUCH: no such hosted zone in the DNS account/
    },
    {
      problem: 'a private hosted-zone-id',
      arrange: (sim) => {
        const id = sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'example.net', privateZone: true })
        return { 'domain-name': 'www.example.net', 'hosted-zone-id': id }
      },
      message: /hosted-zone-id \w+ is a private zone example\.net/
    },
    {
      problem: 'a hosted-zone-id of another name',
      arrange: (sim) => {
        const id = sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'example.org' })
        return { 'domain-name': 'www.example.net', 'hosted-zone-id': id }
      },
      message: /hosted-zone-id \w+ is the zone example\.org, which does not contain: .*www\.example\.net/
    },
    {
      problem: 'a name with only a private zone',
      arrange: (sim) => {
        sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'internal.test', privateZone: true })
        return { 'domain-name': 'www.example.net', 'subject-alternative-names': 'app.internal.test' }
      },
      message:
        /No public Route 53 hosted zone found in the account of the certificate identity \(dns-role-to-assume is not set\) for: app\.internal\.test \(validates app\.internal\.test; only a private zone internal\.test/
    },
    {
      problem: 'a zone-overrides line whose zone does not exist',
      arrange: () => ({
        'domain-name': 'www.example.net',
        'subject-alternative-names': 'shop.example.org',
        'zone-overrides': '# the shop\nexample.org=Z0000000000NOSUCH'
      }),
      message: /zone-overrides line 2: hosted-zone-id Z0000000000NOSUCH: no such hosted zone/
    },
    {
      problem: 'a zone-overrides line whose zone is private',
      arrange: (sim) => {
        const id = sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'example.org', privateZone: true })
        return { 'domain-name': 'shop.example.org', 'zone-overrides': `example.org=${id}` }
      },
      message: /zone-overrides line 1: hosted-zone-id \w+ is a private zone example\.org/
    }
  ]

  describe.each(['off', 'warn', 'fail'])('preflight: %s', (preflight) => {
    it.each(cases)(
      '$problem: a DnsError before RequestCertificate, nothing left behind',
      async ({ arrange, message }) => {
        const clients = await setUp()
        const inputs = arrange(sim)
        const events: string[] = []
        const resolver: DnsResolver = { resolveCaa: async () => [], resolveNs: async () => [] }
        const error = await requestOutcome({ ...deps(clients, { ...inputs, preflight }, events), resolver }).then(
          () => undefined,
          (err: unknown) => err
        )
        expect(error).toBeInstanceOf(DnsError)
        expect((error as DnsError).message).toMatch(message)
        expect((error as DnsError).hint).toContain('No certificate was requested and no record was written.')
        expect(sim.calls('acm', 'RequestCertificate')).toBe(0)
        expect(sim.certificates(CERT_ACCOUNT)).toEqual([])
        expect(sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
        expect(events).toEqual([])
      }
    )
  })

  it('finds each zone once, beside the reuse lookup: no more Route 53 calls than the write alone needs', async () => {
    const clients = await setUp()
    sim.addHostedZone({ accountId: CERT_ACCOUNT, name: 'dev.example.net' })
    const inputs = {
      'domain-name': 'example.net',
      'subject-alternative-names': '*.example.net www.example.net api.dev.example.net',
      preflight: 'warn'
    }
    const resolver: DnsResolver = {
      resolveCaa: async () => [],
      resolveNs: async (name) => sim.zones().find((z) => z.name === `${name}.` && !z.privateZone)?.nameServers ?? []
    }
    const result = await requestOutcome({ ...deps(clients, inputs), resolver })
    expect(result.status).toBe('ISSUED')
    const route53 = sim.requests.filter((r) => r.service === 'route53').map((r) => r.operation)
    // example.net, www.example.net, api.dev.example.net, dev.example.net: once each (.net never: no TLD zone
    // exists in Route 53); one GetHostedZone per zone for the delegation check; one write per zone.
    expect(route53.filter((op) => op === 'ListHostedZonesByName')).toHaveLength(4)
    expect(route53.filter((op) => op === 'GetHostedZone')).toHaveLength(2)
    expect(route53.filter((op) => op === 'ChangeResourceRecordSets')).toHaveLength(2)
    expect(route53).toHaveLength(8)
    // Every zone was known before the request: the lookups all started before RequestCertificate.
    const requestedAt = sim.requests.findIndex((r) => r.operation === 'RequestCertificate')
    const lookups = sim.requests.flatMap((r, i) => (r.operation === 'ListHostedZonesByName' ? [i] : []))
    expect(Math.max(...lookups)).toBeLessThan(requestedAt)
  })
})

it('certificate-transparency-logging: DISABLED warns that every public certificate is logged, and is not sent', async () => {
  const clients = await setUp()
  const log = recordingLogger()
  const result = await requestOutcome({
    ...deps(clients, { 'domain-name': 'example.net', 'certificate-transparency-logging': 'DISABLED' }),
    log
  })
  expect(result.status).toBe('ISSUED')
  const warnings = log.lines.filter((l) => l.level === 'warning').map((l) => l.message)
  expect(warnings).toEqual([expect.stringMatching(/DISABLED has no effect: since 12 June 2026 ACM logs every public/)])
  const request = sim.requests.find((r) => r.operation === 'RequestCertificate')
  expect(request?.params['Options']).toBeUndefined()
})
