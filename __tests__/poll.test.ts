import { DeadlineError } from '../src/errors.js'
import { poll, pollDelay, type PollOutcome } from '../src/poll.js'
import { fakeClock } from '../__fixtures__/clock.js'

const notYet = { done: false } as const
const options = (clock: ReturnType<typeof fakeClock>, deadlineIn: number) => ({
  clock,
  deadline: clock.now() + deadlineIn,
  phase: 'test phase',
  timeoutMessage: () => 'gave up',
  random: () => 0.5
})

describe('pollDelay', () => {
  it.each([
    [0, 1000],
    [1, 1500],
    [2, 2250],
    [3, 3375],
    [4, 4000],
    [20, 4000]
  ])('attempt %i waits %i ms (1 s growing by 1.5 up to a 4 s cap)', (attempt, expected) => {
    expect(pollDelay(attempt, 1000, 4000, 1.5)).toBe(expected)
  })
})

describe('poll', () => {
  it('returns the value of the first done check and sleeps between checks', async () => {
    const clock = fakeClock()
    let calls = 0
    const value = await poll<string>(
      async () => (++calls === 3 ? { done: true, value: 'x' } : notYet),
      options(clock, 60_000)
    )
    expect(value).toBe('x')
    expect(calls).toBe(3)
    expect(clock.sleeps).toEqual([1000, 1500])
  })

  it('throws a DeadlineError naming the phase once the deadline passes, after a last check at the deadline', async () => {
    const clock = fakeClock()
    let calls = 0
    const start = clock.now()
    const run = poll(
      async (): Promise<PollOutcome<never>> => {
        calls++
        return notYet
      },
      options(clock, 10_000)
    )
    await expect(run).rejects.toThrow(DeadlineError)
    await expect(run).rejects.toMatchObject({ phase: 'test phase', message: 'gave up' })
    expect(clock.now() - start).toBe(10_000)
    expect(calls).toBeGreaterThan(3)
  })

  it('absorbs transient AWS errors (throttling) and keeps polling', async () => {
    const clock = fakeClock()
    const seen: unknown[] = []
    let calls = 0
    const value = await poll(
      async () => {
        calls++
        if (calls < 3) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
        return { done: true, value: calls }
      },
      { ...options(clock, 60_000), onTransientError: (e) => seen.push(e) }
    )
    expect(value).toBe(3)
    expect(seen).toHaveLength(2)
  })

  it('rethrows an error that is not transient at once', async () => {
    const clock = fakeClock()
    let calls = 0
    await expect(
      poll(
        async () => {
          calls++
          throw Object.assign(new Error('no'), { name: 'AccessDeniedException' })
        },
        options(clock, 60_000)
      )
    ).rejects.toThrow('no')
    expect(calls).toBe(1)
  })

  it('stops when the signal aborts, with the abort reason', async () => {
    const clock = fakeClock()
    const controller = new AbortController()
    let calls = 0
    const reason = new Error('cancelled by test')
    await expect(
      poll(
        async () => {
          if (++calls === 2) controller.abort(reason)
          return notYet
        },
        { ...options(clock, 60_000), signal: controller.signal }
      )
    ).rejects.toBe(reason)
    expect(calls).toBe(2)
  })

  it('spreads delays with jitter', async () => {
    const clock = fakeClock()
    const randoms = [0, 1]
    let calls = 0
    await poll(async () => (++calls === 3 ? { done: true, value: 1 } : notYet), {
      ...options(clock, 60_000),
      jitter: 0.2,
      random: () => randoms.shift() ?? 0.5
    })
    expect(clock.sleeps).toEqual([900, 1650])
  })
})
