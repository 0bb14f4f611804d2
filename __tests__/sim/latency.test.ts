import { DescribeCertificateCommand, ListCertificatesCommand, RequestCertificateCommand } from '@aws-sdk/client-acm'
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { criticalPath, rounds, type TimedCall } from '../../sim/index.js'
import { startHarness, type World } from '../../__fixtures__/world.js'

let h: World
const started: World[] = []
const start = async (options: Parameters<typeof startHarness>[0] = {}): Promise<World> => {
  h = await startHarness(options)
  started.push(h)
  return h
}

afterEach(async () => {
  for (const harness of started.splice(0)) await harness.stop()
})

const LATENCY = 40
// setTimeout may fire up to a millisecond early; the delay is a lower bound, never an upper one.
const atLeast = (ms: number) => ms - 1.5

describe('latency injection', () => {
  it('holds every AWS and OIDC answer back, and logs monotonic start and end times', async () => {
    await start({ latencyMs: LATENCY })
    expect(h.sim.latencyMs).toBe(LATENCY)
    await h.acm().send(new ListCertificatesCommand({}))
    await h.route53().send(new ListHostedZonesByNameCommand({}))
    await h.sts().send(new GetCallerIdentityCommand({}))
    const env = h.sim.env()
    expect(
      (
        await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sts.amazonaws.com`, {
          headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
        })
      ).status
    ).toBe(200)
    expect(h.sim.requests.map((r) => r.service)).toEqual(['acm', 'route53', 'sts', 'oidc'])
    for (const entry of h.sim.requests) {
      expect(entry.startMs).toEqual(expect.any(Number))
      expect((entry.endMs ?? 0) - (entry.startMs ?? 0)).toBeGreaterThanOrEqual(atLeast(LATENCY))
    }
    const [first, second] = h.sim.requests
    expect(second?.startMs).toBeGreaterThanOrEqual(first?.endMs ?? Infinity)
  })

  it('is settable later, and per service', async () => {
    await start()
    expect(h.sim.latencyMs).toBe(0)
    h.sim.latencyMs = LATENCY
    h.sim.scenario.latencyByService = { route53: 0 }
    await h.acm().send(new ListCertificatesCommand({}))
    const acmEntry = h.sim.requests.at(-1)
    expect((acmEntry?.endMs ?? 0) - (acmEntry?.startMs ?? 0)).toBeGreaterThanOrEqual(atLeast(LATENCY))
    h.sim.scenario.latencyByService = { acm: 2 * LATENCY }
    await h.acm().send(new ListCertificatesCommand({}))
    const slower = h.sim.requests.at(-1)
    expect((slower?.endMs ?? 0) - (slower?.startMs ?? 0)).toBeGreaterThanOrEqual(atLeast(2 * LATENCY))
  })
})

describe('criticalPath', () => {
  it('counts calls that did not overlap with the real SDK: parallel calls are one step', async () => {
    await start({ latencyMs: LATENCY })
    const acm = h.acm()
    // Step 1: three calls at once. Step 2: one request. Step 3: two describes at once. Step 4: a list.
    await Promise.all([1, 2, 3].map(() => acm.send(new ListCertificatesCommand({}))))
    const { CertificateArn } = await acm.send(new RequestCertificateCommand({ DomainName: 'example.com' }))
    await Promise.all([1, 2].map(() => acm.send(new DescribeCertificateCommand({ CertificateArn }))))
    await acm.send(new ListCertificatesCommand({}))
    acm.destroy()

    const upToDescribe = criticalPath(h.sim.requests, (r) => r.operation === 'DescribeCertificate')
    expect(upToDescribe.steps).toBe(3)
    expect(upToDescribe.chain.map((r) => r.operation)).toEqual([
      'ListCertificates',
      'RequestCertificate',
      'DescribeCertificate'
    ])
    expect(criticalPath(h.sim.requests).steps).toBe(4)
    expect(rounds(h.sim.requests).map((round) => round.length)).toEqual([3, 1, 2, 1])
    expect(criticalPath(h.sim.requests, (r) => r.operation === 'DeleteCertificate').steps).toBe(0)
  })

  it('follows the longest chain, not the number of rounds', () => {
    const call = (operation: string, startMs: number, endMs?: number): TimedCall => ({
      service: 'acm',
      operation,
      startMs,
      ...(endMs === undefined ? {} : { endMs })
    })
    // A [0,10] → C [11,20] → D [21,30], while B [1,100] overlaps all of them; E never answered.
    const log = [call('B', 1, 100), call('A', 0, 10), call('D', 21, 30), call('C', 11, 20), call('E', 2)]
    expect(criticalPath(log).chain.map((c) => c.operation)).toEqual(['A', 'C', 'D'])
    expect(criticalPath(log, (c) => c.operation === 'C').steps).toBe(2)
    expect(criticalPath(log, (c) => c.operation === 'B').steps).toBe(1)
    expect(rounds(log).map((round) => round.map((c) => c.operation))).toEqual([['A', 'B', 'C', 'D']])
  })
})
