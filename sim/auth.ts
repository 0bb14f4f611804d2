// Who is calling: the access key id of the SigV4 Authorization header. Signatures are not verified.
import { ApiError, type Caller, type ServiceHandler, type SimRequest } from './protocol.js'
import type { SimState } from './state.js'

/** `AWS4-HMAC-SHA256 Credential=AKID/20250101/us-east-1/acm/aws4_request, SignedHeaders=…, Signature=…` */
export function parseAuthorization(header: string | undefined): { accessKeyId: string; region: string } | undefined {
  const match = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(header ?? '')
  if (!match?.[1] || !match[2]) return undefined
  return { accessKeyId: match[1], region: match[2] }
}

/**
 * Resolve the caller's credential. AWS answers an unknown key with UnrecognizedClientException (JSON
 * services) or InvalidClientTokenId (XML services), and an expired session with ExpiredTokenException /
 * ExpiredToken, "The security token included in the request is expired" (AWS API common errors).
 */
export function authenticate(state: SimState, handler: ServiceHandler, request: SimRequest, now: number): Caller {
  const parsed = parseAuthorization(firstHeader(request.headers.authorization))
  if (!parsed) throw handler.authErrors.missing
  const credential = state.credentials.get(parsed.accessKeyId)
  if (!credential) throw handler.authErrors.invalid
  if (credential.expiresAt !== undefined && now >= credential.expiresAt) throw handler.authErrors.expired
  return { credential, region: parsed.region }
}

export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

export const INVALID_TOKEN_MESSAGE = 'The security token included in the request is invalid.'
export const EXPIRED_TOKEN_MESSAGE = 'The security token included in the request is expired'

/** Auth errors of the XML services (Route 53, STS). */
export function xmlAuthErrors(expiredStatus: number): ServiceHandler['authErrors'] {
  return {
    invalid: new ApiError('InvalidClientTokenId', INVALID_TOKEN_MESSAGE, 403),
    expired: new ApiError('ExpiredToken', EXPIRED_TOKEN_MESSAGE, expiredStatus),
    missing: new ApiError('MissingAuthenticationToken', 'Request is missing Authentication Token', 403)
  }
}
