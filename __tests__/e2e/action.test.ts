// The bundled action (dist/index.js) run as the runner runs it, against the simulator: what a user
// sees (exit code, outputs, summary) and what AWS ends up with (certificates, records, API calls).
import { EXAMPLE, explain, recordsOf, roles, startWorld, validationRecordsOutput, type World } from './world.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const DNS_ACCOUNT = EXAMPLE.dnsAccount

let world: World
afterEach(async () => world?.stop())

describe('a new certificate', () => {
  it('in one zone: requested, validated through the public zone (not its private twin), ISSUED', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.com',
      ...roles
    })
    expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })

    const arn = result.outputs['certificate-arn'] ?? ''
    expect(arn).toMatch(new RegExp(`^arn:aws:acm:us-east-1:${CERT_ACCOUNT}:certificate/`))
    expect(result.outputs).toMatchObject({ status: 'ISSUED', reused: 'false', 'domain-name': 'example.com' })
    expect(Date.parse(result.outputs['not-after'] ?? '')).toBeGreaterThan(Date.now())

    const certs = world.sim.certificates(CERT_ACCOUNT)
    expect(certs.map((c) => [c.arn, c.status, c.names])).toEqual([[arn, 'ISSUED', ['example.com', 'www.example.com']]])

    const written = validationRecordsOutput(result)
    expect(written).toHaveLength(2)
    const cnames = recordsOf(world, world.zones.publicZoneId, 'CNAME')
    for (const record of written) {
      expect(record.hostedZoneId).toBe(world.zones.publicZoneId)
      expect(cnames).toContainEqual(expect.objectContaining({ name: record.name, values: [record.value] }))
    }
    expect(recordsOf(world, world.zones.privateZoneId, 'CNAME')).toEqual([])

    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(1)
    expect(world.sim.requests.filter((r) => r.status >= 400)).toEqual([])

    expect(result.summary).toMatch(/## ✅ ACM certificate: ISSUED/)
    expect(result.summary).toContain(arn)
    expect(result.summary).toMatch(/\| www\.example\.com \| example\.com \(/)
  })

  it('with SANs across two zones in a DNS account other than the certificate account', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': 'api.dev.example.com',
      ...roles
    })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['status']).toBe('ISSUED')

    const zonesWritten = validationRecordsOutput(result)
      .map((r) => r.hostedZoneId)
      .sort()
    expect(zonesWritten).toEqual([world.zones.devZoneId, world.zones.publicZoneId].sort())
    expect(recordsOf(world, world.zones.devZoneId, 'CNAME')).toHaveLength(1)

    const changes = world.sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets')
    expect(changes.map((c) => c.accountId)).toEqual([DNS_ACCOUNT, DNS_ACCOUNT])
    const acmCalls = world.sim.requests.filter((r) => r.service === 'acm')
    expect(new Set(acmCalls.map((c) => c.accountId))).toEqual(new Set([CERT_ACCOUNT]))
  })

  it('for a wildcard and its apex: one shared validation record', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'subject-alternative-names': '*.example.com',
      ...roles
    })
    expect(result.exitCode).toBe(0)
    const written = validationRecordsOutput(result)
    expect(written).toHaveLength(1)
    expect(written[0]?.domains.sort()).toEqual(['*.example.com', 'example.com'])
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(1)
    expect(result.summary).toMatch(/\| \*\.example\.com \| example\.com/)
  })
})

describe('re-runs and early returns', () => {
  it('reuses the certificate on a re-run: no second RequestCertificate, same ARN', async () => {
    world = await startWorld()
    const inputs = { 'domain-name': 'example.com', 'subject-alternative-names': 'www.example.com', ...roles }
    const first = await world.run(inputs)
    const second = await world.run({ ...inputs, 'subject-alternative-names': 'WWW.Example.com.' })
    expect(second.exitCode).toBe(0)
    expect(second.outputs['certificate-arn']).toBe(first.outputs['certificate-arn'])
    expect(second.outputs).toMatchObject({ reused: 'true', status: 'ISSUED' })
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(1)
    expect(second.summary).toContain('yes, an existing certificate')
  })

  it('with wait: false returns PENDING_VALIDATION once the records are written', async () => {
    world = await startWorld({ issuanceDelayMs: 120_000 })
    const result = await world.run({ 'domain-name': 'example.com', wait: 'false', ...roles })
    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ status: 'PENDING_VALIDATION', reused: 'false' })
    expect(result.outputs['certificate-arn']).toBeTruthy()
    expect(result.outputs['not-after']).toBeUndefined()
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(1)
    expect(result.stdout).toMatch(/::notice title=Certificate not issued yet::/)
  })
})

describe('when it does not work out', () => {
  it('FAILED: fails the step with the reason and what to do, and still outputs the ARN', async () => {
    world = await startWorld({ failCertificates: { reason: 'CAA_ERROR' } })
    const result = await world.run({ 'domain-name': 'example.com', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['certificate-arn']).toMatch(/^arn:aws:acm:/)
    expect(result.outputs['status']).toBe('FAILED')
    expect(result.stdout).toMatch(/::error title=Certificate not issued::.*CAA_ERROR/)
    expect(result.stdout).toMatch(/amazon\.com/)
    expect(result.summary).toMatch(/## ❌ ACM certificate: FAILED/)
  })

  it('timeout: fails after timeout-minutes, naming the names still pending, with the ARN and status', async () => {
    world = await startWorld({ issuanceDelayMs: 120_000 })
    const result = await world.run({ 'domain-name': 'example.com', 'timeout-minutes': '0.05', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.outputs['certificate-arn']).toMatch(/^arn:aws:acm:/)
    expect(result.outputs['status']).toBe('PENDING_VALIDATION')
    expect(result.stdout).toMatch(
      /::error title=Timed out::Certificate .* is not issued yet; every name is validated, ACM has not issued it yet/
    )
    expect(result.stdout).toMatch(/re-run with the same inputs resumes/i)
  })

  it('bad input: fails before any network call, naming the input and the value', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'www.*.example.com', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/::error title=Invalid input::Input 'domain-name' = "www\.\*\.example\.com"/)
    expect(world.sim.requests).toEqual([])
  })
})
