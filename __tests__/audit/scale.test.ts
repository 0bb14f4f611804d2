// The renewal guard at scale (issue 15): 500 certificates in 50 zones, with ACM's and Route 53's API
// rate quotas on, through run() (src/main.ts) with the real SDK clients and the real refreshing role
// sessions. The simulator and the action share one clock that skips the action's sleeps (its pacing
// under the quotas costs no real time) but still runs with real time, so the quotas refill while the
// SDK backs off on its real timers, as they would against AWS. The wall time of the same audit
// through the bundled action is `npx tsx bench/audit.ts`; the e2e suite runs a smaller fleet through
// dist/index.js.
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals'
import { MANAGED_BY_TAG } from '../../src/constants.js'
import { validationRecord } from '../../sim/index.js'
import { coreMock } from '../../__fixtures__/core.js'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  EXAMPLE,
  fastForwardClock,
  REGION,
  startWorld,
  type World
} from '../../__fixtures__/world.js'

const core = coreMock()
jest.unstable_mockModule('@actions/core', () => core.module)
const { run } = await import('../../src/main.js')

const CERTIFICATES = 500
const ZONES = 50
const DAY = 86_400_000

let world: World
beforeAll(async () => {
  world = await startWorld({ dns: true, enforceQuotas: true, clock: fastForwardClock() })
})
afterAll(async () => world.stop())

/** `count` issued, in-use, tagged certificates of two names each, spread over `zones` zones, with their records. */
function seedFleet(w: World, count: number, zoneCount: number): void {
  const zones = Array.from({ length: zoneCount }, (_, z) =>
    w.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: `zone${z}.test` })
  )
  for (let i = 0; i < count; i++) {
    const z = i % zoneCount
    const names = [`c${i}.zone${z}.test`, `www.c${i}.zone${z}.test`]
    w.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: REGION,
      domainName: names[0] as string,
      subjectAlternativeNames: names,
      status: 'ISSUED',
      notAfter: w.clock.now() + 150 * DAY,
      inUseBy: [`arn:aws:cloudfront::${CERT_ACCOUNT}:distribution/ESCALE`],
      renewalEligibility: 'ELIGIBLE',
      tags: { [MANAGED_BY_TAG]: 'seeded' }
    })
    for (const name of names) {
      const r = validationRecord(CERT_ACCOUNT, name)
      w.sim.putRecord(zones[z] as string, { name: r.name, type: 'CNAME', ttl: 300, values: [r.value] })
    }
  }
}

it('audits 500 certificates in 50 zones with the quotas on, within the call budget', async () => {
  seedFleet(world, CERTIFICATES, ZONES)
  world.sim.resetLog()
  core.inputs = {
    mode: 'audit',
    'aws-region': REGION,
    'role-to-assume': EXAMPLE.certificateRole,
    'dns-role-to-assume': EXAMPLE.dnsRole,
    'dns-resolvers': world.sim.dnsServer
  }
  const simEnv = world.sim.env()
  core.oidc = { url: simEnv.ACTIONS_ID_TOKEN_REQUEST_URL, token: simEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN }

  await run({ env: simEnv, clock: world.clock })

  expect(core.errors).toEqual([])
  const report = JSON.parse(core.outputs['report'] ?? 'null') as { totals: Record<string, number> }
  expect(report.totals).toMatchObject({ certificates: CERTIFICATES, ok: CERTIFICATES })
  expect(core.outputs['at-risk']).toBe('0')
  const ok = (service: string, operation: string) =>
    world.sim.requests.filter((r) => r.service === service && r.operation === operation && r.status === 200).length
  expect(ok('acm', 'ListCertificates')).toBe(1)
  // The action's tag from tag:GetResources, 100 certificates a call: no tag read per certificate (issue 23).
  expect(ok('tagging', 'GetResources')).toBe(CERTIFICATES / 100)
  expect(ok('acm', 'ListTagsForCertificate')).toBe(0)
  expect(ok('acm', 'DescribeCertificate')).toBe(CERTIFICATES)
  expect(ok('route53', 'ListResourceRecordSets')).toBe(ZONES)
  expect(ok('route53', 'ListHostedZones')).toBeLessThanOrEqual(1)
  expect(ok('route53', 'ListHostedZonesByName')).toBe(0)
  expect(ok('route53', 'ChangeResourceRecordSets')).toBe(0)
  // Paced under the quotas: hardly a call throttled.
  const throttled = world.sim.requests.filter(
    (r) => r.errorCode === 'Throttling' || r.errorCode === 'ThrottlingException'
  )
  expect(throttled.length).toBeLessThanOrEqual(5)
})
