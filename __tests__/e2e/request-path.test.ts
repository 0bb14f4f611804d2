// The request path end to end (dist/index.js as the runner runs it): every name's zone is known before
// the certificate is requested, so a zone problem leaves no pending certificate behind (issue 11), and
// a re-run of an ISSUED certificate whose records are in place writes nothing to Route 53 (issue 17).
import { EXAMPLE, explain, roles, startWorld, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

const ORG_ROLE = 'arn:aws:iam::333333333333:role/dns-org'

/** Calls of the runs since `from` (an index into the request log), by operation. */
function callsSince(w: World, from: number): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const r of w.sim.requests.slice(from)) calls[r.operation] = (calls[r.operation] ?? 0) + 1
  return calls
}

describe('zone problems fail the run before RequestCertificate, with the default preflight: warn', () => {
  it('twin public zones and no hosted-zone-id: an error naming both zones, and no certificate', async () => {
    world = await startWorld()
    const twins = [0, 1].map(() => world.sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'twin.test' }))
    const result = await world.run({
      'domain-name': 'www.example.com',
      'subject-alternative-names': 'app.twin.test',
      ...roles
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      new RegExp(`::error title=.*::2 public hosted zones are named twin\\.test \\(${twins.join(', ')}\\)`)
    )
    expect(result.stdout).toContain('No certificate was requested and no record was written.')
    expect(result.outputs['certificate-arn']).toBeUndefined()
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
    expect(world.sim.certificates(EXAMPLE.certificateAccount)).toEqual([])
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('a zone-overrides line whose zone does not exist: an error naming the line, and no certificate', async () => {
    world = await startWorld()
    world.sim.addRole({ arn: ORG_ROLE, trust: { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] } })
    const result = await world.run({
      'domain-name': 'www.example.com',
      'subject-alternative-names': 'shop.example.org',
      'zone-overrides': `example.org=Z0000000000NOSUCH,${ORG_ROLE}`,
      ...roles
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(/zone-overrides line 1: hosted-zone-id Z0000000000NOSUCH: no such hosted zone/)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
    expect(world.sim.certificates(EXAMPLE.certificateAccount)).toEqual([])
  })
})

describe('a re-run of an ISSUED certificate whose records are in place', () => {
  it('reads each zone once and writes nothing to Route 53', async () => {
    world = await startWorld({ issuanceDelayMs: 0 })
    const inputs = {
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.com *.example.com',
      ...roles
    }
    const first = await world.run(inputs)
    expect({ exit: first.exitCode, status: first.outputs['status'] }).toEqual({ exit: 0, status: 'ISSUED' })
    const from = world.sim.requests.length

    const again = await world.run(inputs)

    expect(again.exitCode === 0 ? '' : explain(again)).toBe('')
    expect(again.outputs).toMatchObject({ reused: 'true', status: 'ISSUED' })
    const calls = callsSince(world, from)
    expect(calls['ChangeResourceRecordSets']).toBeUndefined()
    expect(calls['ListResourceRecordSets']).toBe(1)
    // One DescribeCertificate serves the records and the ISSUED result: no wait to poll.
    expect(calls['DescribeCertificate']).toBe(1)
    // example.com and www.example.com, once each: the zone lookups the first run also made.
    expect(calls['ListHostedZonesByName']).toBe(2)
    const route53 = world.sim.requests.slice(from).filter((r) => r.service === 'route53')
    expect(route53.map((r) => r.operation).sort()).toEqual([
      'ListHostedZonesByName',
      'ListHostedZonesByName',
      'ListResourceRecordSets'
    ])
    expect(again.stdout).toMatch(/2 validation records in zone example\.com \(\w+\) already in place: nothing to write/)
    // The outputs still list the records with their zone.
    expect(JSON.parse(again.outputs['validation-records'] ?? '[]')).toHaveLength(2)
  })

  it('writes only the record that went missing', async () => {
    world = await startWorld({ issuanceDelayMs: 0 })
    const inputs = { 'domain-name': 'example.com', 'subject-alternative-names': 'www.example.com', ...roles }
    expect((await world.run(inputs)).exitCode).toBe(0)
    const zone = world.zones.publicZoneId
    const [gone, kept] = world.sim.records(zone).filter((r) => r.type === 'CNAME')
    world.sim.deleteRecord(zone, gone?.name ?? '', 'CNAME')
    const from = world.sim.requests.length

    const again = await world.run(inputs)

    expect(again.exitCode === 0 ? '' : explain(again)).toBe('')
    const writes = world.sim.requests.slice(from).filter((r) => r.operation === 'ChangeResourceRecordSets')
    expect(writes).toHaveLength(1)
    const changes = (writes[0]?.params['ChangeBatch'] as { changes: { name: string }[] }).changes
    expect(changes.map((c) => c.name)).toEqual([gone?.name])
    expect(
      world.sim
        .records(zone)
        .filter((r) => r.type === 'CNAME')
        .map((r) => r.name)
        .sort()
    ).toEqual([gone?.name, kept?.name].sort())
  })
})
