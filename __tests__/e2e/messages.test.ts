// Issue 20 §2 and §3 end to end: what a new user meets when something is off, through the bundled
// action (dist/index.js) against the simulator. Each message names what went wrong and what to do;
// each defect found from outside stays fixed (no stray certificate, no echoed password, no account
// id in the report file when masked).
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunnerResult } from '../../sim/runner.js'
import { EXAMPLE, explain, roles, startWorld, type World } from './world.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const DNS_ACCOUNT = EXAMPLE.dnsAccount

let world: World
afterEach(async () => world?.stop())

const ok = (result: RunnerResult) => ({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) })

/** The one `::error` line of a failed run (message and hint; the runner escapes the line break as %0A). */
function errorLine(result: RunnerResult): string {
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('::error'))
  expect(lines).toHaveLength(1)
  return (lines[0] ?? '').replaceAll('%0A', '\n')
}

describe('a timeout says which input and what else to do, and blames DNS only on evidence', () => {
  it('every name validated (SUCCESS): ACM is still issuing; timeout-minutes named with its value', async () => {
    world = await startWorld({ issuanceDelayMs: 120_000 })
    const result = await world.run({ 'domain-name': 'example.com', 'timeout-minutes': '0.05', ...roles })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toMatch(/^::error title=Timed out::Certificate .* is not issued yet; every name is validated/)
    expect(error).toContain('Every name is validated (SUCCESS): DNS is not the problem, ACM is simply still issuing.')
    expect(error).toContain('timeout-minutes is 0.05: raise it to wait longer, or set wait: false')
    expect(error).toContain('check on it later with mode: status')
    expect(error).not.toMatch(/delegat|CAA/)
  })

  it('a zone public DNS does not delegate (found by the pre-flight): the timeout names that finding', async () => {
    world = await startWorld()
    world.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'shop.test', delegated: false })
    const result = await world.run({ 'domain-name': 'shop.test', 'timeout-minutes': '0.05', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['status']).toBe('PENDING_VALIDATION')
    const error = errorLine(result)
    expect(error).toMatch(/still validating shop\.test/)
    expect(error).toMatch(
      /The pre-flight checks found what holds it up: Public DNS has no NS records for shop\.test, but its Route 53 zone/
    )
    expect(error).toContain('timeout-minutes is 0.05')
  })
})

describe('a timeout with dns-provider external', () => {
  it("records not created by the user: says they are the user's to create, not a delegation problem", async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'dns-provider': 'external',
      'timeout-minutes': '0.05',
      'role-to-assume': EXAMPLE.certificateRole
    })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toMatch(/still validating example\.com/)
    expect(error).toContain('With dns-provider external the validation CNAMEs are yours to create')
    expect(error).not.toMatch(/delegat/)
  })
})

describe('no public zone: the account searched, and dns-role-to-assume', () => {
  it('without dns-role-to-assume: names the certificate account and suggests dns-role-to-assume', async () => {
    world = await startWorld()
    // example.com's zone is in the DNS account; the certificate account has none.
    const result = await world.run({ 'domain-name': 'example.com', 'role-to-assume': EXAMPLE.certificateRole })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toContain(
      `No public Route 53 hosted zone found in account ${CERT_ACCOUNT} of the certificate identity ` +
        '(dns-role-to-assume is not set) for: example.com'
    )
    expect(error).toContain('If the zone is in another account, set dns-role-to-assume to a role there')
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })

  it('with dns-role-to-assume: names the DNS role and its account', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'www.nozone.test', ...roles })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toContain(
      `No public Route 53 hosted zone found in account ${DNS_ACCOUNT} of dns-role-to-assume (${EXAMPLE.dnsRole}) ` +
        'for: www.nozone.test'
    )
    expect(error).toContain('set dns-role-to-assume to a role in that account instead')
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })
})

describe('aws-region with a misspelt Region among several', () => {
  it('is refused before any call, suggesting the Region meant: no certificate anywhere', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'example.com', 'aws-region': 'us-east-1, eu-centrl-1', ...roles })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toMatch(
      /^::error title=Invalid input::Input 'aws-region' = "us-east-1, eu-centrl-1": entry 'eu-centrl-1' is not a Region the AWS SDK knows/
    )
    expect(error).toContain('Did you mean eu-central-1?')
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
    expect(world.sim.requests).toEqual([])
    expect(world.sim.certificates(CERT_ACCOUNT)).toEqual([])
  })
})

describe('http-proxy with a password in a URL the action cannot use', () => {
  it.each(['socks5://alice:Pr0xyPassw0rd@proxy.corp:1080', 'http://alice:Pr0xyPassw0rd@proxy.corp:99999'])(
    '%s is refused without the password (or user) anywhere in the output',
    async (proxy) => {
      world = await startWorld()
      const result = await world.run({ 'domain-name': 'example.com', 'http-proxy': proxy, ...roles })
      expect(result.exitCode).toBe(1)
      expect(errorLine(result)).toMatch(
        /^::error title=Invalid input::Input 'http-proxy' = "\w+:\/\/\*\*\*@proxy\.corp:/
      )
      for (const text of [result.stdout, result.stderr, result.summary]) {
        expect(text).not.toContain('Pr0xyPassw0rd')
        expect(text).not.toContain('alice')
      }
      expect(world.sim.requests).toEqual([])
    }
  )
})

describe('mask-aws-account-id: true and report-file', () => {
  const reportOf = (path: string): string => readFileSync(path, 'utf8')

  it('writes no account id into the report file, as the log masks them', async () => {
    world = await startWorld()
    const path = join(mkdtempSync(join(tmpdir(), 'acm-report-')), 'report.json')
    const result = await world.run({
      'domain-name': 'example.com',
      'mask-aws-account-id': 'true',
      'report-file': path,
      ...roles
    })
    expect(ok(result)).toEqual({ exit: 0, log: '' })
    const report = reportOf(path)
    expect(report).not.toContain(CERT_ACCOUNT)
    expect(report).not.toContain(DNS_ACCOUNT)
    const arn = (result.outputs['certificate-arn'] ?? '').replace(CERT_ACCOUNT, '***')
    expect(JSON.parse(report)).toMatchObject({ outcome: 'success', certificateArn: arn })
  })

  it('redacts an account id in an error message too (the account searched for a zone)', async () => {
    world = await startWorld()
    const path = join(mkdtempSync(join(tmpdir(), 'acm-report-')), 'report.json')
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': EXAMPLE.certificateRole,
      'mask-aws-account-id': 'true',
      'report-file': path
    })
    expect(result.exitCode).toBe(1)
    const report = JSON.parse(reportOf(path)) as { error: { message: string } }
    expect(report.error.message).toContain('No public Route 53 hosted zone found in account *** of the certificate')
    expect(reportOf(path)).not.toContain(CERT_ACCOUNT)
  })

  it('leaves the report as it was without mask-aws-account-id', async () => {
    world = await startWorld()
    const path = join(mkdtempSync(join(tmpdir(), 'acm-report-')), 'report.json')
    const result = await world.run({ 'domain-name': 'example.com', 'report-file': path, ...roles })
    expect(ok(result)).toEqual({ exit: 0, log: '' })
    expect(reportOf(path)).toContain(`:${CERT_ACCOUNT}:certificate/`)
  })
})

describe('subject-alternative-names written as a YAML list', () => {
  it('takes the `- name` lines as the names and issues the certificate for them', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': '- www.example.com\n- api.dev.example.com\n',
      ...roles
    })
    expect(ok(result)).toEqual({ exit: 0, log: '' })
    expect(world.sim.certificates(CERT_ACCOUNT).map((c) => c.names)).toEqual([
      ['example.com', 'www.example.com', 'api.dev.example.com']
    ])
  })
})

describe('names that are not certificate names', () => {
  it.each([
    [
      'https://example.com/',
      /this is a URL, not a DNS name: drop the scheme \(https:\/\/\) and the path, and give the host name alone \(example\.com\)/
    ],
    [
      '*.com',
      /has a single label after the wildcard; a wildcard covers the names directly under a registered domain, e\.g\. \*\.example\.com/
    ]
  ])('domain-name %j: says what to write instead, before any call', async (name, message) => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': name, ...roles })
    expect(result.exitCode).toBe(1)
    expect(errorLine(result)).toMatch(message)
    expect(world.sim.requests).toEqual([])
  })
})

describe('a role that does not exist', () => {
  it('the AccessDenied hint says to check the role name and account first', async () => {
    world = await startWorld()
    const missing = `arn:aws:iam::${CERT_ACCOUNT}:role/certs-typo`
    const result = await world.run({
      'domain-name': 'example.com',
      'role-to-assume': missing,
      'dns-role-to-assume': EXAMPLE.dnsRole
    })
    expect(result.exitCode).toBe(1)
    const error = errorLine(result)
    expect(error).toContain('AccessDenied')
    expect(error).toContain(
      `STS gives the same AccessDenied for a role that does not exist, so confirm that a role named certs-typo ` +
        `exists in account ${CERT_ACCOUNT}`
    )
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })
})
