// Which STS call reaches which role, from which credentials, and why: a pure function of the
// identity inputs and the environment, so that every combination has a table test and the log can
// say which path was taken. No SDK import, no call made; resolve.ts carries the plan out through
// sessions.ts.
//
// The rules, after aws-actions/configure-aws-credentials:
// - no role-to-assume: the credentials already in the job (the SDK default chain) are the
//   certificate identity;
// - role-to-assume: AssumeRoleWithWebIdentity with a GitHub ID token when OIDC is available, else
//   (or with role-chaining: true) AssumeRole from the credentials already in the job, with
//   role-external-id;
// - a DNS or zone-overrides role is reached the way the certificate role is (web identity, or
//   AssumeRole from the ambient credentials with dns-role-external-id); dns-role-chaining: true
//   reaches it with AssumeRole from the certificate role's session instead. The same role as
//   role-to-assume shares its session.
// A session assumed from role credentials is "role chaining", which AWS caps at one hour.

import { usesRoute53, zoneOverrideRoles } from '../inputs/index.js'
import type { Config } from '../types.js'
import { ROLE_CHAINING_MAX_SECONDS } from '../decisions/hints.js'

export type Env = Readonly<Record<string, string | undefined>>
export type Purpose = 'certificate' | 'DNS'

export const OIDC_ENV_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'] as const

/** The identity inputs, as inputs.ts parses them. */
export interface IdentityInputs {
  readonly roleToAssume: string | undefined
  readonly dnsRoleToAssume: string | undefined
  /** configure-aws-credentials' role-chaining: assume role-to-assume from the ambient credentials even with OIDC. */
  readonly roleChaining: boolean
  readonly dnsRoleChaining: boolean
  readonly roleExternalId: string | undefined
  readonly dnsRoleExternalId: string | undefined
  readonly roleDurationSeconds: number
  /** False when the run makes no Route 53 call (status, delete, dns-provider external, private CA). */
  readonly usesRoute53: boolean
  /** Distinct roles named in zone-overrides lines. */
  readonly zoneOverrideRoles: readonly string[]
}

export type CredentialSource = 'github-oidc' | 'ambient' | 'certificate-session'

/** One role assumption. */
export interface AssumeStep {
  readonly roleArn: string
  readonly operation: 'AssumeRoleWithWebIdentity' | 'AssumeRole'
  readonly source: CredentialSource
  readonly externalId: string | undefined
  readonly requestedSeconds: number
  /**
   * always: chained from a role session (capped at one hour); if-ambient-is-role-session: capped when
   * the ambient credentials turn out to be a role session (instance role, earlier step); never.
   */
  readonly chainingCap: 'always' | 'if-ambient-is-role-session' | 'never'
  /** Why this call, for the log. */
  readonly reason: string
}

export type Reach =
  /** The SDK default credential chain, checked with GetCallerIdentity. */
  | { readonly kind: 'ambient'; readonly reason: string }
  | { readonly kind: 'assume'; readonly step: AssumeStep }
  /** The certificate identity's credentials (no role of its own, or the same role: `shared`). */
  | { readonly kind: 'certificate'; readonly reason: string; readonly shared: boolean }

export interface IdentityPlan {
  readonly certificate: Exclude<Reach, { kind: 'certificate' }>
  /** undefined: the run makes no Route 53 call, so no DNS identity is needed. */
  readonly dns: Reach | undefined
  /** Each distinct zone-overrides role (none when the run makes no Route 53 call). */
  readonly zoneRoles: ReadonlyMap<string, Reach>
  /** Inputs that have no effect on this path, for warnings. */
  readonly warnings: readonly string[]
  /** Facts worth an info line. */
  readonly notes: readonly string[]
  /** The ambient credentials are used (as identity or as AssumeRole source): check them first. */
  readonly usesAmbient: boolean
}

/** The identity inputs of a Config. */
export function identityInputsOf(config: Config): IdentityInputs {
  return {
    roleToAssume: config.roleToAssume,
    dnsRoleToAssume: config.dnsRoleToAssume,
    roleChaining: config.roleChaining,
    dnsRoleChaining: config.dnsRoleChaining,
    roleExternalId: config.roleExternalId,
    dnsRoleExternalId: config.dnsRoleExternalId,
    roleDurationSeconds: config.roleDurationSeconds,
    usesRoute53: usesRoute53(config),
    zoneOverrideRoles: zoneOverrideRoles(config)
  }
}

export function missingOidcVariables(env: Env): string[] {
  return OIDC_ENV_VARIABLES.filter((name) => !env[name])
}

/** Where the SDK default chain will find credentials, as far as the environment variables tell. */
export function describeAmbientCredentials(env: Env): string {
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    return env['AWS_SESSION_TOKEN']
      ? 'session credentials in AWS_ACCESS_KEY_ID/AWS_SESSION_TOKEN (e.g. an earlier configure-aws-credentials step)'
      : 'access keys in AWS_ACCESS_KEY_ID'
  }
  if (env['AWS_PROFILE']) return `profile ${env['AWS_PROFILE']} (AWS_PROFILE)`
  if (env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] || env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) {
    return 'the container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*_URI)'
  }
  if (env['AWS_WEB_IDENTITY_TOKEN_FILE'] && env['AWS_ROLE_ARN']) {
    return `the web identity token file for ${env['AWS_ROLE_ARN']} (AWS_WEB_IDENTITY_TOKEN_FILE)`
  }
  return 'the SDK default chain (no credential variables set: shared config files, then the instance role)'
}

/** The session length to ask for, and whether the one-hour chaining cap lowered it. */
export function sessionSeconds(
  step: Pick<AssumeStep, 'requestedSeconds' | 'chainingCap'>,
  ambientIsRoleSession: boolean
): { seconds: number; capped: boolean } {
  const chained = step.chainingCap === 'always' || (step.chainingCap !== 'never' && ambientIsRoleSession)
  const capped = chained && step.requestedSeconds > ROLE_CHAINING_MAX_SECONDS
  return { seconds: capped ? ROLE_CHAINING_MAX_SECONDS : step.requestedSeconds, capped }
}

/** An STS principal ARN of a role session (assumed-role), as GetCallerIdentity returns it. */
export function isRoleSessionArn(principalArn: string): boolean {
  return /^arn:[^:]+:sts::\d{12}:assumed-role\//.test(principalArn)
}

export function planIdentities(inputs: IdentityInputs, env: Env): IdentityPlan {
  const warnings: string[] = []
  const notes: string[] = []
  const steps = stepMakers(inputs, env)
  const certificate = planCertificate(inputs, steps, warnings)
  const certificateStep = certificate.kind === 'assume' ? certificate.step : undefined
  const reachDns = dnsReacher(inputs, certificateStep, steps)

  const dns = inputs.usesRoute53 ? reachDns(inputs.dnsRoleToAssume, 'dns-role-to-assume') : undefined
  const zoneRoles = new Map<string, Reach>()
  if (inputs.usesRoute53) {
    for (const zoneRole of inputs.zoneOverrideRoles) {
      zoneRoles.set(
        zoneRole,
        zoneRole === inputs.dnsRoleToAssume && dns !== undefined ? dns : reachDns(zoneRole, 'zone-overrides role')
      )
    }
  }

  const dnsSteps = [dns, ...zoneRoles.values()].flatMap((reach) => (reach?.kind === 'assume' ? [reach.step] : []))
  if (
    inputs.dnsRoleExternalId !== undefined &&
    dnsSteps.length > 0 &&
    dnsSteps.every((step) => step.operation === 'AssumeRoleWithWebIdentity')
  ) {
    warnings.push(
      'dns-role-external-id is ignored: the DNS roles are assumed with AssumeRoleWithWebIdentity ' +
        '(set dns-role-chaining: true to assume them with AssumeRole from the certificate role session)'
    )
  }
  if (!inputs.usesRoute53 && inputs.dnsRoleToAssume !== undefined) {
    notes.push('dns-role-to-assume is not assumed: this run makes no Route 53 call')
  }

  const usesAmbient =
    certificate.kind === 'ambient' || [certificateStep, ...dnsSteps].some((step) => step?.source === 'ambient')
  return { certificate, dns, zoneRoles, warnings, notes, usesAmbient }
}

/** The two ways to assume a role from outside: AssumeRole from the job's credentials, or web identity (OIDC). */
interface StepMakers {
  /** OIDC variables not set (none: GitHub OIDC is available). */
  readonly missingOidc: readonly string[]
  /** The credentials already in the job, in words. */
  readonly ambient: string
  fromAmbient(roleArn: string, externalId: string | undefined, reason: string): AssumeStep
  webIdentity(roleArn: string, reason: string): AssumeStep
}

function stepMakers(inputs: IdentityInputs, env: Env): StepMakers {
  const ambient = describeAmbientCredentials(env)
  return {
    missingOidc: missingOidcVariables(env),
    ambient,
    fromAmbient: (roleArn, externalId, reason) => ({
      roleArn,
      operation: 'AssumeRole',
      source: 'ambient',
      externalId,
      requestedSeconds: inputs.roleDurationSeconds,
      chainingCap: 'if-ambient-is-role-session',
      reason: `${reason}; source: ${ambient}`
    }),
    webIdentity: (roleArn, reason) => ({
      roleArn,
      operation: 'AssumeRoleWithWebIdentity',
      source: 'github-oidc',
      externalId: undefined,
      requestedSeconds: inputs.roleDurationSeconds,
      chainingCap: 'never',
      reason
    })
  }
}

/** How the certificate identity is reached: the job's credentials, OIDC, or AssumeRole from the job's. */
function planCertificate(inputs: IdentityInputs, steps: StepMakers, warnings: string[]): IdentityPlan['certificate'] {
  const role = inputs.roleToAssume
  if (role === undefined) {
    if (inputs.roleChaining) warnings.push('role-chaining has no effect without role-to-assume')
    if (inputs.roleExternalId !== undefined) warnings.push('role-external-id is ignored without role-to-assume')
    return { kind: 'ambient', reason: `no role-to-assume: the credentials already in the job, ${steps.ambient}` }
  }
  if (inputs.roleChaining) {
    const why = 'role-chaining is true: from the credentials already in the job'
    return { kind: 'assume', step: steps.fromAmbient(role, inputs.roleExternalId, why) }
  }
  if (steps.missingOidc.length === 0) {
    if (inputs.roleExternalId !== undefined) {
      warnings.push(
        'role-external-id is ignored: role-to-assume is assumed with AssumeRoleWithWebIdentity, which takes no ' +
          'external id (set role-chaining: true to assume it with AssumeRole from the existing credentials)'
      )
    }
    return { kind: 'assume', step: steps.webIdentity(role, 'GitHub OIDC is available (ACTIONS_ID_TOKEN_REQUEST_*)') }
  }
  const reason =
    `GitHub OIDC is not available (${steps.missingOidc.join(' and ')} not set: no 'permissions: id-token: write', ` +
    'GitHub Enterprise Server without OIDC, or not a GitHub Actions job), so from the credentials already in the job'
  return { kind: 'assume', step: steps.fromAmbient(role, inputs.roleExternalId, reason) }
}

/** How a DNS-side role is reached, given how the certificate role is. */
function dnsReacher(
  inputs: IdentityInputs,
  certificateStep: AssumeStep | undefined,
  steps: StepMakers
): (roleArn: string | undefined, what: string) => Reach {
  return (roleArn, what) => {
    if (roleArn === undefined) {
      return { kind: 'certificate', reason: `no ${what}: the certificate identity`, shared: false }
    }
    if (roleArn === inputs.roleToAssume) {
      return { kind: 'certificate', reason: `same role as role-to-assume, one shared session`, shared: true }
    }
    if (inputs.dnsRoleChaining && certificateStep !== undefined) {
      return {
        kind: 'assume',
        step: {
          roleArn,
          operation: 'AssumeRole',
          source: 'certificate-session',
          externalId: inputs.dnsRoleExternalId,
          requestedSeconds: inputs.roleDurationSeconds,
          chainingCap: 'always',
          reason: 'dns-role-chaining is true: from the certificate role session'
        }
      }
    }
    if (certificateStep?.source === 'github-oidc') {
      return { kind: 'assume', step: steps.webIdentity(roleArn, `reached like role-to-assume (GitHub OIDC)`) }
    }
    const why =
      certificateStep === undefined
        ? 'no role-to-assume: from the credentials already in the job'
        : 'reached like role-to-assume: from the credentials already in the job'
    return { kind: 'assume', step: steps.fromAmbient(roleArn, inputs.dnsRoleExternalId, why) }
  }
}
