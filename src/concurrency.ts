// Bounded concurrency and pacing. limiter: at most `n` of a run's calls of one kind in flight (names
// are looked up all at once, yet a run with a hundred names must not fire a hundred Route 53 requests
// into a 10-per-second account quota). mapLimit: the same over a list, results in input order (the
// audit's DescribeCertificate per certificate). pacer: calls spaced under a per-second quota.
// within: a piece of work bounded in time on a clock.
import type { Clock } from './types.js'

/** Wraps tasks so that no more than `n` run at a time; the others start, in order, as slots free up. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0
  const waiting: (() => void)[] = []
  return async <T>(task: () => Promise<T>): Promise<T> => {
    // A finished task hands its slot straight to the next waiter, so `running` never exceeds n.
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}

/**
 * Maps items through `fn` with at most `limit` calls pending at once. Results keep input order.
 * The first rejection rejects the whole map once the calls in flight settle; no new call starts after it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`mapLimit: limit must be a positive integer, got ${limit}`)
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  let failure: unknown
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await fn(items[index] as T, index)
      } catch (err) {
        if (!failed) failure = err
        failed = true
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  if (failed) throw failure
  return results
}

/** What the pacer needs of a clock (types.ts Clock fits). */
export interface PacerClock {
  now(): number
  sleep(ms: number): Promise<void>
}

/**
 * Spaces calls at most `perSecond` a second (one every 1000/perSecond ms, no burst): awaiting the
 * returned function takes the next slot. Keeping under a quota costs less than being throttled and
 * backing off, and leaves the rest of the quota to other jobs in the account.
 */
export function pacer(perSecond: number, clock: PacerClock): () => Promise<void> {
  if (!(perSecond > 0)) throw new RangeError(`pacer: perSecond must be positive, got ${perSecond}`)
  const gap = 1000 / perSecond
  let next = -Infinity
  return async () => {
    const now = clock.now()
    const slot = Math.max(now, next)
    next = slot + gap
    if (slot > now) await clock.sleep(slot - now)
  }
}

/**
 * The work's result, or `late()`'s once `ms` have passed on the clock first (the work is left to
 * settle unheard). The timer is cancelled as soon as the work settles.
 */
export async function within<T, U>(
  work: Promise<T>,
  ms: number,
  clock: Pick<Clock, 'sleep'>,
  late: () => U
): Promise<T | U> {
  const timer = new AbortController()
  const timeout = clock.sleep(ms, timer.signal).then(
    () => late(),
    () => new Promise<never>(() => undefined) // cancelled: the work won the race
  )
  try {
    return await Promise.race([work, timeout])
  } finally {
    timer.abort()
  }
}
