// A scripted clock for tests: sleep() advances time at once instead of waiting.
import type { Clock } from '../src/types.js'

export interface FakeClock extends Clock {
  /** Every sleep requested, in order (ms). */
  readonly sleeps: number[]
  advance(ms: number): void
}

export function fakeClock(start = 1_700_000_000_000): FakeClock {
  let t = start
  const sleeps: number[] = []
  return {
    sleeps,
    now: () => t,
    advance: (ms) => {
      t += ms
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      sleeps.push(ms)
      t += ms
    }
  }
}
