// The identity plan as a table: for each combination of identity inputs and environment, which STS
// call reaches which role from which credentials, with which external id and chaining cap.
import { describe, expect, it } from '@jest/globals'
import {
  describeAmbientCredentials,
  missingOidcVariables,
  isRoleSessionArn,
  planIdentities,
  sessionSeconds,
  type IdentityInputs,
  type IdentityPlan,
  type Reach
} from '../../src/identity/plan.js'

const CERT = 'arn:aws:iam::111111111111:role/cert'
const DNS = 'arn:aws:iam::222222222222:role/dns'
const ZONE = 'arn:aws:iam::333333333333:role/zone'
const OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://oidc', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'bearer' }
const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' }

const base: IdentityInputs = {
  roleToAssume: undefined,
  dnsRoleToAssume: undefined,
  roleChaining: false,
  dnsRoleChaining: false,
  roleExternalId: undefined,
  dnsRoleExternalId: undefined,
  roleDurationSeconds: 7200,
  usesRoute53: true,
  zoneOverrideRoles: []
}

/** One line per identity: `AssumeRole cert from ambient ext=e1 cap=if-ambient-is-role-session`. */
function line(reach: Reach | undefined): string {
  if (reach === undefined) return 'none'
  if (reach.kind !== 'assume') return reach.kind
  const { step } = reach
  const role = step.roleArn.split('/').pop()
  const ext = step.externalId === undefined ? '' : ` ext=${step.externalId}`
  return `${step.operation} ${role} from ${step.source}${ext} cap=${step.chainingCap}`
}

function summary(plan: IdentityPlan): Record<string, string> {
  return {
    certificate: line(plan.certificate),
    dns: line(plan.dns),
    ...Object.fromEntries([...plan.zoneRoles].map(([role, reach]) => [`zone ${role.split('/').pop()}`, line(reach)]))
  }
}

const cases: [string, Partial<IdentityInputs>, Record<string, string>, Record<string, string>][] = [
  ['ambient only', {}, KEYS, { certificate: 'ambient', dns: 'certificate' }],
  ['ambient, OIDC present but no role', {}, { ...KEYS, ...OIDC }, { certificate: 'ambient', dns: 'certificate' }],
  [
    'ambient + DNS role (the CloudFront example)',
    { dnsRoleToAssume: DNS, dnsRoleExternalId: 'x' },
    OIDC,
    { certificate: 'ambient', dns: 'AssumeRole dns from ambient ext=x cap=if-ambient-is-role-session' }
  ],
  [
    'ambient + DNS role with dns-role-chaining (no certificate role to chain from)',
    { dnsRoleToAssume: DNS, dnsRoleChaining: true },
    KEYS,
    { certificate: 'ambient', dns: 'AssumeRole dns from ambient cap=if-ambient-is-role-session' }
  ],
  [
    'role with OIDC',
    { roleToAssume: CERT },
    OIDC,
    { certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never', dns: 'certificate' }
  ],
  [
    'role and DNS role with OIDC',
    { roleToAssume: CERT, dnsRoleToAssume: DNS },
    OIDC,
    {
      certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never',
      dns: 'AssumeRoleWithWebIdentity dns from github-oidc cap=never'
    }
  ],
  [
    'role and DNS role with OIDC, dns-role-chaining',
    { roleToAssume: CERT, dnsRoleToAssume: DNS, dnsRoleChaining: true, dnsRoleExternalId: 'd' },
    OIDC,
    {
      certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never',
      dns: 'AssumeRole dns from certificate-session ext=d cap=always'
    }
  ],
  [
    'DNS role equal to the role',
    { roleToAssume: CERT, dnsRoleToAssume: CERT },
    OIDC,
    { certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never', dns: 'certificate' }
  ],
  [
    'role without OIDC: AssumeRole from static keys, with the external id',
    { roleToAssume: CERT, roleExternalId: 'e' },
    KEYS,
    { certificate: 'AssumeRole cert from ambient ext=e cap=if-ambient-is-role-session', dns: 'certificate' }
  ],
  [
    'role without OIDC (one variable missing), DNS role the same way with its own external id',
    { roleToAssume: CERT, roleExternalId: 'e', dnsRoleToAssume: DNS, dnsRoleExternalId: 'd' },
    { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://oidc' },
    {
      certificate: 'AssumeRole cert from ambient ext=e cap=if-ambient-is-role-session',
      dns: 'AssumeRole dns from ambient ext=d cap=if-ambient-is-role-session'
    }
  ],
  [
    'role-chaining with OIDC present',
    { roleToAssume: CERT, roleChaining: true, roleExternalId: 'e', dnsRoleToAssume: DNS },
    { ...OIDC, ...KEYS },
    {
      certificate: 'AssumeRole cert from ambient ext=e cap=if-ambient-is-role-session',
      dns: 'AssumeRole dns from ambient cap=if-ambient-is-role-session'
    }
  ],
  [
    'role-chaining and dns-role-chaining',
    { roleToAssume: CERT, roleChaining: true, dnsRoleToAssume: DNS, dnsRoleChaining: true, dnsRoleExternalId: 'd' },
    OIDC,
    {
      certificate: 'AssumeRole cert from ambient cap=if-ambient-is-role-session',
      dns: 'AssumeRole dns from certificate-session ext=d cap=always'
    }
  ],
  [
    'zone-overrides roles: one shares the DNS role, one shares the role, one of its own',
    { roleToAssume: CERT, dnsRoleToAssume: DNS, zoneOverrideRoles: [DNS, CERT, ZONE] },
    OIDC,
    {
      certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never',
      dns: 'AssumeRoleWithWebIdentity dns from github-oidc cap=never',
      'zone dns': 'AssumeRoleWithWebIdentity dns from github-oidc cap=never',
      'zone cert': 'certificate',
      'zone zone': 'AssumeRoleWithWebIdentity zone from github-oidc cap=never'
    }
  ],
  [
    'zone-overrides role without OIDC',
    { roleToAssume: CERT, zoneOverrideRoles: [ZONE], dnsRoleExternalId: 'd' },
    KEYS,
    {
      certificate: 'AssumeRole cert from ambient cap=if-ambient-is-role-session',
      dns: 'certificate',
      'zone zone': 'AssumeRole zone from ambient ext=d cap=if-ambient-is-role-session'
    }
  ],
  [
    'no Route 53 call: no DNS identity at all',
    { roleToAssume: CERT, dnsRoleToAssume: DNS, zoneOverrideRoles: [ZONE], usesRoute53: false },
    OIDC,
    { certificate: 'AssumeRoleWithWebIdentity cert from github-oidc cap=never', dns: 'none' }
  ]
]

describe('planIdentities', () => {
  it.each(cases)('%s', (_name, inputs, env, expected) => {
    expect(summary(planIdentities({ ...base, ...inputs }, env))).toEqual(expected)
  })

  it('checks the ambient credentials first whenever they are used', () => {
    expect(planIdentities(base, KEYS).usesAmbient).toBe(true)
    expect(planIdentities({ ...base, roleToAssume: CERT }, OIDC).usesAmbient).toBe(false)
    expect(planIdentities({ ...base, roleToAssume: CERT }, {}).usesAmbient).toBe(true)
    expect(
      planIdentities({ ...base, roleToAssume: CERT, dnsRoleToAssume: DNS, dnsRoleChaining: true }, OIDC).usesAmbient
    ).toBe(false)
  })

  it('says why, naming the missing OIDC variables and the credential source', () => {
    const plan = planIdentities(
      { ...base, roleToAssume: CERT },
      { ACTIONS_ID_TOKEN_REQUEST_URL: 'x', AWS_PROFILE: 'ci' }
    )
    expect(plan.certificate.kind === 'assume' && plan.certificate.step.reason).toBe(
      "GitHub OIDC is not available (ACTIONS_ID_TOKEN_REQUEST_TOKEN not set: no 'permissions: id-token: write', " +
        'GitHub Enterprise Server without OIDC, or not a GitHub Actions job), so from the credentials already in the ' +
        'job; source: profile ci (AWS_PROFILE)'
    )
    const chained = planIdentities({ ...base, roleToAssume: CERT, roleChaining: true }, OIDC)
    expect(chained.certificate.kind === 'assume' && chained.certificate.step.reason).toMatch(/^role-chaining is true/)
  })

  it.each<[string, Partial<IdentityInputs>, Record<string, string>, string[]]>([
    [
      'external id with OIDC',
      { roleToAssume: CERT, roleExternalId: 'e' },
      OIDC,
      ['role-external-id is ignored: role-to-assume is assumed with AssumeRoleWithWebIdentity']
    ],
    [
      'external id without a role',
      { roleExternalId: 'e' },
      KEYS,
      ['role-external-id is ignored without role-to-assume']
    ],
    [
      'role-chaining without a role',
      { roleChaining: true },
      KEYS,
      ['role-chaining has no effect without role-to-assume']
    ],
    [
      'DNS external id with web identity DNS role',
      { roleToAssume: CERT, dnsRoleToAssume: DNS, dnsRoleExternalId: 'd' },
      OIDC,
      ['dns-role-external-id is ignored: the DNS roles are assumed with AssumeRoleWithWebIdentity']
    ],
    [
      'external id without OIDC',
      { roleToAssume: CERT, roleExternalId: 'e', dnsRoleToAssume: DNS, dnsRoleExternalId: 'd' },
      KEYS,
      []
    ],
    [
      'DNS external id with chaining',
      { roleToAssume: CERT, dnsRoleToAssume: DNS, dnsRoleChaining: true, dnsRoleExternalId: 'd' },
      OIDC,
      []
    ]
  ])('warns about inputs without effect: %s', (_name, inputs, env, expected) => {
    const { warnings } = planIdentities({ ...base, ...inputs }, env)
    expect(warnings).toHaveLength(expected.length)
    expected.forEach((start, i) => expect(warnings[i]?.startsWith(start)).toBe(true))
  })

  it('notes a DNS role it does not assume', () => {
    expect(planIdentities({ ...base, dnsRoleToAssume: DNS, usesRoute53: false }, KEYS).notes).toEqual([
      'dns-role-to-assume is not assumed: this run makes no Route 53 call'
    ])
  })
})

describe('sessionSeconds (the one-hour chaining cap)', () => {
  it.each<[AssumeCap, number, boolean, number, boolean]>([
    ['always', 7200, false, 3600, true],
    ['always', 1800, false, 1800, false],
    ['if-ambient-is-role-session', 7200, true, 3600, true],
    ['if-ambient-is-role-session', 7200, false, 7200, false],
    ['never', 7200, true, 7200, false]
  ])(
    'cap %s, %d s asked, ambient role session %s: %d s (capped %s)',
    (chainingCap, requested, roleSession, seconds, capped) => {
      expect(sessionSeconds({ chainingCap, requestedSeconds: requested }, roleSession)).toEqual({ seconds, capped })
    }
  )
})

type AssumeCap = 'always' | 'if-ambient-is-role-session' | 'never'

describe('ambient credentials', () => {
  it.each([
    [KEYS, 'access keys in AWS_ACCESS_KEY_ID'],
    [
      { ...KEYS, AWS_SESSION_TOKEN: 't' },
      'session credentials in AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN (e.g. an earlier configure-aws-credentials step)'
    ],
    [{ AWS_PROFILE: 'ci' }, 'profile ci (AWS_PROFILE)'],
    [
      { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://x' },
      'the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*_URI)'
    ],
    [{}, 'the SDK default chain (no credential variables set: shared config files, then the instance role)']
  ])('%j: %s', (env, text) => {
    expect(describeAmbientCredentials(env)).toBe(text)
  })

  it('tells a role session from a user', () => {
    expect(isRoleSessionArn('arn:aws:sts::111111111111:assumed-role/runner/i-0abc')).toBe(true)
    expect(isRoleSessionArn('arn:aws-us-gov:sts::111111111111:assumed-role/runner/i-0abc')).toBe(true)
    expect(isRoleSessionArn('arn:aws:iam::111111111111:user/ci')).toBe(false)
  })
})

describe('pure helpers of the plan', () => {
  it.each([
    [{}, ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN']],
    [{ ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }, ['ACTIONS_ID_TOKEN_REQUEST_URL']],
    [OIDC, []]
  ])('missingOidcVariables(%j)', (env, missing) => {
    expect(missingOidcVariables(env)).toEqual(missing)
  })
})
