// Issue 23, the renewal guard against ACM as it is in late 2026, end to end (dist/index.js against the
// simulator): the renewal window follows the certificate's lifetime (198, 100, 47 days), email-validated
// certificates are at risk and migrated in place with repair (once, within 72 hours), ACME-issued ones
// are seen and left to their ACME client, a validation zone that is gone is a risk with public DNS checks
// off, and the managed scope comes from tag:GetResources, else from ListTagsForCertificate with a notice.
import { validationRecord } from '../../sim/index.js'
import { seedCertificate, type Seed } from '../../__fixtures__/audit-fleet.js'
import { EXAMPLE, explain, recordsOf, roles, startWorld, type World } from './world.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const HOUR = 3_600_000
const audit = { mode: 'audit', ...roles }

let world: World
afterEach(async () => world?.stop())

/** A certificate as ACM holds it, its records in the public example.com zone; returns its ARN. */
const seed = (w: World, s: Seed): string => seedCertificate(w.sim, w.zones.publicZoneId, s)

interface ReportCertificate {
  arn: string
  verdict: string
  findings: { code: string; level: string; message: string; fix: string }[]
  migration?: { status: string; action: string; records: string[] } | null
}
type Result = Awaited<ReturnType<World['run']>>
const certificates = (result: Result): ReportCertificate[] =>
  (JSON.parse(result.outputs['report'] ?? 'null') as { certificates: ReportCertificate[] }).certificates
const verdicts = (result: Result): Record<string, string> =>
  Object.fromEntries(
    certificates(result).map((c) => [
      c.arn,
      [c.verdict, ...c.findings.filter((f) => ['risk', 'expired', 'fixed'].includes(f.level)).map((f) => f.code)].join(
        ' '
      )
    ])
  )
const ok = (w: World, service: string, operation: string) =>
  w.sim.requests.filter((r) => r.service === service && r.operation === operation && r.status === 200)

describe('mode: audit in late 2026', () => {
  it.each([198, 100, 47])(
    'judges "expiring" by the renewal window of %i-day certificates, not a fixed count',
    async (days) => {
      world = await startWorld({ certificateValidityDays: days })
      const window = Math.floor((60 * days) / 198)
      const before = seed(world, { names: ['before.example.com'], notAfterDays: window + 2, inUse: false })
      const inside = seed(world, { names: ['inside.example.com'], notAfterDays: window - 2, inUse: false })
      const renewing = seed(world, { names: ['renewing.example.com'], notAfterDays: window - 2 })
      const result = await world.run(audit)
      expect(verdicts(result)).toEqual({
        [before]: 'ok',
        [inside]: 'at-risk expiring-soon',
        [renewing]: 'ok'
      })
      const soon = certificates(result)
        .find((c) => c.arn === inside)
        ?.findings.find((f) => f.code === 'expiring-soon')
      expect(soon?.message).toContain(`inside ACM's ${window}-day renewal window`)
    }
  )

  it('an email-validated certificate is at risk; repair migrates it to DNS in place, once', async () => {
    world = await startWorld()
    const arn = seed(world, { names: ['mail.example.com', 'www.mail.example.com'], email: true })
    const report = await world.run(audit)
    expect(report.exitCode).toBe(1)
    expect(verdicts(report)).toEqual({ [arn]: 'at-risk email-validation' })
    expect(certificates(report)[0]?.findings[0]?.message).toMatch(/SC-080, SC-090 and SC-091/)
    expect(ok(world, 'acm', 'UpdateCertificateOptions')).toHaveLength(0)

    const repaired = await world.run({ ...audit, repair: 'true' })
    expect({ exit: repaired.exitCode, log: repaired.exitCode === 0 ? '' : explain(repaired) }).toEqual({
      exit: 0,
      log: ''
    })
    expect(verdicts(repaired)).toEqual({ [arn]: 'ok migration-started record-repaired record-repaired' })
    expect(ok(world, 'acm', 'UpdateCertificateOptions').map((r) => r.params)).toEqual([
      { CertificateArn: arn, Options: { ValidationMethod: 'DNS' } }
    ])
    expect(ok(world, 'acm', 'ListCertificateDomainValidations')).toHaveLength(1)
    const cnames = recordsOf(world, world.zones.publicZoneId, 'CNAME').map((r) => r.name)
    for (const name of ['mail.example.com', 'www.mail.example.com'])
      expect(cnames).toContain(validationRecord(CERT_ACCOUNT, name).name)
    expect(certificates(repaired)[0]?.migration).toMatchObject({
      action: 'started',
      status: 'PENDING_DOMAIN_VALIDATION'
    })
    expect(repaired.summary).toMatch(/Email → DNS migrations/)
    expect(repaired.summary).toContain(arn.slice(arn.lastIndexOf('/') + 1).split('-')[0] as string)

    // ACM sees the CNAMEs: the migration succeeds, the certificate is DNS-validated and never migrated again.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const after = await world.run({ ...audit, repair: 'true' })
    expect(verdicts(after)).toEqual({ [arn]: 'ok' })
    expect(ok(world, 'acm', 'UpdateCertificateOptions')).toHaveLength(1)
    expect(world.sim.updateCertificate(arn, {}).validationMethod).toBe('DNS')
  })

  it('continues a migration under way (never restarts it), and past 72 hours says what to do', async () => {
    world = await startWorld()
    const pending = seed(world, { names: ['p.example.com'], email: true })
    const late = seed(world, { names: ['late.example.com'], email: true })
    const requested = (at: number) => ({
      status: 'PENDING_DOMAIN_VALIDATION' as const,
      from: 'EMAIL' as const,
      to: 'DNS' as const,
      requestedAt: at,
      updatedAt: at
    })
    world.sim.updateCertificate(pending, {}).update = requested(Date.now() - HOUR)
    world.sim.updateCertificate(late, {}).update = requested(Date.now() - 71.9 * HOUR)
    const result = await world.run({ ...audit, repair: 'true' }, { env: { ...world.sim.env() } })
    expect(ok(world, 'acm', 'UpdateCertificateOptions')).toHaveLength(0)
    const byArn = Object.fromEntries(certificates(result).map((c) => [c.arn, c]))
    expect(byArn[pending]?.migration).toMatchObject({ action: 'continued' })
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME').map((r) => r.name)).toContain(
      validationRecord(CERT_ACCOUNT, 'p.example.com').name
    )
    // ACM fails the late one at its 72-hour mark: the guard reports it and does not start it again.
    world.sim.updateCertificate(late, {}).update = requested(Date.now() - 80 * HOUR)
    const again = await world.run({ ...audit, repair: 'true' })
    const failed = certificates(again).find((c) => c.arn === late)
    expect(failed?.findings[0]).toMatchObject({ code: 'migration-failed', level: 'risk' })
    expect(failed?.findings[0]?.fix).toMatch(/update-certificate-options .*never starts a migration twice/)
    expect(ok(world, 'acm', 'UpdateCertificateOptions')).toHaveLength(0)
  })

  it('audit-scope all sees ACME-issued certificates and leaves them to their ACME client', async () => {
    world = await startWorld()
    const acme = seed(world, { names: ['acme.example.com'], acme: true, withoutRecords: true, notAfterDays: 3 })
    const own = seed(world, { names: ['own.example.com'] })
    const result = await world.run({ ...audit, 'audit-scope': 'all' })
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
    expect(verdicts(result)).toEqual({ [acme]: 'ok', [own]: 'ok' })
    expect(
      certificates(result)
        .find((c) => c.arn === acme)
        ?.findings.map((f) => f.code)
    ).toEqual(['acme-renewed'])
    expect(ok(world, 'acm', 'ListCertificates')[0]?.params).toMatchObject({
      CertificateKeyPairOrigins: ['AWS_MANAGED', 'CUSTOMER_PROVIDED', 'ACME']
    })
  })

  it('narrowed by names: one SearchCertificates search, no listing of every certificate', async () => {
    world = await startWorld()
    const api = seed(world, { names: ['api.example.com', 'www.example.com'] })
    seed(world, { names: ['other.example.com'] })
    const result = await world.run({ ...audit, 'domain-name': 'www.example.com' })
    expect(verdicts(result)).toEqual({ [api]: 'ok' })
    expect(ok(world, 'acm', 'SearchCertificates')).toHaveLength(1)
    expect(ok(world, 'acm', 'ListCertificates')).toHaveLength(0)
    expect(ok(world, 'acm', 'DescribeCertificate')).toHaveLength(1)
  })

  it('a validation zone that is gone is at risk even with the public DNS checks off', async () => {
    world = await startWorld()
    const gone = seed(world, { names: ['shop.example.net'], withoutRecords: true })
    const result = await world.run({ ...audit, preflight: 'off' })
    expect(result.exitCode).toBe(1)
    expect(verdicts(result)).toEqual({ [gone]: 'at-risk zone-gone' })
  })

  it('without tag:GetResources: one ListTagsForCertificate per certificate, said once in a notice', async () => {
    world = await startWorld({ deniedActions: ['tag:GetResources'] })
    const a = seed(world, { names: ['a.example.com'] })
    const b = seed(world, { names: ['b.example.com'] })
    const result = await world.run(audit)
    expect(verdicts(result)).toEqual({ [a]: 'ok', [b]: 'ok' })
    expect(ok(world, 'acm', 'ListTagsForCertificate')).toHaveLength(2)
    const notices = result.stdout.split('\n').filter((l) => l.startsWith('::notice') && l.includes('tag:GetResources'))
    expect(notices).toHaveLength(1)
  })
})
