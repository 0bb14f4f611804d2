// Issue #8 features end to end: the bundled action (dist/index.js) run as the runner runs it against
// the simulator. External DNS, zone overrides across accounts, ACM Private CA, renewal awareness,
// delete mode and status mode; each case asserts what the user sees and what AWS ends up with.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MANAGED_BY_TAG } from '../../src/constants.js'
import {
  EXAMPLE,
  explain,
  recordsOf,
  roles,
  startWorld,
  validationRecordsOutput,
  visibleLog,
  type World
} from './world.js'
import { ORG_ACCOUNT } from '../../__fixtures__/accounts.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const DAY = 86_400_000
const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555'
const OTHER_CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/99999999-2222-3333-4444-555555555555'
const ORG_ROLE = `arn:aws:iam::${ORG_ACCOUNT}:role/dns-org`

let world: World
afterEach(async () => world?.stop())

/** Roles assumed during the runs so far (AssumeRoleWithWebIdentity and AssumeRole). */
function assumedRoles(w: World): string[] {
  return w.sim.requests
    .filter((r) => r.service === 'sts' && r.operation.startsWith('AssumeRole'))
    .map((r) => String(r.params['RoleArn']))
}

function expectSuccess(result: Awaited<ReturnType<World['run']>>): void {
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
}

describe('dns-provider: external', () => {
  it('publishes the CNAMEs (output, log, summary) without any Route 53 call or DNS role; a later run picks the certificate up', async () => {
    world = await startWorld()
    const inputs = {
      'domain-name': 'example.com',
      'subject-alternative-names': '*.example.com, www.example.com',
      'dns-provider': 'external',
      ...roles
    }
    const first = await world.run({ ...inputs, wait: 'false' })
    expectSuccess(first)
    expect(first.outputs).toMatchObject({ status: 'PENDING_VALIDATION', reused: 'false' })
    const published = validationRecordsOutput(first)
    expect(published).toHaveLength(2) // example.com and *.example.com share one
    for (const record of published) {
      expect(record).not.toHaveProperty('hostedZoneId')
      expect(record.value).toMatch(/\.acm-validations\.aws\.$/)
      expect(visibleLog(first)).toContain(`${record.name} CNAME ${record.value}`)
      expect(first.summary).toContain(`| \`${record.name}\` | CNAME | \`${record.value}\` |`)
    }
    expect(visibleLog(first)).toMatch(/Create these 2 CNAME records at your DNS provider/)
    expect(first.summary).toMatch(/### DNS records to create/)
    expect(first.stdout).toMatch(/::notice title=Certificate not issued yet::.*create the validation CNAMEs/)
    expect(world.sim.calls('route53')).toBe(0)
    expect(assumedRoles(world)).toEqual([EXAMPLE.certificateRole])
    expect(visibleLog(first)).toMatch(/dns-role-to-assume is not assumed: this run makes no Route 53 call/)

    // The user creates the records elsewhere (here: straight into the simulated public DNS).
    for (const record of published)
      world.sim.putRecord(world.zones.publicZoneId, { name: record.name, type: 'CNAME', values: [record.value] })
    const second = await world.run(inputs)
    expectSuccess(second)
    expect(second.outputs).toMatchObject({
      status: 'ISSUED',
      reused: 'true',
      'certificate-arn': first.outputs['certificate-arn']
    })
    expect(world.sim.calls('route53')).toBe(0)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
  })
})

describe('zone-overrides', () => {
  it('spreads the records over zones in two DNS accounts, each written with its own role, in one step', async () => {
    world = await startWorld()
    world.sim.addRole({ arn: ORG_ROLE, trust: { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] } })
    const orgZone = world.sim.addHostedZone({ accountId: ORG_ACCOUNT, name: 'example.org' })
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.org, api.example.org',
      'zone-overrides': `# the .org names live in another account\nexample.org=${orgZone},${ORG_ROLE}`,
      ...roles
    })
    expectSuccess(result)
    expect(result.outputs['status']).toBe('ISSUED')
    const zones = validationRecordsOutput(result)
      .map((r) => r.hostedZoneId)
      .sort()
    expect(zones).toEqual([orgZone, orgZone, world.zones.publicZoneId].sort())
    expect(recordsOf(world, orgZone, 'CNAME')).toHaveLength(2)
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(1)
    // One batch per zone, each in the account that owns the zone; each role assumed once.
    const changes = world.sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets')
    expect(changes.map((c) => c.accountId).sort()).toEqual([EXAMPLE.dnsAccount, ORG_ACCOUNT])
    expect(assumedRoles(world).sort()).toEqual([EXAMPLE.certificateRole, EXAMPLE.dnsRole, ORG_ROLE].sort())
    expect(visibleLog(result)).toContain(`as ${ORG_ROLE}`)
  })

  it('refuses a bad line before any network call, naming the line', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'zone-overrides': 'example.com=Z1\nexample.org=not-a-zone',
      ...roles
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=Invalid input::Input 'zone-overrides' = .*line 2 'example\.org=not-a-zone'/
    )
    expect(world.sim.requests).toEqual([])
  })
})

describe('certificate-authority-arn (ACM Private CA)', () => {
  it('requests a private certificate without DNS validation or Route 53, and reuses it only from the same CA', async () => {
    world = await startWorld()
    // Same names, another CA: must not be reused.
    world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'internal.example.com',
      type: 'PRIVATE',
      certificateAuthorityArn: OTHER_CA_ARN
    })
    const inputs = { 'domain-name': 'internal.example.com', 'certificate-authority-arn': CA_ARN, ...roles }
    const first = await world.run(inputs)
    expectSuccess(first)
    expect(first.outputs).toMatchObject({ status: 'ISSUED', reused: 'false' })
    expect(first.outputs['validation-records']).toBeUndefined()
    const arn = first.outputs['certificate-arn'] ?? ''
    expect(world.sim.certificate(arn)).toMatchObject({ type: 'PRIVATE', certificateAuthorityArn: CA_ARN })
    const request = world.sim.requests.find((r) => r.operation === 'RequestCertificate')
    expect(request?.params).toMatchObject({ CertificateAuthorityArn: CA_ARN })
    expect(request?.params).not.toHaveProperty('ValidationMethod')
    expect(visibleLog(first)).toMatch(/Not reusing .*: issued by .*99999999/)

    const second = await world.run(inputs)
    expectSuccess(second)
    expect(second.outputs).toMatchObject({ status: 'ISSUED', reused: 'true', 'certificate-arn': arn })
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
    expect(world.sim.calls('route53')).toBe(0)
    expect(assumedRoles(world)).toEqual([EXAMPLE.certificateRole, EXAMPLE.certificateRole])
  })
})

describe('min-days-remaining (renewal awareness)', () => {
  it('does not reuse a certificate close to expiry: says why and requests a new one', async () => {
    world = await startWorld()
    const expiring = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'example.com',
      notAfter: Date.now() + 10 * DAY + 3_600_000
    })
    const result = await world.run({ 'domain-name': 'example.com', ...roles })
    expectSuccess(result)
    expect(visibleLog(result)).toContain(`Not reusing ${expiring}: expires in 10 days (< min-days-remaining 30)`)
    expect(result.outputs).toMatchObject({ reused: 'false', status: 'ISSUED' })
    expect(result.outputs['certificate-arn']).not.toBe(expiring)

    // With a lower threshold the same certificate is reused.
    const relaxed = await world.run({ 'domain-name': 'example.com', 'min-days-remaining': '5', ...roles })
    expectSuccess(relaxed)
    expect(relaxed.outputs['reused']).toBe('true')
  })

  it('does not reuse a certificate in use whose renewal is INELIGIBLE, but does reuse an unattached one', async () => {
    world = await startWorld()
    const stuck = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'www.example.com',
      inUseBy: ['arn:aws:cloudfront::111111111111:distribution/E1'],
      renewalEligibility: 'INELIGIBLE'
    })
    const result = await world.run({ 'domain-name': 'www.example.com', ...roles })
    expectSuccess(result)
    expect(visibleLog(result)).toContain(`Not reusing ${stuck}: it is in use but INELIGIBLE for managed renewal`)
    expect(result.outputs['reused']).toBe('false')

    // ACM calls every certificate not attached to a service INELIGIBLE: attaching it fixes that.
    const fresh = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'api.example.com',
      renewalEligibility: 'INELIGIBLE'
    })
    const unattached = await world.run({ 'domain-name': 'api.example.com', ...roles })
    expect(unattached.outputs).toMatchObject({ reused: 'true', 'certificate-arn': fresh })
  })
})

describe('mode: delete', () => {
  it('deletes a certificate this action created, keeps its validation records, and calls no Route 53', async () => {
    world = await startWorld()
    const created = await world.run({ 'domain-name': 'pr-42.example.com', ...roles })
    expectSuccess(created)
    const arn = created.outputs['certificate-arn'] ?? ''
    expect([...(world.sim.certificate(arn)?.tags.keys() ?? [])]).toEqual([MANAGED_BY_TAG])
    const cnames = recordsOf(world, world.zones.publicZoneId, 'CNAME')
    world.sim.resetLog()

    const deleted = await world.run({ mode: 'delete', 'certificate-arn': arn, ...roles })
    expectSuccess(deleted)
    expect(deleted.outputs).toMatchObject({
      status: 'DELETED',
      'certificate-arn': arn,
      'domain-name': 'pr-42.example.com'
    })
    expect(world.sim.certificate(arn)).toBeUndefined()
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toEqual(cnames)
    expect(world.sim.calls('route53')).toBe(0)
    expect(assumedRoles(world)).toEqual([EXAMPLE.certificateRole])
    expect(deleted.summary).toMatch(/ACM certificate: DELETED/)

    // Again: nothing left to delete is not a failure.
    const again = await world.run({ mode: 'delete', 'certificate-arn': arn, ...roles })
    expectSuccess(again)
    expect(again.outputs['status']).toBe('NOT_FOUND')
  })

  it('finds the certificate by its names when no certificate-arn is given', async () => {
    world = await startWorld()
    const created = await world.run({ 'domain-name': 'pr-7.example.com', ...roles })
    const deleted = await world.run({ mode: 'delete', 'domain-name': 'pr-7.example.com', ...roles })
    expectSuccess(deleted)
    expect(deleted.outputs).toMatchObject({ status: 'DELETED', 'certificate-arn': created.outputs['certificate-arn'] })
    expect(world.sim.certificates(CERT_ACCOUNT)).toEqual([])
  })

  it('refuses a certificate without the managed-by tag', async () => {
    world = await startWorld()
    const foreign = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'example.com',
      tags: { team: 'web' }
    })
    const result = await world.run({ mode: 'delete', 'certificate-arn': foreign, ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(`Certificate ${foreign} was not created by acm-certificate-action`)
    expect(result.stdout).toContain('delete it yourself if you mean it')
    expect(world.sim.certificate(foreign)).toBeDefined()
    expect(world.sim.calls('acm', 'DeleteCertificate')).toBe(0)
  })

  it('waits for a certificate in use to be released, then deletes it', async () => {
    world = await startWorld()
    const arn = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'pr-9.example.com',
      tags: { [MANAGED_BY_TAG]: 'token' },
      inUseBy: ['arn:aws:cloudfront::111111111111:distribution/E9']
    })
    // CloudFront lets go of it a little later.
    const release = setTimeout(() => {
      const cert = world.sim.certificate(arn)
      if (cert) cert.inUseBy = []
    }, 2500)
    const result = await world.run({ mode: 'delete', 'certificate-arn': arn, 'timeout-minutes': '1', ...roles })
    clearTimeout(release)
    expectSuccess(result)
    expect(visibleLog(result)).toContain(
      `Certificate ${arn} is in use by arn:aws:cloudfront::111111111111:distribution/E9; waiting`
    )
    expect(result.outputs['status']).toBe('DELETED')
    expect(world.sim.certificate(arn)).toBeUndefined()
  })

  it('with wait: false, fails at once on a certificate in use, saying what to do', async () => {
    world = await startWorld()
    const arn = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'pr-10.example.com',
      tags: { [MANAGED_BY_TAG]: 'token' },
      inUseBy: ['arn:aws:cloudfront::111111111111:distribution/E10']
    })
    const result = await world.run({ mode: 'delete', 'certificate-arn': arn, wait: 'false', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=Timed out::Certificate .* is still in use by .*E10, so it was not deleted/
    )
    expect(world.sim.certificate(arn)).toBeDefined()
  })
})

describe('mode: status', () => {
  it('reports a pending certificate (records, no expiry), then waits for it to be ISSUED; never calls Route 53', async () => {
    world = await startWorld({ issuanceDelayMs: 3000 })
    const requested = await world.run({ 'domain-name': 'example.com', wait: 'false', ...roles })
    expectSuccess(requested)
    const arn = requested.outputs['certificate-arn'] ?? ''
    world.sim.resetLog()

    const pending = await world.run({ mode: 'status', 'certificate-arn': arn, wait: 'false', ...roles })
    expectSuccess(pending)
    expect(pending.outputs).toMatchObject({
      status: 'PENDING_VALIDATION',
      'certificate-arn': arn,
      'domain-name': 'example.com'
    })
    expect(pending.outputs['reused']).toBeUndefined()
    expect(pending.outputs['not-after']).toBeUndefined()
    const [record] = validationRecordsOutput(pending)
    expect(record?.domains).toEqual(['example.com'])
    expect(record).not.toHaveProperty('hostedZoneId')

    const issued = await world.run({ mode: 'status', 'certificate-arn': arn, ...roles })
    expectSuccess(issued)
    expect(issued.outputs['status']).toBe('ISSUED')
    expect(Date.parse(issued.outputs['not-after'] ?? '')).toBeGreaterThan(Date.now())
    expect(world.sim.calls('route53')).toBe(0)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
    expect(assumedRoles(world)).toEqual([EXAMPLE.certificateRole, EXAMPLE.certificateRole])
  })

  it('needs certificate-arn', async () => {
    world = await startWorld()
    const result = await world.run({ mode: 'status', 'domain-name': 'example.com', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/Input 'certificate-arn' = "": is required with mode status/)
    expect(world.sim.requests).toEqual([])
  })
})

describe('pre-flight checks (preflight, dns-resolvers)', () => {
  it('warns by default of a CAA set that leaves Amazon out, naming the name, the record and the fix, and still requests', async () => {
    world = await startWorld()
    world.sim.putRecord(world.zones.publicZoneId, {
      name: 'example.com',
      type: 'CAA',
      values: ['0 issue "letsencrypt.org"']
    })
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.com',
      ...roles
    })
    expectSuccess(result)
    const warnings = result.stdout.split('\n').filter((l) => l.startsWith('::warning title=Pre-flight CAA check::'))
    // One per name: www.example.com has no CAA set of its own, so example.com's covers it.
    expect(warnings).toHaveLength(2)
    expect(warnings.join('\n')).toContain(
      'The CAA records at example.com (0 issue "letsencrypt.org") do not allow Amazon'
    )
    expect(warnings.join('\n')).toContain('example.com (which covers www.example.com)')
    expect(warnings.join('\n')).toContain('Add the CAA record 0 issue "amazon.com" at example.com')
    expect(result.summary).toMatch(/### Pre-flight findings[\s\S]*\| CAA \| www\.example\.com \|/)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
    // The checks asked the resolver given in dns-resolvers, and the zone lookups served the record write too.
    expect(world.sim.dns.queries.map((q) => `${q.type} ${q.name}`)).toEqual(
      expect.arrayContaining(['CAA example.com', 'CAA www.example.com', 'NS example.com'])
    )
    expect(world.sim.calls('route53', 'ListHostedZonesByName')).toBe(2) // www.example.com, example.com: once each
  })

  it('with preflight: fail, stops before any request when public DNS does not delegate the zone to Route 53', async () => {
    world = await startWorld()
    const shop = world.sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'shop.test', delegated: false })
    const servers = world.sim.zones().find((z) => z.id === shop)?.nameServers ?? []
    const result = await world.run({ 'domain-name': 'shop.test', preflight: 'fail', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=Pre-flight check failed::Pre-flight checks found 1 problem\(s\), so the action stopped before requesting a certificate or writing any record/
    )
    expect(result.stdout).toContain(
      `Public DNS has no NS records for shop.test, but its Route 53 zone ${shop} has ${servers.join(', ')}`
    )
    expect(result.stdout).toContain(`Set the name servers of shop.test to ${servers.join(', ')}`)
    expect(result.stdout).toContain('To request anyway, set preflight: warn.')
    expect(result.outputs['certificate-arn']).toBeUndefined()
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    expect(world.sim.certificates(EXAMPLE.certificateAccount)).toEqual([])
  })

  it('a resolver that fails is only a warning; preflight: off asks nothing', async () => {
    world = await startWorld()
    world.sim.dns.fault = { kind: 'servfail' }
    const result = await world.run({ 'domain-name': 'example.com', preflight: 'fail', ...roles })
    expectSuccess(result)
    expect(result.stdout).toMatch(
      /::warning title=Pre-flight CAA check::Could not check CAA for example\.com: looking up CAA records of example\.com failed \(ESERVFAIL\)/
    )
    expect(result.stdout).toMatch(
      /::warning title=Pre-flight delegation check::Could not check the delegation of example\.com/
    )
    expect(visibleLog(result)).toMatch(
      /Pre-flight checks found no problem, but 2 lookup\(s\) failed \(see the warnings\)/
    )
    expect(result.outputs['status']).toBe('ISSUED')

    const asked = world.sim.dns.queries.length
    const off = await world.run({ 'domain-name': 'www.example.com', preflight: 'off', ...roles })
    expectSuccess(off)
    expect(world.sim.dns.queries).toHaveLength(asked)
    expect(off.stdout).not.toContain('Pre-flight')
  })

  it('refuses a dns-resolvers entry that is not an IP address before any network call', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'example.com', 'dns-resolvers': '1.1.1.1, dns.google', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toContain(
      `::error title=Invalid input::Input 'dns-resolvers' = "1.1.1.1, dns.google": entry 'dns.google' is not an IP address`
    )
    expect(world.sim.requests).toEqual([])
  })
})

describe('report-file', () => {
  const readReport = (path: string): Record<string, unknown> =>
    JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>

  it('writes the audit record of an issued run: names, decision, records and zones, status, timings, findings', async () => {
    world = await startWorld()
    world.sim.putRecord(world.zones.publicZoneId, {
      name: 'example.com',
      type: 'CAA',
      values: ['0 issue "letsencrypt.org"']
    })
    const dir = mkdtempSync(join(tmpdir(), 'acm-report-'))
    const path = join(dir, 'reports', 'certificate.json')
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': '*.example.com',
      'report-file': path,
      ...roles
    })
    expectSuccess(result)
    const report = readReport(path)
    const arn = result.outputs['certificate-arn']
    expect(report).toMatchObject({
      schemaVersion: 1,
      outcome: 'success',
      inputs: { names: ['example.com', '*.example.com'], region: EXAMPLE.region, keyAlgorithm: 'RSA_2048' },
      certificateArn: arn,
      status: 'ISSUED',
      reused: false,
      notAfter: result.outputs['not-after'],
      validation: [
        { domain: 'example.com', status: 'SUCCESS' },
        { domain: '*.example.com', status: 'SUCCESS' }
      ],
      error: null
    })
    expect(String(report['decision'])).toMatch(
      new RegExp(`^Requested ${arn}: no ISSUED or PENDING_VALIDATION certificate`)
    )
    // One shared record, in the zone the action wrote it to: the same as the simulator holds.
    const [record] = report['records'] as { name: string; value: string; hostedZoneId: string; domains: string[] }[]
    expect(report['records']).toHaveLength(1)
    expect(record).toMatchObject({
      hostedZoneId: world.zones.publicZoneId,
      hostedZoneName: 'example.com',
      domains: ['example.com', '*.example.com']
    })
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toContainEqual(
      expect.objectContaining({ name: record?.name, values: [record?.value] })
    )
    const timings = report['timings'] as Record<string, number>
    for (const phase of ['findOrRequestMs', 'recordsMs', 'waitMs']) expect(timings[phase]).toBeGreaterThanOrEqual(0)
    expect((report['findings'] as { check: string; name: string }[]).map((f) => `${f.check} ${f.name}`)).toEqual([
      'caa example.com',
      'caa *.example.com'
    ])
    expect(Date.parse(String(report['endedAt'])) - Date.parse(String(report['startedAt']))).toBe(report['elapsedMs'])
    expect(visibleLog(result)).toContain(`Report written to ${path}`)

    // A re-run reuses the certificate and says so; the file is replaced, not appended to.
    const again = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': '*.example.com',
      'report-file': path,
      ...roles
    })
    expectSuccess(again)
    expect(readReport(path)).toMatchObject({ reused: true, certificateArn: arn, status: 'ISSUED' })
    expect(String(readReport(path)['decision'])).toMatch(new RegExp(`^Reused ${arn}: ISSUED`))
    expect(readdirSync(join(dir, 'reports'))).toEqual(['certificate.json'])
  })

  it('writes the record of a failed run too, with the error and what was known', async () => {
    world = await startWorld({ failCertificates: { reason: 'CAA_ERROR' } })
    const path = join(mkdtempSync(join(tmpdir(), 'acm-report-')), 'failed.json')
    const result = await world.run({ 'domain-name': 'www.example.com', 'report-file': path, ...roles })
    expect(result.exitCode).toBe(1)
    const report = readReport(path)
    expect(report).toMatchObject({
      outcome: 'failure',
      status: 'FAILED',
      certificateArn: result.outputs['certificate-arn']
    })
    expect(report['error']).toMatchObject({
      message: `ACM could not issue certificate ${result.outputs['certificate-arn']}: FAILED (CAA_ERROR)`
    })
    expect(report['decision']).toMatch(/^Requested /)
    expect(report['records']).toHaveLength(1)
  })
})
