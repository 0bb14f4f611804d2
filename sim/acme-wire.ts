// The ACME operations' shared wire pieces: constraint errors, tags, idempotency tokens, paging and the
// caller's endpoint (same account and Region). ACM API Reference, API_CreateAcmeEndpoint and friends.
import { acmeStore, settleEndpoint, IDEMPOTENCY_WINDOW_MS, type AcmeEndpointRecord } from './acme-store.js'
import { ApiError, callerOf, str, type CallContext } from './protocol.js'

export type Json = Record<string, unknown>

/** AcmeEndpointArn pattern (API_CreateAcmeDomainValidation). */
const ENDPOINT_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:acme-endpoint\/[a-zA-Z0-9-]+$/
export function validation(value: unknown, field: string, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`
  )
}

export function notFound(what: string, arn: string): ApiError {
  return new ApiError('ResourceNotFoundException', `Could not find ${what} ${arn}.`)
}

export function required(params: Json, field: string): string {
  const value = str(params, field)
  if (value === undefined || value === '') throw validation(value, field, 'Member must not be null')
  return value
}

/** TagList (1–50), Key 1–128 (API_Tag); `aws:` is reserved. */
export function parseTags(raw: unknown): Map<string, string> {
  const tags = new Map<string, string>()
  if (raw === undefined) return tags
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > 50)
    throw validation(Array.isArray(raw) ? raw.length : raw, 'tags', 'Member must have length between 1 and 50')
  for (const tag of raw as Json[]) {
    const key = str(tag, 'Key')
    if (key === undefined || key.length < 1 || key.length > 128)
      throw validation(key, 'tags.member.key', 'Member must have length between 1 and 128')
    if (key.toLowerCase().startsWith('aws:')) throw new ApiError('InvalidTagException', `Tag key ${key} uses aws:`)
    tags.set(key, str(tag, 'Value') ?? '')
  }
  return tags
}

/** A remembered IdempotencyToken of this operation, account and Region, or undefined. */
export function idempotent(context: CallContext, op: string, token: string | undefined): string | undefined {
  if (token === undefined) return undefined
  const { credential, region } = callerOf(context)
  const entry = acmeStore(context.state).idempotency.get(`${op}|${credential.accountId}|${region}|${token}`)
  return entry && context.now - entry.at < IDEMPOTENCY_WINDOW_MS ? entry.arn : undefined
}

export function remember(context: CallContext, op: string, token: string | undefined, arn: string): void {
  if (token === undefined) return
  const { credential, region } = callerOf(context)
  acmeStore(context.state).idempotency.set(`${op}|${credential.accountId}|${region}|${token}`, { arn, at: context.now })
}

/** The caller's endpoint (same account and Region), settled; ResourceNotFoundException otherwise. */
export function findEndpoint(context: CallContext, arn: string): AcmeEndpointRecord {
  if (!ENDPOINT_ARN.test(arn))
    throw validation(arn, 'acmeEndpointArn', `Member must satisfy regular expression pattern`)
  const { credential, region } = callerOf(context)
  const store = acmeStore(context.state)
  const endpoint = store.endpoints.get(arn)
  if (!endpoint || endpoint.accountId !== credential.accountId || endpoint.region !== region)
    throw notFound('ACME endpoint', arn)
  if (!settleEndpoint(store, endpoint, context.now)) throw notFound('ACME endpoint', arn)
  return endpoint
}

/** NextToken is an opaque offset; MaxResults 1–100 (API_ListAcmeEndpoints). */
export function page<T>(items: T[], params: Json): { items: T[]; next?: string } {
  const max = typeof params['MaxResults'] === 'number' ? params['MaxResults'] : 100
  if (max < 1 || max > 100) throw validation(max, 'maxResults', 'Member must have value between 1 and 100')
  const start = Number(str(params, 'NextToken') ?? '0')
  const slice = items.slice(start, start + max)
  return start + max < items.length ? { items: slice, next: String(start + max) } : { items: slice }
}
