import { mapLimit } from '../../src/concurrency.js'

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('mapLimit', () => {
  it('keeps at most `limit` calls in flight and results in input order', async () => {
    let inFlight = 0
    let peak = 0
    const out = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n, i) => {
      inFlight++
      peak = Math.max(peak, inFlight)
      for (let k = 0; k < n; k++) await tick()
      inFlight--
      return `${i}:${n}`
    })
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0', '6:6'])
    expect(peak).toBe(3)
  })

  it('handles an empty list and a limit above the item count', async () => {
    expect(await mapLimit([], 4, async () => 1)).toEqual([])
    expect(await mapLimit([1, 2], 10, async (n) => n * 2)).toEqual([2, 4])
  })

  it('rejects with the first error and starts no call after it', async () => {
    const started: number[] = []
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n)
      await tick()
      if (n === 1) throw new Error('boom 1')
      return n
    })
    await expect(run).rejects.toThrow('boom 1')
    expect(started).toEqual([0, 1, 2])
  })

  it.each([0, -1, 1.5, NaN])('refuses the limit %p', async (limit) => {
    await expect(mapLimit([1], limit, async (n) => n)).rejects.toThrow(/positive integer/)
  })
})
