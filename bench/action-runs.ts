// Measurements of the bundled action (dist/index.js) run as the Actions runner runs it: a child
// `node` process per job, against a simulator on the real clock.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXAMPLE, seedExample, Simulator, type SimulatorOptions } from '../sim/index.js'
import { ACTION_ENTRY, runAction, runnerEnv, type RunnerResult } from '../sim/runner.js'
import { anchorLatencies, maxInWindow, median } from './anchors.js'
import { actionInputs, callTimes, REGION, seedDecoyCertificates } from '../__fixtures__/world.js'
import { startDnsRelay } from './dns-relay.js'

const THROTTLE_CODES = new Set(['ThrottlingException', 'Throttling', 'PriorRequestNotComplete'])

async function exampleSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await Simulator.start({ dns: true, ...options })
  seedExample(sim)
  return sim
}

function runIn(
  sim: Simulator,
  names: readonly string[],
  killAfterMs: number,
  entry: string,
  dnsServer = sim.dnsServer
): Promise<RunnerResult> {
  return runAction({
    inputs: { ...actionInputs(names), 'dns-resolvers': dnsServer },
    env: { ...sim.env(), AWS_REGION: REGION },
    killAfterMs,
    entry
  })
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------------------------
// Detection latency, overhead and steady-state polling: one job, one fresh certificate.

export interface LatencySample {
  issuanceMs: number
  /** Injected round trip of every simulated call (AWS, OIDC, public DNS), ms. */
  latencyMs: number
  exitCode: number | null
  /** Process wall time, spawn to exit. */
  durationMs: number
  /** Wall time beyond the simulated issuance time. */
  overheadMs: number
  /** ISSUED (simulator) → the process has exited. */
  detectionMs: number
  /** ISSUED → the DescribeCertificate that saw it. */
  pollLagMs: number
  /** The poll that saw ISSUED → process exit. */
  exitAfterPollMs: number
  /** DescribeCertificate per minute once the interval reached its cap (10 s after the records were written). */
  steadyDescribesPerMinute: number
  /** Intervals and time they span, for a rate pooled over runs. */
  steadyIntervals: number
  steadySpanMs: number
  /** Most DescribeCertificate calls in any 60 s of that steady state (needs ≥ 60 s of it). */
  steadyMaxIn60s: number | undefined
  /** What the anchors would have detected on the same timeline, polling from RequestCertificate. */
  anchors: Record<string, number>
}

export async function latencyRun(
  issuanceMs: number,
  names: readonly string[],
  entry = ACTION_ENTRY,
  latencyMs = 0
): Promise<LatencySample> {
  const sim = await exampleSimulator({ issuanceDelayMs: issuanceMs, latencyMs })
  const relay = latencyMs > 0 ? await startDnsRelay(sim.dnsServer, latencyMs) : undefined
  try {
    const result = await runIn(sim, names, issuanceMs + 120_000, entry, relay?.address)
    const exitAt = Date.now()
    const arn = result.outputs['certificate-arn'] ?? ''
    const issuedAt = sim.issuedAt(arn)
    if (result.exitCode !== 0 || issuedAt === undefined)
      throw new Error(`latency run failed: ${result.stdout.slice(-2000)}`)
    const [requestedAt = Number.NaN] = callTimes(sim, 'RequestCertificate')
    const [writtenAt = Number.NaN] = callTimes(sim, 'ChangeResourceRecordSets')
    const describes = callTimes(sim, 'DescribeCertificate')
    const sawIssuedAt = describes.find((t) => t >= issuedAt) ?? Number.NaN
    const steady = describes.filter((t) => t >= writtenAt + 10_000 && t <= sawIssuedAt)
    const steadySpan = (steady.at(-1) ?? 0) - (steady[0] ?? 0)
    return {
      issuanceMs,
      latencyMs,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      overheadMs: result.durationMs - issuanceMs,
      detectionMs: exitAt - issuedAt,
      pollLagMs: sawIssuedAt - issuedAt,
      exitAfterPollMs: exitAt - sawIssuedAt,
      steadyDescribesPerMinute: steady.length > 1 ? ((steady.length - 1) / steadySpan) * 60_000 : Number.NaN,
      steadyIntervals: Math.max(0, steady.length - 1),
      steadySpanMs: steadySpan,
      steadyMaxIn60s: steadySpan >= 60_000 ? maxInWindow(steady, 60_000) : undefined,
      anchors: anchorLatencies(requestedAt, issuedAt)
    }
  } finally {
    await relay?.stop()
    await sim.stop()
  }
}

/** Runs at once (each with its own simulator), started `staggerMs` apart so their cold starts do not share the CPU. */
export async function latencyRuns(
  issuanceTimesMs: readonly number[],
  names: readonly string[],
  staggerMs: number,
  entry = ACTION_ENTRY,
  latencyMs = 0
): Promise<LatencySample[]> {
  return Promise.all(
    issuanceTimesMs.map(async (t, i) => {
      await sleep(i * staggerMs)
      return latencyRun(t, names, entry, latencyMs)
    })
  )
}

// ---------------------------------------------------------------------------------------------
// Cold start: spawn → first HTTP request, against a bare `node -e ''` (spawn → exit) in the same run.

export interface ColdStartSample {
  baselineMs: number
  actionMs: number
}

export async function coldStartSample(names: readonly string[], entry = ACTION_ENTRY): Promise<ColdStartSample> {
  const temp = mkdtempSync(join(tmpdir(), 'acm-bench-cold-'))
  const sim = await exampleSimulator()
  try {
    const env = runnerEnv(temp)
    const baselineStart = Date.now()
    const baseline = spawn(process.execPath, ['-e', ''], { env, stdio: 'ignore' })
    await new Promise((resolve) => baseline.on('exit', resolve))
    const baselineMs = Date.now() - baselineStart

    const inputs = Object.entries(actionInputs(names)).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])
    const actionStart = Date.now()
    const child = spawn(process.execPath, [entry], {
      env: { ...env, ...Object.fromEntries(inputs), ...sim.env(), AWS_REGION: REGION },
      stdio: 'ignore'
    })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    while (sim.requests.length === 0 && child.exitCode === null) await sleep(1)
    const first = sim.requests[0]
    child.kill('SIGKILL')
    await exited
    if (!first) throw new Error('the action exited before its first request')
    return { baselineMs, actionMs: first.time - actionStart }
  } finally {
    await sim.stop()
    rmSync(temp, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Reuse, end to end: a re-run when the account already holds the certificate among thousands.

export interface ReuseRunSample {
  durationMs: number
  reused: boolean
  calls: Record<string, number>
}

export async function reuseRun(
  names: readonly string[],
  certificates: number,
  entry = ACTION_ENTRY
): Promise<ReuseRunSample> {
  const sim = await exampleSimulator()
  try {
    seedDecoyCertificates(sim, certificates - 1, names)
    const [primary = ''] = names
    sim.addCertificate({
      accountId: EXAMPLE.certificateAccount,
      region: REGION,
      domainName: primary,
      subjectAlternativeNames: [...names]
    })
    const result = await runIn(sim, names, 60_000, entry)
    if (result.exitCode !== 0) throw new Error(`reuse run failed: ${result.stdout.slice(-2000)}`)
    return { durationMs: result.durationMs, reused: result.outputs['reused'] === 'true', calls: callsByOperation(sim) }
  } finally {
    await sim.stop()
  }
}

function callsByOperation(sim: Simulator): Record<string, number> {
  const calls: Record<string, number> = {}
  for (const r of sim.requests) calls[r.operation] = (calls[r.operation] ?? 0) + 1
  return calls
}

// ---------------------------------------------------------------------------------------------
// Concurrency: N jobs at once in one account that enforces the API rate quotas.

export interface ConcurrencyRound {
  jobs: number
  nameSets: number
  succeeded: number
  /** Certificates in the account per name set (1 = the jobs converged). */
  certificatesPerNameSet: number[]
  wallMs: number
  medianDurationMs: number
  maxDurationMs: number
  /** ISSUED → exit, median over the jobs. */
  medianDetectionMs: number
  /** Throttling / PriorRequestNotComplete answers, by operation. */
  throttled: Record<string, number>
  /** Most accepted ChangeResourceRecordSets by one job in one zone. */
  maxChangesPerJobAndZone: number
  calls: Record<string, number>
  failures: string[]
}

/** Names of set k: two names in example.com, so every job writes to the same zone. */
export function nameSet(k: number): string[] {
  return [`app${k}.example.com`, `www.app${k}.example.com`]
}

const sameNames = (a: readonly string[], b: readonly string[]): boolean =>
  [...a].sort().join(' ') === [...b].sort().join(' ')

export async function concurrencyRound(
  jobs: number,
  jobsPerNameSet: number,
  issuanceMs: number,
  entry = ACTION_ENTRY
): Promise<ConcurrencyRound> {
  const sim = await exampleSimulator({ issuanceDelayMs: issuanceMs, enforceQuotas: true })
  try {
    const nameSets = Math.ceil(jobs / jobsPerNameSet)
    const started = Date.now()
    const runs = await Promise.all(
      Array.from({ length: jobs }, async (_, i) => {
        const result = await runIn(sim, nameSet(i % nameSets), 300_000, entry)
        return { result, exitAt: Date.now() }
      })
    )
    const wallMs = Date.now() - started
    const throttled: Record<string, number> = {}
    for (const r of sim.requests)
      if (r.errorCode && THROTTLE_CODES.has(r.errorCode)) throttled[r.operation] = (throttled[r.operation] ?? 0) + 1
    const changes = new Map<string, number>()
    for (const r of sim.requests) {
      if (r.operation !== 'ChangeResourceRecordSets' || r.status !== 200) continue
      const key = `${r.accessKeyId ?? ''} ${String(r.params['Id'])}`
      changes.set(key, (changes.get(key) ?? 0) + 1)
    }
    const certificates = sim.certificates(EXAMPLE.certificateAccount)
    const detections = runs.flatMap(({ result, exitAt }) => {
      const issuedAt = sim.issuedAt(result.outputs['certificate-arn'] ?? '')
      return issuedAt === undefined ? [] : [exitAt - issuedAt]
    })
    return {
      jobs,
      nameSets,
      succeeded: runs.filter(({ result }) => result.exitCode === 0 && result.outputs['status'] === 'ISSUED').length,
      certificatesPerNameSet: Array.from(
        { length: nameSets },
        (_, k) => certificates.filter((c) => sameNames(c.names, nameSet(k))).length
      ),
      wallMs,
      medianDurationMs: median(runs.map(({ result }) => result.durationMs)),
      maxDurationMs: Math.max(...runs.map(({ result }) => result.durationMs)),
      medianDetectionMs: median(detections),
      throttled,
      maxChangesPerJobAndZone: Math.max(0, ...changes.values()),
      calls: callsByOperation(sim),
      failures: runs
        .filter(({ result }) => result.exitCode !== 0)
        .map(({ result }) =>
          (result.stdout.match(/^::error.*$/m)?.[0] ?? `exit ${String(result.exitCode)} ${result.signal ?? ''}`).slice(
            0,
            400
          )
        )
    }
  } finally {
    await sim.stop()
  }
}
