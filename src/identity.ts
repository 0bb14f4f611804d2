// Who the action is in each account: carries out the identity plan (decisions/identity-plan.ts, which
// STS call for which role) with the STS sessions of aws/sts.ts, logging as it goes.
import { Inputs } from './constants.js'
import { dnsStep, oidcError, planIdentities, type Note } from './decisions/identity-plan.js'
import { IdentityError } from './errors.js'
import { StsSessions, ambientIdentity, type IdentityDeps, type RefreshingSession } from './aws/sts.js'
import type { AccountIdentity, Config, Identities, Logger } from './types.js'

/** Resolves the certificate-account and DNS-account identities (see planIdentities for which call reaches which role). */
export async function resolveIdentities(config: Config, deps: IdentityDeps): Promise<Identities> {
  const plan = planIdentities(config, deps.env)
  const sessions = new StsSessions(config, deps)
  plan.before.forEach((note) => logNote(deps.log, note))

  let certificate: AccountIdentity
  let certificateSession: RefreshingSession | undefined
  let ambientIsRoleSession = false
  if (plan.certificate.how === 'ambient') {
    const ambient = await ambientIdentity(config, deps, sessions.sts(undefined))
    certificate = ambient.identity
    ambientIsRoleSession = ambient.isRoleSession
  } else {
    if (plan.missingOidc.length > 0) {
      const { message, hint } = oidcError(plan)
      throw new IdentityError(message, { hint })
    }
    const spec = { purpose: 'certificate', ...plan.certificate } as const
    certificateSession = sessions.webIdentity(spec)
    certificate = await sessions.identity(spec, certificateSession, 'web identity')
  }
  plan.afterCertificate.forEach((note) => logNote(deps.log, note))

  const reach = async (roleArn: string, purpose: string): Promise<AccountIdentity> => {
    const step = dnsStep(config, roleArn, purpose, ambientIsRoleSession)
    if (step.how === 'shared') {
      logNote(deps.log, step.note)
      return certificate
    }
    const spec = { purpose: 'DNS', roleArn, durationSeconds: step.durationSeconds } as const
    if (step.how === 'web-identity') return sessions.identity(spec, sessions.webIdentity(spec), 'web identity')
    if (step.note) logNote(deps.log, step.note)
    const source = step.from === 'certificate' ? certificateSession?.provider : undefined
    const session = sessions.assumeRole(spec, source, step.externalId)
    const how =
      step.from === 'certificate'
        ? 'AssumeRole chained from the certificate role'
        : 'AssumeRole from the ambient credentials'
    return sessions.identity(spec, session, how)
  }

  const dns = plan.dnsRoleArn === undefined ? certificate : await reach(plan.dnsRoleArn, 'DNS')
  const zoneRoles = new Map<string, AccountIdentity>()
  for (const roleArn of plan.zoneRoles) {
    zoneRoles.set(roleArn, roleArn === plan.dnsRoleArn ? dns : await reach(roleArn, `${Inputs.ZoneOverrides} DNS`))
  }
  return { certificate, dns, zoneRoles }
}

function logNote(log: Logger, note: Note): void {
  if (note.level === 'warning') log.warning(note.message, 'AWS identity')
  else log.info(note.message)
}
