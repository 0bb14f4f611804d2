// STS sessions: AssumeRoleWithWebIdentity from a fresh GitHub ID token, AssumeRole from other
// credentials, GetCallerIdentity for the ambient ones. Every session sits behind one refreshing
// provider: ID tokens live ~5 minutes and sessions 1 hour, while the certificate wait can last hours,
// so a session is renewed by minting a new token and assuming again.
import {
  AssumeRoleCommand,
  AssumeRoleWithWebIdentityCommand,
  GetCallerIdentityCommand,
  type AssumeRoleResponse,
  type Credentials,
  type STSClient
} from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { stsHint, type StsCallFacts } from '../decisions/hints.js'
import { ID_TOKEN_SERVICE, idTokenFailure, idTokenHint } from './id-token.js'
import { isRoleSessionArn, type Purpose } from './plan.js'
import { arnAccountId } from '../partitions.js'
import {
  ActionError,
  DeadlineError,
  IdentityError,
  awsErrorCode,
  awsFailureText,
  errorMessage,
  isTransientAwsError
} from '../errors.js'
import { poll } from '../poll.js'
import { Inputs } from '../constants.js'
import { capitalize } from '../text.js'
import type { AccountIdentity, Clock, Config, Logger } from '../types.js'
import { createStsClient } from '../aws/clients.js'

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

/** The SDK asks a provider again when fewer than 5 minutes remain (@smithy/core EXPIRATION_MS). */
export const SDK_REFRESH_WINDOW_MS = 5 * 60_000
/** How long transient STS failures (IDPCommunicationError, throttling, 5xx) are retried. */
export const STS_RETRY_BUDGET_MS = 20_000
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

export interface StsCall extends StsCallFacts {
  readonly purpose: Purpose
}

/** Turns an STS (or ID-token) failure into an IdentityError that names the role and says what to fix. */
export function classifyStsError(err: unknown, call: StsCall): ActionError {
  if (err instanceof ActionError) return err
  const who = call.roleArn ? `role ${call.roleArn}` : 'the ambient credentials'
  return new IdentityError(`${call.operation} for ${who} (${call.purpose} account) failed: ${awsFailureText(err)}`, {
    cause: err,
    hint: stsHint(call, awsErrorCode(err) ?? 'Error', errorMessage(err), isTransientAwsError(err))
  })
}

/** Runs an STS call, retrying transient failures (IDPCommunicationError, throttling, 5xx) for a short while. */
async function callSts<T>(call: StsCall, deps: IdentityDeps, attempt: () => Promise<T>): Promise<T> {
  try {
    return await poll(async () => ({ done: true, value: await attempt() }), {
      clock: deps.clock,
      deadline: deps.clock.now() + STS_RETRY_BUDGET_MS,
      phase: `${call.operation} (${call.purpose} account)`,
      timeoutMessage: () => `${call.operation} kept failing`,
      onTransientError: (err) =>
        deps.log.debug(`${call.operation} (${call.purpose} account): ${awsErrorCode(err) ?? 'error'}, retrying`)
    })
  } catch (err) {
    // Out of time: the last failure says more than "timed out".
    throw classifyStsError(err instanceof DeadlineError && err.cause !== undefined ? err.cause : err, call)
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

/** Credentials STS must never need: AssumeRoleWithWebIdentity is unsigned, so the default chain stays out. */
const noCredentials: AwsCredentialIdentityProvider = async () => {
  throw new IdentityError('AssumeRoleWithWebIdentity is an unsigned call, yet the SDK asked for credentials to sign it')
}

export interface SessionSpec {
  readonly purpose: Purpose
  readonly roleArn: string
  readonly durationSeconds: number
}

export class StsSessions {
  private readonly clients = new Map<AwsCredentialIdentityProvider | undefined, STSClient>()

  constructor(
    private readonly config: Config,
    private readonly deps: IdentityDeps
  ) {}

  /** One STS client per source identity. */
  sts(credentials: AwsCredentialIdentityProvider | undefined): STSClient {
    let client = this.clients.get(credentials)
    if (!client) {
      client = this.deps.stsClient
        ? this.deps.stsClient(credentials)
        : createStsClient(this.config.region, credentials, this.config.proxy)
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

  /** `externalIdInput`: the input that carries the external id, for the hint when the trust refuses. */
  assumeRole(
    spec: SessionSpec,
    source: AwsCredentialIdentityProvider | undefined,
    externalId: string | undefined,
    externalIdInput: string
  ): RefreshingSession {
    const { purpose, roleArn } = spec
    const call: StsCall = {
      operation: 'AssumeRole',
      purpose,
      roleArn,
      audience: this.config.audience,
      externalId: externalId !== undefined,
      externalIdInput
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
    const accountId = arnAccountId(principalArn)
    if (accountId !== undefined && this.config.maskAwsAccountId) this.deps.setSecret(accountId)
    const description = `account ${accountId ?? '?'}, role ${spec.roleArn} (${how}; session ${principalArn})`
    this.deps.log.info(`${capitalize(spec.purpose)} identity: ${description}`)
    return {
      credentials: session.provider,
      roleArn: spec.roleArn,
      ...(accountId !== undefined && { accountId }),
      description
    }
  }
}

/**
 * GetCallerIdentity of the SDK default chain: the certificate identity of a run without
 * role-to-assume (`asCertificate`), or the source of AssumeRole calls made from those credentials.
 */
export async function ambientIdentity(
  config: Config,
  deps: IdentityDeps,
  sts: STSClient,
  asCertificate: boolean
): Promise<{ identity: AccountIdentity; isRoleSession: boolean }> {
  const call: StsCall = {
    operation: 'GetCallerIdentity',
    purpose: 'certificate',
    audience: config.audience,
    ...(config.roleToAssume !== undefined && { roleToAssume: config.roleToAssume })
  }
  const caller = await callSts(call, deps, () => sts.send(new GetCallerIdentityCommand({})))
  if (caller.Account !== undefined && config.maskAwsAccountId) deps.setSecret(caller.Account)
  const principal = caller.Arn ?? '?'
  const description = `account ${caller.Account ?? '?'}, ambient credentials (${principal})`
  deps.log.info(
    asCertificate
      ? `Certificate identity: ${description}; no ${Inputs.RoleToAssume}, so the SDK default credential chain is used`
      : `Credentials already in the job: ${description}; roles are assumed from them with AssumeRole`
  )
  return {
    identity: {
      credentials: undefined,
      ...(caller.Account !== undefined && { accountId: caller.Account }),
      description
    },
    isRoleSession: isRoleSessionArn(principal)
  }
}
