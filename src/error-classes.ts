// Which AWS failures are throttling and which are transient, by the SDK's own classifiers
// (@smithy/core/retry: HTTP 429 and 5xx, modeled `$retryable` traits, throttling and timeout codes,
// network errors, and the error's `cause` chain), so our poll loops agree with the SDK's retries.
// One deliberate exception: LimitExceededException, which the SDK counts as throttling, is a quota
// for ACM (certificates per year, names per certificate) and fails at once.
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry'
import type { SdkError } from '@smithy/types'

/** Codes the SDK would retry as throttling that, for the services we call, are quotas. */
export const QUOTA_CODES: ReadonlySet<string> = new Set(['LimitExceededException'])

/**
 * The error as the classifiers read it: they match on `name`, which for an SDK service exception
 * is the modeled shape name; a bare error carrying only a wire `Code` gets that as its name.
 */
function asSdkError(err: unknown): SdkError | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { name?: unknown; Code?: unknown; message?: unknown }
  const name = typeof e.name === 'string' && e.name !== 'Error' ? e.name : typeof e.Code === 'string' ? e.Code : e.name
  if (name === e.name) return err as SdkError
  return Object.assign(Object.create(err) as object, { name, message: e.message }) as SdkError
}

function code(error: SdkError): string {
  return (error as { Code?: string }).Code ?? error.name
}

/**
 * Throttled or busy by the SDK's classifier: the call was refused for load, not failed. The action
 * asks errors.ts isThrottlingAwsError, which adds that our own errors never count.
 */
export function sdkCallsThrottling(err: unknown): boolean {
  const error = asSdkError(err)
  if (error === undefined || QUOTA_CODES.has(error.name) || QUOTA_CODES.has(code(error))) return false
  return isThrottlingError(error)
}

/** Worth another try later by the SDK's classifiers: throttling, a transient or 5xx failure, a network error. */
export function sdkCallsTransient(err: unknown): boolean {
  const error = asSdkError(err)
  if (error === undefined) return false
  return sdkCallsThrottling(error) || isTransientError(error) || isServerError(error)
}
