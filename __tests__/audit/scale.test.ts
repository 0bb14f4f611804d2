// The renewal guard at scale (issue 15): 500 certificates in 50 zones, with ACM's and Route 53's API
// rate quotas on, through run() (src/main.ts) with the real SDK clients and the real refreshing role
// sessions. The simulator and the action share one clock that skips the action's sleeps (its pacing
// under the quotas costs no real time) but still runs with real time, so the quotas refill while the
// SDK backs off on its real timers, as they would against AWS. The wall time of the same audit
// through the bundled action is `npx tsx bench/audit.ts`; the e2e suite runs a smaller fleet through
// dist/index.js.
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals'
import { okCalls, seedFleet, throttledCalls } from '../../__fixtures__/audit-fleet.js'
import { coreMock } from '../../__fixtures__/core.js'
import { EXAMPLE, fastForwardClock, REGION, startWorld, type World } from '../../__fixtures__/world.js'

const core = coreMock()
jest.unstable_mockModule('@actions/core', () => core.module)
const { run } = await import('../../src/main.js')

const CERTIFICATES = 500
const ZONES = 50

let world: World
beforeAll(async () => {
  world = await startWorld({ dns: true, enforceQuotas: true, clock: fastForwardClock() })
})
afterAll(async () => world.stop())

it('audits 500 certificates in 50 zones with the quotas on, within the call budget', async () => {
  seedFleet(world.sim, CERTIFICATES, ZONES, world.clock.now())
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
  const ok = (service: string, operation: string): number => okCalls(world.sim, service, operation)
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
  expect(throttledCalls(world.sim)).toBeLessThanOrEqual(5)
})
