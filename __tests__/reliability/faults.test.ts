// The fault matrix (aws-facts.md §7(a)), injected in the simulator so every fault travels the real
// SDK retry path of the action's own clients (createAwsClients). Each row asserts the outcome AND
// the calls made: one RequestCertificate, one change batch per zone, bounded retries.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { MAX_ATTEMPTS, createStsClient } from '../../src/aws/clients.js'
import { requestOutcome } from '../../__fixtures__/outcome.js'
import { AwsApiError, CertificateFailedError, DeadlineError, DnsError } from '../../src/errors.js'
import { failureHint } from '../../src/decisions/hints.js'
import { validationRecord, type FailureReason } from '../../sim/index.js'
import { pinSdkBackoff } from '../../__fixtures__/backoff.js'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  REGION,
  failure,
  outcomesOf,
  requestsOf,
  QUICK_SERVICES,
  startWorld,
  type World
} from '../../__fixtures__/world.js'

let world: World

beforeEach(async () => {
  pinSdkBackoff()
  world = await startWorld(QUICK_SERVICES)
})
afterEach(async () => {
  await world.stop()
  jest.restoreAllMocks()
})

/** The changes every ChangeResourceRecordSets request carried, as the simulator decoded them. */
function changesSent(): { action: string; name: string; type: string }[] {
  return requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').flatMap(
    (r) => (r.params['ChangeBatch'] as { changes: { action: string; name: string; type: string }[] }).changes
  )
}

const successes = (service: 'acm' | 'route53', operation: string): number =>
  outcomesOf(world.sim, service, operation).filter((code) => code === undefined).length

function expectOneIssuedCertificate(result: { status: string; certificateArn: string }): void {
  expect(result.status).toBe('ISSUED')
  expect(world.sim.certificates(CERT_ACCOUNT).map((c) => c.arn)).toEqual([result.certificateArn])
  expect(successes('acm', 'RequestCertificate')).toBe(1)
}

describe('transient faults are retried and the run converges on one certificate', () => {
  // Rows: [fault row, service, operation, kind, times]. `times` stays below the SDK's 5 attempts.
  const rows: [
    string,
    'acm' | 'route53',
    string,
    'throttle' | 'server-error' | 'connection-reset' | 'clock-skew' | 'prior-request-not-complete',
    number
  ][] = [
    ['F1 ACM ThrottlingException on ListCertificates', 'acm', 'ListCertificates', 'throttle', 3],
    ['F1 ACM ThrottlingException on RequestCertificate', 'acm', 'RequestCertificate', 'throttle', 3],
    ['F1 ACM ThrottlingException on DescribeCertificate', 'acm', 'DescribeCertificate', 'throttle', 3],
    ['F2 Route 53 Throttling on ListHostedZonesByName', 'route53', 'ListHostedZonesByName', 'throttle', 3],
    ['F2 Route 53 Throttling on ChangeResourceRecordSets', 'route53', 'ChangeResourceRecordSets', 'throttle', 3],
    ['F4 Route 53 PriorRequestNotComplete', 'route53', 'ChangeResourceRecordSets', 'prior-request-not-complete', 3],
    ['F5 ACM 503 on RequestCertificate', 'acm', 'RequestCertificate', 'server-error', 2],
    ['F5 ACM 503 on DescribeCertificate', 'acm', 'DescribeCertificate', 'server-error', 2],
    ['F5 Route 53 503 on ListHostedZonesByName', 'route53', 'ListHostedZonesByName', 'server-error', 2],
    ['F5 Route 53 503 on ChangeResourceRecordSets', 'route53', 'ChangeResourceRecordSets', 'server-error', 2],
    ['F6 connection reset on ListCertificates', 'acm', 'ListCertificates', 'connection-reset', 2],
    ['F6 connection reset on DescribeCertificate', 'acm', 'DescribeCertificate', 'connection-reset', 2],
    ['F6 connection reset on ChangeResourceRecordSets', 'route53', 'ChangeResourceRecordSets', 'connection-reset', 2],
    ['F29 clock skew on ACM', 'acm', 'ListCertificates', 'clock-skew', 1],
    ['F29 clock skew on Route 53', 'route53', 'ChangeResourceRecordSets', 'clock-skew', 1]
  ]

  it.each(rows)(
    '%s: ISSUED, one certificate, one change batch, faulted calls retried',
    async (_row, service, operation, kind, times) => {
      world.sim.injectFault({ service, operation, kind, times })

      const result = await world.runRequest()

      expectOneIssuedCertificate(result)
      expect(successes('route53', 'ChangeResourceRecordSets')).toBe(1)
      const outcomes = outcomesOf(world.sim, service, operation)
      expect(outcomes.filter((code) => code !== undefined)).toHaveLength(times)
      expect(outcomes.filter((code) => code === undefined).length).toBeGreaterThanOrEqual(1)
    }
  )

  it('F1 throttling beyond the SDK attempts on DescribeCertificate: the poll loop absorbs it and carries on', async () => {
    world.sim.injectFault({
      service: 'acm',
      operation: 'DescribeCertificate',
      kind: 'throttle',
      times: MAX_ATTEMPTS * 2 + 1
    })

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    const throttled = outcomesOf(world.sim, 'acm', 'DescribeCertificate').filter((c) => c === 'ThrottlingException')
    expect(throttled).toHaveLength(MAX_ATTEMPTS * 2 + 1)
  })

  it('F1 throttling beyond the SDK attempts on ListCertificates: the lookup waits it out, one certificate', async () => {
    world.sim.injectFault({
      service: 'acm',
      operation: 'ListCertificates',
      kind: 'throttle',
      times: MAX_ATTEMPTS * 2 + 1
    })

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    const outcomes = outcomesOf(world.sim, 'acm', 'ListCertificates')
    expect(outcomes.filter((c) => c === 'ThrottlingException')).toHaveLength(MAX_ATTEMPTS * 2 + 1)
    expect(outcomes.filter((c) => c === undefined)).toHaveLength(1)
  })

  it('F1 throttling that never stops on ListCertificates: fails after the 60 s read deadline, naming ACM and the operation, no request', async () => {
    world.sim.injectFault({ service: 'acm', operation: 'ListCertificates', kind: 'throttle' })
    const startedAt = world.clock.now()

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.message).toMatch(/^ACM kept throttling ListCertificates: Rate exceeded/)
    expect(error.hint).toMatch(/8 ListCertificates calls per second/)
    expect(world.clock.now() - startedAt).toBeGreaterThanOrEqual(60_000)
    // Each round is the SDK's 5 attempts; the rounds are bounded by the deadline.
    const calls = world.sim.calls('acm', 'ListCertificates')
    expect(calls % MAX_ATTEMPTS).toBe(0)
    expect(calls).toBeGreaterThan(MAX_ATTEMPTS)
    expect(calls).toBeLessThanOrEqual(MAX_ATTEMPTS * 25)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })

  it('F2 Route 53 Throttling beyond the SDK attempts on ListHostedZonesByName: the zone lookup waits it out', async () => {
    world.sim.injectFault({
      service: 'route53',
      operation: 'ListHostedZonesByName',
      kind: 'throttle',
      times: MAX_ATTEMPTS * 2 + 1
    })

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    const outcomes = outcomesOf(world.sim, 'route53', 'ListHostedZonesByName')
    expect(outcomes.filter((c) => c === 'Throttling')).toHaveLength(MAX_ATTEMPTS * 2 + 1)
    expect(outcomes.filter((c) => c === undefined).length).toBeGreaterThanOrEqual(1)
    expect(successes('route53', 'ChangeResourceRecordSets')).toBe(1)
  })

  it('F2 Route 53 Throttling on ListHostedZonesByName that never stops: fails after the read deadline, naming the name and what to do', async () => {
    world.sim.injectFault({ service: 'route53', operation: 'ListHostedZonesByName', kind: 'throttle' })

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.message).toMatch(/Route 53 kept throttling ListHostedZonesByName for example\.com: Rate exceeded/)
    expect(error.hint).toMatch(/10 requests per second per account/)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('F3/F4 PriorRequestNotComplete beyond the SDK attempts: the whole batch is resent, never split', async () => {
    world.sim.injectFault({
      service: 'route53',
      operation: 'ChangeResourceRecordSets',
      kind: 'prior-request-not-complete',
      times: MAX_ATTEMPTS + 1
    })

    const result = await world.runRequest({
      'subject-alternative-names': 'www.example.com api.example.com *.example.com'
    })

    expectOneIssuedCertificate(result)
    const requests = requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets')
    expect(requests).toHaveLength(MAX_ATTEMPTS + 2)
    // Every attempt carried the same three UPSERTs (example.com and *.example.com share one record).
    const batches = requests.map((r) => JSON.stringify(r.params['ChangeBatch']))
    expect(new Set(batches).size).toBe(1)
    expect(
      changesSent()
        .slice(0, 3)
        .map((c) => c.action)
    ).toEqual(['UPSERT', 'UPSERT', 'UPSERT'])
  })

  it('F5 a 503 on every ACM and Route 53 call at a 30% rate: still one certificate', async () => {
    world.sim.injectFault({ service: 'acm', kind: 'server-error', rate: 0.3 })
    world.sim.injectFault({ service: 'route53', kind: 'server-error', rate: 0.3 })

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    expect(world.sim.requests.some((r) => r.errorCode === 'ServiceUnavailable')).toBe(true)
  })
})

describe('F6/F7 a lost RequestCertificate response', () => {
  it('the SDK retry sends the same IdempotencyToken and gets the same certificate', async () => {
    world.sim.injectFault({ service: 'acm', operation: 'RequestCertificate', kind: 'lost-response', times: 1 })

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    const requests = requestsOf(world.sim, 'acm', 'RequestCertificate')
    expect(requests).toHaveLength(2)
    const tokens = requests.map((r) => r.params['IdempotencyToken'])
    expect(tokens[0]).toMatch(/^\w{1,32}$/)
    expect(tokens[1]).toBe(tokens[0])
  })

  it('every attempt lost: the run fails, and a re-run with the same inputs gets that same certificate', async () => {
    world.sim.injectFault({
      service: 'acm',
      operation: 'RequestCertificate',
      kind: 'lost-response',
      times: MAX_ATTEMPTS
    })

    const error = await failure(world.runRequest())
    expect(error).toBeInstanceOf(AwsApiError)
    expect(error.message).toMatch(/ACM RequestCertificate failed: .*names: example\.com, www\.example\.com/)
    expect(error.hint).toMatch(/same inputs reuse the idempotency token/)
    const [created] = world.sim.certificates(CERT_ACCOUNT)
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(1)

    const rerun = await world.runRequest()
    expect(rerun.certificateArn).toBe(created?.arn)
    expect(rerun.status).toBe('ISSUED')
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(1)
  })
})

describe('ACM answers late or partially', () => {
  it('F8 DescribeCertificate 404 for the first seconds after the request is "not yet", not a failure', async () => {
    world.sim.scenario.describeNotFoundMs = 8000

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    expect(outcomesOf(world.sim, 'acm', 'DescribeCertificate')).toContain('ResourceNotFoundException')
  })

  it('F9 ResourceRecord absent for 6 polls: nothing is written until it appears, then one batch', async () => {
    world.sim.scenario.recordsAbsentPolls = 6

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(1)
    expect(changesSent()).toHaveLength(2)
  })

  it('F9 ResourceRecord never appears: DeadlineError naming the missing names, nothing written', async () => {
    world.sim.scenario.recordsAbsentPolls = 1_000_000

    const error = await failure(world.runRequest({ 'timeout-minutes': '0.2' }))

    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.message).toMatch(
      /ACM published no validation record for example\.com, www\.example\.com \(certificate arn:aws:acm:/
    )
    expect(error.hint).toMatch(/Re-run the job/)
    // The zones were found before the request (reads only); nothing was written.
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
    expect(world.sim.requests.filter((r) => r.service === 'route53').map((r) => r.operation)).toEqual(
      expect.arrayContaining(['ListHostedZonesByName'])
    )
  })

  it('F10 ResourceRecord present for some names only: waits for the full set, then writes it in one batch', async () => {
    world.sim.scenario.recordsPartialPolls = 5

    const result = await world.runRequest({ 'subject-alternative-names': 'www.example.com api.example.com' })

    expectOneIssuedCertificate(result)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(1)
    expect(
      changesSent()
        .map((c) => c.name)
        .sort()
    ).toEqual(
      ['example.com', 'www.example.com', 'api.example.com'].map((d) => validationRecord(CERT_ACCOUNT, d).name).sort()
    )
  })
})

describe('ACM says no', () => {
  const REASONS: FailureReason[] = [
    'NO_AVAILABLE_CONTACTS',
    'ADDITIONAL_VERIFICATION_REQUIRED',
    'DOMAIN_NOT_ALLOWED',
    'INVALID_PUBLIC_DOMAIN',
    'DOMAIN_VALIDATION_DENIED',
    'CAA_ERROR',
    'PCA_LIMIT_EXCEEDED',
    'PCA_INVALID_ARN',
    'PCA_INVALID_STATE',
    'PCA_REQUEST_FAILED',
    'PCA_NAME_CONSTRAINTS_VALIDATION',
    'PCA_RESOURCE_NOT_FOUND',
    'PCA_INVALID_ARGS',
    'PCA_INVALID_DURATION',
    'PCA_ACCESS_DENIED',
    'SLR_NOT_FOUND',
    'OTHER'
  ]

  it.each(REASONS)('F11 FAILED with %s: stops at once with the reason and its own hint', async (reason) => {
    world.sim.scenario.failCertificates = { reason }

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(CertificateFailedError)
    expect(error.status).toBe('FAILED')
    expect(error.message).toContain(`FAILED (${reason})`)
    expect(error.hint).toContain(failureHint(reason))
    expect(failureHint(reason)).not.toMatch(/Troubleshoot failed certificate requests/) // not the generic fallback
    // Stops at once: the first DescribeCertificate that saw FAILED was the last one.
    const [cert] = world.sim.certificates(CERT_ACCOUNT)
    const failedAt = (cert?.createdAt ?? 0) + world.sim.scenario.issuanceDelayMs
    expect(requestsOf(world.sim, 'acm', 'DescribeCertificate').filter((r) => r.time >= failedAt)).toHaveLength(1)
  })

  it('F11 a re-run after FAILED never hands back the FAILED certificate: it requests a new one', async () => {
    world.sim.scenario.failCertificates = { reason: 'CAA_ERROR' }
    const error = await failure(world.runRequest())
    expect(error).toBeInstanceOf(CertificateFailedError)
    const failedArn = (error as CertificateFailedError).certificateArn
    world.sim.scenario.failCertificates = undefined // the user fixed the CAA record

    const rerun = await world.runRequest()

    expect(rerun.status).toBe('ISSUED')
    expect(rerun.certificateArn).not.toBe(failedArn)
    expect(
      world.sim
        .certificates(CERT_ACCOUNT)
        .map((c) => c.status)
        .sort()
    ).toEqual(['FAILED', 'ISSUED'])
    // Same token first (ACM hands back the FAILED one within the hour), then the successor token.
    const tokens = requestsOf(world.sim, 'acm', 'RequestCertificate').map((r) => r.params['IdempotencyToken'])
    expect(tokens).toHaveLength(3)
    expect(tokens[1]).toBe(tokens[0])
    expect(tokens[2]).not.toBe(tokens[0])
  })

  it('F11 every FailureReason has a distinct hint', () => {
    expect(new Set(REASONS.map(failureHint)).size).toBe(REASONS.length)
  })

  it('F12 VALIDATION_TIMED_OUT: fails with the status and the 72-hour explanation', async () => {
    world.sim.scenario.validationTimedOut = true

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(CertificateFailedError)
    expect(error.status).toBe('VALIDATION_TIMED_OUT')
    expect(error.message).toMatch(/72 hours/)
    expect(error.hint).toMatch(/NS delegation/)
  })

  it('F14 LimitExceededException (names per certificate): fatal after ONE RequestCertificate, hint names the quota', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `n${i}.example.com`).join(',')

    const error = await failure(world.runRequest({ 'subject-alternative-names': names }))

    expect(error).toBeInstanceOf(AwsApiError)
    expect(error.message).toMatch(/RequestCertificate failed: LimitExceededException/)
    expect(error.hint).toMatch(/11 names; ACM allows 10 names per certificate by default.*Service Quotas/)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
  })

  it('F14 LimitExceededException (certificates per year): fatal after ONE RequestCertificate', async () => {
    world.sim.scenario.certificatesPerYearQuota = 0

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(AwsApiError)
    expect(error.hint).toMatch(/certificate quota.*Service Quotas/)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
  })
})

describe('Route 53 edge cases', () => {
  it('F23 a TXT record already at the validation name: InvalidChangeBatch names the record, nothing deleted', async () => {
    const blocked = validationRecord(CERT_ACCOUNT, 'www.example.com').name
    world.sim.putRecord(world.zones.publicZoneId, { name: blocked, type: 'TXT', values: ['"owned by someone else"'] })

    const error = await failure(world.runRequest())

    expect(error).toBeInstanceOf(DnsError)
    expect(error.message).toContain(blocked.replace(/\.$/, ''))
    expect(error.message).toMatch(/rejected the validation CNAME\(s\) .* in zone example\.com/)
    expect(error.hint).toMatch(/never deletes/)
    expect(changesSent().every((c) => c.action === 'UPSERT')).toBe(true)
    expect(
      world.sim
        .records(world.zones.publicZoneId)
        .filter((r) => r.name === blocked)
        .map((r) => r.type)
    ).toEqual(['TXT'])
  })

  it('F24 a public Cloud Map zone stops the run with what to do; pinning the parent zone then works', async () => {
    const cloudMap = world.sim.addHostedZone({
      accountId: DNS_ACCOUNT,
      name: 'svc.example.com',
      delegated: false,
      linkedService: { servicePrincipal: 'servicediscovery.amazonaws.com' }
    })

    const error = await failure(world.runRequest({ 'subject-alternative-names': 'api.svc.example.com' }))
    expect(error).toBeInstanceOf(DnsError)
    expect(error.message).toMatch(new RegExp(`svc\\.example\\.com \\(${cloudMap}\\).*Cloud Map`))
    expect(error.hint).toMatch(/hosted-zone-id/)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)

    const result = await world.runRequest({
      'subject-alternative-names': 'api.svc.example.com',
      'hosted-zone-id': world.zones.publicZoneId
    })
    expect(result.records.map((r) => r.hostedZoneId)).toEqual([world.zones.publicZoneId, world.zones.publicZoneId])
    expect(requestsOf(world.sim, 'route53', 'ChangeResourceRecordSets').map((r) => r.params['Id'])).not.toContain(
      cloudMap
    )
  })

  it('F24 a Cloud Map zone pinned with hosted-zone-id: clear error before any write', async () => {
    const cloudMap = world.sim.addHostedZone({
      accountId: DNS_ACCOUNT,
      name: 'svc.example.com',
      linkedService: { servicePrincipal: 'servicediscovery.amazonaws.com' }
    })

    const error = await failure(
      world.runRequest({
        'domain-name': 'api.svc.example.com',
        'subject-alternative-names': '',
        'hosted-zone-id': cloudMap
      })
    )

    expect(error).toBeInstanceOf(DnsError)
    expect(error.message).toMatch(/managed by servicediscovery\.amazonaws\.com \(Cloud Map\)/)
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(0)
  })

  it('F25 a change that stays PENDING forever does not block the run: GetChange is never called', async () => {
    world.sim.scenario.changeInsyncDelayMs = Number.MAX_SAFE_INTEGER

    const result = await world.runRequest()

    expectOneIssuedCertificate(result)
    expect(world.sim.calls('route53', 'GetChange')).toBe(0)
  })

  it('F26 ListHostedZonesByName pagination: same-name zones over two pages, the public one on page 2', async () => {
    // (ops.example.com: the example world's dev.example.com is public already.)
    // 120 private twins of ops.example.com sort (by id) before the public one, so the listing spills.
    for (let i = 0; i < 120; i++) {
      world.sim.addHostedZone({
        accountId: DNS_ACCOUNT,
        name: 'ops.example.com',
        privateZone: true,
        id: `ZA${String(i).padStart(4, '0')}`
      })
    }
    const publicDev = world.sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'ops.example.com', id: 'ZZPUBLICOPS' })

    const result = await world.runRequest({ 'domain-name': 'app.ops.example.com', 'subject-alternative-names': '' })

    expect(result.records.map((r) => r.hostedZoneId)).toEqual([publicDev])
    const listings = requestsOf(world.sim, 'route53', 'ListHostedZonesByName').map((r) => r.params)
    // app.ops.example.com (no zone), then ops.example.com page 1 and page 2 (NextDNSName + NextHostedZoneId).
    // (example.com is asked at the same time as the names below it, and not needed.)
    const dev = listings.filter((l) => l['dnsname'] === 'ops.example.com.')
    expect(listings.filter((l) => l['dnsname'] === 'app.ops.example.com.')).toHaveLength(1)
    expect(dev).toEqual([
      expect.not.objectContaining({ hostedzoneid: expect.anything() }),
      expect.objectContaining({ dnsname: 'ops.example.com.', hostedzoneid: 'ZA0100' })
    ])
    expect(listings.map((l) => l['dnsname'])).toEqual(
      expect.arrayContaining(['app.ops.example.com.', 'ops.example.com.', 'example.com.'])
    )
    expect(listings).toHaveLength(4)
  })

  it('F27 ListCertificates pagination: a reusable certificate on page 2 (EC key, so keyTypes must be passed)', async () => {
    for (let i = 0; i < 1000; i++) {
      world.sim.addCertificate({
        accountId: CERT_ACCOUNT,
        region: 'us-east-1',
        domainName: `filler${i}.example.com`,
        keyAlgorithm: 'EC_prime256v1'
      })
    }
    const existing = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: 'us-east-1',
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com'],
      keyAlgorithm: 'EC_prime256v1'
    })

    const result = await world.runRequest({ 'key-algorithm': 'EC_prime256v1' })

    expect(result).toMatchObject({ certificateArn: existing, reused: true, status: 'ISSUED' })
    expect(world.sim.calls('acm', 'ListCertificates')).toBe(2)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })
})

describe('no hang: HTTP timeouts on every client, a deadline on every phase', () => {
  /** The action's clients answer within these bounds; the test shrinks them (same handler, same code path). */
  const SHORT = { connectionTimeout: 100, requestTimeout: 100 }

  it('the clients carry connection, request and socket timeouts that throw', async () => {
    const { acm, route53 } = world.clients()
    const sts = createStsClient(REGION)
    for (const client of [acm, route53, sts]) {
      // NodeHttpHandler settles its options lazily (configProvider) before the first request.
      const handler = client.config.requestHandler as unknown as { configProvider: Promise<Record<string, unknown>> }
      expect(await handler.configProvider).toMatchObject({
        connectionTimeout: 5000,
        requestTimeout: 30000,
        socketTimeout: 30000,
        throwOnRequestTimeout: true
      })
    }
  })

  it('an ACM endpoint that never answers: ListCertificates gives up after 5 timed-out attempts', async () => {
    world.sim.injectFault({ service: 'acm', operation: 'ListCertificates', kind: 'hang' })
    const config = world.config()
    const { acm, route53 } = world.clients(config)
    shrinkTimeouts(acm.config.requestHandler)

    const error = await failure(requestOutcome({ config, acm, route53, clock: world.clock, log: world.log }))

    expect(error).toBeInstanceOf(AwsApiError)
    expect(error.message).toMatch(/ACM ListCertificates failed: TimeoutError/)
    expect(outcomesOf(world.sim, 'acm', 'ListCertificates')).toEqual(Array(MAX_ATTEMPTS).fill('fault:hang'))
  })

  it('a Route 53 endpoint that never answers: ListHostedZonesByName gives up after 5 timed-out attempts', async () => {
    world.sim.injectFault({ service: 'route53', operation: 'ListHostedZonesByName', kind: 'hang' })
    const config = world.config()
    const { acm, route53 } = world.clients(config)
    shrinkTimeouts(route53.config.requestHandler)

    const error = await failure(requestOutcome({ config, acm, route53, clock: world.clock, log: world.log }))

    expect(error).toBeInstanceOf(AwsApiError)
    expect(error.message).toMatch(/Route 53 ListHostedZonesByName failed: TimeoutError/)
    // Each name's lookup (asked at once) gives up after MAX_ATTEMPTS, before any certificate is requested.
    const lookups = requestsOf(world.sim, 'route53', 'ListHostedZonesByName')
    const names = [...new Set(lookups.map((r) => String(r.params['dnsname'])))]
    expect(names.length).toBeGreaterThan(0)
    for (const name of names)
      expect(lookups.filter((r) => r.params['dnsname'] === name).map((r) => r.errorCode)).toEqual(
        Array(MAX_ATTEMPTS).fill('fault:hang')
      )
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })

  it('DescribeCertificate that never answers during the wait: the phase deadline ends the run', async () => {
    world.sim.injectFault({ service: 'acm', operation: 'DescribeCertificate', kind: 'hang' })
    const config = world.config({ 'timeout-minutes': '0.05' })
    const { acm, route53 } = world.clients(config)
    shrinkTimeouts(acm.config.requestHandler)

    const error = await failure(requestOutcome({ config, acm, route53, clock: world.clock, log: world.log }))

    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.message).toMatch(/ACM published no validation record/)
    expect(world.sim.certificates(CERT_ACCOUNT)).toHaveLength(1)
  })

  function shrinkTimeouts(handler: unknown): void {
    const h = handler as { updateHttpClientConfig(key: string, value: number): void }
    h.updateHttpClientConfig('connectionTimeout', SHORT.connectionTimeout)
    h.updateHttpClientConfig('requestTimeout', SHORT.requestTimeout)
    h.updateHttpClientConfig('socketTimeout', SHORT.requestTimeout)
  }
})
