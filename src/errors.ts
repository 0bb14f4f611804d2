// One error hierarchy. Every error a user can meet says what went wrong (which name, zone, role,
// API) and carries a hint saying what to do; main.ts prints both.
import { sdkCallsThrottling, sdkCallsTransient } from './error-classes.js'

export interface ActionErrorOptions {
  hint?: string | undefined
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

/**
 * A bad input, found before any network call. Names the input, the value and what is allowed. The
 * value and the problem (which may quote it) are echoed with URL credentials redacted: a refused
 * input is never masked (nothing registered it with the runner), so no input error may carry one.
 */
export class InputError extends ActionError {
  override readonly title = 'Invalid input'
  readonly value: string
  constructor(
    readonly input: string,
    value: string,
    problem: string,
    options: ActionErrorOptions = {}
  ) {
    super(
      `Input '${input}' = ${JSON.stringify(redactUrlCredentials(value))}: ${redactUrlCredentials(problem)}`,
      options
    )
    this.value = redactUrlCredentials(value)
  }
}

/**
 * Text with every URL's `user:password@` (or `user@`) and `?query`, and a scheme-less
 * `user:password@host`, written as `***`: what a proxy URL or a pre-signed link carries as a secret.
 */
export function redactUrlCredentials(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s"'/?#]*@/gi, '$1***@')
    .replace(/(^|[\s"'(,=])[^\s"'(,=/@:]+:[^\s"'/]*@/g, '$1***@')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s"'?#]*)\?[^\s"'#]*/gi, '$1?***')
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
    /** awsFailureText of the SDK error: "<code>: <message> (request id ...)". */
    failure: string,
    options: ActionErrorOptions = {}
  ) {
    super(`${service} ${operation} failed: ${failure}`, options)
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
  readonly certificateArn: string
  readonly status: string

  /** `text`: what happened and what to do, as decisions/hints.ts words it. */
  constructor(certificateArn: string, status: string, text: { message: string; hint: string }) {
    super(text.message, { hint: text.hint })
    this.certificateArn = certificateArn
    this.status = status
  }
}

/** A phase ran past its deadline. */
export class DeadlineError extends ActionError {
  override readonly title = 'Timed out'
  constructor(
    readonly phase: string,
    message: string,
    options: ActionErrorOptions = {},
    /** The certificate's ACM status when the phase waited on one (e.g. PENDING_VALIDATION). */
    readonly status?: string
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

/**
 * Throttled or busy: the call was refused for load, not failed; the same call may go through later.
 * The SDK's classifier (error-classes.ts); our own errors never count, whatever their cause.
 */
export function isThrottlingAwsError(err: unknown): boolean {
  return !(err instanceof ActionError) && sdkCallsThrottling(err)
}

/** Throttling and transient server-side or network errors: worth another try later in a poll loop. */
export function isTransientAwsError(err: unknown): boolean {
  return !(err instanceof ActionError) && sdkCallsTransient(err)
}

/** `<code>: <message>` of an SDK error, then `detail` in parentheses and the request id when known. */
export function awsFailureText(err: unknown, detail?: string): string {
  const requestId = awsRequestId(err)
  return (
    `${awsErrorCode(err) ?? 'Error'}: ${errorMessage(err)}` +
    (detail !== undefined ? ` (${detail})` : '') +
    (requestId ? ` (request id ${requestId})` : '')
  )
}

export interface WrapOptions {
  /** What to do about it. */
  hint?: string | undefined
  /** What the call was about, appended to the SDK's message in parentheses (e.g. "names: a, b"). */
  detail?: string | undefined
}

/**
 * The one way an SDK error from service/operation becomes a user-facing AwsApiError: "<service>
 * <operation> failed: <code>: <message> (request id ...)" with a hint. Idempotent on ActionError.
 */
export function wrapAwsError(service: string, operation: string, err: unknown, options: WrapOptions = {}): ActionError {
  if (err instanceof ActionError) return err
  return new AwsApiError(service, operation, awsErrorCode(err) ?? 'Error', awsFailureText(err, options.detail), {
    cause: err,
    hint: options.hint
  })
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
