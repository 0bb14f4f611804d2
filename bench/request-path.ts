// The request path with realistic round trips: the bundled action (a child `node` process, as the
// runner starts it) against a simulator that holds every answer back by `latencyMs` (AWS, GitHub
// OIDC, and public DNS through a delaying relay). What delays the validation records delays the
// issuance one-for-one, so this measures spawn → every record written, and the serial steps before
// it: the longest chain of calls each of which began after the previous one ended (sim/timing.ts).
import { performance } from 'node:perf_hooks'
import { criticalPath, EXAMPLE, rounds, seedExample, Simulator, type TimedCall } from '../sim/index.js'
import { ACTION_ENTRY, runAction } from '../sim/runner.js'
import { startDnsRelay } from './dns-relay.js'
import { actionInputs, REGION } from '../__fixtures__/world.js'

export interface RequestPathSample {
  latencyMs: number
  names: readonly string[]
  exitCode: number | null
  /** Spawn → the answer to the last ChangeResourceRecordSets (every record written; wall clock). */
  recordsWrittenMs: number
  /** Spawn → the first request (the OIDC token request): process start-up. */
  firstRequestMs: number
  /** Calls on the longest serial chain that ends with the last ChangeResourceRecordSets, that one included. */
  stepsToRecordsWritten: number
  /** That chain, as `service Operation`, first call first. */
  chain: string[]
  /** Rounds of overlapping calls up to that write (sim/timing.ts rounds). */
  roundsToRecordsWritten: number
  /** Calls (AWS, OIDC, DNS) that began before every record was written. */
  callsBeforeRecordsWritten: number
  zonesWritten: number
  calls: Record<string, number>
}

/** Two names in one zone (as in the latency runs), and four over three zones (a wildcard among them). */
export const REQUEST_PATH_NAME_SETS: readonly (readonly string[])[] = [
  ['app.example.com', 'www.example.com'],
  ['app.example.com', '*.example.com', 'api.dev.example.com', 'www.example.org']
]

export async function requestPathRun(
  names: readonly string[],
  latencyMs: number,
  entry = ACTION_ENTRY
): Promise<RequestPathSample> {
  const sim = await Simulator.start({ dns: true, latencyMs })
  seedExample(sim)
  sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'example.org' })
  const relay = await startDnsRelay(sim.dnsServer, latencyMs)
  try {
    const startedAt = performance.now()
    const result = await runAction({
      // wait: false ends the run after the write: the wait for ISSUED is measured elsewhere.
      inputs: { ...actionInputs(names), 'dns-resolvers': relay.address, wait: 'false' },
      env: { ...sim.env(), AWS_REGION: REGION },
      killAfterMs: 60_000,
      entry
    })
    const log: TimedCall[] = [...sim.requests, ...relay.queries]
    const writes = sim.requests.filter((r) => r.operation === 'ChangeResourceRecordSets' && r.status === 200)
    const lastWrite = writes.reduce<TimedCall | undefined>(
      (last, w) => (last === undefined || (w.endMs ?? 0) > (last.endMs ?? 0) ? w : last),
      undefined
    )
    if (result.exitCode !== 0 || lastWrite?.endMs === undefined)
      throw new Error(`request-path run failed: ${result.stdout.slice(-2000)}`)
    const writtenAt = lastWrite.endMs
    const path = criticalPath(log, (c) => c === lastWrite)
    const before = log.filter((c) => (c.startMs ?? Infinity) < writtenAt)
    const calls: Record<string, number> = {}
    for (const c of log) {
      const key = c.service === 'dns' ? 'DNS query' : c.operation
      calls[key] = (calls[key] ?? 0) + 1
    }
    const first = Math.min(...log.map((c) => c.startMs ?? Infinity))
    return {
      latencyMs,
      names,
      exitCode: result.exitCode,
      recordsWrittenMs: writtenAt - startedAt,
      firstRequestMs: first - startedAt,
      stepsToRecordsWritten: path.steps,
      chain: path.chain.map((c) => `${c.service} ${c.operation}`),
      roundsToRecordsWritten: rounds(before).length,
      callsBeforeRecordsWritten: before.length,
      zonesWritten: new Set(writes.map((w) => String((w as { params?: Record<string, unknown> }).params?.['Id']))).size,
      calls
    }
  } finally {
    await relay.stop()
    await sim.stop()
  }
}

export interface RerunSample {
  latencyMs: number
  names: readonly string[]
  reused: boolean
  /** Spawn → exit of the re-run (wall clock). */
  durationMs: number
  /** Serial steps of the whole re-run (longest chain of non-overlapping calls). */
  steps: number
  chain: string[]
  /** The re-run's calls by operation (OIDC and DNS queries included). */
  calls: Record<string, number>
  route53Calls: number
  route53Writes: number
}

/**
 * A re-run of a job whose first run got its certificate ISSUED: the records are in place (the first
 * run wrote them), so the budget is no Route 53 write. Only the second run's calls are counted.
 */
export async function rerunRun(
  names: readonly string[],
  latencyMs: number,
  entry = ACTION_ENTRY
): Promise<RerunSample> {
  const sim = await Simulator.start({ dns: true, latencyMs, issuanceDelayMs: 0 })
  seedExample(sim)
  sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: 'example.org' })
  const relay = await startDnsRelay(sim.dnsServer, latencyMs)
  const run = () =>
    runAction({
      inputs: { ...actionInputs(names), 'dns-resolvers': relay.address },
      env: { ...sim.env(), AWS_REGION: REGION },
      killAfterMs: 60_000,
      entry
    })
  try {
    const first = await run()
    if (first.exitCode !== 0 || first.outputs['status'] !== 'ISSUED')
      throw new Error(`first run failed: ${first.stdout.slice(-2000)}`)
    const fromRequest = sim.requests.length
    const fromQuery = relay.queries.length
    const again = await run()
    if (again.exitCode !== 0) throw new Error(`re-run failed: ${again.stdout.slice(-2000)}`)
    const awsCalls = sim.requests.slice(fromRequest)
    const log: TimedCall[] = [...awsCalls, ...relay.queries.slice(fromQuery)]
    const calls: Record<string, number> = {}
    for (const c of log) {
      const key = c.service === 'dns' ? 'DNS query' : c.operation
      calls[key] = (calls[key] ?? 0) + 1
    }
    const path = criticalPath(log)
    const route53 = awsCalls.filter((c) => c.service === 'route53')
    return {
      latencyMs,
      names,
      reused: again.outputs['reused'] === 'true',
      durationMs: again.durationMs,
      steps: path.steps,
      chain: path.chain.map((c) => `${c.service} ${c.operation}`),
      calls,
      route53Calls: route53.length,
      route53Writes: route53.filter((c) => c.operation === 'ChangeResourceRecordSets').length
    }
  } finally {
    await relay.stop()
    await sim.stop()
  }
}
