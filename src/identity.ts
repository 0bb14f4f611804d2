// Who the action is in each account. The certificate role and the DNS role are each assumed with
// AssumeRoleWithWebIdentity from a fresh GitHub ID token (or, on request, the DNS role by chaining
// from the certificate session); with no role-to-assume the SDK's default credential chain is used.
// Every session sits behind one refreshing provider: ID tokens live ~5 minutes and sessions 1 hour,
// while the certificate wait can last hours, so a session is renewed by minting a new token and
// assuming again.
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  type AssumeRoleResponse,
  type Credentials,
  type STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { createStsClient } from './clients.js'
import {
  ActionError,
  DeadlineError,
  IdentityError,
  awsErrorCode,
  awsRequestId,
  errorMessage,
  isTransientAwsError
} from './errors.js'
import { Inputs } from './constants.js'
import { usesRoute53, zoneOverrideRoles } from './inputs.js'
import { poll } from './poll.js'
import type { Clock, Config, Logger } from './types.js'

export interface IdentityDeps {
  /** Mints a GitHub OIDC ID token; main.ts passes core.getIDToken (which masks the token). */
  getIdToken(audience: string): Promise<string>
  setSecret(value: string): void
  log: Logger
  clock: Clock
  env: Readonly<Record<string, string | undefined>>
  /** STS client factory; undefined credentials = the SDK default chain. Default: createStsClient(config.region, ...). */
  stsClient?: (credentials?: AwsCredentialIdentityProvider) => STSClient
}

export interface AccountIdentity {
  /** undefined: the SDK default credential chain (ambient mode). */
  credentials: AwsCredentialIdentityProvider | undefined
  roleArn?: string
  accountId?: string
  /** For log lines and the summary, e.g. "account 111111111111, role arn:... (web identity)". */
  description: string
}

export interface Identities {
  certificate: AccountIdentity
  dns: AccountIdentity
  /** Identities of the zone-overrides roles, by role ARN (absent or empty: none). */
  zoneRoles?: ReadonlyMap<string, AccountIdentity>
}

/** AWS caps a session reached by role chaining at one hour, whatever the role allows. */
export const ROLE_CHAINING_MAX_SECONDS = 3600
/** The SDK asks a provider again when fewer than 5 minutes remain (@smithy/core EXPIRATION_MS). */
export const SDK_REFRESH_WINDOW_MS = 5 * 60_000
/** How long transient STS failures (IDPCommunicationError, throttling, 5xx) are retried. */
export const STS_RETRY_BUDGET_MS = 20_000
export const OIDC_ENV_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const

/** Credentials of one STS session and the principal STS says it is. */
export interface StsSession {
  readonly credentials: AwsCredentialIdentity & { readonly expiration: Date }
  /** AssumedRoleUser.Arn, or the caller ARN in ambient mode. */
  readonly principalArn: string
}

export interface RefreshingSession {
  /** The current session; renewed near expiry, concurrent callers sharing one renewal. */
  current(): Promise<StsSession>
  /** The same, as the SDK wants it (with `expiration`, so the SDK keeps asking). */
  readonly provider: AwsCredentialIdentityProvider
}

/** How long before expiry a session is renewed: 5 minutes, or a quarter of a short session. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(SDK_REFRESH_WINDOW_MS, Math.max(0, lifetimeMs) / 4)
}

/** The ONE refreshing-credentials implementation: `assume` must mint a new ID token each time. */
export function refreshingSession(assume: () => Promise<StsSession>, clock: Clock): RefreshingSession {
  let cached: { session: StsSession; refreshAt: number } | undefined
  let renewal: Promise<StsSession> | undefined
  const renew = (): Promise<StsSession> =>
    (renewal ??= assume()
      .then((session) => {
        const now = clock.now()
        const expiresAt = session.credentials.expiration.getTime()
        cached = { session, refreshAt: expiresAt - refreshMarginMs(expiresAt - now) }
        return session
      })
      .finally(() => {
        renewal = undefined
      }))
  const current = async (): Promise<StsSession> =>
    cached !== undefined && clock.now() < cached.refreshAt ? cached.session : renew()
  return { current, provider: async () => (await current()).credentials }
}

/** Account id of an IAM/STS ARN (`arn:aws:sts::111111111111:assumed-role/...`). */
export function accountIdFromArn(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined
}

export function missingOidcVariables(env: IdentityDeps['env']): string[] {
  return OIDC_ENV_VARIABLES.filter((name) => !env[name])
}

type Purpose = 'certificate' | 'DNS'

export interface StsCall {
  readonly operation: 'AssumeRoleWithWebIdentity' | 'AssumeRole' | 'GetCallerIdentity'
  readonly purpose: Purpose
  /** The role being assumed (absent for GetCallerIdentity). */
  readonly roleArn?: string
  readonly audience: string
  readonly externalId?: boolean
}

/** Turns an STS (or ID-token) failure into an IdentityError that names the role and says what to fix. */
export function classifyStsError(err: unknown, call: StsCall): ActionError {
  if (err instanceof ActionError) return err
  const code = awsErrorCode(err) ?? 'Error'
  const requestId = awsRequestId(err)
  const who = call.roleArn ? `role ${call.roleArn}` : 'the ambient credentials'
  const message =
    `${call.operation} for ${who} (${call.purpose} account) failed: ${code}: ${errorMessage(err)}` +
    (requestId ? ` (request id ${requestId})` : '')
  return new IdentityError(message, { cause: err, hint: stsHint(err, code, call) })
}

function stsHint(err: unknown, code: string, call: StsCall): string {
  if (code === 'ValidationError' && /duration/i.test(errorMessage(err))) {
    return (
      `${Inputs.RoleDurationSeconds} exceeds what ${call.roleArn ?? 'the role'} allows: lower it, or raise the role's ` +
      `MaxSessionDuration (1-12 hours). A session reached by role chaining (${Inputs.DnsRoleChaining}, or AssumeRole ` +
      `from role credentials) is capped at ${ROLE_CHAINING_MAX_SECONDS} seconds whatever the role allows.`
    )
  }
  if (call.operation === 'AssumeRoleWithWebIdentity' && WEB_IDENTITY_REJECTIONS.has(code)) {
    return (
      `The trust policy of ${call.roleArn} must allow sts:AssumeRoleWithWebIdentity for the federated principal ` +
      `token.actions.githubusercontent.com (an IAM OIDC identity provider for https://token.actions.githubusercontent.com ` +
      `must exist in that account) with token.actions.githubusercontent.com:aud = ${call.audience} ` +
      `(the '${Inputs.Audience}' input) and a 'sub' matching this workflow, e.g. repo:ORG/REPO:ref:refs/heads/BRANCH, ` +
      `repo:ORG/REPO:environment:NAME, or for repositories created after July 2026 the immutable form ` +
      `repo:OWNER@OWNER_ID/REPO@REPO_ID:... See docs/iam/.`
    )
  }
  if (call.operation === 'AssumeRole' && code === 'AccessDenied') {
    return (
      `The trust policy of ${call.roleArn} must trust the source principal (the certificate role's session, or the ` +
      `ambient credentials) for sts:AssumeRole${call.externalId ? ` with an sts:ExternalId condition equal to the '${Inputs.DnsRoleExternalId}' input` : ''}, ` +
      `and the source principal needs sts:AssumeRole on ${call.roleArn}. See docs/iam/trust-policy-dns-from-certificate-role.json.`
    )
  }
  if (call.operation === 'GetCallerIdentity' && !isTransientAwsError(err)) {
    return (
      `No '${Inputs.RoleToAssume}' was given, so the action uses the credentials already in the job (environment, ` +
      `profile, instance role). Set '${Inputs.RoleToAssume}' to use GitHub OIDC, or configure credentials before this step.`
    )
  }
  if (isTransientAwsError(err)) {
    return 'STS (or the OIDC provider behind it) stayed unavailable after several attempts; re-run the job.'
  }
  return `Check that ${call.roleArn ?? 'the credentials'} exist and that the trust and permission policies match docs/iam/.`
}

/** Wire codes (the SDK's `Code`) of a token STS would not accept for the role. */
const WEB_IDENTITY_REJECTIONS = new Set([
  'AccessDenied',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
  'ExpiredTokenException'
])

/** Runs an STS call, retrying transient failures (IDPCommunicationError, throttling, 5xx) for a short while. */
async function callSts<T>(call: StsCall, deps: IdentityDeps, attempt: () => Promise<T>): Promise<T> {
  let lastTransient: unknown
  try {
    return await poll(async () => ({ done: true, value: await attempt() }), {
      clock: deps.clock,
      deadline: deps.clock.now() + STS_RETRY_BUDGET_MS,
      phase: `${call.operation} (${call.purpose} account)`,
      timeoutMessage: () => `${call.operation} kept failing`,
      onTransientError: (err) => {
        lastTransient = err
        deps.log.debug(`${call.operation} (${call.purpose} account): ${awsErrorCode(err) ?? 'error'}, retrying`)
      }
    })
  } catch (err) {
    throw classifyStsError(err instanceof DeadlineError && lastTransient !== undefined ? lastTransient : err, call)
  }
}

/** Masks every part the moment it exists, and checks STS returned a whole session. */
function sessionOf(
  credentials: Credentials | undefined,
  principalArn: string | undefined,
  call: StsCall,
  setSecret: (value: string) => void
): StsSession {
  const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = credentials ?? {}
  for (const part of [AccessKeyId, SecretAccessKey, SessionToken]) if (part) setSecret(part)
  if (!AccessKeyId || !SecretAccessKey || !SessionToken || !Expiration || !principalArn) {
    throw new IdentityError(
      `${call.operation} for role ${call.roleArn} returned an incomplete session (no credentials or no AssumedRoleUser)`
    )
  }
  return {
    credentials: {
      accessKeyId: AccessKeyId,
      secretAccessKey: SecretAccessKey,
      sessionToken: SessionToken,
      expiration: Expiration
    },
    principalArn
  }
}

async function fetchIdToken(call: StsCall, deps: IdentityDeps): Promise<string> {
  try {
    const token = await deps.getIdToken(call.audience)
    deps.setSecret(token)
    return token
  } catch (err) {
    throw new IdentityError(
      `Could not get a GitHub OIDC ID token (audience ${call.audience}) for role ${call.roleArn} from ` +
        `${ID_TOKEN_SERVICE}: ${errorMessage(err)}`,
      { cause: err, hint: idTokenHint(idTokenFailure(err)) }
    )
  }
}

const OIDC_HINT =
  "Add `permissions: id-token: write` to the job (or workflow). Workflows triggered from a forked repository's " +
  'pull request get no OIDC token; run them on pull_request_target only with care, or skip this step for forks.'

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

function idTokenHint(failure: IdTokenFailure): string {
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
 * reset, 5xx) with a doubling backoff; any other failure is thrown at once. The clock drives both
 * the timeout and the backoff, so tests run it without real waits.
 */
export function boundedIdToken(
  getIdToken: (audience: string) => Promise<string>,
  clock: Pick<Clock, 'sleep'>,
  policy: { timeoutMs: number; attempts: number; backoffMs: number } = ID_TOKEN_POLICY
): (audience: string) => Promise<string> {
  const once = async (audience: string): Promise<string> => {
    const timer = new AbortController()
    const timeout = clock.sleep(policy.timeoutMs, timer.signal).then(
      () => Promise.reject(new IdTokenTimeoutError(policy.timeoutMs)),
      () => new Promise<never>(() => undefined) // cancelled: the token won the race
    )
    try {
      return await Promise.race([getIdToken(audience), timeout])
    } finally {
      timer.abort()
    }
  }
  return async (audience) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once(audience)
      } catch (err) {
        const failure = idTokenFailure(err)
        if (attempt >= policy.attempts || (failure !== 'timeout' && failure !== 'unavailable')) throw err
        await clock.sleep(policy.backoffMs * 2 ** (attempt - 1))
      }
    }
  }
}

/** Credentials STS must never need: AssumeRoleWithWebIdentity is unsigned, so the default chain stays out. */
const noCredentials: AwsCredentialIdentityProvider = async () => {
  throw new IdentityError('AssumeRoleWithWebIdentity is an unsigned call, yet the SDK asked for credentials to sign it')
}

interface SessionSpec {
  readonly purpose: Purpose
  readonly roleArn: string
  readonly durationSeconds: number
}

class IdentityResolver {
  private readonly clients = new Map<AwsCredentialIdentityProvider | undefined, STSClient>()

  constructor(
    private readonly config: Config,
    private readonly deps: IdentityDeps
  ) {}

  /** One STS client per source identity. */
  sts(credentials: AwsCredentialIdentityProvider | undefined): STSClient {
    let client = this.clients.get(credentials)
    if (!client) {
      client = this.deps.stsClient ? this.deps.stsClient(credentials) : createStsClient(this.config.region, credentials)
      this.clients.set(credentials, client)
    }
    return client
  }

  webIdentity(spec: SessionSpec): RefreshingSession {
    const { purpose, roleArn } = spec
    const call: StsCall = { operation: 'AssumeRoleWithWebIdentity', purpose, roleArn, audience: this.config.audience }
    return this.stsSession(call, async () =>
      this.sts(noCredentials).send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: roleArn,
          RoleSessionName: this.config.roleSessionName,
          WebIdentityToken: await fetchIdToken(call, this.deps),
          DurationSeconds: spec.durationSeconds
        })
      )
    )
  }

  assumeRole(
    spec: SessionSpec,
    source: AwsCredentialIdentityProvider | undefined,
    externalId: string | undefined
  ): RefreshingSession {
    const { purpose, roleArn } = spec
    const call: StsCall = {
      operation: 'AssumeRole',
      purpose,
      roleArn,
      audience: this.config.audience,
      externalId: externalId !== undefined
    }
    return this.stsSession(call, () =>
      this.sts(source).send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: this.config.roleSessionName,
          DurationSeconds: spec.durationSeconds,
          ...(externalId !== undefined && { ExternalId: externalId })
        })
      )
    )
  }

  private stsSession(
    call: StsCall,
    send: () => Promise<Pick<AssumeRoleResponse, 'Credentials' | 'AssumedRoleUser'>>
  ): RefreshingSession {
    const assume = () =>
      callSts(call, this.deps, async () => {
        const response = await send()
        return sessionOf(response.Credentials, response.AssumedRoleUser?.Arn, call, this.deps.setSecret)
      })
    return refreshingSession(assume, this.deps.clock)
  }

  /** Assumes once now (fail fast, log the account), then hands out the refreshing provider. */
  async identity(spec: SessionSpec, session: RefreshingSession, how: string): Promise<AccountIdentity> {
    const { principalArn } = await session.current()
    const accountId = accountIdFromArn(principalArn)
    const description = `account ${accountId ?? '?'}, role ${spec.roleArn} (${how}; session ${principalArn})`
    this.deps.log.info(`${capitalize(spec.purpose)} identity: ${description}`)
    return {
      credentials: session.provider,
      roleArn: spec.roleArn,
      ...(accountId !== undefined && { accountId }),
      description
    }
  }

  /** The chaining cap, logged when it bites. */
  chainedDuration(purpose: Purpose, why: string): number {
    const requested = this.config.roleDurationSeconds
    if (requested <= ROLE_CHAINING_MAX_SECONDS) return requested
    this.deps.log.info(
      `${capitalize(purpose)} role session: ${Inputs.RoleDurationSeconds} ${requested} capped at ${ROLE_CHAINING_MAX_SECONDS} ` +
        `(${why}; AWS limits chained sessions to 1 hour). The session is renewed before it expires.`
    )
    return ROLE_CHAINING_MAX_SECONDS
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/**
 * Resolves the certificate-account and DNS-account identities:
 * - role-to-assume: AssumeRoleWithWebIdentity with a fresh ID token per session;
 * - dns-role-to-assume: the same, or AssumeRole from the certificate session with dns-role-chaining
 *   (1-hour cap); the same role as role-to-assume shares one session; absent: the certificate identity;
 * - no role-to-assume (ambient): the SDK default chain, checked with one GetCallerIdentity; a
 *   dns-role-to-assume is then assumed with AssumeRole from those ambient credentials;
 * - zone-overrides roles: each distinct role once, reached the way dns-role-to-assume is.
 * A run that makes no Route 53 call (status, delete, dns-provider external, a private certificate)
 * assumes no DNS role at all.
 */
export async function resolveIdentities(config: Config, deps: IdentityDeps): Promise<Identities> {
  const resolver = new IdentityResolver(config, deps)
  const route53 = usesRoute53(config)
  if (!route53 && config.dnsRoleToAssume !== undefined) {
    deps.log.info(`${Inputs.DnsRoleToAssume} is not assumed: this run makes no Route 53 call`)
  }
  const dnsRoleArn = route53 ? config.dnsRoleToAssume : undefined
  const overrideRoles = route53 ? zoneOverrideRoles(config) : []
  const ownDnsRole = [dnsRoleArn, ...overrideRoles].some((role) => role !== undefined && role !== config.roleToAssume)
  const reach = await certificateReach(config, deps, resolver, ownDnsRole)
  const { certificate } = reach
  const dns = dnsRoleArn === undefined ? certificate : await reach.dnsIdentity(dnsRoleArn, 'DNS')
  const zoneRoles = new Map<string, AccountIdentity>()
  for (const roleArn of overrideRoles) {
    zoneRoles.set(
      roleArn,
      roleArn === dnsRoleArn ? dns : await reach.dnsIdentity(roleArn, `${Inputs.ZoneOverrides} DNS`)
    )
  }
  return { certificate, dns, zoneRoles }
}

/** The certificate identity, and how a DNS-side role is reached from it. */
async function certificateReach(
  config: Config,
  deps: IdentityDeps,
  resolver: IdentityResolver,
  needsDnsRoles: boolean
): Promise<{
  certificate: AccountIdentity
  dnsIdentity: (roleArn: string, purpose: string) => Promise<AccountIdentity>
}> {
  if (config.roleToAssume === undefined) {
    const { identity: certificate, isRoleSession } = await ambientIdentity(config, deps, resolver.sts(undefined))
    // Role credentials (an instance role, an earlier configure-aws-credentials step) make this role chaining.
    const durationSeconds = (): number =>
      isRoleSession
        ? resolver.chainedDuration('DNS', 'the ambient credentials are a role session')
        : config.roleDurationSeconds
    return {
      certificate,
      dnsIdentity: (roleArn) => {
        const spec: SessionSpec = { purpose: 'DNS', roleArn, durationSeconds: durationSeconds() }
        const session = resolver.assumeRole(spec, undefined, config.dnsRoleExternalId)
        return resolver.identity(spec, session, 'AssumeRole from the ambient credentials')
      }
    }
  }

  const missing = missingOidcVariables(deps.env)
  if (missing.length > 0) {
    throw new IdentityError(
      `GitHub OIDC is not available (${missing.join(' and ')} not set), so role ${config.roleToAssume} cannot be assumed`,
      { hint: OIDC_HINT }
    )
  }
  if (config.roleExternalId !== undefined) {
    deps.log.warning(
      `${Inputs.RoleExternalId} is ignored: ${config.roleToAssume} is assumed with AssumeRoleWithWebIdentity, which takes no external id`,
      'AWS identity'
    )
  }

  const certificateRole = config.roleToAssume
  const certificateSpec: SessionSpec = {
    purpose: 'certificate',
    roleArn: certificateRole,
    durationSeconds: config.roleDurationSeconds
  }
  const certificateSession = resolver.webIdentity(certificateSpec)
  const certificate = await resolver.identity(certificateSpec, certificateSession, 'web identity')
  if (needsDnsRoles && !config.dnsRoleChaining && config.dnsRoleExternalId !== undefined) {
    deps.log.warning(
      `${Inputs.DnsRoleExternalId} is ignored without ${Inputs.DnsRoleChaining}: DNS roles are assumed with AssumeRoleWithWebIdentity`,
      'AWS identity'
    )
  }
  return {
    certificate,
    dnsIdentity: async (roleArn, purpose) => {
      if (roleArn === certificateRole) {
        deps.log.info(`${capitalize(purpose)} identity: same role as the certificate account, one shared session`)
        return certificate
      }
      if (config.dnsRoleChaining) {
        const spec: SessionSpec = {
          purpose: 'DNS',
          roleArn,
          durationSeconds: resolver.chainedDuration('DNS', Inputs.DnsRoleChaining)
        }
        const session = resolver.assumeRole(spec, certificateSession.provider, config.dnsRoleExternalId)
        return resolver.identity(spec, session, 'AssumeRole chained from the certificate role')
      }
      const spec: SessionSpec = { purpose: 'DNS', roleArn, durationSeconds: config.roleDurationSeconds }
      return resolver.identity(spec, resolver.webIdentity(spec), 'web identity')
    }
  }
}

async function ambientIdentity(
  config: Config,
  deps: IdentityDeps,
  sts: STSClient
): Promise<{ identity: AccountIdentity; isRoleSession: boolean }> {
  const call: StsCall = { operation: 'GetCallerIdentity', purpose: 'certificate', audience: config.audience }
  const caller = await callSts(call, deps, () => sts.send(new GetCallerIdentityCommand({})))
  const principal = caller.Arn ?? '?'
  const description = `account ${caller.Account ?? '?'}, ambient credentials (${principal})`
  deps.log.info(
    `Certificate identity: ${description}; no ${Inputs.RoleToAssume}, so the SDK default credential chain is used`
  )
  return {
    identity: {
      credentials: undefined,
      ...(caller.Account !== undefined && { accountId: caller.Account }),
      description
    },
    isRoleSession: principal.includes(':assumed-role/')
  }
}
