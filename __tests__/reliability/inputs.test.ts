// Bad inputs (aws-facts.md §7(b), plus what a user would plausibly type) at the level of run() in
// src/main.ts: each fails BEFORE any network call — the simulator, reachable through the endpoint
// variables, OIDC and static keys, sees zero requests — with a message that names the input and
// the value and says what is allowed.
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { coreMock } from '../../__fixtures__/core.js'
import { EXAMPLE, CERT_KEYS, requestsOf, QUICK_SERVICES, startWorld, type World } from '../../__fixtures__/world.js'

const core = coreMock()
jest.unstable_mockModule('@actions/core', () => core.module)
const { run } = await import('../../src/main.js')
const { readConfig } = await import('../../src/inputs/index.js')

// The example's roles (certs, dns), trusting GitHub OIDC for octo-org/octo-repo.
const CERT_ROLE = EXAMPLE.certificateRole
const DNS_ROLE = EXAMPLE.dnsRole
const VALID: Readonly<Record<string, string>> = {
  'domain-name': 'example.com',
  'subject-alternative-names': 'www.example.com',
  'aws-region': 'us-east-1',
  'role-to-assume': CERT_ROLE,
  'dns-role-to-assume': DNS_ROLE,
  'timeout-minutes': '30'
}

let world: World
const saved = { key: process.env['AWS_ACCESS_KEY_ID'], secret: process.env['AWS_SECRET_ACCESS_KEY'] }

beforeAll(async () => {
  world = await startWorld(QUICK_SERVICES)
  // Ambient keys too: an input that slipped through would reach the simulator by some path.
  process.env['AWS_ACCESS_KEY_ID'] = CERT_KEYS.accessKeyId
  process.env['AWS_SECRET_ACCESS_KEY'] = CERT_KEYS.secretAccessKey
})
afterAll(async () => {
  await world.stop()
  for (const [name, value] of [
    ['AWS_ACCESS_KEY_ID', saved.key],
    ['AWS_SECRET_ACCESS_KEY', saved.secret]
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})
afterEach(() => {
  core.reset()
  world.sim.resetLog()
  world.sim.clearFaults()
  process.exitCode = undefined
})

async function runWith(overrides: Record<string, string>, env: Record<string, string> = {}): Promise<void> {
  core.inputs = { ...VALID, ...overrides }
  const simEnv = world.sim.env()
  core.oidc = { url: simEnv.ACTIONS_ID_TOKEN_REQUEST_URL, token: simEnv.ACTIONS_ID_TOKEN_REQUEST_TOKEN }
  // Public DNS as the simulator knows it, so the pre-flight checks ask no resolver of this machine.
  const resolver = {
    resolveCaa: async () => [],
    resolveNs: async (name: string) =>
      world.sim.zones().find((z) => z.name === `${name}.` && !z.privateZone)?.nameServers ?? []
  }
  await run({ env: { ...simEnv, ...env }, clock: world.clock, resolver })
}

const label = (c: string, n: number) => c.repeat(n)
const NAME_254 = `${label('a', 63)}.${label('b', 63)}.${label('c', 63)}.${label('d', 58)}.com`
const NAME_253 = NAME_254.slice(1)
const PRIMARY_65 = `${label('p', 53)}.example.com`
const HUNDRED_SANS = Array.from({ length: 100 }, (_, i) => `n${i}.example.com`).join('\n')
const FIFTY_TAGS = Array.from({ length: 50 }, (_, i) => `k${i}=v`).join('\n')

// [what a user typed, input, value, what the message must say is allowed (or what is wrong)]
/** The value as the test name shows it: JSON, cut short. */
const abbreviate = (value: string): string => {
  const json = JSON.stringify(value)
  return json.length > 48 ? `${json.slice(0, 40)}…(${value.length} chars)` : json
}

const BAD_INPUTS: [string, string, string, RegExp][] = [
  ['empty primary name', 'domain-name', '', /is required: the primary name of the certificate/],
  ['whitespace-only primary name', 'domain-name', '  \n\t ', /is required/],
  ['two names in domain-name (comma)', 'domain-name', 'example.com, www.example.com', /takes a single name/],
  ['two names in domain-name (newline)', 'domain-name', 'example.com\nwww.example.com', /takes a single name/],
  ['a space inside a name', 'domain-name', 'exa mple.com', /takes a single name/],
  ['an IPv4 address', 'domain-name', '192.0.2.1', /is an IP address.*use a DNS name/],
  [
    'an IP address among the SANs (the entry is named)',
    'subject-alternative-names',
    'www.example.com, 10.0.0.1',
    /Input 'subject-alternative-names' = "10\.0\.0\.1": '10\.0\.0\.1' is an IP address/
  ],
  ['a single label', 'domain-name', 'localhost', /single label; a certificate name needs at least two/],
  [
    'a wildcard in the middle',
    'subject-alternative-names',
    'www.*.example.com',
    /wildcard is allowed only once, as the whole leftmost label/
  ],
  [
    'a partial-label wildcard',
    'subject-alternative-names',
    'w*.example.com',
    /wildcard is allowed only once, as the whole leftmost label/
  ],
  ['a double wildcard', 'subject-alternative-names', '*.*.example.com', /wildcard is allowed only once/],
  ['a bare wildcard', 'domain-name', '*', /a wildcard needs a domain after it/],
  [
    'a leading hyphen',
    'subject-alternative-names',
    '-bad.example.com',
    /starts with a hyphen; labels must start with a letter or digit/
  ],
  ['a trailing hyphen', 'subject-alternative-names', 'bad-.example.com', /ends with a hyphen/],
  ['an empty label', 'subject-alternative-names', 'example..com', /empty label/],
  ['a leading dot', 'domain-name', '.example.com', /empty label/],
  [
    'an underscore',
    'subject-alternative-names',
    '_acme.example.com',
    /underscores are not allowed.*only letters a-z, digits 0-9 and '-'/
  ],
  ['an all-digit top-level label', 'domain-name', 'example.123', /all digits/],
  [
    'a 64-character label',
    'subject-alternative-names',
    `${label('a', 64)}.example.com`,
    /64 characters long; a label may have at most 63/
  ],
  ['a 254-character name', 'subject-alternative-names', NAME_254, /254 characters long; at most 253 are allowed/],
  ['a 65-octet primary name', 'domain-name', PRIMARY_65, /65 octets long.*RFC 5280 limits to 64/],
  ['101 names', 'subject-alternative-names', HUNDRED_SANS, /101 distinct names.*at most 100/],
  [
    'a Unicode name with a URL path pasted in',
    'domain-name',
    'bücher.example/shop',
    /this is a URL, not a DNS name: drop the scheme \(https:\/\/\) and the path, and give the host name alone \(xn--bcher-kva\.example\)/
  ],
  [
    'a Unicode label with a path (IDNA would cut it short)',
    'domain-name',
    'bücher/shop.example',
    /this is a URL, not a DNS name: drop the scheme \(https:\/\/\) and the path, and give the host name alone(?! \()/
  ],
  [
    'a Unicode label that is not valid IDNA',
    'domain-name',
    'xn--bücher.example',
    /not a valid internationalized label/
  ],
  ['an e-mail address', 'domain-name', 'admin@bücher.example', /contains "@"/],
  ['a URL', 'domain-name', 'https://example.com', /this is a URL, not a DNS name: .*host name alone \(example\.com\)/],
  [
    'a role ARN with a short account id',
    'role-to-assume',
    'arn:aws:iam::12345:role/x',
    /not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role\/<role name>/
  ],
  ['a user ARN', 'role-to-assume', 'arn:aws:iam::123456789012:user/x', /not an IAM role ARN/],
  ['a role name only', 'role-to-assume', 'certs', /not an IAM role ARN/],
  ['a role ARN of another service', 'dns-role-to-assume', 'arn:aws:s3:::bucket', /not an IAM role ARN/],
  ['a role ARN with a space', 'dns-role-to-assume', 'arn:aws:iam::123456789012:role/my role', /not an IAM role ARN/],
  ['a wrong partition', 'role-to-assume', 'arn:azure:iam::123456789012:role/x', /not an IAM role ARN/],
  ['a Region without its number', 'aws-region', 'us-east', /not an AWS Region code; expected e\.g\. us-east-1/],
  ['a Region without hyphens', 'aws-region', 'useast1', /not an AWS Region code/],
  ['a Region in capitals', 'aws-region', 'US-EAST-1', /not an AWS Region code/],
  ['a Region name instead of its code', 'aws-region', 'N. Virginia', /not an AWS Region code/],
  [
    'a misspelt Region among several',
    'aws-region',
    'us-east-1, eu-centrl-1',
    /entry 'eu-centrl-1' is not a Region the AWS SDK knows: no Region has the word 'centrl'/
  ],
  ['a non-numeric timeout', 'timeout-minutes', 'ten', /must be a number of minutes above 0 and at most 360/],
  ['a negative timeout', 'timeout-minutes', '-5', /must be a number of minutes above 0/],
  ['a zero timeout', 'timeout-minutes', '0', /above 0/],
  ['a timeout beyond the job limit', 'timeout-minutes', '361', /at most 360 \(the job limit\)/],
  ['a timeout with a unit', 'timeout-minutes', '10m', /must be a number of minutes/],
  ['a session shorter than STS allows', 'role-duration-seconds', '600', /whole number of seconds from 900 to 43200/],
  ['a negative session duration', 'role-duration-seconds', '-3600', /whole number of seconds from 900 to 43200/],
  [
    'an unknown key algorithm',
    'key-algorithm',
    'ECDSA',
    /must be one of RSA_2048, RSA_3072, RSA_4096, EC_prime256v1, EC_secp384r1, EC_secp521r1/
  ],
  ['RSA_1024 (ACM no longer issues it)', 'key-algorithm', 'RSA_1024', /must be one of RSA_2048/],
  ['a tag without =', 'tags', 'team', /entry 1 'team' is not key=value/],
  ['a tag with an empty key', 'tags', '=value', /key that is not 1 to 128 characters/],
  ['a tag with a reserved aws: key', 'tags', 'aws:owner=me', /starting with 'aws:', which AWS reserves/],
  ['a repeated tag key', 'tags', 'team=a\nteam=b', /repeats the key 'team'/],
  ['a tag with forbidden characters', 'tags', 'team=a;b', /characters outside letters, digits, spaces/],
  [
    "50 tags (one over, with the action's own tag)",
    'tags',
    FIFTY_TAGS,
    /50 tags; at most 49 are allowed \(ACM allows 50 and the action adds its own 'acm-certificate-action' tag\)/
  ],
  ['a non-boolean wait', 'wait', 'perhaps', /must be one of true, false, yes, no, 1, 0/],
  ['an unknown transparency setting', 'certificate-transparency-logging', 'off', /must be ENABLED or DISABLED/],
  [
    'a zone name instead of a zone id',
    'hosted-zone-id',
    'example.com',
    /not a Route 53 hosted zone id; expected e\.g\. Z0123456789ABCDEFGHIJ/
  ],
  ['a session name with a space', 'role-session-name', 'my session', /2 to 64 characters of letters, digits/],
  ['role chaining without a DNS role', 'dns-role-chaining', 'true', /needs both role-to-assume and dns-role-to-assume/],
  ['an unknown preflight setting', 'preflight', 'strict', /must be one of warn, fail, off/],
  [
    'a host name as a DNS resolver',
    'dns-resolvers',
    'dns.google',
    /entry 'dns\.google' is not an IP address with an optional port/
  ],
  [
    'a DNS resolver port out of range',
    'dns-resolvers',
    '1.1.1.1:70000',
    /entry '1\.1\.1\.1:70000' is not an IP address/
  ],
  ['an IPv4 address in brackets', 'dns-resolvers', '[1.1.1.1]:53', /entry '\[1\.1\.1\.1\]:53' is not an IP address/]
]

describe('bad inputs fail before any network call (run())', () => {
  const rows = BAD_INPUTS.map(([what, input, value, allowed]) => ({
    what,
    input,
    value,
    allowed,
    shown: abbreviate(value)
  }))

  it.each(rows)('$what: $input = $shown', async ({ input, value, allowed }) => {
    await runWith(input === 'dns-role-chaining' ? { [input]: value, 'dns-role-to-assume': '' } : { [input]: value })

    expect(world.sim.requests).toEqual([])
    expect(core.errors).toHaveLength(1)
    const [error] = core.errors
    expect(error?.title).toBe('Invalid input')
    expect(error?.message).toMatch(allowed)
    // Names the input and the value (a list input names the offending entry).
    const shown = /^Input '([^']+)' = ("(?:[^"\\]|\\.)*")/.exec(error?.message ?? '')
    expect(shown?.[1]).toBe(input)
    const shownValue = JSON.parse(shown?.[2] ?? '""') as string
    expect(value.trim().includes(shownValue)).toBe(true)
    expect(process.exitCode).toBe(1)
    expect(core.outputs['certificate-arn']).toBeUndefined()
  })

  it('F30 no Region anywhere (input, AWS_REGION, AWS_DEFAULT_REGION): fails before any call, says where to set it', async () => {
    await runWith({ 'aws-region': '' })

    expect(world.sim.requests).toEqual([])
    expect(core.errors[0]?.message).toMatch(
      /Input 'aws-region' = "": is required: no Region in the input, AWS_REGION or AWS_DEFAULT_REGION/
    )
  })

  it('F30 a bad AWS_DEFAULT_REGION is named with its source', async () => {
    await runWith({ 'aws-region': '' }, { AWS_DEFAULT_REGION: 'europe' })

    expect(world.sim.requests).toEqual([])
    expect(core.errors[0]?.message).toMatch(/"europe": is not an AWS Region code \(from env AWS_DEFAULT_REGION\)/)
  })
})

describe('what plausible inputs become (no network either)', () => {
  const read = (overrides: Record<string, string>, env: Record<string, string> = {}) =>
    readConfig((name) => ({ ...VALID, ...overrides })[name] ?? '', env)

  it.each([
    [
      'commas, newlines and blanks mixed',
      { 'subject-alternative-names': ' www.example.com,\n\napi.example.com ,, *.example.com\n' },
      ['example.com', 'www.example.com', 'api.example.com', '*.example.com']
    ],
    [
      'trailing dots and capitals',
      { 'domain-name': 'EXAMPLE.com.', 'subject-alternative-names': 'WWW.Example.COM.' },
      ['example.com', 'www.example.com']
    ],
    [
      'case-only duplicates and a SAN repeating the primary',
      { 'subject-alternative-names': 'Example.com www.example.com WWW.EXAMPLE.COM' },
      ['example.com', 'www.example.com']
    ],
    [
      'Unicode names',
      { 'domain-name': 'bücher.example', 'subject-alternative-names': '*.пример.рф' },
      ['xn--bcher-kva.example', '*.xn--e1afmkfd.xn--p1ai']
    ],
    ['a 253-character SAN', { 'subject-alternative-names': NAME_253 }, ['example.com', NAME_253]],
    [
      'exactly 100 names',
      { 'subject-alternative-names': HUNDRED_SANS.split('\n').slice(0, 99).join('\n') },
      expect.arrayContaining(['example.com', 'n98.example.com'])
    ]
  ])('%s', (_what, overrides, names) => {
    expect(read(overrides).allNames).toEqual(names)
  })

  it('AWS_DEFAULT_REGION is used when the input and AWS_REGION are empty', () => {
    expect(read({ 'aws-region': '' }, { AWS_DEFAULT_REGION: 'eu-west-1' }).region).toBe('eu-west-1')
  })
})

describe('the zero-request assertion can fail: valid inputs do reach AWS', () => {
  it('valid inputs: OIDC, STS for both roles, ACM and Route 53, and the certificate is ISSUED (STS 503s retried)', async () => {
    world.sim.injectFault({ service: 'sts', kind: 'server-error', times: 2 })

    await runWith({})

    expect(core.errors).toEqual([])
    expect(core.outputs['status']).toBe('ISSUED')
    expect(core.outputs['certificate-arn']).toMatch(/^arn:aws:acm:us-east-1:111111111111:certificate\//)
    expect(
      requestsOf(world.sim, 'sts', 'AssumeRoleWithWebIdentity').filter((r) => r.errorCode === undefined)
    ).toHaveLength(2)
    expect(
      requestsOf(world.sim, 'sts', 'AssumeRoleWithWebIdentity').filter((r) => r.errorCode === 'ServiceUnavailable')
    ).toHaveLength(2)
    expect(world.sim.calls('oidc')).toBeGreaterThanOrEqual(2)
  })
})
