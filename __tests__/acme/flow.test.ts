// runAcmeEndpoint() with the real SDK clients against the in-process simulator, on a virtual clock:
// the waits (an endpoint CREATING for 10 minutes, validations seen minutes after their CNAME) cost
// no real time; the facts reach hooks.onAcme step by step; the MAC key reaches only onAcmeBinding.
import { afterEach, expect, it } from '@jest/globals'
import { ACMClient } from '@aws-sdk/client-acm'
import { Route53Client } from '@aws-sdk/client-route-53'
import { runAcmeEndpoint } from '../../src/acme/flow.js'
import type { AcmeRun } from '../../src/acme/report.js'
import { DeadlineError, DnsError } from '../../src/errors.js'
import type { RunDeps } from '../../src/run/deps.js'
import type { RunEvent } from '../../src/run/outcome.js'
import { EXAMPLE, seedExample, Simulator } from '../../sim/index.js'
import { virtualClock, type FakeClock } from '../../__fixtures__/clock.js'
import { configFrom } from '../../__fixtures__/config.js'
import { recordingLogger } from '../../__fixtures__/logger.js'

let sim: Simulator
afterEach(async () => sim?.stop())

async function setUp(clock: FakeClock) {
  sim = await Simulator.start({ clock: clock.read })
  seedExample(sim)
  Object.assign(sim.acme().knobs, { endpointCreatingMs: 10 * 60_000, validationDelayMs: 3 * 60_000 })
  const at = (credentials: { accessKeyId: string; secretAccessKey: string }) => ({
    endpoint: sim.url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1
  })
  return { acm: new ACMClient(at(EXAMPLE.certificateKeys)), route53: new Route53Client(at(EXAMPLE.dnsKeys)) }
}

function deps(clock: FakeClock, clients: Awaited<ReturnType<typeof setUp>>, inputs: Record<string, string>) {
  const runs: AcmeRun[] = []
  const events: RunEvent[] = []
  const secrets: string[] = []
  const log = recordingLogger()
  const config = configFrom(
    { mode: 'acme-endpoint', 'aws-region': 'us-east-1', 'timeout-minutes': '30', ...inputs },
    { GITHUB_RUN_ID: '1' }
  )
  const d: RunDeps = {
    config,
    ...clients,
    clock,
    log,
    emit: (event) => {
      events.push(event)
      if (event.type === 'acme') runs.push(event.acme)
    },
    handOverBinding: ({ macKey }) => secrets.push(macKey)
  }
  return { d, runs, events, secrets, log }
}

it('waits for ACTIVE and VALID on the injected clock and reports each fact as it is known', async () => {
  const clock = virtualClock()
  const clients = await setUp(clock)
  const start = clock.now()
  const { d, runs, events, secrets, log } = deps(clock, clients, {
    'domain-name': 'example.com',
    'subject-alternative-names': 'api.dev.example.com',
    'acme-eab-role-arn': 'arn:aws:iam::111111111111:role/acme-clients'
  })
  await runAcmeEndpoint(d)
  const status = events.filter((e) => e.type === 'status').at(-1)
  expect(status).toMatchObject({ status: 'ACTIVE' })
  expect(runs.at(-1)?.endpoint?.created).toBe(true)
  expect(status?.type === 'status' && status.progress).toEqual([
    { domain: 'example.com', validationStatus: 'VALID' },
    { domain: 'api.dev.example.com', validationStatus: 'VALID' }
  ])
  // Ten minutes CREATING and three VALIDATING, in virtual time.
  expect(clock.now() - start).toBeGreaterThanOrEqual(13 * 60_000)
  // Nothing yet, then the endpoint (CREATING), then ACTIVE with its URL, then the validations, the binding last.
  expect(runs[0]?.endpoint).toBeUndefined()
  expect(runs[1]?.endpoint?.status).toBe('CREATING')
  expect(runs.find((r) => r.endpoint?.status === 'ACTIVE')?.endpoint?.url).toMatch(/\/directory$/)
  expect(runs.at(-1)?.binding?.roleArn).toBe('arn:aws:iam::111111111111:role/acme-clients')
  // The MAC key reached the masker, and nothing else: not the AcmeRun, not the log.
  const [mac] = secrets
  expect(mac).toEqual([...sim.acme().bindings.values()][0]?.macKey)
  expect(JSON.stringify(events)).not.toContain(mac)
  expect(JSON.stringify(log)).not.toContain(mac)
  // Per-name progress lines as the statuses changed.
  expect(JSON.stringify(log)).toMatch(/example\.com: VALID, api\.dev\.example\.com: VALID/)
})

it('a CNAME ACM never sees: the wait ends at timeout-minutes naming the names still VALIDATING', async () => {
  const clock = virtualClock()
  const clients = await setUp(clock)
  const { d, runs } = deps(clock, clients, { 'domain-name': 'example.com', 'dns-provider': 'external' })
  await expect(runAcmeEndpoint(d)).rejects.toThrow(DeadlineError)
  await expect(
    runAcmeEndpoint(
      deps(clock, clients, { 'domain-name': 'example.com', 'dns-provider': 'external', 'timeout-minutes': '1' }).d
    )
  ).rejects.toThrow(/Not VALID within timeout-minutes: example\.com: VALIDATING/)
  // The run still reported the endpoint and the record to create.
  expect(runs.at(-1)?.validations[0]).toMatchObject({ domain: 'example.com', status: 'VALIDATING' })
  expect(runs.at(-1)?.validations[0]?.record?.name).toMatch(/^_[0-9a-f]{32}\.example\.com\.$/)
})

it('a name without a public zone fails the run before any endpoint is created', async () => {
  const clock = virtualClock()
  const clients = await setUp(clock)
  const { d, runs } = deps(clock, clients, { 'domain-name': 'www.example.net' })
  await expect(runAcmeEndpoint(d)).rejects.toThrow(DnsError)
  expect(sim.acme().endpoints.size).toBe(0)
  expect(sim.calls('acm', 'CreateAcmeEndpoint')).toBe(0)
  // The run was reported from its start (an empty AcmeRun), so the summary is the mode's own.
  expect(runs[0]).toEqual({ region: 'us-east-1', validations: [], dropped: [] })
})
