import { describe, expect, it } from '@jest/globals'
import { limiter, mapLimit, pacer, within } from '../src/concurrency.js'
import { fakeClock } from '../__fixtures__/clock.js'

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('limiter', () => {
  it('runs at most n tasks at once, starts the rest in order, and frees a slot on failure too', async () => {
    const limit = limiter(3)
    let running = 0
    let most = 0
    const started: number[] = []
    const finish: (() => void)[] = []
    const results = Array.from({ length: 10 }, (_, i) =>
      limit(async () => {
        started.push(i)
        running++
        most = Math.max(most, running)
        await new Promise<void>((resolve) => finish.push(resolve))
        running--
        if (i === 1) throw new Error('task 1 failed')
        return i
      }).catch((err: Error) => err.message)
    )
    await tick()
    expect(started).toEqual([0, 1, 2])
    // A newcomer while all slots are taken waits behind the earlier ones.
    const late = limit(async () => 'late')
    while (finish.length > 0) {
      finish.shift()?.()
      await tick()
      await tick()
    }
    expect(await Promise.all(results)).toEqual([0, 'task 1 failed', 2, 3, 4, 5, 6, 7, 8, 9])
    expect(await late).toBe('late')
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(most).toBe(3)
  })
})

describe('within', () => {
  it('gives the work its result when it settles first, and cancels the timer', async () => {
    const clock = fakeClock(0, { yields: true })
    let aborted = false
    const watching = {
      sleep: (ms: number, signal?: AbortSignal) => {
        signal?.addEventListener('abort', () => (aborted = true))
        return new Promise<void>(() => undefined)
      }
    }
    await expect(within(Promise.resolve('done'), 1000, watching, () => 'late')).resolves.toBe('done')
    expect(aborted).toBe(true)
    await expect(within(Promise.reject(new Error('no')), 1000, clock, () => 'late')).rejects.toThrow('no')
  })

  it("gives late()'s answer (or error) once the time passes on the clock first", async () => {
    const clock = fakeClock(0, { yields: true })
    const never = new Promise<string>(() => undefined)
    await expect(within(never, 2000, clock, () => undefined)).resolves.toBeUndefined()
    expect(clock.sleeps).toEqual([2000])
    await expect(
      within(never, 4000, clock, () => {
        throw new Error('no answer within 4 s')
      })
    ).rejects.toThrow('no answer within 4 s')
  })
})

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
