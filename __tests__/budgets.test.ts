// Call-count budgets (issue #6), through the real SDK clients against the simulator on a virtual
// clock: what a run costs in API calls does not depend on the machine. No timing assertions.
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { EXAMPLE } from '../sim/index.js'
import { findReusableCertificate } from '../src/certificate/reuse.js'
import { createAwsClients } from '../src/aws/clients.js'
import { certificateSpec } from '../src/run/deps.js'
import {
  REGION,
  callTimes,
  configFor,
  staticIdentities,
  runInProcess,
  seedDecoyCertificates,
  seedZones,
  silentLog,
  startWorld,
  virtualClock,
  type World
} from '../__fixtures__/world.js'
import { SEVEN_NAMES_THREE_ZONES } from '../__fixtures__/zones.js'

let world: World | undefined
afterEach(async () => {
  jest.restoreAllMocks()
  await world?.stop()
  world = undefined
})

const NAMES = ['app.example.com', 'www.example.com']

describe('reuse lookup in an account with 2,500 certificates', () => {
  it('finds the matching certificate with at most 3 ListCertificates and no DescribeCertificate', async () => {
    const clock = virtualClock()
    world = await startWorld({ clock })
    const { sim } = world
    seedDecoyCertificates(sim, 2499, NAMES)
    const match = sim.addCertificate({
      accountId: EXAMPLE.certificateAccount,
      region: REGION,
      domainName: 'app.example.com',
      subjectAlternativeNames: NAMES
    })
    sim.resetLog()

    const result = await runInProcess(configFor(NAMES), clock)

    expect(result).toMatchObject({ certificateArn: match, reused: true, status: 'ISSUED' })
    expect(sim.calls('acm', 'ListCertificates')).toBeLessThanOrEqual(3)
    expect(sim.calls('acm', 'RequestCertificate')).toBe(0)
    // One look at the reused ISSUED certificate serves its records and the result; the lookup reads none.
    expect(sim.calls('acm', 'DescribeCertificate')).toBe(1)
  })

  it('describes at most one certificate when summaries list only the first 100 of 120 names', async () => {
    const clock = virtualClock()
    world = await startWorld({ clock })
    const { sim } = world
    const names = Array.from({ length: 120 }, (_, i) => `n${i}.example.com`)
    seedDecoyCertificates(sim, 2497, names)
    await clock.sleep(60_000) // later certificates expire later: they rank first
    const matches = [0, 1, 2].map(() =>
      sim.addCertificate({
        accountId: EXAMPLE.certificateAccount,
        region: REGION,
        domainName: 'n0.example.com',
        subjectAlternativeNames: names
      })
    )
    sim.resetLog()
    const config = configFor(['n0.example.com'])
    const clients = createAwsClients(config, staticIdentities)

    const found = await findReusableCertificate(
      clients.acm,
      { ...certificateSpec(config), names },
      { log: silentLog },
      clock.now()
    )
    clients.acm.destroy()
    clients.route53.destroy()

    expect(matches).toContain(found?.arn)
    expect(sim.calls('acm', 'ListCertificates')).toBeLessThanOrEqual(3)
    expect(sim.calls('acm', 'DescribeCertificate')).toBeLessThanOrEqual(1)
  })
})

describe('zone lookup and record writes with 500 hosted zones', () => {
  it('lists each candidate suffix once, never lists all zones, and writes one batch per zone', async () => {
    const clock = virtualClock()
    world = await startWorld({ clock })
    const { sim, zones } = world
    const orgZone = sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'example.org' })
    seedZones(sim, 500)
    expect(sim.zones()).toHaveLength(500)
    sim.resetLog()
    const names = SEVEN_NAMES_THREE_ZONES

    await runInProcess(configFor(names), clock)

    // Each record walks up from its own name to the first public zone; SANs share what they visit.
    const expectedSuffixes = [
      'example.com', // _x.example.com, shared with *.example.com
      'www.example.com', // then example.com (cached)
      'api.example.com', // then example.com (cached)
      'a.dev.example.com',
      'dev.example.com',
      'b.dev.example.com', // then dev.example.com (cached)
      'www.example.org',
      'example.org'
    ]
    const listed = sim.requests
      .filter((r) => r.operation === 'ListHostedZonesByName')
      .map((r) => String(r.params['dnsname']).replace(/\.$/, ''))
    expect([...listed].sort()).toEqual([...expectedSuffixes].sort())
    expect(sim.calls('route53', 'ListHostedZones')).toBe(0)

    const written = sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets').map((r) => r.params['Id'])
    expect([...written].sort()).toEqual([zones.publicZoneId, zones.devZoneId, orgZone].sort())
  })
})

describe('steady-state polling while ACM validates', () => {
  it('reads the certificate at most 15 times a minute once the poll interval reaches its cap', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5) // the middle of the jitter range: the mean interval
    const clock = virtualClock()
    const issuanceDelayMs = 30 * 60_000
    world = await startWorld({ clock, issuanceDelayMs })
    const { sim } = world

    const result = await runInProcess(configFor(NAMES), clock)

    expect(result.status).toBe('ISSUED')
    const [writtenAt = 0] = callTimes(sim, 'ChangeResourceRecordSets')
    const from = writtenAt + 60_000 // past the quick first polls
    const to = writtenAt + issuanceDelayMs
    const steady = callTimes(sim, 'DescribeCertificate').filter((t) => t >= from && t < to)
    const perMinute = steady.length / ((to - from) / 60_000)
    expect(perMinute).toBeGreaterThan(10) // polling, not idle: detection stays quick
    expect(perMinute).toBeLessThanOrEqual(15)
  })
})
