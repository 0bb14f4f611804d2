// The one virtual clock of the tests and the benchmark: time moves only when someone sleeps, so an
// hour of ACM waiting costs no real time. With `yields`, each sleep first yields to real I/O once, as
// a timer would, so a simulator running in the same process (and concurrent runs) get their turn.
import type { Clock } from '../src/types.js'

export interface FakeClock extends Clock {
  /** Every sleep requested, in order (ms). */
  readonly sleeps: number[]
  advance(ms: number): void
  /** now(), unbound: what a simulator reads as its clock (the same virtual time). */
  readonly read: () => number
}

export function fakeClock(start = 1_700_000_000_000, options: { yields?: boolean } = {}): FakeClock {
  let t = start
  const sleeps: number[] = []
  const read = (): number => t
  return {
    sleeps,
    now: read,
    read,
    advance: (ms) => {
      t += ms
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      sleeps.push(ms)
      if (options.yields) {
        await new Promise((resolve) => setImmediate(resolve))
        t += ms
        signal?.throwIfAborted()
      } else {
        t += ms
      }
    }
  }
}

/** The clock of a world with an in-process simulator: yields on every sleep. */
export function virtualClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  return fakeClock(start, { yields: true })
}

/**
 * Real time plus every sleep skipped: the action's own waits cost nothing, while what runs on real
 * timers the test cannot drive (the SDK's retry backoff, the I/O itself) still moves the clock, so a
 * simulator's rate quotas refill during a backoff as they would. For runs paced against quotas.
 */
export function fastForwardClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  const realStart = performance.now()
  let skipped = 0
  const sleeps: number[] = []
  const read = (): number => start + (performance.now() - realStart) + skipped
  return {
    sleeps,
    now: read,
    read,
    advance: (ms) => {
      skipped += ms
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      sleeps.push(ms)
      await new Promise((resolve) => setImmediate(resolve))
      skipped += ms
      signal?.throwIfAborted()
    }
  }
}
