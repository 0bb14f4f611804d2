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
