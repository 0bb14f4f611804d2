// Figures quoted in prose must be the ones measured or configured. A number in docs/performance.md or
// README.md carries a key in an HTML comment right after it (and after its unit, if any):
//
//   took 0.47 s<!-- bench:rerunSeconds --> (median of 5<!-- bench:rerunRuns --> runs)
//   grows ×1.5<!-- poll:factor --> up to 4.5 s<!-- poll:maxDelaySeconds -->
//
// bench:KEY is computed from bench/results.json (which every full `npm run bench` rewrites), poll:KEY
// from the poll schedule in src/poll.ts. The number must equal the value rounded to as many decimals
// as the text shows. After a new bench run, this test names every sentence that needs new numbers.
// The tables between <!-- bench:start --> and <!-- bench:end --> are written by bench/run.ts from the
// same run: they are checked against results.json too, so doc and results cannot come from two runs.
import { readFileSync } from 'node:fs'
import { DEFAULT_POLL } from '../src/poll.js'
import { root } from '../scripts/metadata.js'

interface Results {
  durationMs: number
  machine: { node: string }
  figures: { figure: string; measured: string; target: string; value: number }[]
  anchors: { medians: { name: string; medianMs: number; modelMs?: number }[] }
  reuse: { endToEnd2500: { durationMs: number; calls: Record<string, number> }[] }
  zones: { byNames: { names: number; calls: Record<string, number> }[] }
  latency: {
    issuanceMs: number
    overheadMs: number
    pollLagMs: number
    detectionMs: number
    exitAfterPollMs: number
    steadyMaxIn60s?: number
  }[]
  concurrency: { jobs: number; succeeded: number; calls: Record<string, number> }[]
  latencyMs: number
  requestPath: { names: string[]; stepsToRecordsWritten: number; recordsWrittenMs: number }[]
  reruns: { names: string[]; route53Calls: number; route53Writes: number; steps: number }[]
}

const results = JSON.parse(readFileSync(`${root}/bench/results.json`, 'utf8')) as Results

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
const need = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`bench/results.json has no ${what}`)
  return value
}
/** A row of the "Latest figures" table, by the start of its name. */
const figure = (r: Results, start: string): number =>
  need(
    r.figures.find((f) => f.figure.startsWith(start)),
    `figure "${start}…"`
  ).value
const anchor = (r: Results, name: string): Results['anchors']['medians'][number] =>
  need(
    r.anchors.medians.find((a) => a.name === name),
    `anchor row "${name}"`
  )
const POLL_LAG = 'this action: ISSUED → the poll that saw it'
const rounds = (r: Results, jobs: number): Results['concurrency'] => r.concurrency.filter((c) => c.jobs === jobs)
const route53Calls = (calls: Record<string, number>): number =>
  sum(
    ['ListHostedZonesByName', 'GetHostedZone', 'ListResourceRecordSets', 'ChangeResourceRecordSets'].map(
      (op) => calls[op] ?? 0
    )
  )
/** The request-path runs, or the re-runs, of the name set with `n` names. */
const withNames = <T extends { names: string[] }>(runs: readonly T[], n: number): T[] =>
  need(
    runs.length > 0 && runs.some((x) => x.names.length === n) ? runs.filter((x) => x.names.length === n) : undefined,
    `runs with ${n} names`
  )
const fixedWorkMs = (r: Results): number => median(r.latency.map((s) => s.overheadMs - s.pollLagMs))
/** Intervals at the cap, after jitter: the poll loop draws within ±jitter/2 of the delay. */
const capInterval = (side: -1 | 1): number => (DEFAULT_POLL.maxDelayMs * (1 + (side * DEFAULT_POLL.jitter) / 2)) / 1000

/** Every key a document may use. Units are in the names; a figure is measured, modelled or configured. */
const BENCH_KEYS: Record<string, (r: Results) => number> = {
  durationMinutes: (r) => r.durationMs / 60_000,
  latencyRuns: (r) => r.latency.length,
  issuanceMinSeconds: (r) => Math.min(...r.latency.map((s) => s.issuanceMs)) / 1000,
  issuanceMaxSeconds: (r) => Math.max(...r.latency.map((s) => s.issuanceMs)) / 1000,
  detectionSeconds: (r) => figure(r, 'Detection latency') / 1000,
  detectionMeasuredSeconds: (r) => median(r.latency.map((s) => s.detectionMs)) / 1000,
  overheadMeasuredSeconds: (r) => median(r.latency.map((s) => s.overheadMs)) / 1000,
  detectionMinSeconds: (r) => Math.min(...r.latency.map((s) => s.detectionMs)) / 1000,
  detectionMaxSeconds: (r) => Math.max(...r.latency.map((s) => s.detectionMs)) / 1000,
  pollLagMedianSeconds: (r) => anchor(r, POLL_LAG).medianMs / 1000,
  pollLagModelSeconds: (r) => need(anchor(r, POLL_LAG).modelMs, 'model poll lag') / 1000,
  pollLagMinSeconds: (r) => Math.min(...r.latency.map((s) => s.pollLagMs)) / 1000,
  pollLagMaxSeconds: (r) => Math.max(...r.latency.map((s) => s.pollLagMs)) / 1000,
  overheadSeconds: (r) => figure(r, 'Overhead') / 1000,
  overheadMaxSeconds: (r) => Math.max(...r.latency.map((s) => s.overheadMs)) / 1000,
  fixedWorkSeconds: (r) => fixedWorkMs(r) / 1000,
  overheadModelSeconds: (r) => (need(anchor(r, POLL_LAG).modelMs, 'model poll lag') + fixedWorkMs(r)) / 1000,
  overheadWorstModelSeconds: (r) => capInterval(1) + (r.latencyMs + fixedWorkMs(r)) / 1000,
  describesPerMinute: (r) => figure(r, 'DescribeCertificate per minute'),
  mostDescribesIn60s: (r) =>
    Math.max(...r.latency.flatMap((s) => (s.steadyMaxIn60s === undefined ? [] : [s.steadyMaxIn60s]))),
  /** ACM's DescribeCertificate quota (10/s) over one job's measured rate. */
  jobsToFillDescribeQuota: (r) => 600 / figure(r, 'DescribeCertificate per minute'),
  rerunSeconds: (r) => figure(r, 'Re-run that reuses') / 1000,
  rerunRuns: (r) => r.reuse.endToEnd2500.length,
  rerunCalls: (r) => median(r.reuse.endToEnd2500.map((run) => sum(Object.values(run.calls)))),
  zoneLookups100Names: (r) =>
    need(
      r.zones.byNames.find((p) => p.names === 100),
      'run with 100 names'
    ).calls['ListHostedZonesByName'] ?? 0,
  callsOneJob: (r) => median(rounds(r, 1).map((c) => sum(Object.values(c.calls)))),
  callsPerJobAt50: (r) => median(rounds(r, 50).map((c) => sum(Object.values(c.calls)))) / 50,
  route53CallsOneJob: (r) => median(rounds(r, 1).map((c) => route53Calls(c.calls))),
  route53CallsAt50Model: (r) => 50 * median(rounds(r, 1).map((c) => route53Calls(c.calls))),
  worstSucceededAt50: (r) => Math.min(...rounds(r, 50).map((c) => c.succeeded)),
  /** The round trip injected on every call of the wall-clock runs that pay one. */
  latencyMs: (r) => r.latencyMs,
  requestPathSteps: (r) => Math.max(...withNames(r.requestPath, 2).map((s) => s.stepsToRecordsWritten)),
  requestPathWrittenSeconds: (r) => median(withNames(r.requestPath, 2).map((s) => s.recordsWrittenMs)) / 1000,
  requestPathSteps4Names: (r) => Math.max(...withNames(r.requestPath, 4).map((s) => s.stepsToRecordsWritten)),
  requestPathWritten4NamesSeconds: (r) => median(withNames(r.requestPath, 4).map((s) => s.recordsWrittenMs)) / 1000,
  rerunRoute53Writes: (r) => Math.max(...r.reruns.map((x) => x.route53Writes)),
  rerunRoute53Calls2Names: (r) => median(withNames(r.reruns, 2).map((x) => x.route53Calls)),
  rerunRoute53Calls4Names: (r) => median(withNames(r.reruns, 4).map((x) => x.route53Calls)),
  rerunSteps2Names: (r) => median(withNames(r.reruns, 2).map((x) => x.steps))
}

const POLL_KEYS: Record<string, () => number> = {
  initialDelaySeconds: () => DEFAULT_POLL.initialDelayMs / 1000,
  factor: () => DEFAULT_POLL.factor,
  maxDelaySeconds: () => DEFAULT_POLL.maxDelayMs / 1000,
  jitterPercent: () => (DEFAULT_POLL.jitter / 2) * 100,
  minIntervalAtCapSeconds: () => capInterval(-1),
  maxIntervalAtCapSeconds: () => capInterval(1),
  maxPollsPerMinute: () => 60 / capInterval(-1)
}

/** A number (digits, optional decimals), an optional unit, then the key comment. */
const MARKED = /(\d+(?:\.\d+)?)(?: ?[a-z%/]{1,4})?<!-- (bench|poll):(\w+) -->/g

interface Marked {
  text: string
  source: 'bench' | 'poll'
  key: string
  line: number
}

function markedFigures(markdown: string): Marked[] {
  return [...markdown.matchAll(MARKED)].map((m) => ({
    text: m[1] as string,
    source: m[2] as Marked['source'],
    key: m[3] as string,
    line: markdown.slice(0, m.index).split('\n').length
  }))
}

/** One line per figure that does not match its key (empty when every figure is right). */
function figureProblems(file: string, markdown: string, r: Results): string[] {
  // <!-- bench:start --> and <!-- bench:end --> delimit the generated tables: they mark no number.
  const keys = [...markdown.matchAll(/<!-- (?:bench|poll):(\w+) -->/g)].filter(
    (m) => !['start', 'end'].includes(m[1] ?? '')
  )
  const unmarked = keys.length - markedFigures(markdown).length
  const problems = unmarked > 0 ? [`${file}: ${unmarked} key comment(s) without a number right before them`] : []
  for (const { text, source, key, line } of markedFigures(markdown)) {
    const compute = source === 'bench' ? BENCH_KEYS[key] : POLL_KEYS[key]
    if (compute === undefined) {
      problems.push(`${file}:${line}: unknown key ${source}:${key}`)
      continue
    }
    const expected = compute(r).toFixed(text.split('.')[1]?.length ?? 0)
    if (expected !== text) problems.push(`${file}:${line}: ${source}:${key} is ${expected}, the text says ${text}`)
  }
  return problems
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`

const DOCS = ['docs/performance.md', 'README.md']
const texts = new Map(DOCS.map((file) => [file, readFileSync(`${root}/${file}`, 'utf8')]))
const performance = texts.get('docs/performance.md') as string
const generated = performance.slice(
  performance.indexOf('<!-- bench:start -->'),
  performance.indexOf('<!-- bench:end -->')
)

describe('figures quoted in the docs', () => {
  it.each(DOCS)('%s: every marked figure equals its value', (file) => {
    expect(figureProblems(file, texts.get(file) as string, results)).toEqual([])
  })

  it('marks the figures that matter (the check is not vacuous), and uses every key', () => {
    const used = new Set(DOCS.flatMap((file) => markedFigures(texts.get(file) as string).map((m) => m.key)))
    expect([...Object.keys(BENCH_KEYS), ...Object.keys(POLL_KEYS)].filter((key) => !used.has(key))).toEqual([])
    expect(markedFigures(texts.get('README.md') as string).map((m) => m.key)).toContain('maxDelaySeconds')
  })

  it('catches a drifted figure, an unknown key and a key without its number', () => {
    const rerun = (BENCH_KEYS['rerunSeconds'] as (r: Results) => number)(results)
    const drifted = `took ${(rerun + 0.5).toFixed(2)} s<!-- bench:rerunSeconds --> and ×1.5<!-- poll:factor -->`
    expect(figureProblems('x.md', drifted, results)).toEqual([
      `x.md:1: bench:rerunSeconds is ${rerun.toFixed(2)}, the text says ${(rerun + 0.5).toFixed(2)}`
    ])
    expect(figureProblems('x.md', 'a\n3 s<!-- bench:noSuchKey -->', results)).toEqual([
      'x.md:2: unknown key bench:noSuchKey'
    ])
    expect(figureProblems('x.md', 'about <!-- poll:factor -->', results)).toEqual([
      'x.md: 1 key comment(s) without a number right before them'
    ])
  })
})

describe('the generated tables of docs/performance.md come from bench/results.json', () => {
  it('names the run that wrote results.json', () => {
    expect(generated).toContain(`Node ${results.machine.node}; the benchmark took ${seconds(results.durationMs)}.`)
  })

  it.each(results.figures.map((f) => [f.figure, f]))('has the row "%s" as measured', (_name, f) => {
    expect(generated).toContain(row([f.figure, f.measured, f.target]))
  })

  it.each(results.anchors.medians.map((a) => [a.name, a]))('has the anchor row "%s"', (_name, a) => {
    expect(generated).toContain(row([a.name, seconds(a.medianMs), a.modelMs === undefined ? '—' : seconds(a.modelMs)]))
  })
})
