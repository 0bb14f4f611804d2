// The documented poll schedules of the tools users would otherwise wait with, replayed on the same
// timeline as a measured run: when would each first see the certificate ISSUED?
import { DEFAULT_POLL, pollDelay } from '../src/poll.js'

export interface Anchor {
  readonly name: string
  /** Where the schedule is documented. */
  readonly source: string
  /** Delay (ms) before poll n, n ≥ 1; poll 0 happens at the start. */
  readonly delayBefore: (n: number) => number
}

export const ANCHORS: readonly Anchor[] = [
  {
    name: 'aws acm wait certificate-validated',
    source: 'AWS CLI / botocore waiter CertificateValidated: Delay 60 s, MaxAttempts 40; first call at once',
    delayBefore: () => 60_000
  },
  {
    name: 'JS SDK v3 waitUntilCertificateValidated',
    source:
      '@aws-sdk/client-acm minDelay 60 s, maxDelay 120 s; @smithy/util-waiter: 60 s, then uniform 60–120 s (midpoint 90 s taken), then 120 s',
    delayBefore: (n) => (n === 1 ? 60_000 : n === 2 ? 90_000 : 120_000)
  },
  {
    name: 'Terraform aws_acm_certificate_validation',
    source: 'retry.StateChangeConf without PollInterval: 100 ms, doubling, capped at 10 s',
    delayBefore: (n) => Math.min(10_000, 100 * 2 ** (n - 1))
  }
]

/** This action's schedule (src/poll.ts) without its jitter, for the model column. */
export const ACTION_SCHEDULE: Anchor = {
  name: 'this action',
  source: `src/poll.ts: ${DEFAULT_POLL.initialDelayMs / 1000} s, ×${DEFAULT_POLL.factor}, cap ${DEFAULT_POLL.maxDelayMs / 1000} s, ±${(DEFAULT_POLL.jitter * 50).toFixed(0)}% jitter`,
  delayBefore: (n) => pollDelay(n - 1, DEFAULT_POLL.initialDelayMs, DEFAULT_POLL.maxDelayMs, DEFAULT_POLL.factor)
}

/**
 * Median detection latency of a schedule when ISSUED falls anywhere in [fromMs, toMs] after the
 * start (a fine grid standing for "uniformly"): what a user sees on average, free of the phase luck
 * of a few measured runs.
 */
export function modelMedianLatency(anchor: Anchor, fromMs: number, toMs: number, steps = 7000): number {
  const lags = Array.from({ length: steps + 1 }, (_, i) => {
    const issuedAt = fromMs + ((toMs - fromMs) * i) / steps
    return firstPollAtOrAfter(anchor, 0, issuedAt) - issuedAt
  })
  return median(lags)
}

/** Time of the first poll at or after `issuedAt` for a schedule that starts polling at `startAt`. */
export function firstPollAtOrAfter(anchor: Anchor, startAt: number, issuedAt: number): number {
  let at = startAt
  for (let n = 1; at < issuedAt; n++) at += anchor.delayBefore(n)
  return at
}

/** Detection latency (ms) each anchor would have had on this timeline. */
export function anchorLatencies(startAt: number, issuedAt: number): Record<string, number> {
  return Object.fromEntries(ANCHORS.map((a) => [a.name, firstPollAtOrAfter(a, startAt, issuedAt) - issuedAt]))
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

/** Most events inside any window of `windowMs` (sliding, anchored on each event). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b)
  let best = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while ((sorted[i] ?? 0) - (sorted[j] ?? 0) >= windowMs) j++
    best = Math.max(best, i - j + 1)
  }
  return best
}
