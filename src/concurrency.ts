// Bounded concurrency: at most `limit` calls in flight, results in input order. Used where one
// call per item is unavoidable (DescribeCertificate per certificate) and a quota caps the rate.

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
