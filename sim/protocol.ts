// What every simulated service shares: the request seen by a handler, replies, API errors.
import type { IncomingHttpHeaders } from 'node:http'
import type { Credential, ServiceName, SimState } from './state.js'
import { xmlDocument } from './xml.js'

/** An error the service answers with; each protocol renders it in its own wire shape. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
  }
}

export interface Reply {
  status: number
  contentType: string
  body: string
}

export interface SimRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
  requestId: string
}

export interface Decoded {
  operation: string
  params: Record<string, unknown>
}

/** The authenticated caller and the Region of its signature's credential scope. */
export interface Caller {
  credential: Credential
  region: string
}

export interface CallContext {
  state: SimState
  request: SimRequest
  now: number
  caller: Caller | undefined
}

export interface ServiceHandler {
  readonly service: ServiceName
  /** Whether this handler serves the request (by path, headers or body). */
  matches(request: SimRequest): boolean
  decode(request: SimRequest): Decoded
  /** Operations that need no AWS signature. */
  isAnonymous(operation: string): boolean
  /** Error codes for an unknown and an expired access key. */
  readonly authErrors: { invalid: ApiError; expired: ApiError; missing: ApiError }
  /** The account an anonymous call acts for, if any (for the request log). */
  accountOf?(decoded: Decoded): string | undefined
  execute(decoded: Decoded, context: CallContext): Reply
  renderError(error: ApiError, requestId: string): Reply
}

/** Require the caller: handlers call this for signed operations. */
export function callerOf(context: CallContext): Caller {
  if (!context.caller) throw new ApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
  return context.caller
}

export function str(params: Record<string, unknown>, key: string): string | undefined {
  const value = params[key]
  return typeof value === 'string' ? value : undefined
}

export function num(params: Record<string, unknown>, key: string): number | undefined {
  const value = params[key]
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value)
  return undefined
}

/** The XML error of Route 53 and STS: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function xmlErrorReply(namespace: string, error: ApiError, requestId: string): Reply {
  const type = error.status >= 500 ? 'Receiver' : 'Sender'
  const body = { Error: { Type: type, Code: error.code, Message: error.message }, RequestId: requestId }
  return { status: error.status, contentType: 'text/xml', body: xmlDocument('ErrorResponse', namespace, body) }
}
