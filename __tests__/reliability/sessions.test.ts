// Issue #4 on simulated time: sessions of 60 s and GitHub ID tokens of 20 s against an issuance of
// 10 minutes. run() (src/main.ts) with the real SDK clients and the real refreshing providers; the
// simulator and the action share one virtual clock, so STS, the OIDC endpoint and the expiry checks
// all see the same (fast-forwarded) time. The e2e suite does the same on the real clock, in seconds.
import { afterAll, beforeAll, expect, it, jest } from '@jest/globals'
import { coreMock } from '../../__fixtures__/core.js'
import { EXAMPLE, requestsOf, QUICK_SERVICES, startWorld, type World } from '../../__fixtures__/world.js'

const core = coreMock()
jest.unstable_mockModule('@actions/core', () => core.module)
const { run } = await import('../../src/main.js')

// The example's roles (certs, dns), trusting GitHub OIDC for octo-org/octo-repo.
const CERT_ROLE = EXAMPLE.certificateRole
const DNS_ROLE = EXAMPLE.dnsRole
const ISSUANCE_MS = 10 * 60_000

let world: World
beforeAll(async () => {
  world = await startWorld({
    ...QUICK_SERVICES,
    credentialLifetimeSeconds: 60,
    idTokenLifetimeSeconds: 20,
    issuanceDelayMs: ISSUANCE_MS
  })
})
afterAll(async () => world.stop())

it('renews both sessions through a 10-minute issuance with 60 s sessions and 20 s ID tokens', async () => {
  core.inputs = {
    'domain-name': 'example.com',
    'aws-region': 'us-east-1',
    'role-to-assume': CERT_ROLE,
    'dns-role-to-assume': DNS_ROLE,
    preflight: 'off'
  }
  const simEnv = world.sim.env()
  core.oidc = { url: simEnv.ACTIONS_ID_TOKEN_REQUEST_URL, token: simEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN }
  const startedAt = world.clock.now()

  await run({ env: simEnv, clock: world.clock })

  expect(core.errors).toEqual([])
  expect(core.outputs['status']).toBe('ISSUED')
  expect(world.clock.now() - startedAt).toBeGreaterThanOrEqual(ISSUANCE_MS)

  const assumes = requestsOf(world.sim, 'sts', 'AssumeRoleWithWebIdentity')
  const certificateSessions = assumes.filter((r) => r.params['RoleArn'] === CERT_ROLE)
  // A session is renewed 15 s (a quarter) before it ends: about one every 45 s of the 10 minutes.
  expect(certificateSessions.length).toBeGreaterThanOrEqual(10)
  // The DNS session is needed only for the record write, early on: no renewal for the wait.
  expect(assumes.filter((r) => r.params['RoleArn'] === DNS_ROLE)).toHaveLength(1)
  // Each assume presented its own fresh ID token (a reused one would have expired: 20 s < 45 s), none refused.
  expect(world.sim.calls('oidc')).toBe(assumes.length)
  expect(assumes.every((r) => r.status === 200)).toBe(true)
  const tokens = assumes.map((r) => String(r.params['WebIdentityToken']))
  expect(new Set(tokens).size).toBe(tokens.length)
  // No call ever went out with an expired session, and the wait spanned many sessions.
  expect(world.sim.requests.filter((r) => /Expired/.test(r.errorCode ?? ''))).toEqual([])
  expect(requestsOf(world.sim, 'acm', 'DescribeCertificate').length).toBeGreaterThan(certificateSessions.length)
})
