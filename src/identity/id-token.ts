// The GitHub OIDC ID-token request, bounded and retried: core.getIDToken sets no socket timeout, so
// an endpoint that accepts the connection and never answers would hang the step past timeout-minutes.
// Also says whose side a failure is on, for the hint.
import { Inputs } from '../constants.js'
import { OIDC_HINT } from '../decisions/hints.js'
import { errorMessage } from '../errors.js'
import { within } from '../concurrency.js'
import { poll } from '../poll.js'
import type { Clock } from '../types.js'

/** How the runner's ID-token service is named in errors. */
export const ID_TOKEN_SERVICE = "GitHub's OIDC token service (ACTIONS_ID_TOKEN_REQUEST_URL)"

/** Per request: core.getIDToken sets no socket timeout, and an endpoint that never answers would hang the step. */
export const ID_TOKEN_POLICY = { timeoutMs: 4000, attempts: 3, backoffMs: 500 } as const

/**
 * Why a token request failed: GitHub's side (timeout, reset, 5xx, 429: worth a retry), a refusal
 * (401/403: no id-token permission), a local stand-in for core.getIDToken that is not implemented,
 * or something else. core.getIDToken reports the HTTP status only inside its message ("Error Code : 503").
 */
export type IdTokenFailure = 'timeout' | 'unavailable' | 'refused' | 'not-implemented' | 'other'

export class IdTokenTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs / 1000} s`)
    this.name = 'IdTokenTimeoutError'
  }
}

export function idTokenFailure(err: unknown): IdTokenFailure {
  if (err instanceof IdTokenTimeoutError) return 'timeout'
  const message = errorMessage(err)
  if (/not implemented/i.test(message)) return 'not-implemented'
  const status = Number(/Error Code\s*:\s*(\d{3})/.exec(message)?.[1] ?? NaN)
  if (status === 401 || status === 403) return 'refused'
  if (status >= 500 || status === 429) return 'unavailable'
  if (/ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|socket hang up|other side closed|fetch failed/i.test(message))
    return 'unavailable'
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && /^E(CONNRESET|CONNREFUSED|TIMEDOUT|PIPE)$/.test(code) ? 'unavailable' : 'other'
}

export function idTokenHint(failure: IdTokenFailure): string {
  switch (failure) {
    case 'timeout':
    case 'unavailable':
      return (
        `${ID_TOKEN_SERVICE} did not answer, or answered with a server error, after ${ID_TOKEN_POLICY.attempts} attempts: ` +
        "that is on GitHub's side (see https://www.githubstatus.com), not a missing permission. Re-run the job."
      )
    case 'not-implemented':
      return (
        'The ID-token function is a local stand-in that is not implemented (e.g. running the action with ' +
        `@github/local-action): GitHub OIDC exists only on a runner. For a local run, leave '${Inputs.RoleToAssume}' ` +
        'empty and give the action ambient AWS credentials (AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).'
      )
    case 'refused':
      return OIDC_HINT
    default:
      return `${OIDC_HINT} If the job has that permission, re-run it.`
  }
}

/**
 * Bounds each token request (a timeout per attempt) and retries GitHub-side failures (timeout,
 * reset, 5xx) with a doubling backoff (the one poll loop); any other failure is thrown at once. The
 * clock drives both the timeout and the backoff, so tests run it without real waits.
 */
export function boundedIdToken(
  getIdToken: (audience: string) => Promise<string>,
  clock: Clock,
  policy: { timeoutMs: number; attempts: number; backoffMs: number } = ID_TOKEN_POLICY
): (audience: string) => Promise<string> {
  const once = (audience: string): Promise<string> =>
    within(getIdToken(audience), policy.timeoutMs, clock, () => {
      throw new IdTokenTimeoutError(policy.timeoutMs)
    })
  return (audience) =>
    poll(async () => ({ done: true, value: await once(audience) }), {
      clock,
      deadline: Infinity,
      attempts: policy.attempts,
      initialDelayMs: policy.backoffMs,
      maxDelayMs: Infinity,
      factor: 2,
      jitter: 0,
      absorbs: (err) => ['timeout', 'unavailable'].includes(idTokenFailure(err)),
      phase: `requesting the ID token from ${ID_TOKEN_SERVICE}`,
      timeoutMessage: () => `${ID_TOKEN_SERVICE} did not answer`
    })
}
