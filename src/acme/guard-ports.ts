// Mode audit's ACME ports: the ACME listings (aws/acme.ts) beside the guard's own zone placement,
// zone reads and repair (the same AuditPorts instance, so a zone placed is read with its client). An
// account whose role may not list ACME endpoints is warned about, not failed: the certificates'
// audit stands on its own.
import * as acme from '../aws/acme.js'
import type { AuditPorts } from '../audit/run.js'
import { errorMessage } from '../errors.js'
import { callContext, type RunDeps } from '../run/deps.js'
import type { Config } from '../types.js'
import { auditPrevalidations, type AcmeGuardOutcome, type AcmeGuardPorts } from './guard.js'

export function acmeGuardPorts(deps: RunDeps, ports: AuditPorts): AcmeGuardPorts {
  const ctx = callContext(deps)
  return {
    listEndpoints: () => acme.listAcmeEndpoints(deps.acm, ctx),
    tagsOf: (arn) => acme.acmeResourceTags(deps.acm, arn, ctx),
    listValidations: (arn) => acme.listDomainValidations(deps.acm, arn, ctx),
    placeRecords: (records) => ports.placeRecords(records),
    readZone: (placed) => ports.readZone(placed),
    upsert: (placed, records) => ports.upsert(placed, records),
    log: ports.log
  }
}

/** The prevalidation audit, or undefined (with a warning) when the ACME endpoints cannot be listed. */
export async function guardPrevalidations(
  ports: AcmeGuardPorts,
  config: Pick<Config, 'auditScope' | 'allNames' | 'repair'>
): Promise<AcmeGuardOutcome | undefined> {
  try {
    return await auditPrevalidations(ports, { scope: config.auditScope, names: config.allNames, repair: config.repair })
  } catch (err) {
    ports.log.warning(
      `ACME prevalidations not checked: ${errorMessage(err)}. Allow acm:ListAcmeEndpoints, ` +
        'acm:ListTagsForResource and acm:ListAcmeDomainValidations to the certificate role to check them.',
      'Renewal guard'
    )
    return undefined
  }
}
