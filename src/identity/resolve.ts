// Who the action is in each account: carries out the identity plan (plan.ts, which
// STS call reaches which role from which credentials, and why) with the STS sessions of sessions.ts,
// logging each path and its reason as it goes.
import { Inputs } from '../constants.js'
import { identityInputsOf, planIdentities, sessionSeconds, type AssumeStep, type Purpose, type Reach } from './plan.js'
import { ROLE_CHAINING_MAX_SECONDS } from '../decisions/hints.js'
import { StsSessions, ambientIdentity, type IdentityDeps, type RefreshingSession } from './sessions.js'
import { capitalize } from '../text.js'
import type { AccountIdentity, Config, Identities } from '../types.js'

/** Resolves the certificate-account and DNS-account identities (see planIdentities for which call reaches which role). */
export async function resolveIdentities(config: Config, deps: IdentityDeps): Promise<Identities> {
  const plan = planIdentities(identityInputsOf(config), deps.env)
  const sessions = new StsSessions(config, deps)
  plan.notes.forEach((note) => deps.log.info(note))
  plan.warnings.forEach((warning) => deps.log.warning(warning, 'AWS identity'))

  // The ambient credentials first, when anything uses them: fail fast on none, log whose they are, and
  // learn whether they are a role session (then AssumeRole from them is role chaining: 1-hour cap).
  const ambient = plan.usesAmbient
    ? await ambientIdentity(config, deps, sessions.sts(undefined), plan.certificate.kind === 'ambient')
    : undefined
  const assume = assumer(sessions, deps, ambient?.isRoleSession ?? false)

  // Roles that do not need the certificate role's session are assumed while it is (an STS round
  // trip each, before the first certificate or zone lookup); dns-role-chaining ones wait for it.
  const certificateReached =
    plan.certificate.kind === 'ambient'
      ? undefined
      : assume('certificate', 'certificate', plan.certificate.step, undefined)
  const early = new Map<Reach, Promise<AccountIdentity>>()
  for (const [target, label] of dnsTargets(plan)) {
    if (target.kind !== 'assume' || target.step.source === 'certificate-session' || early.has(target)) continue
    const started = assume('DNS', label, target.step, undefined).then((reached) => reached.identity)
    started.catch(() => undefined) // awaited below, after the certificate role
    early.set(target, started)
  }
  const certificate =
    certificateReached === undefined ? (ambient?.identity as AccountIdentity) : (await certificateReached).identity
  const certificateSession = (await certificateReached)?.session

  const reach = async (target: Reach, label: string): Promise<AccountIdentity> => {
    if (target.kind !== 'assume') {
      if (target.kind === 'certificate' && target.shared)
        deps.log.info(`${capitalize(label)} identity: ${target.reason}`)
      return certificate
    }
    return early.get(target) ?? (await assume('DNS', label, target.step, certificateSession)).identity
  }

  const dns = plan.dns === undefined ? certificate : await reach(plan.dns, 'DNS')
  const zoneTargets = [...plan.zoneRoles]
  const reached = await Promise.all(
    zoneTargets.map(([, target]) => (target === plan.dns ? dns : reach(target, `${Inputs.ZoneOverrides} DNS`)))
  )
  const zoneRoles = new Map(zoneTargets.map(([roleArn], i) => [roleArn, reached[i] ?? dns]))
  return { certificate, dns, zoneRoles }
}

type Assume = (
  purpose: Purpose,
  label: string,
  step: AssumeStep,
  certificateSession: RefreshingSession | undefined
) => Promise<{ identity: AccountIdentity; session: RefreshingSession }>

/** Assumes one role of the plan: logs the step and why, caps a chained session at 1 hour, says whose it is. */
function assumer(sessions: StsSessions, deps: IdentityDeps, ambientIsRoleSession: boolean): Assume {
  return async (purpose, label, step, certificateSession) => {
    deps.log.info(`${capitalize(label)} role ${step.roleArn}: ${step.operation} (${step.reason})`)
    const { seconds, capped } = sessionSeconds(step, ambientIsRoleSession)
    if (capped) {
      deps.log.info(
        `${capitalize(label)} role session: ${Inputs.RoleDurationSeconds} ${step.requestedSeconds} capped at ` +
          `${ROLE_CHAINING_MAX_SECONDS} (${chainedBecause(step)}; AWS limits chained sessions to 1 hour). ` +
          'The session is renewed before it expires.'
      )
    }
    const spec = { purpose, roleArn: step.roleArn, durationSeconds: seconds } as const
    const session =
      step.operation === 'AssumeRoleWithWebIdentity'
        ? sessions.webIdentity(spec)
        : sessions.assumeRole(
            spec,
            step.source === 'certificate-session' ? certificateSession?.provider : undefined,
            step.externalId,
            label === 'certificate' ? Inputs.RoleExternalId : Inputs.DnsRoleExternalId
          )
    return { identity: await sessions.identity(spec, session, how(step)), session }
  }
}

/** The DNS-side identities of a plan, with the label their log lines carry. */
function dnsTargets(plan: ReturnType<typeof planIdentities>): [Reach, string][] {
  return [
    ...(plan.dns === undefined ? [] : [[plan.dns, 'DNS'] as [Reach, string]]),
    ...[...plan.zoneRoles.values()].map((target): [Reach, string] => [target, `${Inputs.ZoneOverrides} DNS`])
  ]
}

function how(step: AssumeStep): string {
  if (step.operation === 'AssumeRoleWithWebIdentity') return 'web identity'
  return step.source === 'certificate-session'
    ? 'AssumeRole chained from the certificate role'
    : 'AssumeRole from the ambient credentials'
}

function chainedBecause(step: AssumeStep): string {
  return step.source === 'certificate-session'
    ? `${Inputs.DnsRoleChaining}: from the certificate role session`
    : 'the ambient credentials are a role session'
}
