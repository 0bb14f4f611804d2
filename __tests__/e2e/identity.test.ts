// Identity end to end: short sessions renewed during a long wait, no secret anywhere a person can
// read, ambient credentials, and the missing-OIDC message.
import { EXAMPLE, explain, roles, startWorld, visibleLog, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

it('renews the sessions when issuance takes longer than several sessions (fresh ID token each time)', async () => {
  // Sessions of 4 s and ID tokens of 2 s, against an issuance of 12 s: at least three sessions.
  // JWT times are whole seconds, so a token minted late in a second lives 1-2 s: a 1 s token could be
  // stale before STS sees it on a busy machine. A session is renewed ~3 s after its token was minted,
  // so a reused token would always have expired: each renewal must mint its own.
  world = await startWorld({ credentialLifetimeSeconds: 4, idTokenLifetimeSeconds: 2, issuanceDelayMs: 12000 })
  const result = await world.run({ 'domain-name': 'example.com', ...roles })
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
  expect(result.outputs['status']).toBe('ISSUED')

  const assumes = world.sim.requests.filter((r) => r.operation === 'AssumeRoleWithWebIdentity')
  const certificateSessions = assumes.filter((r) => JSON.stringify(r.params).includes(EXAMPLE.certificateRole))
  expect(certificateSessions.length).toBeGreaterThanOrEqual(3)
  // Every assume got its own, fresh ID token, and none was refused.
  expect(world.sim.calls('oidc')).toBe(assumes.length)
  expect(assumes.every((r) => r.status === 200)).toBe(true)
  // No AWS call ever went out with an expired session.
  expect(world.sim.requests.filter((r) => /Expired/.test(r.errorCode ?? ''))).toEqual([])
})

it('with debug logging on, shows no credential or token anywhere, and masks each one', async () => {
  world = await startWorld({ credentialLifetimeSeconds: 2, issuanceDelayMs: 3000 })
  const result = await world.run({ 'domain-name': 'example.com', ...roles }, { env: { RUNNER_DEBUG: '1' } })
  expect(result.exitCode).toBe(0)
  expect(result.stdout).toContain('::debug::')

  const secrets = world.sim.issuedSecrets()
  const sessions = world.sim.requests.filter((r) => r.operation === 'AssumeRoleWithWebIdentity').length
  expect(secrets.length).toBeGreaterThanOrEqual(3 * sessions)
  const readable = [visibleLog(result), result.stderr, result.summary, JSON.stringify(result.outputs)].join('\n')
  const leaked = secrets.filter((secret) => readable.includes(secret))
  expect(leaked).toEqual([])

  // Everything STS handed out and every ID token was registered with the runner's masker.
  const masked = new Set(
    result.stdout
      .split('\n')
      .filter((l) => l.startsWith('::add-mask::'))
      .map((l) => l.slice(12))
  )
  // (The request token is the runner's own, and the seeded static keys were never given to this run.)
  const notOurs = [
    world.sim.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN,
    ...Object.values(EXAMPLE.certificateKeys),
    ...Object.values(EXAMPLE.dnsKeys)
  ]
  const handedOut = secrets.filter((s) => !notOurs.includes(s))
  expect(handedOut.length).toBeGreaterThanOrEqual(3 * sessions)
  expect(handedOut.filter((s) => !masked.has(s))).toEqual([])
})

it('uses ambient credentials without roles, and reaches the DNS role with AssumeRole from them', async () => {
  world = await startWorld()
  const dnsRole = 'arn:aws:iam::222222222222:role/dns-from-ci-user'
  world.sim.addRole({
    arn: dnsRole,
    trust: { principals: [`arn:aws:iam::${EXAMPLE.certificateAccount}:root`], webIdentity: false }
  })
  const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...endpoints } = world.sim.env()
  const result = await world.run(
    { 'domain-name': 'example.com', 'dns-role-to-assume': dnsRole },
    {
      env: {
        ...endpoints,
        ACTIONS_ID_TOKEN_REQUEST_URL: undefined,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined,
        AWS_ACCESS_KEY_ID: EXAMPLE.certificateKeys.accessKeyId,
        AWS_SECRET_ACCESS_KEY: EXAMPLE.certificateKeys.secretAccessKey
      }
    }
  )
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
  expect(world.sim.calls('oidc')).toBe(0)
  expect(world.sim.calls('sts', 'AssumeRole')).toBe(1)
  expect(world.sim.requests.find((r) => r.operation === 'RequestCertificate')?.accessKeyId).toBe(
    EXAMPLE.certificateKeys.accessKeyId
  )
  expect(world.sim.requests.find((r) => r.operation === 'ChangeResourceRecordSets')?.accountId).toBe(EXAMPLE.dnsAccount)
})

it('without an OIDC token (no id-token: write, or a fork) nor credentials in the job, says what to add, before any AWS call', async () => {
  world = await startWorld()
  const result = await world.run(
    { 'domain-name': 'example.com', ...roles },
    { env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined } }
  )
  expect(result.exitCode).toBe(1)
  expect(result.stdout).toMatch(/::error title=AWS identity::.*id-token: write/)
  expect(result.stdout).toMatch(/fork/i)
  expect(world.sim.requests).toEqual([])
})

it('fails within seconds, naming the token service, when the OIDC endpoint accepts and never answers', async () => {
  world = await startWorld()
  world.sim.oidc.neverAnswer = true
  // A hang outlives killAfterMs (then exitCode is null): the bound below is what the test asserts.
  const result = await world.run({ 'domain-name': 'example.com', ...roles }, { killAfterMs: 30_000 })
  expect({ exit: result.exitCode, signal: result.signal }).toEqual({ exit: 1, signal: null })
  expect(result.durationMs).toBeLessThan(25_000)
  const error = result.stdout.split('\n').find((line) => line.startsWith('::error'))
  expect(error).toContain("GitHub's OIDC token service")
  expect(error).toMatch(/GitHub's side.*Re-run the job/)
  expect(error).not.toContain('id-token: write')
  // Three attempts for each role's token: the certificate and DNS roles ask at the same time.
  expect(world.sim.calls('oidc')).toBe(6)
  expect(world.sim.calls('sts')).toBe(0)
})

it('rides out a few 500s from the OIDC endpoint and carries on', async () => {
  world = await startWorld()
  world.sim.oidc.serverErrors = 2
  const result = await world.run({ 'domain-name': 'example.com', ...roles })
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
  const tokenRequests = world.sim.requests.filter((r) => r.service === 'oidc').map((r) => r.status)
  expect(tokenRequests.slice(0, 3)).toEqual([500, 500, 200])
})
