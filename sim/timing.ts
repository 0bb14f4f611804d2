// Timing of simulated API calls: how many serial steps (calls that could not overlap) a run took.
// Start and end are monotonic milliseconds (performance.now) of the real clock: the request's arrival
// and the moment its answer was handed to the socket, so an injected latency shows in both.

/** What the analysis needs of a request-log entry (RequestLogEntry has these). */
export interface TimedCall {
  service: string
  operation: string
  startMs?: number
  endMs?: number
}

export interface CriticalPath<T extends TimedCall> {
  /** Calls on the longest chain of strictly sequential calls (each began after the previous one ended). */
  steps: number
  /** That chain, first call first. */
  chain: T[]
}

const answered = <T extends TimedCall>(call: T): call is T & { startMs: number; endMs: number } =>
  call.startMs !== undefined && call.endMs !== undefined

/**
 * The longest chain of calls where each starts after the previous one ended (a critical path): calls
 * that overlapped in time ran in parallel and count once. With `until`, the chain ends at the first
 * call it matches (e.g. the first ChangeResourceRecordSets); without it, at whichever call ends the
 * longest chain. Calls never answered (a `hang` fault) have no end and are ignored. Use a latency
 * (`latencyMs` > 0) so that calls issued together really overlap on the server.
 */
export function criticalPath<T extends TimedCall>(log: readonly T[], until?: (call: T) => boolean): CriticalPath<T> {
  const calls = log.filter(answered).sort((a, b) => a.startMs - b.startMs)
  const depth: number[] = []
  const previous: (number | undefined)[] = []
  calls.forEach((call, i) => {
    let best: number | undefined
    for (let j = 0; j < i; j++) {
      const before = calls[j]
      if (before && before.endMs <= call.startMs && (best === undefined || (depth[j] ?? 0) > (depth[best] ?? 0))) {
        best = j
      }
    }
    depth[i] = 1 + (best === undefined ? 0 : (depth[best] ?? 0))
    previous[i] = best
  })
  let last = until === undefined ? -1 : calls.findIndex(until)
  if (until === undefined) depth.forEach((d, i) => (last = last < 0 || d > (depth[last] ?? 0) ? i : last))
  const chain: T[] = []
  for (let i: number | undefined = last < 0 ? undefined : last; i !== undefined; i = previous[i]) {
    const call = calls[i]
    if (call) chain.unshift(call)
  }
  return { steps: chain.length, chain }
}

/**
 * Group calls into rounds: a round opens with the earliest call not yet grouped and takes every call
 * that started before all of the round's calls so far had ended. A coarser view than criticalPath:
 * every call of a round starts after all earlier rounds ended, so `rounds(log).length` ≤ its steps.
 */
export function rounds<T extends TimedCall>(log: readonly T[]): T[][] {
  const calls = log.filter(answered).sort((a, b) => a.startMs - b.startMs)
  const out: T[][] = []
  let current: T[] = []
  let roundEnd = Number.NEGATIVE_INFINITY
  for (const call of calls) {
    if (current.length > 0 && call.startMs >= roundEnd) {
      out.push(current)
      current = []
    }
    current.push(call)
    roundEnd = current.length === 1 ? call.endMs : Math.max(roundEnd, call.endMs)
  }
  if (current.length > 0) out.push(current)
  return out
}
