// Identity paths end to end, through dist/index.js: role-to-assume reached with AssumeRole from the
// credentials already in the job (static keys, a container role session, role-chaining with OIDC
// present), external ids the simulator checks, the one-hour cap of chained sessions, the DNS role
// from each path, renewal on the AssumeRole path, and account ids masked.
import { EXAMPLE, explain, startWorld, visibleLog, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const DNS_ACCOUNT = EXAMPLE.dnsAccount
const DEPLOY_ROLE = `arn:aws:iam::${CERT_ACCOUNT}:role/deploy`
const DNS_ROLE = `arn:aws:iam::${DNS_ACCOUNT}:role/dns-assume`
const INSTANCE_ROLE = `arn:aws:iam::${CERT_ACCOUNT}:role/runner-instance`
/** The DNS role, reached like the certificate role: the zones are in the DNS account. */
const DNS = { 'dns-role-to-assume': DNS_ROLE }
const NO_OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }
const KEYS = {
  AWS_ACCESS_KEY_ID: EXAMPLE.certificateKeys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EXAMPLE.certificateKeys.secretAccessKey
}

/** Roles that only AssumeRole reaches: the deploy role trusts the certificate account, the DNS role that account too. */
function addAssumeRoles(w: World, externalIds: { deploy?: string; dns?: string } = {}): void {
  for (const [arn, externalId] of [
    [DEPLOY_ROLE, externalIds.deploy],
    [DNS_ROLE, externalIds.dns]
  ] as const) {
    w.sim.addRole({
      arn,
      trust: {
        principals: [`arn:aws:iam::${CERT_ACCOUNT}:root`],
        webIdentity: false,
        ...(externalId !== undefined && { externalId })
      },
      maxSessionSeconds: 7200
    })
  }
}

function ok(result: Awaited<ReturnType<World['run']>>): void {
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
}

const assumeRoles = (w: World, roleArn?: string) =>
  w.sim.requests.filter(
    (r) => r.operation === 'AssumeRole' && (roleArn === undefined || r.params['RoleArn'] === roleArn)
  )

describe('role-to-assume without GitHub OIDC: AssumeRole from the credentials in the job', () => {
  it('from static keys, with the external id the trust requires; the log says which path and why', async () => {
    world = await startWorld()
    addAssumeRoles(world, { deploy: 'deploy-ext' })
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, 'role-external-id': 'deploy-ext', ...DNS },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    expect(world.sim.calls('oidc')).toBe(0)
    const [assume] = assumeRoles(world, DEPLOY_ROLE)
    expect(assume).toMatchObject({ status: 200, principal: `arn:aws:iam::${CERT_ACCOUNT}:user/simulator` })
    expect(assume?.params).toMatchObject({ ExternalId: 'deploy-ext', DurationSeconds: '3600' })
    expect(world.sim.requests.find((r) => r.operation === 'RequestCertificate')?.principal).toMatch(
      /^arn:aws:sts::111111111111:assumed-role\/deploy\//
    )
    expect(visibleLog(result)).toMatch(
      /Certificate role arn:aws:iam::111111111111:role\/deploy: AssumeRole \(GitHub OIDC is not available \(ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN not set.*source: access keys in AWS_ACCESS_KEY_ID\)/
    )
  })

  it('from static keys without an external id when the trust asks for none', async () => {
    world = await startWorld()
    addAssumeRoles(world)
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, ...DNS },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    const [assume] = assumeRoles(world, DEPLOY_ROLE)
    expect(assume?.status).toBe(200)
    expect(assume?.params).not.toHaveProperty('ExternalId')
  })

  it.each([
    ['missing', {}],
    ['wrong', { 'role-external-id': 'not-it' }]
  ])('refuses with a %s external id, naming the role and the input', async (_what, extra) => {
    world = await startWorld()
    addAssumeRoles(world, { deploy: 'deploy-ext' })
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, ...extra },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    expect(result.exitCode).toBe(1)
    const error = result.stdout.split('\n').find((line) => line.startsWith('::error'))
    expect(error).toContain(`AssumeRole for role ${DEPLOY_ROLE} (certificate account) failed: AccessDenied`)
    expect(error).toContain("'role-external-id' input")
    expect(error).toContain('docs/iam/trust-policy-assume-role-external-id.json')
    expect(world.sim.calls('acm')).toBe(0)
  })

  it('from a container (instance-like) role session: chained, so the session is capped at one hour', async () => {
    world = await startWorld({ containerRole: { roleArn: INSTANCE_ROLE } })
    world.sim.addRole({ arn: INSTANCE_ROLE, trust: { webIdentity: false } })
    addAssumeRoles(world)
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, 'role-duration-seconds': '7200', ...DNS },
      { env: NO_OIDC }
    )
    ok(result)
    const [assume] = assumeRoles(world, DEPLOY_ROLE)
    expect(assume).toMatchObject({ status: 200, credentialOrigin: 'container' })
    expect(assume?.params['DurationSeconds']).toBe('3600')
    expect(visibleLog(result)).toMatch(/role-duration-seconds 7200 capped at 3600/)
  })

  it('with role-chaining: true even though OIDC is available', async () => {
    world = await startWorld()
    addAssumeRoles(world)
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, 'role-chaining': 'true', ...DNS },
      { env: KEYS }
    )
    ok(result)
    expect(world.sim.calls('oidc')).toBe(0)
    expect(world.sim.calls('sts', 'AssumeRoleWithWebIdentity')).toBe(0)
    expect(assumeRoles(world, DEPLOY_ROLE)).toHaveLength(1)
    expect(assumeRoles(world, DNS_ROLE)).toHaveLength(1)
    expect(visibleLog(result)).toMatch(/Certificate role .*deploy: AssumeRole \(role-chaining is true/)
  })

  it('renews the session during a wait longer than the session', async () => {
    world = await startWorld({ credentialLifetimeSeconds: 4, issuanceDelayMs: 12000 })
    addAssumeRoles(world)
    const result = await world.run(
      { 'domain-name': 'example.com', 'role-to-assume': DEPLOY_ROLE, 'dns-role-to-assume': DNS_ROLE },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    expect(result.outputs['status']).toBe('ISSUED')
    expect(assumeRoles(world, DEPLOY_ROLE).length).toBeGreaterThanOrEqual(3)
    expect(assumeRoles(world).every((r) => r.status === 200)).toBe(true)
    expect(world.sim.requests.filter((r) => /Expired/.test(r.errorCode ?? ''))).toEqual([])
  })
})

describe('session inputs on every path', () => {
  it('sends role-session-name and role-duration-seconds with AssumeRole from static keys (not chained: no cap)', async () => {
    world = await startWorld()
    addAssumeRoles(world)
    const result = await world.run(
      {
        'domain-name': 'example.com',
        'role-to-assume': DEPLOY_ROLE,
        'role-session-name': 'deploy-session',
        'role-duration-seconds': '7200',
        ...DNS
      },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    for (const assume of assumeRoles(world)) {
      expect(assume.params).toMatchObject({ RoleSessionName: 'deploy-session', DurationSeconds: '7200' })
    }
    expect(assumeRoles(world)).toHaveLength(2)
  })

  it('asks GitHub for an ID token with the audience input, which the role trusts', async () => {
    world = await startWorld()
    const role = `arn:aws:iam::${CERT_ACCOUNT}:role/custom-audience`
    world.sim.addRole({ arn: role, trust: { audience: 'my-audience', subjects: [...EXAMPLE.subjects] } })
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': role,
      'dns-role-to-assume': EXAMPLE.dnsRole,
      audience: 'my-audience'
    })
    // The DNS role trusts only sts.amazonaws.com: the one audience serves both roles, so it is refused.
    expect(result.exitCode).toBe(1)
    const assumes = world.sim.requests.filter((r) => r.operation === 'AssumeRoleWithWebIdentity')
    expect(assumes.map((r) => [r.params['RoleArn'], r.status])).toEqual([
      [role, 200],
      [EXAMPLE.dnsRole, 403]
    ])
  })
})

describe('the DNS role, from each path', () => {
  it('after AssumeRole of role-to-assume (no OIDC): AssumeRole from the same credentials, with dns-role-external-id', async () => {
    world = await startWorld()
    addAssumeRoles(world, { dns: 'dns-ext' })
    const result = await world.run(
      {
        'domain-name': 'example.com',
        'role-to-assume': DEPLOY_ROLE,
        'dns-role-to-assume': DNS_ROLE,
        'dns-role-external-id': 'dns-ext'
      },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    const [dns] = assumeRoles(world, DNS_ROLE)
    expect(dns).toMatchObject({ status: 200, principal: `arn:aws:iam::${CERT_ACCOUNT}:user/simulator` })
    expect(dns?.params['ExternalId']).toBe('dns-ext')
    expect(world.sim.requests.find((r) => r.operation === 'ChangeResourceRecordSets')?.principal).toMatch(
      /assumed-role\/dns-assume\//
    )
  })

  it('with role-chaining: AssumeRole from the credentials in the job, not OIDC', async () => {
    world = await startWorld()
    addAssumeRoles(world)
    const result = await world.run(
      {
        'domain-name': 'example.com',
        'role-to-assume': DEPLOY_ROLE,
        'role-chaining': 'true',
        'dns-role-to-assume': DNS_ROLE
      },
      { env: KEYS }
    )
    ok(result)
    expect(world.sim.calls('oidc')).toBe(0)
    expect(assumeRoles(world, DNS_ROLE)[0]).toMatchObject({ status: 200, credentialOrigin: 'static' })
  })

  it('with dns-role-chaining after AssumeRole: from the certificate role session (capped at one hour)', async () => {
    world = await startWorld()
    addAssumeRoles(world, { dns: 'dns-ext' })
    const result = await world.run(
      {
        'domain-name': 'example.com',
        'role-to-assume': DEPLOY_ROLE,
        'dns-role-to-assume': DNS_ROLE,
        'dns-role-chaining': 'true',
        'dns-role-external-id': 'dns-ext',
        'role-duration-seconds': '7200'
      },
      { env: { ...NO_OIDC, ...KEYS } }
    )
    ok(result)
    const [dns] = assumeRoles(world, DNS_ROLE)
    expect(dns).toMatchObject({ status: 200, credentialOrigin: 'AssumeRole' })
    expect(dns?.principal).toMatch(/assumed-role\/deploy\//)
    expect(dns?.params['DurationSeconds']).toBe('3600')
  })

  it('with OIDC: web identity, as before', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': EXAMPLE.certificateRole,
      'dns-role-to-assume': EXAMPLE.dnsRole
    })
    ok(result)
    expect(world.sim.calls('sts', 'AssumeRoleWithWebIdentity')).toBe(2)
    expect(world.sim.calls('sts', 'AssumeRole')).toBe(0)
  })
})

describe('mask-aws-account-id', () => {
  it('masks every account id before the first line that carries it', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': EXAMPLE.certificateRole,
      'dns-role-to-assume': EXAMPLE.dnsRole,
      'mask-aws-account-id': 'true'
    })
    ok(result)
    const lines = result.stdout.split('\n')
    for (const account of [CERT_ACCOUNT, DNS_ACCOUNT]) {
      const mask = lines.indexOf(`::add-mask::${account}`)
      expect(mask).toBeGreaterThanOrEqual(0)
      const firstUse = lines.findIndex((line) => line.includes(account) && !line.startsWith('::add-mask::'))
      expect(firstUse === -1 || firstUse > mask).toBe(true)
    }
  })

  it('leaves account ids readable by default', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': EXAMPLE.certificateRole,
      'dns-role-to-assume': EXAMPLE.dnsRole
    })
    ok(result)
    expect(result.stdout).not.toContain(`::add-mask::${CERT_ACCOUNT}`)
    expect(visibleLog(result)).toContain(`account ${CERT_ACCOUNT}`)
  })
})
