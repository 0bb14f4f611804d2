// At most `n` of a run's calls of one kind in flight: names are looked up all at once, yet a run with
// a hundred names must not fire a hundred Route 53 requests into a 10-per-second account quota.

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
