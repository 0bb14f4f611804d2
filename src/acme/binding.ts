// The last steps of mode acme-endpoint: what to do with validations of names dropped from the inputs
// (report them; delete them only when asked), and the external account binding for ACME clients.
//
// Rotation rule: a new binding per run, with a short expiry (acme-eab-expiry-hours, default 24). An EAB
// is only needed while a client registers its ACME account; the account then works on without it
// (ACM User Guide, "External account binding"), so a short-lived binding leaves no long-lived secret
// behind. Reusing one would need GetAcmeExternalAccountBindingCredentials to answer again for an old
// binding, which AWS does not document (UNCONFIRMED), and would hand the same MAC key to every run.
import { MANAGED_BY_TAG } from '../constants.js'
import type { Logger } from '../types.js'
import type { AcmeConfig } from '../types.js'
import { tokenOf } from './decide.js'
import type { AcmePorts } from './ports.js'
import type { AcmeRun } from './report.js'

/** Step 7: dropped names are reported (a warning each, already); deleted only with acme-delete-dropped. */
export async function settleDropped(
  ports: AcmePorts,
  dropped: AcmeRun['dropped'],
  deleteDropped: boolean,
  log: Logger,
  emit: (dropped: AcmeRun['dropped']) => void
): Promise<void> {
  if (!deleteDropped || dropped.length === 0) return
  const done = await Promise.all(
    dropped.map(async (d) => {
      await ports.deleteValidation(d.arn)
      log.info(`Deleted the validation of ${d.domain} (${d.arn}): the endpoint no longer issues for it`)
      return { ...d, deleted: true }
    })
  )
  emit(done)
}

/**
 * Step 8: a new binding for the role, its credentials fetched and handed to the masker before anything
 * else is done with them. The token is per run attempt: a call retried within one attempt gets the
 * same binding, a new run a new one. Logged: the binding's ARN and expiry, never its keys.
 */
export async function bindAccount(
  ports: AcmePorts,
  endpointArn: string,
  acme: AcmeConfig,
  log: Logger,
  emit: (binding: NonNullable<AcmeRun['binding']>) => void
): Promise<void> {
  const roleArn = acme.eabRoleArn as string
  const created = await ports.createBinding({
    endpointArn,
    roleArn,
    expiryHours: acme.eabExpiryHours,
    idempotencyToken:
      acme.runAttempt === undefined
        ? undefined
        : tokenOf('acme-eab', endpointArn, roleArn, String(acme.eabExpiryHours), acme.runAttempt),
    tags: [{ Key: MANAGED_BY_TAG, Value: `acme-endpoint:${acme.endpointName}` }]
  })
  const arn = created.AcmeExternalAccountBindingArn ?? ''
  const credentials = await ports.bindingCredentials(arn)
  ports.onBindingCredentials(credentials)
  const expiresAt = created.ExpiresAt?.toISOString()
  log.info(`Created external account binding ${arn} for ${roleArn}${expiresAt ? `, expires ${expiresAt}` : ''}`)
  emit({ arn, roleArn, expiresAt })
}
