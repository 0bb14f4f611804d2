// Security invariants (aws-facts.md §7(c)) as tests:
// 1. every change sent to Route 53 is an UPSERT of one CNAME named `_…` directly under a requested
//    name, whose value ends in .acm-validations.aws. — a property test feeds runRequest() hostile
//    DescribeCertificate payloads from a seeded generator (aws-sdk-client-mock);
// 2. no DELETE anywhere (the source, and every request the simulator saw);
// 3. never a private zone.
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  ACMClient,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  RequestCertificateCommand,
  type ACMClientResolvedConfig,
  type CertificateDetail,
  type DomainValidation,
  type ServiceInputTypes,
  type ServiceOutputTypes
} from '@aws-sdk/client-acm'
import {
  ChangeResourceRecordSetsCommand,
  ListHostedZonesByNameCommand,
  Route53Client,
  type Change,
  type ChangeResourceRecordSetsCommandInput,
  type HostedZone,
  type Route53ClientResolvedConfig,
  type ServiceInputTypes as Route53Inputs,
  type ServiceOutputTypes as Route53Outputs
} from '@aws-sdk/client-route-53'
import { mockClient, type AwsStub } from 'aws-sdk-client-mock'
import { ActionError, CertificateFailedError, DnsError } from '../../src/errors.js'
import { runRequest } from '../../src/request/flow.js'
import { configFrom } from '../../__fixtures__/config.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { fakeClock } from '../../__fixtures__/clock.js'
import { pinSdkBackoff } from '../../__fixtures__/backoff.js'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  failure,
  requestsOf,
  QUICK_SERVICES,
  startWorld,
  type World
} from '../../__fixtures__/world.js'

const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/0b1c2d3e-0000-4000-8000-000000000001'
const PUBLIC_ZONE = 'ZPUBLIC'
const PRIVATE_ZONE = 'ZPRIVATE'
const EVIL_ZONE = 'ZEVIL'
const ZONES: HostedZone[] = [
  { Id: `/hostedzone/${PUBLIC_ZONE}`, Name: 'example.com.', CallerReference: 'a', Config: { PrivateZone: false } },
  { Id: `/hostedzone/${PRIVATE_ZONE}`, Name: 'example.com.', CallerReference: 'b', Config: { PrivateZone: true } },
  { Id: `/hostedzone/${EVIL_ZONE}`, Name: 'evil.com.', CallerReference: 'c', Config: { PrivateZone: false } }
]
const NAME_POOL = [
  'example.com',
  'www.example.com',
  '*.example.com',
  'api.example.com',
  'a.b.example.com',
  '*.b.example.com'
]

/** mulberry32: a small seeded PRNG, so a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Payload {
  names: string[]
  validations: DomainValidation[]
  hostile: string[]
}

const base = (name: string) => name.replace(/^\*\./, '')

/** One DescribeCertificate payload: genuine records, with hostile mutations mixed in at random. */
function generatePayload(random: () => number): Payload {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const hex = () => Array.from({ length: 32 }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('')
  const names = NAME_POOL.filter(() => random() < 0.5)
  if (names.length === 0) names.push(pick(NAME_POOL))
  const hostile: string[] = []
  const validations = names.map((domain): DomainValidation => {
    let name = `_${hex()}.${base(domain)}.`
    let value = `_${hex()}.${'abcdefghij'.slice(0, 2 + Math.floor(random() * 8))}.acm-validations.aws.`
    let type = 'CNAME'
    if (random() < 0.35) {
      const mutation = pick([
        'value: wrong suffix',
        'value: suffix as a subdomain of another name',
        'value: another domain',
        'value: no leading underscore',
        'type A',
        'type TXT',
        'name: the requested name itself',
        'name: outside the request',
        'name: two labels below the requested name',
        'name: another zone',
        'name: the parent of the requested name'
      ])
      hostile.push(`${domain}: ${mutation}`)
      switch (mutation) {
        case 'value: wrong suffix':
          value = `_${hex()}.abc.acm-validations.com.`
          break
        case 'value: suffix as a subdomain of another name':
          value = `_${hex()}.abc.acm-validations.aws.evil.com.`
          break
        case 'value: another domain':
          value = 'evil.com.'
          break
        case 'value: no leading underscore':
          value = `${hex()}.abc.acm-validations.aws.`
          break
        case 'type A':
          type = 'A'
          value = '192.0.2.66'
          break
        case 'type TXT':
          type = 'TXT'
          break
        case 'name: the requested name itself':
          name = `${base(domain)}.`
          break
        case 'name: outside the request':
          name = `_${hex()}.notrequested.example.com.`
          break
        case 'name: two labels below the requested name':
          name = `_${hex()}._${hex()}.${base(domain)}.`
          break
        case 'name: another zone':
          name = `_${hex()}.evil.com.`
          break
        case 'name: the parent of the requested name':
          name = `_${hex()}.${base(domain).split('.').slice(1).join('.')}.`
          break
      }
    }
    return {
      DomainName: domain,
      ValidationMethod: 'DNS',
      ValidationStatus: 'PENDING_VALIDATION',
      ResourceRecord: { Name: name, Type: type as 'CNAME', Value: value }
    }
  })
  // Sometimes ACM "answers" for a name that was never requested.
  if (random() < 0.15) {
    hostile.push('a validation option for a name outside the request')
    validations.push({
      DomainName: 'evil.com',
      ValidationMethod: 'DNS',
      ResourceRecord: { Name: `_${hex()}.evil.com.`, Type: 'CNAME', Value: `_${hex()}.abc.acm-validations.aws.` }
    })
  }
  // A mutation can land on a legal record (the parent of www.example.com is requested too): the
  // oracle, not the mutation's label, decides what is hostile.
  const legal = validations.filter(
    (v) => recordProblems(v.ResourceRecord?.Name, v.ResourceRecord?.Type, v.ResourceRecord?.Value, names).length === 0
  )
  return { names, validations, hostile: legal.length === validations.length ? [] : hostile }
}

const VALUE = /^_[a-z0-9_-]{1,62}\.[a-z0-9-]{1,63}\.acm-validations\.aws\.?$/

/** The record rules of the invariant, written independently of src/domains.ts. */
function recordProblems(
  rawName: string | undefined,
  type: string | undefined,
  value: string | undefined,
  requested: readonly string[]
): string[] {
  const problems: string[] = []
  const name = (rawName ?? '').toLowerCase().replace(/\.$/, '')
  const [first, ...rest] = name.split('.')
  if (type !== 'CNAME') problems.push(`type ${type}`)
  if (!/^_[a-z0-9_-]+$/.test(first ?? '')) problems.push(`name ${name} does not start with a _ label`)
  if (!requested.map(base).includes(rest.join('.'))) problems.push(`name ${name} not directly under a requested name`)
  if (!VALUE.test((value ?? '').toLowerCase())) problems.push(`value ${value}`)
  return problems
}

/** The write-set invariant, checked on what actually went out to Route 53. */
function violations(change: Change, zoneId: string | undefined, requested: readonly string[]): string[] {
  const set = change.ResourceRecordSet
  const problems = recordProblems(set?.Name, set?.Type, set?.ResourceRecords?.[0]?.Value, requested)
  if (change.Action !== 'UPSERT') problems.push(`action ${change.Action}`)
  if (set?.ResourceRecords?.length !== 1) problems.push('not exactly one value')
  if (!(set?.TTL !== undefined && set.TTL > 0 && set.TTL <= 300)) problems.push(`TTL ${set?.TTL}`)
  if (zoneId !== PUBLIC_ZONE) problems.push(`zone ${zoneId}`)
  return problems
}

describe('write-set invariant under hostile DescribeCertificate payloads (seeded property test)', () => {
  // mockClient patches the client classes for the whole file: undo it for the simulator tests below.
  let acm: AwsStub<ServiceInputTypes, ServiceOutputTypes, ACMClientResolvedConfig>
  let route53: AwsStub<Route53Inputs, Route53Outputs, Route53ClientResolvedConfig>
  beforeAll(() => {
    acm = mockClient(ACMClient)
    route53 = mockClient(Route53Client)
  })
  afterEach(() => {
    acm.reset()
    route53.reset()
  })
  afterAll(() => {
    acm.restore()
    route53.restore()
  })

  const CASES = 300

  it(`holds for ${CASES} generated payloads: hostile ones write nothing, genuine ones write exactly their records`, async () => {
    const random = prng(20250601)
    let hostileCases = 0
    let genuineCases = 0
    for (let seed = 0; seed < CASES; seed++) {
      acm.reset()
      route53.reset()
      const payload = generatePayload(random)
      const [primary, ...sans] = payload.names
      const config = configFrom({
        'domain-name': primary ?? '',
        'subject-alternative-names': sans.join(','),
        'aws-region': 'us-east-1',
        wait: 'false'
      })
      const detail: CertificateDetail = {
        CertificateArn: ARN,
        Status: 'PENDING_VALIDATION',
        DomainValidationOptions: payload.validations
      }
      acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] })
      acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
      acm.on(DescribeCertificateCommand).resolves({ Certificate: detail })
      route53.on(ListHostedZonesByNameCommand).callsFake((input: { DNSName?: string }) => ({
        HostedZones: ZONES.filter((z) => z.Name === input.DNSName),
        IsTruncated: false
      }))
      route53
        .on(ChangeResourceRecordSetsCommand)
        .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })

      const run = runRequest({
        config,
        acm: new ACMClient({ region: 'us-east-1' }),
        route53: new Route53Client({ region: 'us-east-1' }),
        clock: fakeClock(),
        log: recordingLogger()
      })
      const outcome = await run.then(
        () => undefined,
        (err: unknown) => err
      )
      const sent = route53
        .commandCalls(ChangeResourceRecordSetsCommand)
        .map((c) => c.args[0].input as ChangeResourceRecordSetsCommandInput)
      const context = `case ${seed}: names ${payload.names.join(',')}; hostile: ${payload.hostile.join('; ') || 'none'}`

      for (const input of sent) {
        for (const change of input.ChangeBatch?.Changes ?? []) {
          expect({ context, problems: violations(change, input.HostedZoneId, config.allNames) }).toEqual({
            context,
            problems: []
          })
        }
      }
      if (payload.hostile.length > 0) {
        hostileCases++
        expect({ context, sent: sent.length }).toEqual({ context, sent: 0 })
        expect(outcome).toBeInstanceOf(ActionError)
        expect((outcome as Error).message).toMatch(/will not write/)
      } else {
        genuineCases++
        expect({ context, outcome }).toEqual({ context, outcome: undefined })
        const written = sent.flatMap((i) => i.ChangeBatch?.Changes ?? []).map((c: Change) => c.ResourceRecordSet?.Name)
        const expected = new Set(payload.validations.map((v) => v.ResourceRecord?.Name))
        expect(new Set(written)).toEqual(expected)
        expect(sent).toHaveLength(1) // one zone, one batch
      }
    }
    // The generator must exercise both sides.
    expect(hostileCases).toBeGreaterThan(CASES / 4)
    expect(genuineCases).toBeGreaterThan(CASES / 4)
  })

  it('F13 one name FAILED while the certificate is PENDING_VALIDATION: fails at once naming it', async () => {
    const config = configFrom({
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.com',
      'aws-region': 'us-east-1'
    })
    const record = (d: string) => ({
      Name: `_0123abcd.${d}.`,
      Type: 'CNAME' as const,
      Value: '_4567ef.abc.acm-validations.aws.'
    })
    const pending: CertificateDetail = {
      CertificateArn: ARN,
      Status: 'PENDING_VALIDATION',
      DomainValidationOptions: [
        {
          DomainName: 'example.com',
          ValidationMethod: 'DNS',
          ValidationStatus: 'SUCCESS',
          ResourceRecord: record('example.com')
        },
        {
          DomainName: 'www.example.com',
          ValidationMethod: 'DNS',
          ValidationStatus: 'PENDING_VALIDATION',
          ResourceRecord: record('www.example.com')
        }
      ]
    }
    const failedName: CertificateDetail = {
      ...pending,
      FailureReason: 'CAA_ERROR',
      DomainValidationOptions: pending.DomainValidationOptions?.map((o) =>
        o.DomainName === 'www.example.com' ? { ...o, ValidationStatus: 'FAILED' } : o
      )
    }
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] })
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce({ Certificate: pending })
      .resolvesOnce({ Certificate: pending })
      .resolves({ Certificate: failedName })
    route53.on(ListHostedZonesByNameCommand).resolves({ HostedZones: [ZONES[0] as HostedZone], IsTruncated: false })
    route53
      .on(ChangeResourceRecordSetsCommand)
      .resolves({ ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date() } })

    const error = await failure(
      runRequest({
        config,
        acm: new ACMClient({ region: 'us-east-1' }),
        route53: new Route53Client({ region: 'us-east-1' }),
        clock: fakeClock(),
        log: recordingLogger()
      })
    )

    expect(error).toBeInstanceOf(CertificateFailedError)
    expect(error.message).toBe(`ACM failed to validate www.example.com for certificate ${ARN}`)
    expect(error.hint).toMatch(/CAA record/)
    expect(acm.commandCalls(DescribeCertificateCommand)).toHaveLength(3)
  })
})

describe('never DELETE a record; delete a certificate only in delete mode', () => {
  const dir = join(process.cwd(), 'src')
  // Every module of src/, in its folders too (file: the path below src/).
  const lines = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .flatMap((file) =>
      readFileSync(join(dir, file), 'utf8')
        .split('\n')
        .map((line, i) => ({ file, where: `src/${file}:${i + 1}`, line }))
    )

  it('no Route 53 DELETE action, record deletion or zone deletion exists in src/', () => {
    const offending = lines.filter(
      ({ line }) =>
        /['"`]DELETE['"`]|DeleteHostedZone|Delete\w*Command/.test(line) && !/DeleteCertificateCommand/.test(line)
    )
    expect(offending).toEqual([])
  })

  it('DeleteCertificate is sent only through deleteUnusedCertificate, which only delete mode calls', () => {
    const sends = lines.filter(({ line }) => /new DeleteCertificateCommand/.test(line))
    expect(sends.map(({ file }) => file)).toEqual(['aws/acm.ts'])
    const senders = lines.filter(({ line }) => /sendDelete\(/.test(line) && !/function sendDelete/.test(line))
    expect(senders.map(({ file }) => file)).toEqual(['certificate/waits.ts'])
    const acm = readFileSync(join(dir, 'certificate/waits.ts'), 'utf8')
    const fn = acm.slice(acm.indexOf('export async function deleteUnusedCertificate'))
    const body = fn.slice(0, fn.indexOf('\n}\n'))
    expect(body).toContain('sendDelete(')
    const callers = lines.filter(
      ({ line }) => /deleteUnusedCertificate\(/.test(line) && !/function deleteUnusedCertificate/.test(line)
    )
    expect(callers.map(({ file }) => file)).toEqual(['delete/flow.ts'])
  })
})

describe('never a private zone, never DELETE on the wire (simulator)', () => {
  let world: World
  beforeEach(async () => {
    pinSdkBackoff()
    world = await startWorld(QUICK_SERVICES)
  })
  afterEach(async () => {
    await world.stop()
    jest.restoreAllMocks()
  })

  it('split view: a private twin of the public zone is never written', async () => {
    const privateTwin = world.zones.privateZoneId

    const result = await world.runRequest({ 'subject-alternative-names': 'www.example.com *.example.com' })

    expect(result.status).toBe('ISSUED')
    expect(world.sim.records(privateTwin).filter((r) => r.type === 'CNAME')).toEqual([])
    expect(requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').map((r) => r.params['Id'])).toEqual([
      world.zones.publicZoneId
    ])
  })

  it('a name whose only zone is private: DnsError naming it before any request, nothing written, no fallback', async () => {
    world.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'internal.test', privateZone: true })

    const error = await failure(
      world.runRequest({ 'domain-name': 'app.internal.test', 'subject-alternative-names': '' })
    )

    expect(error).toBeInstanceOf(DnsError)
    expect(error.message).toMatch(
      /No public Route 53 hosted zone .*app\.internal\.test.*only a private zone internal\.test/
    )
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    // Found from the names alone, before RequestCertificate: no pending certificate is left behind.
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(0)
  })

  it('a pinned hosted-zone-id of a private zone is refused before any write', async () => {
    const privateTwin = world.zones.privateZoneId

    const error = await failure(world.runRequest({ 'hosted-zone-id': privateTwin }))

    expect(error).toBeInstanceOf(DnsError)
    expect(error.message).toMatch(new RegExp(`hosted-zone-id ${privateTwin} is a private zone`))
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('across a full run with faults, every request on the wire is UPSERT-only', async () => {
    world.sim.injectFault({ service: 'route53', kind: 'throttle', rate: 0.3 })
    await world.runRequest({ 'subject-alternative-names': 'www.example.com api.example.com' })
    const actions = requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').flatMap((r) =>
      (r.params['ChangeBatch'] as { changes: { action: string; type: string }[] }).changes.map(
        (c) => `${c.action} ${c.type}`
      )
    )
    expect(new Set(actions)).toEqual(new Set(['UPSERT CNAME']))
    expect(world.sim.requests.filter((r) => /^Delete/.test(r.operation))).toEqual([])
  })
})
