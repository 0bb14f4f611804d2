// runAcmeEndpoint() with the real SDK clients against the in-process simulator, on a virtual clock:
// the waits (an endpoint CREATING for 10 minutes, validations seen minutes after their CNAME) cost
// no real time; the facts reach the run as events step by step; the MAC key reaches only handOverBinding.
import { afterEach, expect, it } from '@jest/globals'
import { runAcmeEndpoint } from '../../src/acme/flow.js'
import type { AcmeRun } from '../../src/acme/report.js'
import { DeadlineError, DnsError } from '../../src/errors.js'
import type { RunDeps } from '../../src/run/deps.js'
import type { RunEvent } from '../../src/run/outcome.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { startWorld, type World } from '../../__fixtures__/world.js'

let world: World
afterEach(async () => world?.stop())

/** The one world (the example's accounts and zones, a virtual clock), the endpoint CREATING 10 min, VALID 3 min after its CNAME. */
async function setUp(): Promise<World> {
  world = await startWorld()
  Object.assign(world.sim.acme().knobs, { endpointCreatingMs: 10 * 60_000, validationDelayMs: 3 * 60_000 })
  return world
}

function deps(w: World, inputs: Record<string, string>) {
  const runs: AcmeRun[] = []
  const events: RunEvent[] = []
  const secrets: string[] = []
  const log = recordingLogger()
  const config = w.config({ mode: 'acme-endpoint', 'subject-alternative-names': '', ...inputs })
  const { acm, route53 } = w.clients(config)
  const d: RunDeps = {
    config,
    acm,
    route53,
    clock: w.clock,
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
  const w = await setUp()
  const { clock } = w
  const start = clock.now()
  const { d, runs, events, secrets, log } = deps(w, {
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
  expect(mac).toEqual([...world.sim.acme().bindings.values()][0]?.macKey)
  expect(JSON.stringify(events)).not.toContain(mac)
  expect(JSON.stringify(log)).not.toContain(mac)
  // Per-name progress lines as the statuses changed.
  expect(JSON.stringify(log)).toMatch(/example\.com: VALID, api\.dev\.example\.com: VALID/)
})

it('a CNAME ACM never sees: the wait ends at timeout-minutes naming the names still VALIDATING', async () => {
  const w = await setUp()
  const { d, runs } = deps(w, { 'domain-name': 'example.com', 'dns-provider': 'external' })
  await expect(runAcmeEndpoint(d)).rejects.toThrow(DeadlineError)
  await expect(
    runAcmeEndpoint(deps(w, { 'domain-name': 'example.com', 'dns-provider': 'external', 'timeout-minutes': '1' }).d)
  ).rejects.toThrow(/Not VALID within timeout-minutes: example\.com: VALIDATING/)
  // The run still reported the endpoint and the record to create.
  expect(runs.at(-1)?.validations[0]).toMatchObject({ domain: 'example.com', status: 'VALIDATING' })
  expect(runs.at(-1)?.validations[0]?.record?.name).toMatch(/^_[0-9a-f]{32}\.example\.com\.$/)
})

it('a name without a public zone fails the run before any endpoint is created', async () => {
  const w = await setUp()
  const { d, runs } = deps(w, { 'domain-name': 'www.example.net' })
  await expect(runAcmeEndpoint(d)).rejects.toThrow(DnsError)
  expect(world.sim.acme().endpoints.size).toBe(0)
  expect(world.sim.calls('acm', 'CreateAcmeEndpoint')).toBe(0)
  // The run was reported from its start (an empty AcmeRun), so the summary is the mode's own.
  expect(runs[0]).toEqual({ region: 'us-east-1', validations: [], dropped: [] })
})
