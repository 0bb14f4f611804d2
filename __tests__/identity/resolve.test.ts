import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  IDPCommunicationErrorException,
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  STSClient,
  STSServiceException,
  type AssumeRoleResponse
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import {
  classifyStsError,
  refreshingSession,
  refreshMarginMs,
  type IdentityDeps,
  type StsSession
} from '../../src/identity/sessions.js'
import { resolveIdentities } from '../../src/identity/resolve.js'
import { boundedIdToken, ID_TOKEN_POLICY, IdTokenTimeoutError } from '../../src/identity/id-token.js'
import { IdentityError } from '../../src/errors.js'
import type { Config } from '../../src/types.js'
import { fakeClock, type FakeClock } from '../../__fixtures__/clock.js'
import { configOf as baseConfig } from '../../__fixtures__/config.js'
import { recordingLogger, type RecordingLogger } from '../../__fixtures__/logger.js'

const CERT_ROLE = 'arn:aws:iam::111111111111:role/acm-certificates'
const DNS_ROLE = 'arn:aws:iam::222222222222:role/route53-validation'
const OIDC_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/id', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' }

function configOf(overrides: Partial<Config> = {}): Config {
  return baseConfig({ roleToAssume: CERT_ROLE, ...overrides })
}

/** An STS error as the SDK deserializes it: `Code` is the wire code, `name` the modeled class name. */
function stsError(code: string, message: string, name = code): STSServiceException {
  if (code === 'IDPCommunicationError') {
    // Modeled, with the smithy @retryable trait the SDK's classifiers read.
    const $metadata = { httpStatusCode: 400, requestId: 'req-1' }
    return Object.assign(new IDPCommunicationErrorException({ $metadata, message }), { Code: code })
  }
  return Object.assign(
    new STSServiceException({
      name,
      $fault: 'client',
      $metadata: { httpStatusCode: 400, requestId: 'req-1' },
      message
    }),
    { Code: code }
  )
}

const sts = mockClient(STSClient)

interface Harness {
  deps: IdentityDeps
  clock: FakeClock
  log: RecordingLogger
  secrets: string[]
  audiences: string[]
  /** Credentials handed to the STS client factory, in order. */
  sources: (AwsCredentialIdentityProvider | undefined)[]
  /** Session lifetime STS grants (seconds). */
  sessionSeconds: number
}

let h: Harness
let issued = 0

function session(roleArn: string, seconds: number): AssumeRoleResponse {
  issued++
  const [, , , , account, resource] = roleArn.split(':')
  const roleName = resource?.split('/').pop()
  return {
    Credentials: {
      AccessKeyId: `ASIAKEY${issued}`,
      SecretAccessKey: `secret-${issued}`,
      SessionToken: `session-token-${issued}`,
      Expiration: new Date(h.clock.now() + seconds * 1000)
    },
    AssumedRoleUser: {
      Arn: `arn:aws:sts::${account}:assumed-role/${roleName}/acm-certificate-action`,
      AssumedRoleId: `AROA${issued}:x`
    }
  }
}

beforeEach(() => {
  sts.reset()
  issued = 0
  const clock = fakeClock()
  const log = recordingLogger()
  const secrets: string[] = []
  const audiences: string[] = []
  const sources: Harness['sources'] = []
  h = {
    clock,
    log,
    secrets,
    audiences,
    sources,
    sessionSeconds: 3600,
    deps: {
      getIdToken: async (audience) => {
        audiences.push(audience)
        return `id-token-${audiences.length}`
      },
      setSecret: (value) => secrets.push(value),
      log,
      clock,
      env: OIDC_ENV,
      stsClient: (credentials) => {
        sources.push(credentials)
        return new STSClient({ region: 'eu-west-1', ...(credentials && { credentials }) })
      }
    }
  }
  sts.on(AssumeRoleWithWebIdentityCommand).callsFake(async (input) => session(input.RoleArn, h.sessionSeconds))
  sts
    .on(AssumeRoleCommand)
    .callsFake(async (input) => session(input.RoleArn, Math.min(h.sessionSeconds, input.DurationSeconds ?? 3600)))
})

async function credentialsOf(provider: AwsCredentialIdentityProvider | undefined) {
  if (!provider) throw new Error('expected a provider')
  return provider()
}

describe('resolveIdentities modes', () => {
  it('assumes the DNS role while the certificate role is being assumed, not after it', async () => {
    // The certificate role's answer is held back until STS has been asked for the DNS role too.
    let release: () => void = () => undefined
    const dnsAsked = new Promise<void>((resolve) => (release = resolve))
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(async (input) => {
      if (input.RoleArn === CERT_ROLE) await dnsAsked
      else release()
      return session(input.RoleArn, h.sessionSeconds)
    })
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('serial: timed out'), 2000).unref())
    const outcome = await Promise.race([
      resolveIdentities(configOf({ dnsRoleToAssume: DNS_ROLE }), h.deps).then(() => 'concurrent'),
      timeout
    ])
    expect(outcome).toBe('concurrent')
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      CERT_ROLE,
      DNS_ROLE
    ])
  })

  it('assumes the certificate and DNS roles each with AssumeRoleWithWebIdentity and a fresh ID token', async () => {
    const ids = await resolveIdentities(configOf({ dnsRoleToAssume: DNS_ROLE, roleDurationSeconds: 7200 }), h.deps)

    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 2)
    expect(sts).toHaveReceivedNthSpecificCommandWith(1, AssumeRoleWithWebIdentityCommand, {
      RoleArn: CERT_ROLE,
      RoleSessionName: 'acm-certificate-action',
      WebIdentityToken: 'id-token-1',
      DurationSeconds: 7200
    })
    expect(sts).toHaveReceivedNthSpecificCommandWith(2, AssumeRoleWithWebIdentityCommand, {
      RoleArn: DNS_ROLE,
      WebIdentityToken: 'id-token-2',
      DurationSeconds: 7200
    })
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand)
    expect(h.audiences).toEqual(['sts.amazonaws.com', 'sts.amazonaws.com'])
    expect(ids.certificate).toMatchObject({ roleArn: CERT_ROLE, accountId: '111111111111' })
    expect(ids.dns).toMatchObject({ roleArn: DNS_ROLE, accountId: '222222222222' })
    expect((await credentialsOf(ids.certificate.credentials)).accessKeyId).toBe('ASIAKEY1')
    expect((await credentialsOf(ids.dns.credentials)).accessKeyId).toBe('ASIAKEY2')
    expect(h.log.text()).toContain(`Certificate identity: account 111111111111, role ${CERT_ROLE}`)
    expect(h.log.text()).toContain(`DNS identity: account 222222222222, role ${DNS_ROLE}`)
  })

  it('asks for the ID token with the audience input', async () => {
    await resolveIdentities(configOf({ audience: 'my-audience' }), h.deps)
    expect(h.audiences).toEqual(['my-audience'])
  })

  it('shares one session when the DNS role is the certificate role', async () => {
    const ids = await resolveIdentities(configOf({ dnsRoleToAssume: CERT_ROLE }), h.deps)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
    expect(ids.dns.credentials).toBe(ids.certificate.credentials)
  })

  it('uses the certificate identity for DNS when no DNS role is given', async () => {
    const ids = await resolveIdentities(configOf(), h.deps)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
    expect(ids.dns).toBe(ids.certificate)
  })

  it('chains to the DNS role from the certificate session with DurationSeconds capped at 3600', async () => {
    const ids = await resolveIdentities(
      configOf({
        dnsRoleToAssume: DNS_ROLE,
        dnsRoleChaining: true,
        roleDurationSeconds: 7200,
        dnsRoleExternalId: 'ext-42'
      }),
      h.deps
    )
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
    expect(sts).toHaveReceivedCommandWith(AssumeRoleWithWebIdentityCommand, {
      RoleArn: CERT_ROLE,
      DurationSeconds: 7200
    })
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1)
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: DNS_ROLE,
      RoleSessionName: 'acm-certificate-action',
      DurationSeconds: 3600,
      ExternalId: 'ext-42'
    })
    // The AssumeRole client signs with the certificate role's session.
    const chainedSource = h.sources.at(-1)
    expect((await credentialsOf(chainedSource)).accessKeyId).toBe('ASIAKEY1')
    expect(ids.dns).toMatchObject({ roleArn: DNS_ROLE, accountId: '222222222222' })
    expect(h.log.text()).toMatch(/role-duration-seconds 7200 capped at 3600/)
  })

  it('keeps a chained duration under the cap as requested, without a cap line', async () => {
    await resolveIdentities(
      configOf({ dnsRoleToAssume: DNS_ROLE, dnsRoleChaining: true, roleDurationSeconds: 1800 }),
      h.deps
    )
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { DurationSeconds: 1800 })
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.ExternalId).toBeUndefined()
    expect(h.log.text()).not.toContain('capped')
  })

  it('signs nothing for AssumeRoleWithWebIdentity: its client has credentials that refuse to be used', async () => {
    await resolveIdentities(configOf(), h.deps)
    expect(h.sources).toHaveLength(1)
    await expect(credentialsOf(h.sources[0])).rejects.toThrow(IdentityError)
  })

  it('ambient mode: default chain (undefined credentials), one GetCallerIdentity, no ID token', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .resolves({ Account: '333333333333', Arn: 'arn:aws:iam::333333333333:user/ci', UserId: 'AIDA' })
    const ids = await resolveIdentities(configOf({ roleToAssume: undefined }), { ...h.deps, env: {} })
    expect(ids.certificate.credentials).toBeUndefined()
    expect(ids.certificate.accountId).toBe('333333333333')
    expect(ids.dns).toBe(ids.certificate)
    expect(h.sources).toEqual([undefined])
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1)
    expect(sts).not.toHaveReceivedCommand(AssumeRoleWithWebIdentityCommand)
    expect(h.audiences).toEqual([])
    expect(h.log.text()).toContain('account 333333333333, ambient credentials (arn:aws:iam::333333333333:user/ci)')
  })

  it.each([
    ['an IAM user', 'arn:aws:iam::333333333333:user/ci', 7200],
    ['a role session (role chaining)', 'arn:aws:sts::333333333333:assumed-role/runner/i-0abc', 3600]
  ])('ambient mode + DNS role: AssumeRole from the ambient credentials of %s', async (_what, callerArn, duration) => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '333333333333', Arn: callerArn })
    const ids = await resolveIdentities(
      configOf({
        roleToAssume: undefined,
        dnsRoleToAssume: DNS_ROLE,
        dnsRoleExternalId: 'ext-1',
        roleDurationSeconds: 7200
      }),
      { ...h.deps, env: {} }
    )
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: DNS_ROLE,
      ExternalId: 'ext-1',
      DurationSeconds: duration
    })
    expect(h.sources).toEqual([undefined])
    expect(ids.certificate.credentials).toBeUndefined()
    expect((await credentialsOf(ids.dns.credentials)).accessKeyId).toBe('ASIAKEY1')
    expect(ids.dns.accountId).toBe('222222222222')
  })

  it('warns that role-external-id does not apply to AssumeRoleWithWebIdentity', async () => {
    await resolveIdentities(configOf({ roleExternalId: 'ext' }), h.deps)
    expect(h.log.lines).toContainEqual(
      expect.objectContaining({ level: 'warning', message: expect.stringContaining('role-external-id is ignored') })
    )
  })

  it('warns that dns-role-external-id needs chaining when the DNS role is assumed with web identity', async () => {
    await resolveIdentities(configOf({ dnsRoleToAssume: DNS_ROLE, dnsRoleExternalId: 'ext' }), h.deps)
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand)
    expect(h.log.lines).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        message: expect.stringContaining(
          'dns-role-external-id is ignored: the DNS roles are assumed with AssumeRoleWithWebIdentity'
        )
      })
    )
  })
})

describe('resolveIdentities failures', () => {
  it.each([
    [{}, 'ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN'],
    [{ ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x' }, 'ACTIONS_ID_TOKEN_REQUEST_URL not set'],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x' }, 'ACTIONS_ID_TOKEN_REQUEST_TOKEN not set']
  ])('without OIDC (%j) assumes the roles with AssumeRole from the ambient credentials', async (env, named) => {
    sts.on(GetCallerIdentityCommand).resolves({ Account: '333333333333', Arn: 'arn:aws:iam::333333333333:user/ci' })
    const config = configOf({ dnsRoleToAssume: DNS_ROLE, roleExternalId: 'e1', dnsRoleExternalId: 'e2' })
    const ids = await resolveIdentities(config, { ...h.deps, env })
    expect(h.audiences).toEqual([])
    expect(sts).not.toHaveReceivedCommand(AssumeRoleWithWebIdentityCommand)
    expect(sts).toHaveReceivedCommandTimes(GetCallerIdentityCommand, 1)
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: CERT_ROLE, ExternalId: 'e1' })
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: DNS_ROLE, ExternalId: 'e2' })
    expect(ids.certificate.accountId).toBe('111111111111')
    expect(ids.dns.accountId).toBe('222222222222')
    expect(h.log.text()).toContain(`Certificate role ${CERT_ROLE}: AssumeRole (GitHub OIDC is not available (${named}`)
  })

  it('without OIDC and without credentials in the job, says to add id-token: write or configure credentials', async () => {
    sts.on(GetCallerIdentityCommand).rejects(new Error('Could not load credentials from any providers'))
    const err = await resolveIdentities(configOf(), { ...h.deps, env: {} }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain('GetCallerIdentity for the ambient credentials')
    expect((err as IdentityError).hint).toContain("Add 'permissions: id-token: write'")
    expect((err as IdentityError).hint).toContain('configure-aws-credentials')
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand)
  })

  it('reports a failed ID token request as an IdentityError with the permissions hint, before STS', async () => {
    const deps = {
      ...h.deps,
      getIdToken: () => Promise.reject(new Error('Failed to get ID Token. Error message: 403'))
    }
    const err = await resolveIdentities(configOf(), deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toMatch(/OIDC ID token \(audience sts\.amazonaws\.com\).*403/)
    expect((err as IdentityError).hint).toContain('id-token: write')
    expect(sts.calls()).toHaveLength(0)
  })

  it.each([
    ['AccessDenied', 'AccessDenied'],
    ['InvalidIdentityToken', 'InvalidIdentityTokenException'],
    ['IDPRejectedClaim', 'IDPRejectedClaimException'],
    ['ExpiredTokenException', 'ExpiredTokenException']
  ])('web identity %s: names the role and points at the trust policy, no retry', async (code, name) => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(stsError(code, 'Not authorized', name))
    const err = await resolveIdentities(configOf({ audience: 'custom-aud' }), h.deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    const { message, hint } = err as IdentityError
    expect(message).toContain(`AssumeRoleWithWebIdentity for role ${CERT_ROLE} (certificate account) failed: ${code}`)
    expect(hint).toContain('token.actions.githubusercontent.com:aud = custom-aud')
    expect(hint).toContain('repo:ORG/REPO:ref:refs/heads/BRANCH')
    expect(hint).toContain('repo:ORG/REPO:environment:NAME')
    expect(hint).toContain('repo:OWNER@OWNER_ID/REPO@REPO_ID')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
  })

  it('names the DNS role when its web identity assumption fails', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand, { RoleArn: DNS_ROLE })
      .rejects(stsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'))
    const err = await resolveIdentities(configOf({ dnsRoleToAssume: DNS_ROLE }), h.deps).catch((e: unknown) => e)
    expect((err as IdentityError).message).toContain(`role ${DNS_ROLE} (DNS account)`)
  })

  it('ValidationError on DurationSeconds: hint about MaxSessionDuration and the 1-hour chaining cap', async () => {
    sts
      .on(AssumeRoleWithWebIdentityCommand)
      .rejects(
        stsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
      )
    const err = await resolveIdentities(configOf({ roleDurationSeconds: 43200 }), h.deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).hint).toMatch(/MaxSessionDuration/)
    expect((err as IdentityError).hint).toMatch(/3600 seconds/)
  })

  it('chained AssumeRole AccessDenied: hint that the DNS role must trust the source principal and ExternalId', async () => {
    sts.on(AssumeRoleCommand).rejects(stsError('AccessDenied', 'not authorized to perform: sts:AssumeRole'))
    const config = configOf({ dnsRoleToAssume: DNS_ROLE, dnsRoleChaining: true, dnsRoleExternalId: 'ext' })
    const err = await resolveIdentities(config, h.deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain(
      `AssumeRole for role ${DNS_ROLE} (DNS account) failed: AccessDenied`
    )
    expect((err as IdentityError).hint).toMatch(/trust the source principal/)
    expect((err as IdentityError).hint).toMatch(/sts:ExternalId.*dns-role-external-id/)
  })

  it('ambient mode without credentials: IdentityError suggesting role-to-assume', async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' })
      )
    const err = await resolveIdentities(configOf({ roleToAssume: undefined }), h.deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain('GetCallerIdentity for the ambient credentials')
    expect((err as IdentityError).hint).toContain("Set 'role-to-assume'")
  })

  it.each([['IDPCommunicationError'], ['Throttling']])(
    'retries %s with backoff, minting a new ID token each time',
    async (code) => {
      sts
        .on(AssumeRoleWithWebIdentityCommand)
        .rejectsOnce(stsError(code, 'try again'))
        .rejectsOnce(stsError(code, 'try again'))
        .callsFake(async (input) => session(input.RoleArn, 3600))
      const ids = await resolveIdentities(configOf(), h.deps)
      expect(ids.certificate.accountId).toBe('111111111111')
      expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 3)
      expect(h.audiences).toHaveLength(3)
      expect(h.clock.sleeps).toHaveLength(2)
    }
  )

  it('gives up on a lasting IDPCommunicationError with the STS error, not a timeout', async () => {
    sts.on(AssumeRoleWithWebIdentityCommand).rejects(stsError('IDPCommunicationError', 'could not reach the IdP'))
    const err = await resolveIdentities(configOf(), h.deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain('IDPCommunicationError: could not reach the IdP')
    expect((err as IdentityError).hint).toMatch(/unavailable/)
    const attempts = sts.commandCalls(AssumeRoleWithWebIdentityCommand).length
    expect(attempts).toBeGreaterThan(2)
    expect(attempts).toBeLessThan(20)
  })
})

describe('refreshing credentials', () => {
  async function resolveWith(sessionSeconds: number, overrides: Partial<Config> = {}) {
    h.sessionSeconds = sessionSeconds
    return resolveIdentities(configOf(overrides), h.deps)
  }

  it('returns cached credentials until the refresh point, then mints a new ID token and assumes again', async () => {
    const ids = await resolveWith(20) // margin: a quarter of 20 s = 5 s
    const provider = ids.certificate.credentials
    h.clock.advance(14_000)
    expect((await credentialsOf(provider)).accessKeyId).toBe('ASIAKEY1')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
    expect(h.audiences).toHaveLength(1)

    h.clock.advance(1_500)
    const refreshed = await credentialsOf(provider)
    expect(refreshed).toMatchObject({
      accessKeyId: 'ASIAKEY2',
      secretAccessKey: 'secret-2',
      sessionToken: 'session-token-2'
    })
    expect(refreshed.expiration?.getTime()).toBe(h.clock.now() + 20_000)
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 2)
    expect(sts).toHaveReceivedNthSpecificCommandWith(2, AssumeRoleWithWebIdentityCommand, {
      WebIdentityToken: 'id-token-2'
    })
  })

  it('lasts a 3-hour wait on 1-hour sessions: every answer is valid, renewed 5 minutes before expiry', async () => {
    const ids = await resolveWith(3600)
    for (let minute = 0; minute <= 180; minute++) {
      const creds = await credentialsOf(ids.certificate.credentials)
      expect(creds.expiration!.getTime() - h.clock.now()).toBeGreaterThan(5 * 60_000 - 60_000)
      h.clock.advance(60_000)
    }
    // Renewals at 55, 110 and 165 minutes.
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 4)
    expect(h.audiences).toHaveLength(4)
  })

  it('renews the chained DNS session too, signing with the renewed certificate session', async () => {
    const ids = await resolveWith(20, { dnsRoleToAssume: DNS_ROLE, dnsRoleChaining: true })
    h.clock.advance(16_000)
    expect((await credentialsOf(ids.dns.credentials)).accessKeyId).toBe('ASIAKEY3')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2)
    // The chained client's source is the certificate provider, which renews itself as well.
    expect((await credentialsOf(h.sources.at(-1))).accessKeyId).toBe('ASIAKEY4')
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 2)
  })

  it('shares one renewal between concurrent callers', async () => {
    const ids = await resolveWith(20)
    h.clock.advance(16_000)
    const all = await Promise.all(Array.from({ length: 5 }, () => credentialsOf(ids.certificate.credentials)))
    expect(new Set(all.map((c) => c.accessKeyId))).toEqual(new Set(['ASIAKEY2']))
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 2)
  })

  it('masks every part of the first and the renewed sessions, and logs none of them', async () => {
    const ids = await resolveWith(20, { dnsRoleToAssume: DNS_ROLE })
    h.clock.advance(16_000)
    await credentialsOf(ids.certificate.credentials)
    await credentialsOf(ids.dns.credentials)
    const parts = [1, 2, 3, 4].flatMap((n) => [`ASIAKEY${n}`, `secret-${n}`, `session-token-${n}`])
    for (const part of parts) expect(h.secrets).toContain(part)
    for (const token of ['id-token-1', 'id-token-4']) expect(h.secrets).toContain(token)
    const log = h.log.text()
    for (const value of [...parts, 'id-token-1']) expect(log).not.toContain(value)
  })
})

describe('refreshingSession', () => {
  function sessionFor(n: number, clock: FakeClock, seconds: number): StsSession {
    return {
      credentials: {
        accessKeyId: `K${n}`,
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(clock.now() + seconds * 1000)
      },
      principalArn: 'arn:aws:sts::111111111111:assumed-role/r/s'
    }
  }

  it('lets a failed renewal surface and tries again on the next call', async () => {
    const clock = fakeClock()
    let calls = 0
    const s = refreshingSession(async () => {
      calls++
      if (calls === 2) throw new Error('STS down')
      return sessionFor(calls, clock, 20)
    }, clock)
    expect((await s.current()).credentials.accessKeyId).toBe('K1')
    clock.advance(16_000)
    await expect(s.current()).rejects.toThrow('STS down')
    expect((await s.current()).credentials.accessKeyId).toBe('K3')
  })
})

describe('pure helpers', () => {
  it.each([
    [3600_000, 300_000],
    [1200_000, 300_000],
    [900_000, 225_000],
    [20_000, 5_000],
    [0, 0],
    [-5, 0]
  ])('refreshMarginMs(%i) = %i', (lifetime, margin) => {
    expect(refreshMarginMs(lifetime)).toBe(margin)
  })

  it('classifyStsError keeps the request id and the cause', () => {
    const cause = stsError('RegionDisabledException', 'STS is not activated in this region')
    const err = classifyStsError(cause, { operation: 'AssumeRole', purpose: 'DNS', roleArn: DNS_ROLE, audience: 'a' })
    expect(err).toBeInstanceOf(IdentityError)
    expect(err.message).toBe(
      `AssumeRole for role ${DNS_ROLE} (DNS account) failed: RegionDisabledException: STS is not activated in this region (request id req-1)`
    )
    expect(err.cause).toBe(cause)
    expect(err.hint).toContain(DNS_ROLE)
  })
})

describe('resolveIdentities for issue #8 modes', () => {
  const ORG_ROLE = 'arn:aws:iam::333333333333:role/dns-org'
  const override = (roleArn: string | undefined, line: number) => ({
    suffix: `s${line}.example.com`,
    hostedZoneId: `Z${line}`,
    roleArn,
    line
  })

  it.each([
    ['mode status', { mode: 'status' as const }],
    ['mode delete', { mode: 'delete' as const }],
    ['dns-provider external', { dnsProvider: 'external' as const }],
    [
      'a private certificate',
      { certificateAuthorityArn: 'arn:aws:acm-pca:eu-west-1:111111111111:certificate-authority/ca' }
    ]
  ])('%s: no DNS role is assumed, even when one is given', async (_name, overrides) => {
    const ids = await resolveIdentities(
      configOf({ dnsRoleToAssume: DNS_ROLE, zoneOverrides: [override(ORG_ROLE, 1)], ...overrides }),
      h.deps
    )
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleWithWebIdentityCommand, 1)
    expect(sts).toHaveReceivedCommandWith(AssumeRoleWithWebIdentityCommand, { RoleArn: CERT_ROLE })
    expect(ids.dns).toBe(ids.certificate)
    expect(ids.zoneRoles?.size ?? 0).toBe(0)
    expect(h.log.text()).toContain('dns-role-to-assume is not assumed: this run makes no Route 53 call')
  })

  it('zone-overrides roles: each distinct role assumed once; one equal to the DNS or certificate role shares its session', async () => {
    const config = configOf({
      dnsRoleToAssume: DNS_ROLE,
      zoneOverrides: [
        override(ORG_ROLE, 1),
        override(undefined, 2),
        override(ORG_ROLE, 3),
        override(DNS_ROLE, 4),
        override(CERT_ROLE, 5)
      ]
    })
    const ids = await resolveIdentities(config, h.deps)
    expect(sts.commandCalls(AssumeRoleWithWebIdentityCommand).map((c) => c.args[0].input.RoleArn)).toEqual([
      CERT_ROLE,
      DNS_ROLE,
      ORG_ROLE
    ])
    expect([...(ids.zoneRoles?.keys() ?? [])]).toEqual([ORG_ROLE, DNS_ROLE, CERT_ROLE])
    expect(ids.zoneRoles?.get(ORG_ROLE)).toMatchObject({ roleArn: ORG_ROLE, accountId: '333333333333' })
    expect(ids.zoneRoles?.get(DNS_ROLE)).toBe(ids.dns)
    expect(ids.zoneRoles?.get(CERT_ROLE)).toBe(ids.certificate)
  })

  it('zone-overrides roles follow dns-role-chaining (AssumeRole from the certificate session)', async () => {
    await resolveIdentities(
      configOf({ dnsRoleToAssume: DNS_ROLE, dnsRoleChaining: true, zoneOverrides: [override(ORG_ROLE, 1)] }),
      h.deps
    )
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleArn)).toEqual([DNS_ROLE, ORG_ROLE])
  })
})

describe('the ID-token request: bounded, retried on GitHub-side failures', () => {
  // core.getIDToken's own error text, with the HTTP status inside it.
  const coreError = (status: number | undefined, text: string): Error =>
    new Error(`Error message: Failed to get ID Token. \n Error Code : ${status}\n Error Message: ${text}`)
  const hangs = (): Promise<string> => new Promise<string>(() => undefined)

  it('gives up on an endpoint that never answers after a few clock-driven timeouts, with backoff between', async () => {
    let calls = 0
    const getIdToken = boundedIdToken(() => {
      calls++
      return hangs()
    }, h.clock)
    const err = await getIdToken('sts.amazonaws.com').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdTokenTimeoutError)
    expect(calls).toBe(ID_TOKEN_POLICY.attempts)
    const { timeoutMs, backoffMs } = ID_TOKEN_POLICY
    expect(h.clock.sleeps).toEqual([timeoutMs, backoffMs, timeoutMs, 2 * backoffMs, timeoutMs])
  })

  it('fails the identity step naming the token service, with a re-run hint and no permissions hint', async () => {
    const deps = { ...h.deps, getIdToken: boundedIdToken(hangs, h.clock) }
    const err = await resolveIdentities(configOf(), deps).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain("GitHub's OIDC token service")
    expect((err as IdentityError).message).toContain('no answer within 4 s')
    expect((err as IdentityError).hint).toMatch(/GitHub's side.*Re-run the job/)
    expect((err as IdentityError).hint).not.toContain('id-token: write')
    expect(sts.calls()).toHaveLength(0)
  })

  it.each([
    ['a 500', coreError(500, 'Internal Server Error')],
    ['a 503', coreError(503, 'Service Unavailable')],
    ['a reset', coreError(undefined, 'read ECONNRESET')]
  ])('retries %s and returns the token that follows', async (_what, failure) => {
    let calls = 0
    const getIdToken = boundedIdToken(async () => {
      calls++
      if (calls < 3) throw failure
      return 'id-token'
    }, h.clock)
    await expect(getIdToken('sts.amazonaws.com')).resolves.toBe('id-token')
    expect(calls).toBe(3)
  })

  it("a 5xx that persists: says it is on GitHub's side and suggests a re-run, not the permission", async () => {
    const deps = { ...h.deps, getIdToken: boundedIdToken(() => Promise.reject(coreError(502, 'Bad Gateway')), h.clock) }
    const err = (await resolveIdentities(configOf(), deps).catch((e: unknown) => e)) as IdentityError
    expect(err.message).toMatch(/GitHub's OIDC token service.*Error Code : 502/s)
    expect(err.hint).toMatch(/GitHub's side.*Re-run the job/)
    expect(err.hint).not.toContain('id-token: write')
  })

  it.each([401, 403])('a %i is not retried, and its hint is the id-token permission', async (status) => {
    let calls = 0
    const getIdToken = boundedIdToken(() => {
      calls++
      return Promise.reject(coreError(status, 'Forbidden'))
    }, h.clock)
    const err = (await resolveIdentities(configOf(), { ...h.deps, getIdToken }).catch(
      (e: unknown) => e
    )) as IdentityError
    expect(calls).toBe(1)
    expect(err.hint).toContain('permissions: id-token: write')
  })

  it('a local stand-in that is not implemented: says so and points at ambient credentials', async () => {
    let calls = 0
    const getIdToken = boundedIdToken(() => {
      calls++
      return Promise.reject(new Error('Not implemented'))
    }, h.clock)
    const err = (await resolveIdentities(configOf(), { ...h.deps, getIdToken }).catch(
      (e: unknown) => e
    )) as IdentityError
    expect(calls).toBe(1)
    expect(err.hint).toMatch(/local stand-in that is not implemented/)
    expect(err.hint).toMatch(/ambient AWS credentials/)
    expect(err.hint).not.toContain('id-token: write')
  })

  it('bounds the renewals during a long wait too', async () => {
    h.sessionSeconds = 20
    sts.on(AssumeRoleWithWebIdentityCommand).callsFake(() => session(CERT_ROLE, 20))
    let calls = 0
    const getIdToken = boundedIdToken(() => {
      calls++
      return calls === 1 ? Promise.resolve('first-token') : hangs()
    }, h.clock)
    const ids = await resolveIdentities(configOf(), { ...h.deps, getIdToken })
    h.clock.advance(16_000)
    const err = await ids.certificate.credentials!().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(IdentityError)
    expect((err as IdentityError).message).toContain("GitHub's OIDC token service")
    expect(calls).toBe(1 + ID_TOKEN_POLICY.attempts)
  })
})
