import type { AwsCredentialIdentity } from '@smithy/types'
import { ListCertificatesCommand } from '@aws-sdk/client-acm'
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53'
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { CERT_ACCOUNT, DNS_ACCOUNT, failure, REGION, startHarness, type World } from '../../__fixtures__/world.js'

const CERT_ROLE = `arn:aws:iam::${CERT_ACCOUNT}:role/certs`
const DNS_ROLE = `arn:aws:iam::${DNS_ACCOUNT}:role/dns`

let h: World
let anonymous: STSClient

beforeEach(async () => {
  h = await startHarness()
  h.sim.addRole({ arn: CERT_ROLE, trust: { subjects: ['repo:octo-org/octo-repo:ref:refs/heads/*'] } })
  h.sim.addRole({ arn: DNS_ROLE, trust: { principals: [CERT_ROLE], externalId: 'ext-1' } })
  anonymous = new STSClient({ endpoint: h.sim.url, region: REGION, maxAttempts: 1 })
})
afterEach(async () => {
  anonymous.destroy()
  await h.stop()
})

async function idToken(
  audience = 'sts.amazonaws.com',
  bearer = h.sim.env().ACTIONS_ID_TOKEN_REQUEST_TOKEN
): Promise<Response> {
  return fetch(`${h.sim.env().ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`, {
    headers: { Authorization: `Bearer ${bearer}` }
  })
}

async function tokenValue(audience?: string): Promise<string> {
  return ((await (await idToken(audience)).json()) as { value: string }).value
}

const claimsOf = (jwt: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>

const assumeWeb = (WebIdentityToken: string, extra: { DurationSeconds?: number; RoleArn?: string } = {}) =>
  anonymous.send(
    new AssumeRoleWithWebIdentityCommand({ RoleArn: CERT_ROLE, RoleSessionName: 'gha', WebIdentityToken, ...extra })
  )

async function certRoleKeys(): Promise<AwsCredentialIdentity> {
  const { Credentials } = await assumeWeb(await tokenValue())
  return {
    accessKeyId: Credentials?.AccessKeyId ?? '',
    secretAccessKey: Credentials?.SecretAccessKey ?? '',
    sessionToken: Credentials?.SessionToken ?? ''
  }
}

describe('GitHub OIDC token endpoint', () => {
  it('mints a JWT with the GitHub claims for the requested audience, and 401s a wrong bearer', async () => {
    const claims = claimsOf(await tokenValue())
    expect(claims).toMatchObject({
      iss: 'https://token.actions.githubusercontent.com',
      aud: 'sts.amazonaws.com',
      sub: 'repo:octo-org/octo-repo:ref:refs/heads/main',
      repository: 'octo-org/octo-repo',
      ref: 'refs/heads/main'
    })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
    expect((await idToken('sts.amazonaws.com', 'wrong')).status).toBe(401)
  })
})

describe('AssumeRoleWithWebIdentity', () => {
  it('returns session credentials for a trusted token', async () => {
    const output = await assumeWeb(await tokenValue(), { DurationSeconds: 900 })
    expect(output.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${CERT_ACCOUNT}:assumed-role/certs/gha`)
    expect(output.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(output.Credentials?.Expiration).toEqual(new Date(h.clock.now() + 900_000))
    expect(output.SubjectFromWebIdentityToken).toBe('repo:octo-org/octo-repo:ref:refs/heads/main')
    expect(h.sim.requests.at(-1)).toMatchObject({
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      accountId: CERT_ACCOUNT,
      status: 200
    })
  })

  it('denies a token with the wrong audience or subject', async () => {
    const wrongAud = await failure(assumeWeb(await tokenValue('https://github.com/octo-org')))
    expect(wrongAud.name).toBe('AccessDenied')
    expect(wrongAud.message).toBe('Not authorized to perform sts:AssumeRoleWithWebIdentity')
    h.sim.scenario.oidcSubject = 'repo:octo-org/octo-repo:pull_request'
    expect((await failure(assumeWeb(await tokenValue()))).name).toBe('AccessDenied')
    expect(
      (await failure(assumeWeb(h.sim.mintIdToken(), { RoleArn: 'arn:aws:iam::111111111111:role/nope' }))).name
    ).toBe('AccessDenied')
  })

  it('rejects expired, forged and malformed tokens', async () => {
    const token = await tokenValue()
    h.clock.advance(300_000)
    expect((await failure(assumeWeb(token))).name).toBe('ExpiredTokenException')
    const forged = `${token.split('.').slice(0, 2).join('.')}.c2lnbmF0dXJl`
    expect((await failure(assumeWeb(forged))).name).toBe('InvalidIdentityTokenException')
    expect((await failure(assumeWeb('not-a-jwt'))).name).toBe('InvalidIdentityTokenException')
    const otherIssuer = h.sim.mintIdToken({ iss: 'https://accounts.example.com' })
    expect((await failure(assumeWeb(otherIssuer))).name).toBe('InvalidIdentityTokenException')
  })

  it('keeps DurationSeconds within 900 and the role maximum', async () => {
    expect((await failure(assumeWeb(h.sim.mintIdToken(), { DurationSeconds: 3601 }))).name).toBe('ValidationError')
    expect((await failure(assumeWeb(h.sim.mintIdToken(), { DurationSeconds: 899 }))).name).toBe('ValidationError')
  })
})

describe('AssumeRole', () => {
  it('chains from a trusted role with the external id, capped at one hour', async () => {
    const sts = h.sts(await certRoleKeys())
    const assume = (extra: { ExternalId?: string; DurationSeconds?: number }) =>
      sts.send(new AssumeRoleCommand({ RoleArn: DNS_ROLE, RoleSessionName: 'dns', ...extra }))
    const denied = await failure(assume({}))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toBe(
      `User: arn:aws:sts::${CERT_ACCOUNT}:assumed-role/certs/gha is not authorized to perform: sts:AssumeRole on resource: ${DNS_ROLE}`
    )
    h.sim.addRole({ arn: DNS_ROLE, trust: { principals: [CERT_ROLE], externalId: 'ext-1' }, maxSessionSeconds: 7200 })
    const tooLong = await failure(assume({ ExternalId: 'ext-1', DurationSeconds: 7200 }))
    expect(tooLong.name).toBe('ValidationError')
    expect(tooLong.message).toMatch(/role chaining/)
    const { AssumedRoleUser } = await assume({ ExternalId: 'ext-1' })
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${DNS_ACCOUNT}:assumed-role/dns/dns`)
    sts.destroy()
  })

  it('denies a caller the role does not trust', async () => {
    const error = await failure(
      h.sts().send(new AssumeRoleCommand({ RoleArn: DNS_ROLE, RoleSessionName: 'x1', ExternalId: 'ext-1' }))
    )
    expect(error.name).toBe('AccessDenied')
    expect(error.message).toContain(`User: arn:aws:iam::${CERT_ACCOUNT}:user/simulator`)
  })
})

describe('credentials', () => {
  it('identifies the caller and acts in the credential account', async () => {
    const keys = await certRoleKeys()
    const identity = await h.sts(keys).send(new GetCallerIdentityCommand({}))
    expect(identity).toMatchObject({
      Account: CERT_ACCOUNT,
      Arn: `arn:aws:sts::${CERT_ACCOUNT}:assumed-role/certs/gha`
    })
  })

  it('rejects expired session keys with each service’s code, and unknown keys', async () => {
    h.sim.scenario.credentialLifetimeSeconds = 5
    const keys = await certRoleKeys()
    await expect(h.acm(keys).send(new ListCertificatesCommand({}))).resolves.toBeDefined()
    h.clock.advance(5000)
    const acmError = await failure(h.acm(keys).send(new ListCertificatesCommand({})))
    expect(acmError.name).toBe('ExpiredTokenException')
    expect(acmError.message).toBe('The security token included in the request is expired')
    expect((await failure(h.route53(keys).send(new ListHostedZonesByNameCommand({})))).name).toBe('ExpiredToken')
    expect((await failure(h.sts(keys).send(new GetCallerIdentityCommand({})))).name).toBe('ExpiredToken')

    const unknown = { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' }
    expect((await failure(h.acm(unknown).send(new ListCertificatesCommand({})))).name).toBe(
      'UnrecognizedClientException'
    )
    expect((await failure(h.route53(unknown).send(new ListHostedZonesByNameCommand({})))).name).toBe(
      'InvalidClientTokenId'
    )
    expect((await failure(h.sts(unknown).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId')
  })
})
