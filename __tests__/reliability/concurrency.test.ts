// Concurrent runs (aws-facts.md §7(a) F21, F22): two runs started at the same moment against the
// same simulator, each with its own clients, as two jobs of a workflow would be.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { validationRecord } from '../../sim/index.js'
import { pinSdkBackoff } from '../../__fixtures__/backoff.js'
import { CERT_ACCOUNT, requestsOf, QUICK_SERVICES, startWorld, type World } from '../../__fixtures__/world.js'

let world: World

beforeEach(async () => {
  pinSdkBackoff()
  // Zones stay busy for a while after a change, so the second batch meets PriorRequestNotComplete.
  world = await startWorld({ ...QUICK_SERVICES, changeProcessingMs: 2000 })
})
afterEach(async () => {
  await world.stop()
  jest.restoreAllMocks()
})

const cnames = () => world.sim.records(world.zones.publicZoneId).filter((r) => r.type === 'CNAME')

describe('concurrent runs', () => {
  it('F21 the same name set, twice at once: one certificate, same ARN, identical CNAMEs, busy zone tolerated', async () => {
    const inputs = { 'subject-alternative-names': 'www.example.com, *.example.com' }

    const [a, b] = await Promise.all([world.runRequest(inputs), world.runRequest(inputs)])

    expect(a.certificateArn).toBe(b.certificateArn)
    expect([a.status, b.status]).toEqual(['ISSUED', 'ISSUED'])
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(1)
    const tokens = new Set(requestsOf(world.sim, 'acm', 'RequestCertificate').map((r) => r.params['IdempotencyToken']))
    expect(tokens.size).toBe(1)
    // example.com and *.example.com share a record: two CNAMEs, each written with one value.
    expect(cnames().map((r) => [r.name, r.values])).toEqual(
      expect.arrayContaining(
        ['example.com', 'www.example.com'].map((d) => [
          validationRecord(CERT_ACCOUNT, d).name,
          [validationRecord(CERT_ACCOUNT, d).value]
        ])
      )
    )
    expect(cnames()).toHaveLength(2)
    expect(requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').map((r) => r.errorCode)).toContain(
      'PriorRequestNotComplete'
    )
  })

  it('F21 a re-run more than an hour later reuses the certificate through ListCertificates', async () => {
    const first = await world.runRequest()
    world.clock.advance(2 * 60 * 60_000) // past ACM's one-hour idempotency window

    const later = await world.runRequest()

    expect(later).toMatchObject({ certificateArn: first.certificateArn, reused: true, status: 'ISSUED' })
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
  })

  it('F22 overlapping name sets at once: two certificates, shared names keep one identical CNAME', async () => {
    const [a, b] = await Promise.all([
      world.runRequest({ 'domain-name': 'example.com', 'subject-alternative-names': 'www.example.com' }),
      world.runRequest({ 'domain-name': 'www.example.com', 'subject-alternative-names': 'api.example.com' })
    ])

    expect(a.certificateArn).not.toBe(b.certificateArn)
    expect([a.status, b.status]).toEqual(['ISSUED', 'ISSUED'])
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(2)
    const expected = ['example.com', 'www.example.com', 'api.example.com'].map((d) => validationRecord(CERT_ACCOUNT, d))
    expect(
      cnames()
        .map((r) => ({ name: r.name, value: r.values[0] }))
        .sort((x, y) => x.name.localeCompare(y.name))
    ).toEqual(expected.map((r) => ({ name: r.name, value: r.value })).sort((x, y) => x.name.localeCompare(y.name)))
    const actions = requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').flatMap((r) =>
      (r.params['ChangeBatch'] as { changes: { action: string }[] }).changes.map((c) => c.action)
    )
    expect(new Set(actions)).toEqual(new Set(['UPSERT']))
  })
})
