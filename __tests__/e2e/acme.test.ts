// Issue 24, mode acme-endpoint end to end: the bundled action run as the runner runs it against the
// simulator's ACME control plane. An endpoint created and reused, its domain validations' CNAMEs written
// by the DNS role in another account (one batch per zone), VALID with per-name progress, the account
// binding handed over through the outputs only (the MAC key masked, never in the log, summary or
// report-file), a re-run that changes nothing, an INVALID reason with its hint, and a dropped name.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { prevalidationRecord } from '../../sim/index.js'
import { EXAMPLE, explain, recordsOf, roles, startWorld, visibleLog, type World } from './world.js'

const EAB_ROLE = `arn:aws:iam::${EXAMPLE.certificateAccount}:role/acme-clients`

let world: World
afterEach(async () => world?.stop())

async function acmeWorld(): Promise<World> {
  const w = await startWorld()
  Object.assign(w.sim.acme().knobs, { endpointCreatingMs: 300, validationDelayMs: 200 })
  return w
}

const acme = {
  mode: 'acme-endpoint',
  ...roles,
  'domain-name': '*.example.com',
  'subject-alternative-names': 'api.dev.example.com',
  'acme-eab-role-arn': EAB_ROLE,
  'acme-certificate-tags': 'team=platform'
}

function ok(result: Awaited<ReturnType<World['run']>>): void {
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
}

describe('mode: acme-endpoint', () => {
  it('creates the endpoint, writes each validation CNAME in its zone of the DNS account, waits for VALID and hands over the binding', async () => {
    world = await acmeWorld()
    const report = join(mkdtempSync(join(tmpdir(), 'acme-')), 'report.json')
    const result = await world.run({ ...acme, 'report-file': report }, { env: { GITHUB_RUN_ID: '42' } })
    ok(result)

    const [endpoint, ...others] = [...world.sim.acme().endpoints.values()]
    expect(others).toEqual([])
    expect(endpoint?.accountId).toBe(EXAMPLE.certificateAccount)
    expect(endpoint?.certificateTags).toEqual([{ Key: 'team', Value: 'platform' }])
    expect(result.outputs['acme-endpoint-arn']).toBe(endpoint?.arn)
    expect(result.outputs['acme-directory-url']).toMatch(
      /^https:\/\/acm-acme-enroll\.us-east-1\.api\.aws\/.+\/directory$/
    )

    // *.example.com → example.com with wildcards; each CNAME in the most specific public zone of 222222222222.
    const validations = [...world.sim.acme().validations.values()]
    expect(validations.map((v) => [v.domainName, v.status, v.scope]).sort()).toEqual([
      ['api.dev.example.com', 'VALID', { ExactDomain: 'ENABLED', Subdomains: 'DISABLED', Wildcards: 'DISABLED' }],
      ['example.com', 'VALID', { ExactDomain: 'ENABLED', Subdomains: 'DISABLED', Wildcards: 'ENABLED' }]
    ])
    const arn = endpoint?.arn ?? ''
    for (const [name, zoneId] of [
      ['example.com', world.zones.publicZoneId],
      ['api.dev.example.com', world.zones.devZoneId]
    ] as const) {
      const r = prevalidationRecord(arn, name)
      expect(recordsOf(world, zoneId, 'CNAME')).toContainEqual(
        expect.objectContaining({ name: r.name, values: [r.value] })
      )
    }
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(2)
    expect(result.stdout).toMatch(/example\.com: VALID/)

    // The binding: created for the role, its MAC key an output, masked, and nowhere else.
    const [binding] = [...world.sim.acme().bindings.values()]
    expect(binding?.roleArn).toBe(EAB_ROLE)
    expect(result.outputs['acme-eab-key-id']).toBe(binding?.keyId)
    const mac = binding?.macKey ?? 'missing'
    expect(result.outputs['acme-eab-hmac-key']).toBe(mac)
    expect(result.stdout).toContain(`::add-mask::${mac}`)
    expect(visibleLog(result)).not.toContain(mac)
    expect(result.stderr).not.toContain(mac)
    expect(result.summary).not.toContain(mac)
    expect(result.summary).toContain(binding?.arn)
    const written = readFileSync(report, 'utf8')
    expect(written).not.toContain(mac)
    expect(JSON.parse(written)).toMatchObject({
      mode: 'acme-endpoint',
      binding: { arn: binding?.arn, roleArn: EAB_ROLE }
    })
    expect(result.summary).toMatch(/## ✅ ACME endpoint: ACTIVE/)
  })

  it('re-run: reuses the endpoint and the VALID validations, writes no record, and creates a new binding', async () => {
    world = await acmeWorld()
    ok(await world.run(acme))
    world.sim.resetLog()
    const again = await world.run(acme, { env: { GITHUB_RUN_ATTEMPT: '2' } })
    ok(again)
    expect(world.sim.acme().endpoints.size).toBe(1)
    expect(world.sim.calls('acm', 'CreateAcmeEndpoint')).toBe(0)
    expect(world.sim.calls('acm', 'CreateAcmeDomainValidation')).toBe(0)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    expect(again.stdout).toMatch(/Reusing ACME endpoint/)
    // A new run attempt, a new binding (the rotation rule); a retry within one attempt would get the same.
    expect(world.sim.acme().bindings.size).toBe(2)
  })

  it('INVALID: the step fails naming the name, the reason and what to do', async () => {
    world = await acmeWorld()
    world.sim.acme().knobs.invalid = {
      domain: 'api.dev.example.com',
      reason: 'DOMAIN_NOT_ALLOWED',
      message: 'CAA forbids it'
    }
    const result = await world.run(acme)
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=.*::ACM could not validate api\.dev\.example\.com .*DOMAIN_NOT_ALLOWED.*CAA forbids it/
    )
    expect(result.stdout).toMatch(/check CAA allows amazon\.com/)
    expect(result.summary).toMatch(/api\.dev\.example\.com .*INVALID \(DOMAIN_NOT_ALLOWED\)/)
    // No binding is handed out for an endpoint whose names did not validate.
    expect(world.sim.acme().bindings.size).toBe(0)
    expect(result.outputs['acme-endpoint-arn']).toMatch(/acme-endpoint\//)
  })

  it('a name dropped from the inputs is reported, and deleted only when asked', async () => {
    world = await acmeWorld()
    ok(await world.run(acme))
    const fewer = { ...acme, 'subject-alternative-names': '' }
    const kept = await world.run(fewer)
    ok(kept)
    expect(kept.stdout).toMatch(/api\.dev\.example\.com is validated on the endpoint but no longer in the inputs/)
    expect([...world.sim.acme().validations.values()].map((v) => v.domainName).sort()).toEqual([
      'api.dev.example.com',
      'example.com'
    ])
    ok(await world.run({ ...fewer, 'acme-delete-dropped': 'true' }))
    expect([...world.sim.acme().validations.values()].map((v) => [v.domainName, v.status]).sort()).toEqual([
      ['api.dev.example.com', 'DELETING'],
      ['example.com', 'VALID']
    ])
  })

  it('acme-managed-records: ACM writes the CNAME into a zone of the endpoint account', async () => {
    world = await acmeWorld()
    const zoneId = world.sim.addHostedZone({ accountId: EXAMPLE.certificateAccount, name: 'certs.example.net' })
    const result = await world.run({
      mode: 'acme-endpoint',
      'role-to-assume': EXAMPLE.certificateRole,
      'domain-name': 'www.certs.example.net',
      'acme-managed-records': 'true'
    })
    ok(result)
    const [v] = [...world.sim.acme().validations.values()]
    expect(v).toMatchObject({ hostedZoneId: zoneId, status: 'VALID' })
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    expect(result.summary).toMatch(/ACM \(HostedZoneId\)/)
  })

  it('renewal guard: mode audit finds a prevalidation CNAME gone, fails, repairs it, and is clean again', async () => {
    world = await acmeWorld()
    ok(await world.run(acme))
    const arn = [...world.sim.acme().endpoints.keys()][0] ?? ''
    const gone = prevalidationRecord(arn, 'api.dev.example.com')
    expect(world.sim.deleteRecord(world.zones.devZoneId, gone.name, 'CNAME')).toBe(true)

    const audit = { mode: 'audit', ...roles }
    const found = await world.run(audit)
    expect(found.exitCode).toBe(1)
    expect(found.outputs['at-risk']).toBe('1')
    expect(found.stdout).toMatch(/1 ACME prevalidation\(s\) at risk/)
    expect(found.summary).toMatch(/### ACME prevalidations: 1 of 2 at risk/)
    expect(found.summary).toMatch(/\| ⚠️ \| api\.dev\.example\.com \| VALID \| missing \|/)
    const doc = JSON.parse(found.outputs['report'] ?? '{}') as {
      acmePrevalidations: { domain: string; route53: { state: string } }[]
    }
    expect(doc.acmePrevalidations.map((c) => [c.domain, c.route53.state]).sort()).toEqual([
      ['api.dev.example.com', 'missing'],
      ['example.com', 'exact']
    ])

    const repaired = await world.run({ ...audit, repair: 'true' })
    ok(repaired)
    expect(recordsOf(world, world.zones.devZoneId, 'CNAME')).toContainEqual(
      expect.objectContaining({ name: gone.name, values: [gone.value] })
    )
    expect(repaired.summary).toMatch(/missing \(repaired\)/)
    const clean = await world.run(audit)
    ok(clean)
    expect(clean.summary).toMatch(/### ACME prevalidations: all 2 VALID, CNAMEs in place/)
  })
})
