import { mapLimit, pacer } from '../../src/concurrency.js'

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

describe('pacer', () => {
  function fakeClock() {
    let t = 1000
    const slept: number[] = []
    return {
      slept,
      now: () => t,
      sleep: async (ms: number) => {
        slept.push(ms)
        t += ms
      },
      advance: (ms: number) => (t += ms)
    }
  }

  it('spaces calls 1000/perSecond ms apart, the first at once', async () => {
    const clock = fakeClock()
    const pace = pacer(4, clock)
    const times: number[] = []
    for (let i = 0; i < 4; i++) {
      await pace()
      times.push(clock.now())
    }
    expect(times).toEqual([1000, 1250, 1500, 1750])
  })

  it('gives concurrent callers successive slots', async () => {
    const slept: number[] = []
    const frozen = { now: () => 0, sleep: async (ms: number) => void slept.push(ms) }
    const pace = pacer(10, frozen)
    await Promise.all([pace(), pace(), pace()])
    expect(slept).toEqual([100, 200])
  })

  it('does not wait after an idle spell', async () => {
    const clock = fakeClock()
    const pace = pacer(2, clock)
    await pace()
    clock.advance(5000)
    await pace()
    expect(clock.slept).toEqual([])
  })

  it('refuses a rate that is not positive', () => {
    expect(() => pacer(0, fakeClock())).toThrow(/positive/)
  })
})
