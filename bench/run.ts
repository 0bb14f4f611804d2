// `npm run bench`: the action's own cost on the simulator (issue #6). Bundles dist/, measures, prints
// a table of every figure against its target, writes bench/results.json and refreshes the figures in
// docs/performance.md. Options: --quick (fewer repetitions), --no-bundle (measure dist/ as it is),
// --entry PATH (measure another bundle, e.g. of a candidate change), --latency-ms N (the round trip
// every simulated call of the wall-clock runs pays; default 80), --only a,b (only these sections:
// cold, reuse, zones, request-path, latency, concurrency). --quick, --entry, --only and a latency
// other than the default write to bench/results/latest.json only: the committed figures come from
// full runs of this source.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_ENTRY } from '../sim/runner.js'
import {
  REQUEST_PATH_NAME_SETS,
  requestPathRun,
  rerunRun,
  type RequestPathSample,
  type RerunSample
} from './request-path.js'
import {
  coldStartSample,
  concurrencyRound,
  latencyRuns,
  reuseRun,
  type ColdStartSample,
  type ConcurrencyRound,
  type LatencySample
} from './action-runs.js'
import { ACTION_SCHEDULE, ANCHORS, median, modelMedianLatency } from './anchors.js'
import { DEFAULT_POLL } from '../src/poll.js'
import { regionsPair, type RegionsPair } from './regions.js'
import { reuseLookup, runCost, spreadNames, type ReuseLookupPoint, type RunCostPoint } from './scaling.js'
import { SEVEN_NAMES_THREE_ZONES } from '../__fixtures__/zones.js'
import { announcement, checkoutPath, keepOnStop, verdict } from './session.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const entryArg = args.includes('--entry') ? args[args.indexOf('--entry') + 1] : undefined
const entry = entryArg === undefined ? ACTION_ENTRY : resolve(entryArg)
const latencyArg = args.includes('--latency-ms') ? Number(args[args.indexOf('--latency-ms') + 1]) : undefined
if (latencyArg !== undefined && !(latencyArg >= 0)) throw new Error('--latency-ms takes a number of milliseconds')
/** The round trip every simulated call pays in the wall-clock runs: a realistic one, not the local 1 ms. */
const DEFAULT_LATENCY_MS = 80
const LATENCY_MS = latencyArg ?? DEFAULT_LATENCY_MS
const SECTIONS = ['cold', 'reuse', 'zones', 'request-path', 'latency', 'regions', 'concurrency'] as const
type Section = (typeof SECTIONS)[number]
const onlyArg = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',') : undefined
const unknownSection = onlyArg?.find((s) => !(SECTIONS as readonly string[]).includes(s))
if (unknownSection !== undefined) throw new Error(`--only: unknown section ${unknownSection} (${SECTIONS.join(', ')})`)
const runs = (section: Section): boolean => onlyArg === undefined || onlyArg.includes(section)
const official = !quick && entryArg === undefined && onlyArg === undefined && LATENCY_MS === DEFAULT_LATENCY_MS
const RESULTS = fileURLToPath(new URL(official ? './results.json' : './results/latest.json', import.meta.url))
const DOC = fileURLToPath(new URL('../docs/performance.md', import.meta.url))
const ROOT = fileURLToPath(new URL('..', import.meta.url))

const NAMES = ['app.example.com', 'www.example.com']
const ZONE_NAMES = SEVEN_NAMES_THREE_ZONES
const REPEATS = quick ? 3 : 5
const CONCURRENCY_ROUNDS = quick ? 1 : 3
/**
 * Issuance times 7.3 s apart: their phases spread over the 4 s, 10 s and 60 s poll periods compared
 * (round numbers would land every run on the same phase of Terraform's 10 s and the CLI's 60 s).
 */
const ISSUANCE_TIMES_MS = Array.from({ length: quick ? 3 : 11 }, (_, k) => 20_000 + k * 7_300)
const CONCURRENCY_ISSUANCE_MS = 10_000
const JOBS_PER_NAME_SET = 5
/** Two Regions against one: pairs of runs, ISSUED this long after the records were written. */
const REGION_PAIRS = quick ? 1 : 3
const REGIONS_ISSUANCE_MS = 15_000

interface Figure {
  figure: string
  measured: string
  target: string
  /** undefined: reported, no pass/fail target. */
  pass: boolean | undefined
  value: number
}

const step = (text: string): void => console.log(`· ${text}`)
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
/** One after another: measurements must not share the CPU. */
async function inSequence<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (const item of items) out.push(await fn(item))
  return out
}
const repeat = <R>(n: number, fn: () => Promise<R>): Promise<R[]> => inSequence(Array.from({ length: n }), fn)

async function main(): Promise<void> {
  const began = Date.now()
  console.log(announcement(fileURLToPath(new URL('./results.json', import.meta.url)), quick))
  if (!args.includes('--no-bundle') && entryArg === undefined) {
    step('npm run bundle')
    const built = spawnSync('npm', ['run', 'bundle'], { cwd: ROOT, stdio: 'inherit' })
    if (built.status !== 0) throw new Error('npm run bundle failed')
  }
  const bundleBytes = statSync(entry).size
  const m: Measurements = { bundleBytes, latencyMs: LATENCY_MS }
  const partial = fileURLToPath(new URL('./results/partial.json', import.meta.url))
  keepOnStop(
    partial,
    () => ({ command: `npm run bench ${args.join(' ')}`.trim(), durationMs: Date.now() - began, ...m }),
    ROOT
  )

  if (runs('cold')) {
    step(`cold start: ${REPEATS + 2} pairs of node -e '' and node dist/index.js (${process.execPath})`)
    m.cold = await repeat(REPEATS + 2, () => coldStartSample(NAMES, entry))
  }

  if (runs('reuse')) {
    step('reuse lookup: 2,500 certificates, and 0 to 5,000')
    m.reuse2500 = await repeat(REPEATS, () => reuseLookup(2500, NAMES))
    m.reuseScaling = await inSequence([0, 100, 1000, 2500, 5000], (certificates) => reuseLookup(certificates, NAMES))
    m.reuseRuns = await repeat(REPEATS, () => reuseRun(NAMES, 2500, entry))
  }

  if (runs('zones')) {
    step('zone lookup and writes: 500 zones; then 4 to 2,000 zones and 1 to 100 names')
    m.zones500 = await repeat(REPEATS, () => runCost(500, ZONE_NAMES))
    m.zoneScaling = await inSequence([4, 100, 500, 2000], (zones) => runCost(zones, ZONE_NAMES))
    m.nameScaling = await inSequence([1, 3, 10, 30, 100], (names) => runCost(500, spreadNames(names)))
  }

  if (runs('request-path')) {
    step(`request path: ${REPEATS} runs per name set, ${LATENCY_MS} ms per call; re-runs of an ISSUED certificate`)
    m.requestPath = await inSequence(REQUEST_PATH_NAME_SETS, (names) =>
      repeat(REPEATS, () => requestPathRun(names, LATENCY_MS, entry))
    )
    m.reruns = await inSequence(REQUEST_PATH_NAME_SETS, (names) =>
      repeat(quick ? 1 : 3, () => rerunRun(names, LATENCY_MS, entry))
    )
  }

  if (runs('latency')) {
    step(
      `detection latency: ${ISSUANCE_TIMES_MS.length} runs, ${LATENCY_MS} ms per call, issuance after ${ISSUANCE_TIMES_MS.map((t) => t / 1000).join(', ')} s`
    )
    m.latency = await latencyRuns(ISSUANCE_TIMES_MS, NAMES, 3000, entry, LATENCY_MS)
  }

  if (runs('regions')) {
    step(
      `two Regions against one: ${REGION_PAIRS} pairs, ${LATENCY_MS} ms per call, issuance after ${REGIONS_ISSUANCE_MS / 1000} s`
    )
    m.regions = await repeat(REGION_PAIRS, () => regionsPair(NAMES, REGIONS_ISSUANCE_MS, entry, LATENCY_MS))
  }

  if (runs('concurrency')) {
    m.concurrency = []
    for (const jobs of [1, 5, 20, 50]) {
      for (let round = 0; round < CONCURRENCY_ROUNDS; round++) {
        step(`concurrency: ${jobs} jobs at once, quotas enforced (round ${round + 1}/${CONCURRENCY_ROUNDS})`)
        m.concurrency.push(await concurrencyRound(jobs, JOBS_PER_NAME_SET, CONCURRENCY_ISSUANCE_MS, entry))
      }
    }
  }

  const figures = summarize(m)
  const anchorTable = m.latency ? anchorRows(m.latency) : []
  const durationMs = Date.now() - began
  const results = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    entry: relative(ROOT, entry),
    durationMs,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: process.platform
    },
    latencyMs: LATENCY_MS,
    figures,
    anchors: { schedules: ANCHORS.map(({ name, source }) => ({ name, source })), medians: anchorTable },
    coldStart: { bundleBytes, nodeBinary: checkoutPath(ROOT, process.execPath), samples: m.cold },
    reuse: { lookup2500: m.reuse2500, scaling: m.reuseScaling, endToEnd2500: m.reuseRuns },
    zones: { at500: m.zones500, byZones: m.zoneScaling, byNames: m.nameScaling },
    requestPath: m.requestPath?.flat(),
    reruns: m.reruns?.flat(),
    latency: m.latency,
    regions: m.regions,
    concurrency: m.concurrency
  }
  mkdirSync(dirname(RESULTS), { recursive: true })
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`)

  const tables = [
    markdownTable(
      ['Figure', 'Measured (median)', 'Target', 'Met'],
      figures.map((f) => [f.figure, f.measured, f.target, f.pass === undefined ? '—' : f.pass ? 'yes' : '**no**'])
    ),
    ...(m.latency
      ? [
          '',
          `Detection latency on the same timelines (median of ${m.latency.length} runs, ${LATENCY_MS} ms per call; anchors replayed from RequestCertificate, first poll at or after ISSUED), and as a model with ISSUED uniformly between ${Math.min(...ISSUANCE_TIMES_MS) / 1000} and ${Math.max(...ISSUANCE_TIMES_MS) / 1000} s:`,
          '',
          markdownTable(
            ['Waiter', 'Median, measured timelines', 'Median, model', 'Schedule'],
            anchorTable.map((a) => [
              a.name,
              seconds(a.medianMs),
              a.modelMs === undefined ? '—' : seconds(a.modelMs),
              a.schedule
            ])
          )
        ]
      : []),
    ...(m.requestPath && m.reruns ? ['', requestPathTables(m.requestPath, m.reruns)] : []),
    ...(m.reuseScaling && m.zoneScaling && m.nameScaling && m.concurrency
      ? ['', scalingTables(m.reuseScaling, m.zoneScaling, m.nameScaling, m.concurrency)]
      : [])
  ].join('\n')
  console.log(`\n${tables}\n`)
  if (official) updateDoc(tables, results.command, durationMs, results.machine)
  console.log(`wrote ${RESULTS}${official ? ` and the figures in ${DOC}` : ''} (${seconds(durationMs)})`)
  console.log(verdict(figures))
}

interface Measurements {
  bundleBytes: number
  /** The round trip of every simulated call in the wall-clock runs (request path, latency runs). */
  latencyMs: number
  cold?: ColdStartSample[]
  reuse2500?: ReuseLookupPoint[]
  reuseScaling?: ReuseLookupPoint[]
  reuseRuns?: Awaited<ReturnType<typeof reuseRun>>[]
  zones500?: RunCostPoint[]
  zoneScaling?: RunCostPoint[]
  nameScaling?: RunCostPoint[]
  /** Per name set (REQUEST_PATH_NAME_SETS), the runs. */
  requestPath?: RequestPathSample[][]
  reruns?: RerunSample[][]
  latency?: LatencySample[]
  regions?: RegionsPair[]
  concurrency?: ConcurrencyRound[]
}

/** Serial steps the request path may take before the records are written (issue 17's goal): OIDC token → STS → ListCertificates → RequestCertificate → DescribeCertificate → ChangeResourceRecordSets. */
const REQUEST_PATH_STEPS = 6
/** Spawn → every record written, at 80 ms per call, process start included. */
const RECORDS_WRITTEN_TARGET_MS = 800

function summarize(m: Measurements): Figure[] {
  const figures: Figure[] = []
  const rtt = `${m.latencyMs} ms per call`
  if (m.latency) {
    const latency = m.latency
    const measuredDetection = median(latency.map((s) => s.detectionMs))
    // The headline is the model's median lag (not one run's luck) plus the measured poll → exit.
    const detection = actionModelLagMs(latency, m.latencyMs) + median(latency.map((s) => s.exitAfterPollMs))
    const rate = median(latency.map((s) => s.steadyDescribesPerMinute))
    const pooled = (sum(latency.map((s) => s.steadyIntervals)) / sum(latency.map((s) => s.steadySpanMs))) * 60_000
    const windows = latency.flatMap((s) => (s.steadyMaxIn60s === undefined ? [] : [s.steadyMaxIn60s]))
    figures.push(
      {
        figure: 'Detection latency: ISSUED → process exit',
        measured: `${seconds(detection)} expected (model lag + measured poll → exit); measured median ${seconds(measuredDetection)}, range ${seconds(Math.min(...latency.map((s) => s.detectionMs)))}–${seconds(Math.max(...latency.map((s) => s.detectionMs)))} (${rtt})`,
        target: '≤ 5 s',
        pass: detection <= 5000,
        value: detection
      },
      {
        figure: 'DescribeCertificate per minute per job, steady state',
        measured: `${rate.toFixed(2)}/min (pooled over runs ${pooled.toFixed(2)}/min${windows.length ? `; most in any 60 s: ${Math.max(...windows)}` : ''})`,
        target: '≤ 15/min',
        pass: rate <= 15,
        value: rate
      }
    )
  }
  if (m.reuse2500) {
    const lists = median(m.reuse2500.map((p) => p.listCertificates))
    const describes = median(m.reuse2500.map((p) => p.describeCertificate))
    figures.push({
      figure: 'Reuse lookup, 2,500 certificates',
      measured: `${lists} ListCertificates, ${describes} DescribeCertificate (found: ${m.reuse2500.every((p) => p.found) ? 'yes' : 'no'})`,
      target: '≤ 3 ListCertificates, ≤ 1 DescribeCertificate',
      pass: lists <= 3 && describes <= 1 && m.reuse2500.every((p) => p.found),
      value: lists
    })
  }
  if (m.zones500) {
    const lookups = median(m.zones500.map((p) => p.calls['ListHostedZonesByName'] ?? 0))
    const suffixes = median(m.zones500.map((p) => p.candidateSuffixes))
    const fullListings = Math.max(...m.zones500.map((p) => p.calls['ListHostedZones'] ?? 0))
    figures.push({
      figure: 'Zone lookup, 500 hosted zones, 7 names',
      measured: `${lookups} ListHostedZonesByName for ${suffixes} candidate suffixes; ${fullListings} ListHostedZones`,
      target: '≤ 1 per candidate suffix; no full listing',
      pass: lookups <= suffixes && fullListings === 0,
      value: lookups
    })
  }
  if (m.zones500 || m.concurrency) {
    const changesPerZone = Math.max(
      ...(m.zones500 ?? []).map((p) => p.maxChangesPerZone),
      ...(m.concurrency ?? []).map((r) => r.maxChangesPerJobAndZone)
    )
    figures.push({
      figure: 'ChangeResourceRecordSets per hosted zone per run',
      measured: `${changesPerZone} (most in any zone, any run, concurrency included)`,
      target: 'exactly 1',
      pass: changesPerZone === 1,
      value: changesPerZone
    })
  }
  if (m.regions) figures.push(regionsFigure(m.regions, m.latencyMs))
  if (m.cold) {
    const baseline = median(m.cold.map((s) => s.baselineMs))
    const action = median(m.cold.map((s) => s.actionMs))
    figures.push({
      figure: 'Cold start: spawn → first HTTP request',
      measured: `${action} ms vs ${baseline} ms for node -e '' on the same binary, Node ${process.version} (+${action - baseline} ms); bundle ${(m.bundleBytes / 1024 / 1024).toFixed(2)} MiB`,
      target: "compared with node -e ''",
      pass: undefined,
      value: action
    })
  }
  if (m.requestPath) {
    for (const [i, samples] of m.requestPath.entries()) {
      const names = REQUEST_PATH_NAME_SETS[i] ?? []
      const zones = Math.max(...samples.map((s) => s.zonesWritten))
      const set = `${names.length} names, ${zones} zone${zones === 1 ? '' : 's'}`
      const steps = Math.max(...samples.map((s) => s.stepsToRecordsWritten))
      const written = median(samples.map((s) => s.recordsWrittenMs))
      figures.push(
        {
          figure: `Request path, ${set}: serial steps until every record is written`,
          measured: `${steps} (most in any run; ${rtt})`,
          target: `≤ ${REQUEST_PATH_STEPS}`,
          pass: steps <= REQUEST_PATH_STEPS,
          value: steps
        },
        {
          figure: `Request path, ${set}: spawn → every record written`,
          measured: `${seconds(written)} (range ${seconds(Math.min(...samples.map((s) => s.recordsWrittenMs)))}–${seconds(Math.max(...samples.map((s) => s.recordsWrittenMs)))}; ${rtt}, process start included)`,
          target: m.latencyMs === 80 ? `< ${seconds(RECORDS_WRITTEN_TARGET_MS)} at 80 ms per call` : '—',
          pass: m.latencyMs === 80 ? written < RECORDS_WRITTEN_TARGET_MS : undefined,
          value: written
        }
      )
    }
  }
  if (m.latency) {
    const measuredOverhead = median(m.latency.map((s) => s.overheadMs))
    const rest = median(m.latency.map((s) => s.overheadMs - s.pollLagMs))
    const overhead = actionModelLagMs(m.latency, m.latencyMs) + rest
    figures.push({
      figure: 'Overhead: wall time − issuance time T',
      measured: `${seconds(overhead)} expected (model lag + measured rest ${seconds(rest)}); measured median ${seconds(measuredOverhead)}, range ${seconds(Math.min(...m.latency.map((s) => s.overheadMs)))}–${seconds(Math.max(...m.latency.map((s) => s.overheadMs)))} (${rtt}; T = ${m.latency.map((s) => s.issuanceMs / 1000).join(', ')} s)`,
      target: '≤ 3 s',
      pass: overhead <= 3000,
      value: overhead
    })
  }
  if (m.reuseRuns) {
    figures.push({
      figure: 'Re-run that reuses (2,500 certificates): wall time',
      measured: `${seconds(median(m.reuseRuns.map((r) => r.durationMs)))} (no injected latency)`,
      target: '—',
      pass: undefined,
      value: median(m.reuseRuns.map((r) => r.durationMs))
    })
  }
  if (m.reruns) {
    const all = m.reruns.flat()
    const writes = Math.max(...all.map((r) => r.route53Writes))
    figures.push({
      figure: 'Re-run of an ISSUED certificate, records in place: Route 53 writes',
      measured: `${writes} (most in any run; Route 53 calls ${m.reruns.map((runs) => Math.max(...runs.map((r) => r.route53Calls))).join(' and ')} for ${m.reruns.map((runs) => runs[0]?.names.length ?? 0).join(' and ')} names)`,
      target: '0',
      pass: writes === 0 && all.every((r) => r.reused),
      value: writes
    })
  }
  for (const jobs of [20, 50]) {
    const rounds = (m.concurrency ?? []).filter((r) => r.jobs === jobs)
    if (rounds.length === 0) continue
    const worst = Math.min(...rounds.map((r) => r.succeeded))
    const converged = rounds.every((r) => r.certificatesPerNameSet.every((n) => n === 1))
    figures.push({
      figure: `Concurrency: ${jobs} jobs at once, quotas enforced`,
      measured: `${rounds.map((r) => `${r.succeeded}/${jobs}`).join(', ')} succeeded; ${converged ? '1 certificate per name set' : 'duplicate certificates'}; median job ${seconds(median(rounds.map((r) => r.medianDurationMs)))}`,
      target: 'every run succeeds; 1 certificate per name set',
      pass: worst === jobs && converged,
      value: worst
    })
  }
  return figures
}

/** Per name set: the steps, the chain of the slowest run, and the re-run's calls. */
function requestPathTables(samples: readonly RequestPathSample[][], reruns: readonly RerunSample[][]): string {
  const chainOf = (runs: readonly { chain: string[] }[], pick: number): string =>
    (runs[pick]?.chain ?? []).map((c) => c.replace(/^\w+ /, '')).join(' → ')
  const slowest = (runs: readonly RequestPathSample[]): number =>
    runs.reduce((best, s, i) => (s.recordsWrittenMs > (runs[best]?.recordsWrittenMs ?? -1) ? i : best), 0)
  const calls = (c: Record<string, number>): string =>
    Object.entries(c)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')
  return [
    `The request path with ${LATENCY_MS} ms per call (AWS, GitHub OIDC and public DNS), \`wait: false\`: serial steps are the longest chain of calls each of which began after the previous one ended, up to the last ChangeResourceRecordSets (medians over runs; the chain of the slowest run):`,
    '',
    markdownTable(
      ['Names', 'Serial steps', 'Rounds', 'Spawn → first request', 'Spawn → records written', 'Calls before', 'Chain'],
      samples.map((runs) => [
        (runs[0]?.names ?? []).join(', '),
        String(median(runs.map((s) => s.stepsToRecordsWritten))),
        String(median(runs.map((s) => s.roundsToRecordsWritten))),
        seconds(median(runs.map((s) => s.firstRequestMs))),
        seconds(median(runs.map((s) => s.recordsWrittenMs))),
        String(median(runs.map((s) => s.callsBeforeRecordsWritten))),
        chainOf(runs, slowest(runs))
      ])
    ),
    '',
    `A re-run of the same job once its certificate is ISSUED and its records are in place (${LATENCY_MS} ms per call; the re-run's calls only):`,
    '',
    markdownTable(
      ['Names', 'Wall time', 'Serial steps', 'Route 53 calls', 'Route 53 writes', 'Calls'],
      reruns.map((runs) => [
        (runs[0]?.names ?? []).join(', '),
        seconds(median(runs.map((r) => r.durationMs))),
        String(median(runs.map((r) => r.steps))),
        String(median(runs.map((r) => r.route53Calls))),
        String(median(runs.map((r) => r.route53Writes))),
        calls(runs[0]?.calls ?? {})
      ])
    )
  ].join('\n')
}

interface AnchorRow {
  name: string
  /** On the measured timelines. */
  medianMs: number
  /** Model: ISSUED uniformly between the shortest and longest measured issuance time. */
  modelMs: number | undefined
  schedule: string
}

/**
 * The action's median poll lag, modelled: ISSUED uniformly over the measured issuance times, polls on
 * the schedule of src/poll.ts without jitter, each interval longer by the round trip of the poll before
 * it (the sleep starts once the answer is in).
 */
function actionModelLagMs(latency: readonly LatencySample[], latencyMs: number): number {
  const from = Math.min(...latency.map((s) => s.issuanceMs))
  const to = Math.max(...latency.map((s) => s.issuanceMs))
  return modelMedianLatency(
    { ...ACTION_SCHEDULE, delayBefore: (n) => ACTION_SCHEDULE.delayBefore(n) + latencyMs },
    from,
    to
  )
}

function anchorRows(latency: readonly LatencySample[]): AnchorRow[] {
  const from = Math.min(...latency.map((s) => s.issuanceMs))
  const to = Math.max(...latency.map((s) => s.issuanceMs))
  return [
    {
      name: 'this action: ISSUED → process exit',
      medianMs: median(latency.map((s) => s.detectionMs)),
      modelMs: actionModelLagMs(latency, LATENCY_MS) + median(latency.map((s) => s.exitAfterPollMs)),
      schedule: ACTION_SCHEDULE.source
    },
    {
      name: 'this action: ISSUED → the poll that saw it',
      medianMs: median(latency.map((s) => s.pollLagMs)),
      modelMs: actionModelLagMs(latency, LATENCY_MS),
      schedule: `same (model without jitter, each interval longer by the ${LATENCY_MS} ms round trip)`
    },
    ...ANCHORS.map((a) => ({
      name: a.name,
      medianMs: median(latency.map((s) => s.anchors[a.name] ?? Number.NaN)),
      modelMs: modelMedianLatency(a, from, to),
      schedule: a.source
    }))
  ]
}

function scalingTables(
  reuse: readonly ReuseLookupPoint[],
  byZones: readonly RunCostPoint[],
  byNames: readonly RunCostPoint[],
  concurrency: readonly ConcurrencyRound[]
): string {
  const c = (p: RunCostPoint, op: string): string => String(p.calls[op] ?? 0)
  const costRow = (p: RunCostPoint): string[] => [
    String(p.zones),
    String(p.names),
    `${c(p, 'ListHostedZonesByName')} / ${p.candidateSuffixes}`,
    c(p, 'ListHostedZones'),
    `${c(p, 'ChangeResourceRecordSets')} / ${p.zonesWritten}`,
    c(p, 'DescribeCertificate'),
    `${Math.round(p.ms)} ms`
  ]
  const costHeader = [
    'Zones',
    'Names',
    'ListHostedZonesByName / candidate suffixes',
    'ListHostedZones',
    'ChangeResourceRecordSets / zones',
    'DescribeCertificate',
    'Work (no waits)'
  ]
  const sizes = [...new Set(concurrency.map((r) => r.jobs))]
  return [
    'Reuse lookup by number of certificates in the account (findReusableCertificate, in-process):',
    '',
    markdownTable(
      ['Certificates', 'ListCertificates', 'DescribeCertificate', 'Found', 'Time'],
      reuse.map((p) => [
        String(p.certificates),
        String(p.listCertificates),
        String(p.describeCertificate),
        p.found ? 'yes' : 'no',
        `${Math.round(p.ms)} ms`
      ])
    ),
    '',
    'A whole run by number of hosted zones (7 names over 3 zones) and by number of names (500 zones), in-process on a virtual clock:',
    '',
    markdownTable(costHeader, [...byZones, ...byNames].map(costRow)),
    '',
    `Parallel jobs in one account with the API rate quotas enforced (issuance after ${CONCURRENCY_ISSUANCE_MS / 1000} s; ${JOBS_PER_NAME_SET} jobs per name set; medians over rounds):`,
    '',
    markdownTable(
      [
        'Jobs',
        'Succeeded',
        'Certificates per name set',
        'Median job',
        'Slowest job',
        'Detection (median)',
        'Throttled answers',
        'Calls'
      ],
      sizes.map((jobs) => {
        const rounds = concurrency.filter((r) => r.jobs === jobs)
        const throttled = rounds.map((r) => sum(Object.values(r.throttled)))
        const calls = rounds.map((r) => sum(Object.values(r.calls)))
        return [
          String(jobs),
          rounds.map((r) => `${r.succeeded}/${jobs}`).join(', '),
          String(Math.max(...rounds.flatMap((r) => r.certificatesPerNameSet))),
          seconds(median(rounds.map((r) => r.medianDurationMs))),
          seconds(median(rounds.map((r) => r.maxDurationMs))),
          seconds(median(rounds.map((r) => r.medianDetectionMs))),
          String(median(throttled)),
          String(median(calls))
        ]
      })
    )
  ].join('\n')
}

function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

/** Replaces the generated part of docs/performance.md; the prose around it is written by hand. */
function updateDoc(
  tables: string,
  command: string,
  durationMs: number,
  machine: { cpus: number; cpu: string; node: string }
): void {
  const doc = readFileSync(DOC, 'utf8')
  const from = doc.indexOf(START)
  const to = doc.indexOf(END)
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the ${START} … ${END} markers`)
  const stamp = `Latest run: \`${command}\`, ${new Date().toISOString().slice(0, 10)}, ${machine.cpus} × ${machine.cpu}, Node ${machine.node}; the benchmark took ${seconds(durationMs)}.`
  writeFileSync(DOC, `${doc.slice(0, from + START.length)}\n${stamp}\n\n${tables}\n${doc.slice(to)}`)
}

await main()

/** Two Regions in one step against one: the extra wall time must stay within one poll interval, the writes equal. */
function regionsFigure(pairs: readonly RegionsPair[], latencyMs: number): Figure {
  const extra = median(pairs.map((p) => p.twoMs - p.oneMs))
  const sameWrites = pairs.every((p) => p.twoChanges === p.oneChanges && p.twoIssued === 2)
  const one = seconds(median(pairs.map((p) => p.oneMs)))
  const two = seconds(median(pairs.map((p) => p.twoMs)))
  const writes = pairs.map((p) => `${p.twoChanges} vs ${p.oneChanges}`).join(', ')
  return {
    figure: 'Two Regions in one step: wall time − one Region’s',
    measured: `${seconds(extra)} (one Region ${one}, two ${two}; T = ${REGIONS_ISSUANCE_MS / 1000} s, ${latencyMs} ms per call); ChangeResourceRecordSets ${writes}`,
    target: `≤ one poll interval (${seconds(DEFAULT_POLL.maxDelayMs)}); the Route 53 writes of one Region`,
    pass: extra <= DEFAULT_POLL.maxDelayMs && sameWrites,
    value: extra
  }
}
