// The identity plan (decisions/identity-plan.ts) as table tests: which STS call reaches which role,
// from the Config and the environment alone. Pure: no STS client, no token.
import { describe, expect, it } from '@jest/globals'
import { accountIdFromArn, dnsStep, missingOidcVariables, planIdentities } from '../../src/decisions/identity-plan.js'
import { configOf } from '../../__fixtures__/config.js'

const CERT_ROLE = 'arn:aws:iam::111111111111:role/acm-certificates'
const DNS_ROLE = 'arn:aws:iam::222222222222:role/route53-validation'
const ZONE_ROLE = 'arn:aws:iam::333333333333:role/dns-org'
const OIDC_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/id', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'req' }

describe('planIdentities', () => {
  it('uses the ambient credentials without role-to-assume, and needs no OIDC', () => {
    const plan = planIdentities(configOf({ dnsRoleToAssume: DNS_ROLE }), {})
    expect(plan).toMatchObject({ certificate: { how: 'ambient' }, dnsRoleArn: DNS_ROLE, missingOidc: [] })
  })

  it('assumes role-to-assume by web identity, and names the OIDC variables that are missing', () => {
    const config = configOf({ roleToAssume: CERT_ROLE, roleDurationSeconds: 7200 })
    expect(planIdentities(config, OIDC_ENV)).toMatchObject({
      certificate: { how: 'web-identity', roleArn: CERT_ROLE, durationSeconds: 7200 },
      missingOidc: []
    })
    expect(planIdentities(config, {}).missingOidc).toEqual([
      'ACTIONS_ID_TOKEN_REQUEST_URL',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN'
    ])
  })

  it.each([
    ['status', { mode: 'status' as const }],
    ['dns-provider external', { dnsProvider: 'external' as const }],
    [
      'a private certificate',
      { certificateAuthorityArn: 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/x' }
    ]
  ])('assumes no DNS role when the run makes no Route 53 call (%s), and says so', (_case, overrides) => {
    const zoneOverrides = [{ suffix: 'example.com', hostedZoneId: 'Z1', roleArn: ZONE_ROLE, line: 1 }]
    const plan = planIdentities(configOf({ dnsRoleToAssume: DNS_ROLE, zoneOverrides, ...overrides }), {})
    expect(plan.dnsRoleArn).toBeUndefined()
    expect(plan.zoneRoles).toEqual([])
    expect(plan.before.map((n) => n.message)).toEqual([
      'dns-role-to-assume is not assumed: this run makes no Route 53 call'
    ])
  })

  it('warns about external ids that a web-identity call cannot take', () => {
    const config = configOf({
      roleToAssume: CERT_ROLE,
      dnsRoleToAssume: DNS_ROLE,
      roleExternalId: 'x1',
      dnsRoleExternalId: 'x2'
    })
    const plan = planIdentities(config, OIDC_ENV)
    expect(plan.before).toEqual([{ level: 'warning', message: expect.stringContaining('role-external-id is ignored') }])
    expect(plan.afterCertificate).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining('dns-role-external-id is ignored without dns-role-chaining')
      }
    ])
    // Chaining takes the DNS external id; a DNS role equal to the certificate role needs none.
    expect(planIdentities({ ...config, dnsRoleChaining: true }, OIDC_ENV).afterCertificate).toEqual([])
    expect(planIdentities({ ...config, dnsRoleToAssume: CERT_ROLE }, OIDC_ENV).afterCertificate).toEqual([])
  })
})

describe('dnsStep', () => {
  it.each([
    ['ambient credentials', {}, false, { how: 'assume-role', from: 'ambient', durationSeconds: 7200 }],
    [
      'an ambient role session (chaining cap)',
      {},
      true,
      { how: 'assume-role', from: 'ambient', durationSeconds: 3600 }
    ],
    ['web identity', { roleToAssume: CERT_ROLE }, false, { how: 'web-identity', durationSeconds: 7200 }],
    [
      'dns-role-chaining (chaining cap)',
      { roleToAssume: CERT_ROLE, dnsRoleChaining: true },
      false,
      { how: 'assume-role', from: 'certificate', durationSeconds: 3600 }
    ]
  ])('reaches a DNS role from %s', (_case, overrides, ambientIsRoleSession, step) => {
    const config = configOf({ roleDurationSeconds: 7200, dnsRoleExternalId: 'ext', ...overrides })
    expect(dnsStep(config, DNS_ROLE, 'DNS', ambientIsRoleSession)).toMatchObject({ roleArn: DNS_ROLE, ...step })
  })

  it('notes the chaining cap only when it shortens the session', () => {
    const chained = configOf({ roleToAssume: CERT_ROLE, dnsRoleChaining: true })
    expect(dnsStep({ ...chained, roleDurationSeconds: 7200 }, DNS_ROLE, 'DNS', false)).toMatchObject({
      note: { level: 'info', message: expect.stringContaining('role-duration-seconds 7200 capped at 3600') }
    })
    expect(dnsStep({ ...chained, roleDurationSeconds: 3600 }, DNS_ROLE, 'DNS', false)).not.toHaveProperty('note')
  })

  it('shares the certificate session when the DNS role is the certificate role', () => {
    const config = configOf({ roleToAssume: CERT_ROLE })
    expect(dnsStep(config, CERT_ROLE, 'zone-overrides DNS', false)).toEqual({
      how: 'shared',
      note: {
        level: 'info',
        message: 'Zone-overrides DNS identity: same role as the certificate account, one shared session'
      }
    })
  })
})

describe('pure helpers of the plan', () => {
  it.each([
    ['arn:aws:sts::111111111111:assumed-role/r/s', '111111111111'],
    ['arn:aws-cn:iam::222222222222:role/x', '222222222222'],
    ['arn:aws:iam::12345:role/x', undefined],
    ['not an arn', undefined]
  ])('accountIdFromArn(%s) = %s', (arn, account) => {
    expect(accountIdFromArn(arn)).toBe(account)
  })

  it.each([
    [{}, ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }, ['ACTIONS_ID_TOKEN_REQUEST_URL']],
    [OIDC_ENV, []]
  ])('missingOidcVariables(%j)', (env, missing) => {
    expect(missingOidcVariables(env)).toEqual(missing)
  })
})
