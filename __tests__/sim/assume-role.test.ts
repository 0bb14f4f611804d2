import type { AwsCredentialIdentity } from '@smithy/types'
import { fromHttp } from '@aws-sdk/credential-provider-http'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  failure,
  REGION,
  startHarness,
  type World,
  keysOf
} from '../../__fixtures__/world.js'

const INSTANCE_ROLE = `arn:aws:iam::${CERT_ACCOUNT}:role/runner-instance`
const DNS_ROLE = `arn:aws:iam::${DNS_ACCOUNT}:role/dns`
const USER = `arn:aws:iam::${CERT_ACCOUNT}:user/simulator`

let h: World

beforeEach(async () => {
  h = await startHarness()
  h.sim.addRole({ arn: INSTANCE_ROLE, trust: { webIdentity: false } })
  // Trusts the whole certificate account (static users and role sessions alike), with an external id.
  h.sim.addRole({
    arn: DNS_ROLE,
    trust: { principals: [`arn:aws:iam::${CERT_ACCOUNT}:root`], externalId: 'ext-42', webIdentity: false },
    maxSessionSeconds: 7200
  })
})
afterEach(async () => {
  await h.stop()
})

const assume = (sts: STSClient, extra: { ExternalId?: string; DurationSeconds?: number } = {}) =>
  sts.send(new AssumeRoleCommand({ RoleArn: DNS_ROLE, RoleSessionName: 'audit', ...extra }))

describe('AssumeRole from static access keys', () => {
  it('denies a missing or wrong ExternalId as AccessDenied naming the caller and the role', async () => {
    const sts = h.sts()
    for (const extra of [{}, { ExternalId: 'ext-41' }]) {
      const error = await failure(assume(sts, extra))
      expect(error.name).toBe('AccessDenied')
      expect(error.$metadata?.httpStatusCode).toBe(403)
      expect(error.message).toBe(`User: ${USER} is not authorized to perform: sts:AssumeRole on resource: ${DNS_ROLE}`)
    }
    sts.destroy()
  })

  it('is not role chaining: a session longer than an hour is allowed up to the role maximum', async () => {
    const sts = h.sts()
    const { Credentials, AssumedRoleUser } = await assume(sts, { ExternalId: 'ext-42', DurationSeconds: 7200 })
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${DNS_ACCOUNT}:assumed-role/dns/audit`)
    expect(Credentials?.Expiration).toEqual(new Date(h.clock.now() + 7200_000))
    expect(h.sim.requests.at(-1)).toMatchObject({
      service: 'sts',
      operation: 'AssumeRole',
      accessKeyId: keysOf(CERT_ACCOUNT).accessKeyId,
      principal: USER,
      credentialOrigin: 'static',
      status: 200
    })
    const session: AwsCredentialIdentity = {
      accessKeyId: Credentials?.AccessKeyId ?? '',
      secretAccessKey: Credentials?.SecretAccessKey ?? '',
      sessionToken: Credentials?.SessionToken ?? ''
    }
    await h.sts(session).send(new GetCallerIdentityCommand({}))
    expect(h.sim.requests.at(-1)).toMatchObject({
      principal: `arn:aws:sts::${DNS_ACCOUNT}:assumed-role/dns/audit`,
      credentialOrigin: 'AssumeRole'
    })
    sts.destroy()
  })
})

describe('container credentials endpoint', () => {
  it('advertises itself in env() only while a container role is set', () => {
    expect(h.sim.env().AWS_CONTAINER_CREDENTIALS_FULL_URI).toBeUndefined()
    h.sim.scenario.containerRole = { roleArn: INSTANCE_ROLE }
    const env = h.sim.env()
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//)
    expect(env.AWS_CONTAINER_AUTHORIZATION_TOKEN).toBe(
      h.sim.containerCredentialsEnv().AWS_CONTAINER_AUTHORIZATION_TOKEN
    )
  })

  it('serves role sessions to the SDK provider; AssumeRole from them is role chaining', async () => {
    h.sim.scenario.containerRole = { roleArn: INSTANCE_ROLE, sessionName: 'task-1234' }
    const env = h.sim.containerCredentialsEnv()
    const credentials = fromHttp({
      awsContainerCredentialsFullUri: env.AWS_CONTAINER_CREDENTIALS_FULL_URI,
      awsContainerAuthorizationToken: env.AWS_CONTAINER_AUTHORIZATION_TOKEN
    })
    const sts = new STSClient({ endpoint: h.sim.url, region: REGION, credentials, maxAttempts: 1 })
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(`arn:aws:sts::${CERT_ACCOUNT}:assumed-role/runner-instance/task-1234`)
    // (The harness clock is in 2025, so the SDK finds these sessions already expired and may fetch again.)
    expect(h.sim.requests.map((r) => `${r.service}:${r.operation}`)).toContain('container:GetCredentials')
    expect(h.sim.requests.at(-1)?.operation).toBe('GetCallerIdentity')
    expect((await credentials()).expiration).toEqual(new Date(h.clock.now() + 6 * 3600_000))

    const tooLong = await failure(assume(sts, { ExternalId: 'ext-42', DurationSeconds: 3601 }))
    expect(tooLong.name).toBe('ValidationError')
    expect(tooLong.message).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    )
    expect((await failure(assume(sts))).name).toBe('AccessDenied')
    const { AssumedRoleUser } = await assume(sts, { ExternalId: 'ext-42', DurationSeconds: 3600 })
    expect(AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${DNS_ACCOUNT}:assumed-role/dns/audit`)
    expect(h.sim.requests.at(-1)).toMatchObject({
      operation: 'AssumeRole',
      principal: `arn:aws:sts::${CERT_ACCOUNT}:assumed-role/runner-instance/task-1234`,
      credentialOrigin: 'container',
      status: 200
    })
    sts.destroy()
  })

  it('is what the default credential chain picks from the environment', async () => {
    h.sim.scenario.containerRole = { roleArn: INSTANCE_ROLE }
    const saved = { ...process.env }
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) {
      delete process.env[name]
    }
    process.env.AWS_WEB_IDENTITY_TOKEN_FILE = ''
    process.env.AWS_CONFIG_FILE = '/nonexistent/config'
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials'
    Object.assign(process.env, h.sim.containerCredentialsEnv())
    try {
      const sts = new STSClient({ endpoint: h.sim.url, region: REGION, maxAttempts: 1 })
      const identity = await sts.send(new GetCallerIdentityCommand({}))
      expect(identity.Arn).toBe(`arn:aws:sts::${CERT_ACCOUNT}:assumed-role/runner-instance/container-task`)
      expect(h.sim.requests.at(-1)?.credentialOrigin).toBe('container')
      sts.destroy()
    } finally {
      process.env = saved
    }
  })

  it('refuses a request without the authorization token, and answers 404 with no role attached', async () => {
    const url = h.sim.containerCredentialsEnv().AWS_CONTAINER_CREDENTIALS_FULL_URI
    const token = h.sim.containerCredentialsEnv().AWS_CONTAINER_AUTHORIZATION_TOKEN
    expect((await fetch(url)).status).toBe(401)
    expect((await fetch(url, { headers: { Authorization: token } })).status).toBe(404)
    h.sim.scenario.containerRole = { roleArn: INSTANCE_ROLE }
    const response = await fetch(url, { headers: { Authorization: token } })
    expect(response.status).toBe(200)
    expect(Object.keys((await response.json()) as object).sort()).toEqual([
      'AccessKeyId',
      'Expiration',
      'RoleArn',
      'SecretAccessKey',
      'Token'
    ])
  })
})
