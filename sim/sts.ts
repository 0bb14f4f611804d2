// AWS STS over the Query protocol: POST / with a form body `Action=…&Version=2011-06-15`.
import { xmlAuthErrors } from './auth.js'
import { GITHUB_ISSUER, type Claims, type TokenIssuer } from './oidc.js'
import { ApiError, callerOf, num, str, xmlErrorReply } from './protocol.js'
import type { CallContext, Decoded, Reply, ServiceHandler, SimRequest } from './protocol.js'
import { accountOfArn, type Credential, type CredentialOrigin, type Role, type SimState } from './state.js'
import { globMatch, isoSeconds, SECOND } from './util.js'
import { xmlDocument, type XmlNode } from './xml.js'

const NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'
const XML_CONTENT_TYPE = 'text/xml'
/** Role chaining "limits your … role session to a maximum of one hour" (IAM User Guide, "Role chaining"). */
const CHAINED_MAX_SECONDS = 3600
type Json = Record<string, unknown>

const validationError = (message: string): ApiError => new ApiError('ValidationError', message, 400)
const webIdentityDenied = (): ApiError =>
  new ApiError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', 403)

export interface RoleInit {
  arn: string
  trust?: Role['trust']
  maxSessionSeconds?: number
}

export function roleFrom(init: RoleInit): Role {
  const accountId = accountOfArn(init.arn)
  const name = /:role\/(?:.*\/)?([^/]+)$/.exec(init.arn)?.[1]
  if (accountId === undefined || name === undefined) throw new Error(`not a role ARN: ${init.arn}`)
  return { arn: init.arn, accountId, name, trust: init.trust ?? {}, maxSessionSeconds: init.maxSessionSeconds ?? 3600 }
}

/**
 * DurationSeconds: "from 900 seconds (15 minutes) up to the maximum session duration setting for the role"
 * (STS API Reference, AssumeRole / AssumeRoleWithWebIdentity); default 3600.
 */
function sessionSeconds(params: Json, role: Role, chained: boolean): number {
  const seconds = num(params, 'DurationSeconds') ?? 3600
  if (seconds < 900) {
    throw validationError(
      `1 validation error detected: Value '${seconds}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`
    )
  }
  if (chained && seconds > CHAINED_MAX_SECONDS) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    )
  }
  if (seconds > role.maxSessionSeconds)
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  return seconds
}

/** RoleSessionName: 2-64 characters of `[\w+=,.@-]` (STS API Reference). */
function sessionName(params: Json): string {
  const name = str(params, 'RoleSessionName') ?? ''
  if (!/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw validationError(
      `1 validation error detected: Value '${name}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`
    )
  }
  return name
}

/** Mint session credentials; the scenario can cap their lifetime below the requested duration. */
export function issueSession(
  state: SimState,
  role: Role,
  session: string,
  seconds: number,
  now: number,
  origin: CredentialOrigin
): Credential {
  const cap = state.scenario.credentialLifetimeSeconds
  const lifetime = cap === undefined ? seconds : Math.min(seconds, cap)
  const credential: Credential = {
    accessKeyId: `ASIA${state.nextId('akid', 16)}`,
    secretAccessKey: state.nextId('secret', 40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    sessionToken: `IQoJsim${state.nextId('session', 120, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789')}`,
    accountId: role.accountId,
    arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.name}/${session}`,
    userId: `AROA${state.nextId(`role-id/${role.arn}`, 17)}:${session}`,
    roleArn: role.arn,
    expiresAt: now + lifetime * SECOND,
    origin
  }
  state.credentials.set(credential.accessKeyId, credential)
  return credential
}

function sessionXml(credential: Credential): XmlNode {
  return {
    Credentials: {
      AccessKeyId: credential.accessKeyId,
      SecretAccessKey: credential.secretAccessKey,
      SessionToken: credential.sessionToken,
      Expiration: isoSeconds(credential.expiresAt ?? 0)
    },
    AssumedRoleUser: { Arn: credential.arn, AssumedRoleId: credential.userId }
  }
}

/**
 * The token must be one the GitHub issuer signed (else InvalidIdentityToken) and unexpired (else
 * ExpiredTokenException) (STS API Reference, AssumeRoleWithWebIdentity, Errors).
 */
function verifiedClaims(issuer: TokenIssuer, token: string | undefined, now: number): Claims {
  const claims = token === undefined ? undefined : issuer.verify(token)
  if (!claims) {
    throw new ApiError(
      'InvalidIdentityToken',
      'The web identity token that was passed could not be validated by AWS. Get a new identity token from the identity provider and then retry the request.'
    )
  }
  if (claims.iss !== GITHUB_ISSUER) {
    throw new ApiError(
      'InvalidIdentityToken',
      `No OpenIDConnect provider found in your account for ${String(claims.iss)}`
    )
  }
  if (typeof claims.exp !== 'number' || now >= claims.exp * SECOND) {
    throw new ApiError(
      'ExpiredTokenException',
      `Token expired: current date/time ${Math.floor(now / SECOND)} must be before the expiration date/time ${String(claims.exp)}`
    )
  }
  return claims
}

/**
 * The role's trust policy: the OIDC provider must be trusted, `aud` must equal the trusted audience and
 * `sub` must match a trusted pattern, else AccessDenied (IAM User Guide, "Configuring a role for GitHub OIDC").
 */
function checkWebIdentityTrust(role: Role | undefined, claims: Claims): Role {
  if (!role || role.trust.webIdentity === false) throw webIdentityDenied()
  if (claims.aud !== (role.trust.audience ?? 'sts.amazonaws.com')) throw webIdentityDenied()
  const subjects = role.trust.subjects
  if (subjects && !subjects.some((pattern) => globMatch(pattern, String(claims.sub)))) throw webIdentityDenied()
  return role
}

function assumeRoleWithWebIdentity(params: Json, context: CallContext, issuer: TokenIssuer): XmlNode {
  const { state, now } = context
  const session = sessionName(params)
  const claims = verifiedClaims(issuer, str(params, 'WebIdentityToken'), now)
  const role = checkWebIdentityTrust(state.roles.get(str(params, 'RoleArn') ?? ''), claims)
  const credential = issueSession(
    state,
    role,
    session,
    sessionSeconds(params, role, false),
    now,
    'AssumeRoleWithWebIdentity'
  )
  return {
    ...sessionXml(credential),
    SubjectFromWebIdentityToken: String(claims.sub),
    Provider: GITHUB_ISSUER.replace(/^https:\/\//, ''),
    Audience: String(claims.aud)
  }
}

/**
 * AssumeRole (STS API Reference): the target role must trust the caller (its role ARN, or the caller's
 * account root) and get the ExternalId it requires; otherwise "User: … is not authorized to perform:
 * sts:AssumeRole on resource: …". Role credentials assuming a role is role chaining (1 hour cap).
 */
function assumeRole(params: Json, context: CallContext): XmlNode {
  const { state, now } = context
  const { credential: caller } = callerOf(context)
  const roleArn = str(params, 'RoleArn') ?? ''
  const session = sessionName(params)
  const role = state.roles.get(roleArn)
  const principal = caller.roleArn ?? caller.arn
  const principals = role?.trust.principals ?? []
  const trusted = principals.includes(principal) || principals.includes(`arn:aws:iam::${caller.accountId}:root`)
  const externalIdOk = role?.trust.externalId === undefined || role.trust.externalId === str(params, 'ExternalId')
  if (!role || !trusted || !externalIdOk) {
    throw new ApiError(
      'AccessDenied',
      `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403
    )
  }
  const seconds = sessionSeconds(params, role, caller.roleArn !== undefined)
  return sessionXml(issueSession(state, role, session, seconds, now, 'AssumeRole'))
}

function getCallerIdentity(_params: Json, context: CallContext): XmlNode {
  const { credential } = callerOf(context)
  return { UserId: credential.userId, Account: credential.accountId, Arn: credential.arn }
}

export function stsHandler(issuer: TokenIssuer): ServiceHandler {
  const operations: Record<string, (params: Json, context: CallContext) => XmlNode> = {
    AssumeRoleWithWebIdentity: (params, context) => assumeRoleWithWebIdentity(params, context, issuer),
    AssumeRole: assumeRole,
    GetCallerIdentity: getCallerIdentity
  }
  return {
    service: 'sts',
    matches: (request: SimRequest) => request.method === 'POST' && new URLSearchParams(request.body).has('Action'),
    decode(request: SimRequest): Decoded {
      const form = new URLSearchParams(request.body)
      const params: Json = Object.fromEntries(form)
      delete params.Action
      delete params.Version
      return { operation: form.get('Action') ?? '', params }
    },
    // AssumeRoleWithWebIdentity "does not require the use of AWS security credentials" (STS API Reference).
    isAnonymous: (operation: string) => operation === 'AssumeRoleWithWebIdentity',
    accountOf: ({ params }: Decoded) => accountOfArn(str(params, 'RoleArn') ?? ''),
    authErrors: xmlAuthErrors(400),
    execute({ operation, params }: Decoded, context: CallContext): Reply {
      const run = operations[operation]
      if (!run) throw new ApiError('InvalidAction', `Could not find operation ${operation} for version 2011-06-15`)
      const body = {
        [`${operation}Result`]: run(params, context),
        ResponseMetadata: { RequestId: context.request.requestId }
      }
      return { status: 200, contentType: XML_CONTENT_TYPE, body: xmlDocument(`${operation}Response`, NAMESPACE, body) }
    },
    renderError: (error: ApiError, requestId: string): Reply => xmlErrorReply(NAMESPACE, error, requestId)
  }
}
