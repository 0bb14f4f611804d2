// One error hierarchy. Every error a user can meet says what went wrong (which name, zone, role,
// API) and carries a hint saying what to do; main.ts prints both.

export interface ActionErrorOptions {
  hint?: string
  cause?: unknown
}

export class ActionError extends Error {
  readonly hint: string | undefined
  /** A short title for the annotation (core.error title). */
  readonly title: string = 'acm-certificate-action'

  constructor(message: string, options: ActionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.hint = options.hint
  }
}

/** A bad input, found before any network call. Names the input, the value and what is allowed. */
export class InputError extends ActionError {
  override readonly title = 'Invalid input'
  constructor(
    readonly input: string,
    readonly value: string,
    problem: string,
    options: ActionErrorOptions = {}
  ) {
    super(`Input '${input}' = ${JSON.stringify(value)}: ${problem}`, options)
  }
}

/** OIDC token or STS role assumption failed. */
export class IdentityError extends ActionError {
  override readonly title = 'AWS identity'
}

/** An AWS API call failed in a way retrying will not fix (or retries ran out). */
export class AwsApiError extends ActionError {
  override readonly title = 'AWS API error'
  constructor(
    readonly service: string,
    readonly operation: string,
    readonly code: string,
    message: string,
    options: ActionErrorOptions & { requestId?: string | undefined } = {}
  ) {
    super(
      `${service} ${operation} failed: ${code}: ${message}${options.requestId ? ` (request id ${options.requestId})` : ''}`,
      options
    )
  }
}

/** A pre-flight check (CAA, NS delegation) found a problem and preflight is fail: nothing was requested. */
export class PreflightError extends ActionError {
  override readonly title = 'Pre-flight check failed'
}

/** Hosted zone discovery or record writing could not proceed (no zone, ambiguous zones, ...). */
export class DnsError extends ActionError {
  override readonly title = 'Route 53'
}

/** ACM says the certificate cannot be issued (FAILED, VALIDATION_TIMED_OUT, a name FAILED, ...). */
export class CertificateFailedError extends ActionError {
  override readonly title = 'Certificate not issued'
  constructor(
    readonly certificateArn: string,
    readonly status: string,
    message: string,
    options: ActionErrorOptions = {}
  ) {
    super(message, options)
  }
}

/** A phase ran past its deadline. */
export class DeadlineError extends ActionError {
  override readonly title = 'Timed out'
  constructor(
    readonly phase: string,
    message: string,
    options: ActionErrorOptions = {}
  ) {
    super(message, options)
  }
}

/** The runner cancelled the job (SIGINT/SIGTERM). */
export class CancelledError extends ActionError {
  override readonly title = 'Cancelled'
}

/** Reads the AWS error code from an SDK v3 error (ServiceException name or Code). */
export function awsErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const e = err as { name?: unknown; Code?: unknown; code?: unknown }
  if (typeof e.Code === 'string') return e.Code
  if (typeof e.name === 'string' && e.name !== 'Error') return e.name
  if (typeof e.code === 'string') return e.code
  return undefined
}

export function awsRequestId(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined
  const meta = (err as { $metadata?: { requestId?: unknown } }).$metadata
  return typeof meta?.requestId === 'string' ? meta.requestId : undefined
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message
  return String(err)
}

/** Throttling and transient server-side errors: worth another try later in a poll loop. */
/** Throttled or busy: the call was refused for load, not failed; the same call may go through later. */
export function isThrottlingAwsError(err: unknown): boolean {
  const code = awsErrorCode(err)
  return code !== undefined && THROTTLING_CODES.has(code)
}

const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete'
])

export function isTransientAwsError(err: unknown): boolean {
  const code = awsErrorCode(err)
  if (code && TRANSIENT_CODES.has(code)) return true
  const status = (err as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode
  if (typeof status === 'number' && status >= 500) return true
  const sysCode = (err as { code?: unknown } | undefined)?.code
  return typeof sysCode === 'string' && NETWORK_CODES.has(sysCode)
}

const TRANSIENT_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'PriorRequestNotComplete',
  'ServiceUnavailable',
  'InternalFailure',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'IDPCommunicationError'
])
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'])

/** Wraps an SDK error from service/operation into an AwsApiError with a hint (idempotent on ActionError). */
export function toAwsApiError(service: string, operation: string, err: unknown, hint?: string): ActionError {
  if (err instanceof ActionError) return err
  const opts: ActionErrorOptions & { requestId?: string } = { cause: err }
  if (hint !== undefined) opts.hint = hint
  const requestId = awsRequestId(err)
  if (requestId !== undefined) opts.requestId = requestId
  return new AwsApiError(service, operation, awsErrorCode(err) ?? 'Error', errorMessage(err), opts)
}

/** Several Regions: one or more did not come through; the message names every Region's outcome. */
export class RegionsFailedError extends ActionError {
  override readonly title: string
  constructor(title: string, message: string, hint: string | undefined) {
    super(message, hint === undefined ? {} : { hint })
    this.title = title
  }
}

/** What an error says to the user: title, message and hint (a bug report, when it is none of ours). */
export function describeError(err: unknown): { title: string; message: string; hint: string | undefined } {
  if (err instanceof ActionError) return { title: err.title, message: err.message, hint: err.hint }
  return {
    title: 'Unexpected error',
    message: errorMessage(err),
    hint: 'This looks like a bug in acm-certificate-action: please report it with the log (re-run with debug logging).'
  }
}
