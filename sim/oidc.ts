// GitHub Actions OIDC: the runner's ID-token endpoint and HS256 JWTs signed with a simulator secret.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { firstHeader } from './auth.js'
import {
  ApiError,
  type CallContext,
  type Decoded,
  type Reply,
  type ServiceHandler,
  type SimRequest
} from './protocol.js'
import type { Scenario } from './state.js'

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
export const OIDC_PATH = '/oidc/token'

export type Claims = Record<string, unknown> & {
  iss?: string
  aud?: string
  sub?: string
  exp?: number
  iat?: number
  nbf?: number
}

const base64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url')

export class TokenIssuer {
  /** Every token signed, so tests can check that none leaks into logs or outputs. */
  readonly minted: string[] = []

  constructor(
    private readonly secret: string,
    readonly requestToken: string
  ) {}

  sign(claims: Claims): string {
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'sim' }))
    const payload = base64url(JSON.stringify(claims))
    const token = `${header}.${payload}.${this.signature(`${header}.${payload}`)}`
    this.minted.push(token)
    return token
  }

  /** The claims of a token this issuer signed, or undefined for a malformed or forged token. */
  verify(token: string): Claims | undefined {
    const [header, payload, signature, ...extra] = token.split('.')
    if (header === undefined || payload === undefined || signature === undefined || extra.length > 0) return undefined
    const expected = Buffer.from(this.signature(`${header}.${payload}`))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
    try {
      return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Claims
    } catch {
      return undefined
    }
  }

  private signature(input: string): string {
    return createHmac('sha256', this.secret).update(input).digest('base64url')
  }
}

/**
 * The claims GitHub puts in an Actions ID token (GitHub Docs, "About security hardening with OpenID
 * Connect"): `aud` defaults to the repository owner's URL; tokens live about five minutes. `jti`
 * is unique to each token (RFC 7519 §4.1.7), so two tokens minted in the same millisecond differ.
 */
export function githubClaims(scenario: Scenario, audience: string | undefined, nowMs: number, jti: string): Claims {
  const iat = Math.floor(nowMs / 1000)
  const sub = scenario.oidcSubject
  const repository = /^repo:([^:]+):/.exec(sub)?.[1] ?? 'octo-org/octo-repo'
  const owner = repository.split('/')[0] ?? 'octo-org'
  const ref = /:ref:(.+)$/.exec(sub)?.[1] ?? 'refs/heads/main'
  return {
    jti,
    sub,
    aud: audience ?? `https://github.com/${owner}`,
    ref,
    repository,
    repository_owner: owner,
    job_workflow_ref: `${repository}/.github/workflows/ci.yml@${ref}`,
    event_name: 'push',
    iss: GITHUB_ISSUER,
    nbf: iat - 5,
    iat,
    exp: iat + scenario.idTokenLifetimeSeconds,
    ...scenario.oidcClaims
  }
}

/**
 * Failure modes of the token endpoint, switched on by tests. Normally (GitHub Docs, "OpenID Connect
 * reference" → "Methods for requesting the OIDC token"; @actions/core's OidcClient) a job with
 * `id-token: write` gets ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, and a GET
 * of that URL (plus `&audience=`) with `Authorization: bearer <request token>` answers at once with
 * JSON `{"value": "<JWT>"}`; a missing or wrong request token is refused (401). The endpoint is an
 * HTTP service on GitHub's side, so it can also fail there: these knobs script that.
 */
export class OidcKnobs {
  /** Accept each token request and never answer: only the client's own timeout (or stop()) ends it. */
  neverAnswer = false
  /** Answer the next N token requests with `serverErrorStatus` instead of a token. */
  serverErrors = 0
  /** 500 by default (@actions/http-client retries only 502/503/504 by itself). */
  serverErrorStatus = 500
}

/** The runner's endpoint: GET ?api-version=2.0&audience=…, `Authorization: Bearer <request token>`, → `{"value": jwt}`. */
export function oidcHandler(issuer: TokenIssuer, knobs: OidcKnobs = new OidcKnobs()): ServiceHandler {
  const unauthorized = new ApiError('Unauthorized', 'Bad credentials', 401)
  return {
    service: 'oidc',
    matches: (request: SimRequest) => request.path === OIDC_PATH,
    decode: (request: SimRequest): Decoded => ({
      operation: 'GetIdToken',
      params: request.query.has('audience') ? { audience: request.query.get('audience') } : {}
    }),
    isAnonymous: () => true,
    authErrors: { invalid: unauthorized, expired: unauthorized, missing: unauthorized },
    execute(decoded: Decoded, context: CallContext): Reply {
      const bearer = /^Bearer (.+)$/.exec(firstHeader(context.request.headers.authorization) ?? '')?.[1]
      if (context.request.method !== 'GET' || bearer !== issuer.requestToken) throw unauthorized
      if (knobs.serverErrors > 0) {
        knobs.serverErrors -= 1
        throw new ApiError('ServerError', 'Internal Server Error', knobs.serverErrorStatus)
      }
      const audience = typeof decoded.params.audience === 'string' ? decoded.params.audience : undefined
      const claims = githubClaims(context.state.scenario, audience, context.now, context.state.nextId('jti', 32))
      return { status: 200, contentType: 'application/json', body: JSON.stringify({ value: issuer.sign(claims) }) }
    },
    renderError: (error: ApiError): Reply => ({
      status: error.status,
      contentType: 'application/json',
      body: JSON.stringify({ message: error.message })
    })
  }
}
