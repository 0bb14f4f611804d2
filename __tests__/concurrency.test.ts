import { describe, expect, it } from '@jest/globals'
import { limiter } from '../src/concurrency.js'

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
