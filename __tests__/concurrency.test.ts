import { describe, expect, it } from '@jest/globals'
import { limiter, within } from '../src/concurrency.js'
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
