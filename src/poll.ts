// The one poll loop, and so the one retry helper: adaptive delay (quick at first, growing to a cap),
// jitter, a deadline or a number of attempts, cancellation, on the injected clock. Transient AWS
// errors (throttling, 5xx, resets) that outlive the SDK's own retries are absorbed here as "not yet",
// so a long wait survives a throttling burst. Every wait and retry of the action is a poll: the
// waits of certificate/waits.ts, patiently() below (one call, absorbing load), the STS calls, the ID token.
import { DeadlineError, errorMessage, isThrottlingAwsError, isTransientAwsError } from './errors.js'
import { systemClock, type CallContext, type Context } from './types.js'

export type PollOutcome<T> = { done: true; value: T } | { done: false }

export interface PollOptions extends Pick<Context, 'clock' | 'deadline' | 'signal'> {
  /** Phase name for the deadline error, e.g. "waiting for validation records". */
  phase: string
  /** Message of the DeadlineError; called when the deadline passes. */
  timeoutMessage: () => string
  timeoutHint?: string
  initialDelayMs?: number
  maxDelayMs?: number
  factor?: number
  /** Fraction of the delay randomized (0..1): spreads parallel jobs apart. */
  jitter?: number
  random?: () => number
  /** Which errors count as "not yet" (default: isTransientAwsError); any other is thrown. */
  absorbs?: (err: unknown) => boolean
  /** Called with each transient error absorbed (for a debug line). */
  onTransientError?: (err: unknown) => void
  /** At most this many checks; when they are spent, the last absorbed error is thrown as it is. */
  attempts?: number
}

/**
 * 1 s growing by 1.5 to a 4.5 s cap, ±10%: issuance is seen ~2 s after it happens (median), and a
 * waiting job never polls more than 60 / (4.5 × 0.9) ≈ 14.8 times a minute, under the 15/min budget
 * that lets 40 jobs share ACM's 10 DescribeCertificate calls per second.
 */
export const DEFAULT_POLL = { initialDelayMs: 1000, maxDelayMs: 4500, factor: 1.5, jitter: 0.2 } as const

/** Delay before attempt n (0-based), before jitter. */
export function pollDelay(attempt: number, initialDelayMs: number, maxDelayMs: number, factor: number): number {
  return Math.min(maxDelayMs, initialDelayMs * factor ** attempt)
}

export async function poll<T>(check: () => Promise<PollOutcome<T>>, options: PollOptions): Promise<T> {
  const {
    clock,
    deadline,
    initialDelayMs = DEFAULT_POLL.initialDelayMs,
    maxDelayMs = DEFAULT_POLL.maxDelayMs,
    factor = DEFAULT_POLL.factor,
    jitter = DEFAULT_POLL.jitter,
    random = Math.random
  } = options
  let lastAbsorbed: unknown
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted()
    try {
      const outcome = await check()
      if (outcome.done) return outcome.value
    } catch (err) {
      if (options.signal?.aborted || !(options.absorbs ?? isTransientAwsError)(err)) throw err
      if (options.attempts !== undefined && attempt + 1 >= options.attempts) throw err
      options.onTransientError?.(err)
      lastAbsorbed = err
    }
    const base = pollDelay(attempt, initialDelayMs, maxDelayMs, factor)
    const delay = Math.round(base * (1 - jitter / 2 + jitter * random()))
    const remaining = deadline - clock.now()
    if (remaining <= 0) {
      throw new DeadlineError(options.phase, options.timeoutMessage(), {
        ...(options.timeoutHint !== undefined && { hint: options.timeoutHint }),
        // The error the deadline cut short, for a caller that explains it better than "timed out".
        ...(lastAbsorbed !== undefined && { cause: lastAbsorbed })
      })
    }
    await clock.sleep(Math.min(delay, remaining), options.signal)
  }
}

/** How long a call absorbs throttling beyond the SDK's retries (e.g. 50 jobs sharing one account's quota). */
export const PATIENCE_MS = 60_000

/**
 * Sends a call, absorbing throttling and busy answers that outlive the SDK's own retries until the
 * deadline (default: PATIENCE_MS from now). Many jobs in one account share its per-second quotas
 * (Route 53: 10 requests/s; ACM ListCertificates: 8/s), so a burst must slow a job down, not fail it.
 * By default only load is absorbed: a timeout or 5xx has had the SDK's retries already.
 */
export async function patiently<T>(
  send: () => Promise<T>,
  ctx: CallContext,
  what: {
    phase: string
    timeoutMessage: (last: string) => string
    timeoutHint: string
    deadline?: number
    absorbs?: (err: unknown) => boolean
  }
): Promise<T> {
  const clock = ctx.clock ?? systemClock
  let lastTransient: unknown
  return poll(async () => ({ done: true, value: await send() }), {
    clock,
    deadline: what.deadline ?? clock.now() + PATIENCE_MS,
    phase: what.phase,
    timeoutMessage: () => what.timeoutMessage(errorMessage(lastTransient)),
    timeoutHint: what.timeoutHint,
    signal: ctx.signal,
    onTransientError: (err) => (lastTransient = err),
    absorbs: what.absorbs ?? isThrottlingAwsError
  })
}
