// Issue 15, the renewal guard (mode: audit) end to end: the bundled action run as the runner runs it
// against the simulator. Each case seeds certificates the way ACM would hold them (issued, in use,
// with their validation CNAMEs in Route 53), breaks one thing the way people and time do, and checks
// the verdict, the outputs, the job summary and what ends up in Route 53.
import { validationRecord } from '../../sim/index.js'
import { EXAMPLE, explain, recordsOf, roles, startWorld, type World } from './world.js'
import { ORG_ACCOUNT } from '../../__fixtures__/accounts.js'
import {
  okCalls,
  putValidationRecord,
  seedCertificate,
  seedFleet,
  throttledCalls,
  type Seed
} from '../../__fixtures__/audit-fleet.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const DAY = 86_400_000
const ORG_ROLE = `arn:aws:iam::${ORG_ACCOUNT}:role/dns-org`

let world: World
afterEach(async () => world?.stop())

/**
 * An issued certificate as ACM holds it, its records in `zoneId` (default: the public example.com
 * zone); eligible for managed renewal while in use, as ACM answers.
 */
function seed(w: World, s: Seed & { zoneId?: string }): string {
  const renewalEligibility = s.renewalEligibility ?? (s.inUse === false ? 'INELIGIBLE' : 'ELIGIBLE')
  return seedCertificate(w.sim, s.zoneId ?? w.zones.publicZoneId, { ...s, renewalEligibility })
}

interface ReportCertificate {
  arn: string
  verdict: string
  validation: {
    domain: string
    caa: string
    delegation: string
    route53: { state: string }
    publicDns: { state: string; reason?: string }
  }[]
  findings: { code: string; level: string; subject: string; message: string; fix: string }[]
}

function report(result: Awaited<ReturnType<World['run']>>): {
  certificates: ReportCertificate[]
  totals: Record<string, number>
} {
  return JSON.parse(result.outputs['report'] ?? 'null') as never
}

/** Each certificate's verdict and its risk-level finding codes, by ARN. */
function verdicts(result: Awaited<ReturnType<World['run']>>): Record<string, string> {
  return Object.fromEntries(
    report(result).certificates.map((c) => [
      c.arn,
      [
        c.verdict,
        ...c.findings
          .filter((f) => f.level === 'risk' || f.level === 'expired' || f.level === 'fixed')
          .map((f) => f.code)
      ].join(' ')
    ])
  )
}

const audit = { mode: 'audit', ...roles }

describe('mode: audit', () => {
  it('passes a healthy fleet: every certificate ok, at-risk 0, a summary line each', async () => {
    world = await startWorld()
    const a = seed(world, { names: ['example.com', '*.example.com'] })
    const b = seed(world, { names: ['api.example.com', 'www.example.com'] })
    const c = seed(world, { names: ['app.dev.example.com'], zoneId: world.zones.devZoneId })
    seed(world, { names: ['other.example.com'], managed: false })
    const result = await world.run(audit)
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
    expect(verdicts(result)).toEqual({ [a]: 'ok', [b]: 'ok', [c]: 'ok' })
    expect(result.outputs['at-risk']).toBe('0')
    expect(result.summary).toMatch(/Renewal guard: All 3 certificate\(s\) in us-east-1 will renew/)
    expect(result.summary.split('\n').filter((l) => l.startsWith('| ✅ ok |'))).toHaveLength(3)
    // Public DNS answers every validation CNAME as Route 53 holds it: no "could not ask public DNS" warning.
    const audited = report(result).certificates
    expect(audited.flatMap((c) => c.validation.map((v) => [v.domain, v.publicDns.state]))).toEqual(
      expect.arrayContaining([
        ['example.com', 'exact'],
        ['*.example.com', 'exact'],
        ['api.example.com', 'exact'],
        ['www.example.com', 'exact'],
        ['app.dev.example.com', 'exact']
      ])
    )
    expect(audited.flatMap((c) => c.validation).every((v) => v.publicDns.state === 'exact')).toBe(true)
    expect(audited.flatMap((c) => c.findings.map((f) => f.code))).not.toContain('public-dns-unknown')
    // Never a write when only auditing.
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('finds a deleted record (at risk, the step fails), repairs it, and the next audit is clean', async () => {
    world = await startWorld()
    const ok = seed(world, { names: ['example.com'] })
    const broken = seed(world, { names: ['api.example.com', 'www.example.com'] })
    const lost = validationRecord(CERT_ACCOUNT, 'www.example.com')
    expect(world.sim.deleteRecord(world.zones.publicZoneId, lost.name, 'CNAME')).toBe(true)

    const first = await world.run(audit)
    expect(first.exitCode).toBe(1)
    expect(verdicts(first)).toEqual({ [ok]: 'ok', [broken]: 'at-risk record-missing' })
    expect(first.outputs['at-risk']).toBe('1')
    expect(first.summary).toMatch(
      /\| ⚠️ at risk \| api\.example\.com \(\+1\) .*missing from zone example\.com.*\| Run the guard with repair: true/
    )
    expect(first.stdout).toMatch(/::error title=Renewal at risk::1 of 2 certificate/)

    world.sim.resetLog()
    const repair = await world.run({ ...audit, repair: 'true' })
    expect({ exit: repair.exitCode, log: repair.exitCode === 0 ? '' : explain(repair) }).toEqual({ exit: 0, log: '' })
    expect(verdicts(repair)).toEqual({ [ok]: 'ok', [broken]: 'ok record-repaired' })
    const changes = world.sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets' && r.status === 200)
    expect(changes).toHaveLength(1)
    expect(JSON.stringify(changes[0]?.params)).not.toMatch(/DELETE/)
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toContainEqual(
      expect.objectContaining({ name: lost.name, values: [lost.value] })
    )

    world.sim.resetLog()
    const after = await world.run(audit)
    expect(after.exitCode).toBe(0)
    expect(verdicts(after)).toEqual({ [ok]: 'ok', [broken]: 'ok' })
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('finds a record with a wrong value', async () => {
    world = await startWorld()
    const arn = seed(world, { names: ['example.com'] })
    putValidationRecord(world.sim, world.zones.publicZoneId, 'example.com', '_0000.wrongvalue.acm-validations.aws.')
    const result = await world.run({ ...audit, 'fail-on': 'none' })
    expect(result.exitCode).toBe(0)
    expect(verdicts(result)).toEqual({ [arn]: 'at-risk record-wrong' })
    expect(report(result).certificates[0]?.findings[0]?.message).toMatch(
      /points to _0000\.wrongvalue\.acm-validations\.aws\./
    )
    expect(result.outputs['at-risk']).toBe('1')
  })

  it('finds CAA that forbids Amazon on one name, and says which record to add', async () => {
    world = await startWorld()
    const arn = seed(world, { names: ['example.com', 'shop.example.com'] })
    const fine = seed(world, { names: ['api.example.com'] })
    world.sim.putRecord(world.zones.publicZoneId, {
      name: 'shop.example.com',
      type: 'CAA',
      ttl: 300,
      values: ['0 issue "letsencrypt.org"']
    })
    const result = await world.run(audit)
    expect(result.exitCode).toBe(1)
    expect(verdicts(result)).toEqual({ [arn]: 'at-risk caa-forbids', [fine]: 'ok' })
    const finding = report(result).certificates.find((c) => c.arn === arn)?.findings[0]
    expect(finding).toMatchObject({ code: 'caa-forbids', subject: 'shop.example.com' })
    expect(finding?.fix).toMatch(/0 issue "amazon\.com" at shop\.example\.com/)
    const names = report(result).certificates.find((c) => c.arn === arn)?.validation
    expect(names?.map((n) => [n.domain, n.caa, n.delegation])).toEqual([
      ['example.com', 'ok', 'ok'],
      ['shop.example.com', 'forbids', 'ok']
    ])
  })

  it('finds a zone public DNS does not delegate to Route 53', async () => {
    world = await startWorld()
    const shop = world.sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'shop.test', delegated: false })
    const arn = seed(world, { names: ['shop.test'], zoneId: shop })
    const result = await world.run(audit)
    expect(result.exitCode).toBe(1)
    expect(verdicts(result)).toEqual({ [arn]: 'at-risk delegation-broken' })
    expect(report(result).certificates[0]?.validation).toEqual([
      expect.objectContaining({ domain: 'shop.test', caa: 'ok', delegation: 'broken', route53: { state: 'exact' } })
    ])
  })

  it('finds a record Route 53 holds that public DNS does not see (a child zone elsewhere shadows it)', async () => {
    world = await startWorld()
    // shop.example.com is delegated to a zone in another account the DNS role cannot read; the
    // validation record went into the parent zone, where public DNS never looks for it.
    const shadow = world.sim.addHostedZone({ accountId: ORG_ACCOUNT, name: 'shop.example.com' })
    const shadowServers = world.sim.records(shadow).find((r) => r.type === 'NS')?.values ?? []
    world.sim.putRecord(world.zones.publicZoneId, { name: 'shop.example.com', type: 'NS', values: shadowServers })
    const arn = seed(world, { names: ['example.com', 'shop.example.com'] })
    const fine = seed(world, { names: ['api.example.com'] })
    const result = await world.run(audit)
    expect(result.exitCode).toBe(1)
    expect(verdicts(result)).toEqual({ [arn]: 'at-risk public-dns-missing', [fine]: 'ok' })
    const cert = report(result).certificates.find((c) => c.arn === arn)
    expect(cert?.validation.map((v) => [v.domain, v.route53.state, v.publicDns.state, v.delegation])).toEqual([
      ['example.com', 'exact', 'exact', 'ok'],
      ['shop.example.com', 'exact', 'missing', 'ok']
    ])
    const record = validationRecord(CERT_ACCOUNT, 'shop.example.com').name.replace(/\.$/, '')
    expect(cert?.findings).toContainEqual(
      expect.objectContaining({
        code: 'public-dns-missing',
        level: 'risk',
        subject: record,
        message: expect.stringMatching(/Public DNS has no such record .*shop\.example\.com although Route 53 has it/),
        fix: expect.stringMatching(/NS delegation\) and that no other zone shadows it/)
      })
    )
    expect(result.outputs['at-risk']).toBe('1')
  })

  it('finds an in-use certificate that is INELIGIBLE, a renewal that FAILED and an expired certificate, worst first', async () => {
    world = await startWorld()
    const ineligible = seed(world, { names: ['a.example.com'], renewalEligibility: 'INELIGIBLE' })
    const failed = seed(world, { names: ['b.example.com'], notAfterDays: 90 })
    world.sim.updateCertificate(failed, {
      renewalSummary: { renewalStatus: 'FAILED', renewalStatusReason: 'CAA_ERROR' }
    })
    const expired = seed(world, { names: ['c.example.com'], notAfterDays: -3 })
    const unused = seed(world, { names: ['d.example.com'], inUse: false })
    const result = await world.run(audit)
    expect(result.exitCode).toBe(1)
    expect(verdicts(result)).toEqual({
      [ineligible]: 'at-risk ineligible-in-use',
      [failed]: 'at-risk renewal-failed',
      [expired]: 'expired expired',
      [unused]: 'ok'
    })
    expect(report(result).certificates.map((c) => c.arn)).toEqual([expired, failed, ineligible, unused])
    expect(report(result).totals).toMatchObject({ certificates: 4, ok: 1, atRisk: 2, expired: 1 })
    expect(result.outputs['at-risk']).toBe('3')
    const rows = result.summary.split('\n').filter((l) => /^\| (⛔|⚠️|✅)/.test(l))
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| ⛔ expired', '| ⚠️ at risk', '| ⚠️ at risk', '| ✅ ok'])
  })

  it('audits a certificate whose zone is in another account through zone-overrides, and repairs it there', async () => {
    world = await startWorld()
    world.sim.addRole({ arn: ORG_ROLE, trust: { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] } })
    const orgZone = world.sim.addHostedZone({ accountId: ORG_ACCOUNT, name: 'example.org' })
    const arn = seed(world, { names: ['example.org', 'www.example.org'], zoneId: orgZone })
    const lost = validationRecord(CERT_ACCOUNT, 'www.example.org')
    world.sim.deleteRecord(orgZone, lost.name, 'CNAME')
    const inputs = { ...audit, 'zone-overrides': `example.org=${orgZone},${ORG_ROLE}` }
    const first = await world.run(inputs)
    expect(verdicts(first)).toEqual({ [arn]: 'at-risk record-missing' })
    const repaired = await world.run({ ...inputs, repair: 'true' })
    expect(repaired.exitCode).toBe(0)
    const changes = world.sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets' && r.status === 200)
    expect(changes.map((c) => c.accountId)).toEqual([ORG_ACCOUNT])
    expect(recordsOf(world, orgZone, 'CNAME').map((r) => r.name)).toContain(lost.name)
  })

  it('with audit-scope all, audits every ACM-issued certificate (not imported ones), narrowed by names', async () => {
    world = await startWorld()
    const mine = seed(world, { names: ['example.com'] })
    const theirs = seed(world, { names: ['api.example.com'], managed: false })
    world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EXAMPLE.region,
      domainName: 'imported.example.com',
      type: 'IMPORTED',
      notAfter: Date.now() + 5 * DAY
    })
    const all = await world.run({ ...audit, 'audit-scope': 'all' })
    expect(verdicts(all)).toEqual({ [mine]: 'ok', [theirs]: 'ok' })
    expect(world.sim.calls('acm', 'ListTagsForCertificate')).toBe(0)
    const narrowed = await world.run({ ...audit, 'audit-scope': 'all', 'domain-name': 'api.example.com' })
    expect(verdicts(narrowed)).toEqual({ [theirs]: 'ok' })
  })

  it('with hosted-zone-id, reads every record from that zone, without looking zones up', async () => {
    world = await startWorld()
    const arn = seed(world, { names: ['example.com', 'www.example.com'] })
    world.sim.resetLog()
    const result = await world.run({ ...audit, 'hosted-zone-id': world.zones.publicZoneId })
    expect(result.exitCode).toBe(0)
    expect(verdicts(result)).toEqual({ [arn]: 'ok' })
    const calls = (op: string) => world.sim.calls('route53', op)
    expect([calls('GetHostedZone'), calls('ListHostedZones'), calls('ListHostedZonesByName')]).toEqual([1, 0, 0])
    expect(calls('ListResourceRecordSets')).toBe(1)
  })

  it('fails with a hosted-zone-id that does not exist, naming the zone (issue 20: it passed as OK)', async () => {
    world = await startWorld()
    seed(world, { names: ['example.com'] })
    const result = await world.run({ ...audit, 'hosted-zone-id': 'Z0000000000NOSUCHZONE' })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error title=[^:]*::hosted-zone-id Z0000000000NOSUCHZONE: no such hosted zone/)
    expect(result.outputs['at-risk']).toBeUndefined()
  })

  it('with hosted-zone-id and zone-overrides, places an overridden name by its line, as request mode does', async () => {
    world = await startWorld()
    world.sim.addRole({ arn: ORG_ROLE, trust: { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] } })
    const orgZone = world.sim.addHostedZone({ accountId: ORG_ACCOUNT, name: 'example.org' })
    const com = seed(world, { names: ['example.com'] })
    const org = seed(world, { names: ['example.org'], zoneId: orgZone })
    const result = await world.run({
      ...audit,
      'hosted-zone-id': world.zones.publicZoneId,
      'zone-overrides': `example.org=${orgZone},${ORG_ROLE}`
    })
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
    expect(verdicts(result)).toEqual({ [com]: 'ok', [org]: 'ok' })
  })

  it('repairs under Route 53 throttling: the batch is resent until it goes through, once', async () => {
    world = await startWorld()
    const arn = seed(world, { names: ['example.com', 'www.example.com'] })
    for (const name of ['example.com', 'www.example.com'])
      world.sim.deleteRecord(world.zones.publicZoneId, validationRecord(CERT_ACCOUNT, name).name, 'CNAME')
    world.sim.injectFault({ service: 'route53', kind: 'throttle', rate: 0.5 })
    const result = await world.run({ ...audit, repair: 'true' })
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
    expect(verdicts(result)).toEqual({ [arn]: 'ok record-repaired record-repaired' })
    const throttled = world.sim.requests.filter((r) => r.service === 'route53' && r.errorCode === 'Throttling')
    expect(throttled.length).toBeGreaterThan(0)
    const written = world.sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets' && r.status === 200)
    expect(written).toHaveLength(1)
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(2)
  })

  // The same audit at 500 certificates in 50 zones: __tests__/audit/scale.test.ts (in process, on a
  // clock that skips the pacing) and `npx tsx bench/audit.ts` (this bundled action, in real time).
  it('audits 30 certificates in 3 zones with the quotas on, within the call budget: the tag scope from GetResources', async () => {
    world = await startWorld({ enforceQuotas: true })
    seedFleet(world.sim, 30, 3)
    world.sim.resetLog()
    const result = await world.run(audit)
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
    expect(report(result).totals).toMatchObject({ certificates: 30, ok: 30 })
    const ok = (service: string, operation: string): number => okCalls(world.sim, service, operation)
    expect(ok('acm', 'ListCertificates')).toBe(1)
    // The action's tag from the Resource Groups Tagging API, 100 ARNs a call: no tag read per certificate.
    expect(ok('tagging', 'GetResources')).toBe(1)
    expect(ok('acm', 'ListTagsForCertificate')).toBe(0)
    expect(ok('acm', 'DescribeCertificate')).toBe(30)
    expect(ok('route53', 'ListResourceRecordSets')).toBe(3)
    expect(ok('route53', 'ListHostedZones')).toBeLessThanOrEqual(1)
    expect(ok('route53', 'ListHostedZonesByName')).toBe(0)
    expect(ok('route53', 'ChangeResourceRecordSets')).toBe(0)
    // Paced under the quotas: hardly a call throttled.
    expect(throttledCalls(world.sim)).toBeLessThanOrEqual(5)
  })
})
