// Which STS call reaches which role, from the Config and the environment alone. Pure: no SDK import,
// no call made; src/identity.ts carries the plan out through aws/sts.ts.
import { Inputs } from '../constants.js'
import { usesRoute53, zoneOverrideRoles } from '../inputs/index.js'
import { capitalize } from '../text.js'
import type { Config } from '../types.js'
import { OIDC_HINT, ROLE_CHAINING_MAX_SECONDS } from './hints.js'

export const OIDC_ENV_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const

export type Purpose = 'certificate' | 'DNS'

/** A line to log as the plan is carried out. */
export interface Note {
  readonly level: 'info' | 'warning'
  readonly message: string
}

/** How the certificate identity is reached: the SDK default chain, or a role by web identity. */
export type CertificatePlan =
  | { readonly how: 'ambient' }
  | { readonly how: 'web-identity'; readonly roleArn: string; readonly durationSeconds: number }

/** How one DNS-side role (dns-role-to-assume, a zone-overrides role) is reached. */
export type DnsStep =
  | { readonly how: 'shared'; readonly note: Note }
  | { readonly how: 'web-identity'; readonly roleArn: string; readonly durationSeconds: number }
  | {
      readonly how: 'assume-role'
      readonly roleArn: string
      /** Whose credentials sign the AssumeRole. */
      readonly from: 'ambient' | 'certificate'
      readonly durationSeconds: number
      readonly externalId: string | undefined
      /** Logged when the chaining cap shortened the session. */
      readonly note?: Note | undefined
    }

export interface IdentityPlan {
  readonly certificate: CertificatePlan
  /** The DNS role; undefined: Route 53 calls (if any) use the certificate identity. */
  readonly dnsRoleArn: string | undefined
  /** Distinct zone-overrides roles, in input order (none when the run makes no Route 53 call). */
  readonly zoneRoles: readonly string[]
  /** OIDC variables a web-identity plan needs and the environment lacks: the run fails with oidcError. */
  readonly missingOidc: readonly string[]
  /** Logged before any call. */
  readonly before: readonly Note[]
  /** Logged once the certificate identity is known. */
  readonly afterCertificate: readonly Note[]
}

export function missingOidcVariables(env: Readonly<Record<string, string | undefined>>): string[] {
  return OIDC_ENV_VARIABLES.filter((name) => !env[name])
}

/**
 * - role-to-assume: AssumeRoleWithWebIdentity with a fresh ID token per session;
 * - dns-role-to-assume: the same, or AssumeRole from the certificate session with dns-role-chaining
 *   (1-hour cap); the same role as role-to-assume shares one session; absent: the certificate identity;
 * - no role-to-assume (ambient): the SDK default chain, checked with one GetCallerIdentity; a
 *   dns-role-to-assume is then assumed with AssumeRole from those ambient credentials;
 * - zone-overrides roles: each distinct role once, reached the way dns-role-to-assume is.
 * A run that makes no Route 53 call (status, delete, dns-provider external, a private certificate)
 * assumes no DNS role at all.
 */
export function planIdentities(config: Config, env: Readonly<Record<string, string | undefined>>): IdentityPlan {
  const route53 = usesRoute53(config)
  const before: Note[] = []
  const afterCertificate: Note[] = []
  if (!route53 && config.dnsRoleToAssume !== undefined) {
    before.push({ level: 'info', message: `${Inputs.DnsRoleToAssume} is not assumed: this run makes no Route 53 call` })
  }
  const dnsRoleArn = route53 ? config.dnsRoleToAssume : undefined
  const zoneRoles = route53 ? zoneOverrideRoles(config) : []
  const base = { dnsRoleArn, zoneRoles, before, afterCertificate }
  if (config.roleToAssume === undefined) return { ...base, certificate: { how: 'ambient' }, missingOidc: [] }

  const missingOidc = missingOidcVariables(env)
  if (missingOidc.length === 0 && config.roleExternalId !== undefined) {
    before.push({
      level: 'warning',
      message:
        `${Inputs.RoleExternalId} is ignored: ${config.roleToAssume} is assumed with ` +
        `AssumeRoleWithWebIdentity, which takes no external id`
    })
  }
  const ownDnsRole = [dnsRoleArn, ...zoneRoles].some((role) => role !== undefined && role !== config.roleToAssume)
  if (ownDnsRole && !config.dnsRoleChaining && config.dnsRoleExternalId !== undefined) {
    afterCertificate.push({
      level: 'warning',
      message:
        `${Inputs.DnsRoleExternalId} is ignored without ${Inputs.DnsRoleChaining}: DNS roles are assumed ` +
        `with AssumeRoleWithWebIdentity`
    })
  }
  const certificate: CertificatePlan = {
    how: 'web-identity',
    roleArn: config.roleToAssume,
    durationSeconds: config.roleDurationSeconds
  }
  return { ...base, certificate, missingOidc }
}

/** The error message of a web-identity plan without the OIDC variables (hint: OIDC_HINT). */
export function oidcError(plan: IdentityPlan): { message: string; hint: string } {
  const role = plan.certificate.how === 'web-identity' ? plan.certificate.roleArn : '?'
  return {
    message:
      `GitHub OIDC is not available (${plan.missingOidc.join(' and ')} not set), so role ${role} cannot be ` +
      `assumed`,
    hint: OIDC_HINT
  }
}

/**
 * How a DNS-side role is reached. `ambientIsRoleSession`: the ambient credentials are themselves a
 * role session (an instance role, an earlier configure-aws-credentials step), which makes AssumeRole
 * from them role chaining.
 */
export function dnsStep(config: Config, roleArn: string, purpose: string, ambientIsRoleSession: boolean): DnsStep {
  if (config.roleToAssume === undefined) {
    const capped = ambientIsRoleSession
      ? chainedDuration(config, 'the ambient credentials are a role session')
      : { durationSeconds: config.roleDurationSeconds }
    return { how: 'assume-role', roleArn, from: 'ambient', externalId: config.dnsRoleExternalId, ...capped }
  }
  if (roleArn === config.roleToAssume) {
    const message = `${capitalize(purpose)} identity: same role as the certificate account, one shared session`
    return { how: 'shared', note: { level: 'info', message } }
  }
  if (config.dnsRoleChaining) {
    const capped = chainedDuration(config, Inputs.DnsRoleChaining)
    return { how: 'assume-role', roleArn, from: 'certificate', externalId: config.dnsRoleExternalId, ...capped }
  }
  return { how: 'web-identity', roleArn, durationSeconds: config.roleDurationSeconds }
}

/** The chaining cap, with the note that says so when it bites. */
function chainedDuration(config: Config, why: string): { durationSeconds: number; note?: Note } {
  const requested = config.roleDurationSeconds
  if (requested <= ROLE_CHAINING_MAX_SECONDS) return { durationSeconds: requested }
  const message =
    `DNS role session: ${Inputs.RoleDurationSeconds} ${requested} capped at ${ROLE_CHAINING_MAX_SECONDS} ` +
    `(${why}; AWS limits chained sessions to 1 hour). The session is renewed before it expires.`
  return { durationSeconds: ROLE_CHAINING_MAX_SECONDS, note: { level: 'info', message } }
}

/** Account id of an IAM/STS ARN (`arn:aws:sts::111111111111:assumed-role/...`). */
export function accountIdFromArn(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined
}
