// Mode acme-endpoint's step 4: one domain validation per base name of the inputs, each created, kept
// (a re-run), re-scoped or replacing an INVALID one, as decide.ts plans; the ones no longer asked for
// reported. Who writes each CNAME is settled here: ACM (HostedZoneId) only where asked and allowed.
import type { AcmeDomainValidation, DomainScope } from '@aws-sdk/client-acm'
import { MANAGED_BY_TAG } from '../constants.js'
import type { ZonePlan, ZoneTarget } from '../zones/plan.js'
import { arnAccountId } from '../partitions.js'
import type { Logger } from '../types.js'
import { acmMayWrite, planValidations, tokenOf, wantedValidations, type ValidationStep } from './decide.js'
import type { AcmePorts } from './ports.js'
import type { AcmeRun, AcmeValidationView } from './report.js'
import type { AcmeConfig } from '../types.js'
import { recordOf, scopeWords } from './waits.js'

export interface ReconcileInput {
  readonly endpointArn: string
  readonly acme: AcmeConfig
  readonly names: readonly string[]
  readonly plan: ZonePlan | undefined
  /** dns-role-to-assume: who writes a zone no zone-overrides role is named for. */
  readonly dnsRole: string | undefined
  readonly emit: (next: Partial<AcmeRun>) => void
}

export async function reconcileValidations(
  ports: AcmePorts,
  input: ReconcileInput,
  log: Logger
): Promise<AcmeValidationView[]> {
  const wanted = wantedValidations(input.names, input.acme.scope)
  const existing = await ports.listValidations(input.endpointArn)
  const { steps, dropped } = planValidations(wanted, existing.map(factsOf))
  input.emit({ dropped: dropped.map((d) => ({ domain: d.domainName, arn: d.arn, deleted: false })) })
  const views = await Promise.all(
    steps.map((step) => {
      const detail = step.kind === 'create' ? undefined : existing.find((v) => v.AcmeDomainValidationArn === step.arn)
      return applyStep(ports, step, { ...input, scope: wanted.get(step.domain) ?? {}, detail }, log)
    })
  )
  for (const d of dropped)
    log.warning(
      `${d.domainName} is validated on the endpoint but no longer in the inputs (${d.arn})`,
      'ACME validation'
    )
  input.emit({ validations: views })
  return views
}

interface StepInput extends ReconcileInput {
  readonly scope: DomainScope
  /** The validation on the endpoint (keep, rescope). */
  readonly detail: AcmeDomainValidation | undefined
}

/** Whether ACM writes this name's CNAME: asked for, and the zone is in the endpoint's account. */
function acmWrites(input: StepInput, target: ZoneTarget | undefined, log: Logger, domain: string): boolean {
  if (!input.acme.managedRecords || !target) return false
  if (acmMayWrite(arnAccountId(input.endpointArn), target.roleArn ?? input.dnsRole)) return true
  log.info(`${domain}: zone ${target.zone.name} is not in the endpoint's account, so the DNS role writes its CNAME`)
  return false
}

async function applyStep(
  ports: AcmePorts,
  step: ValidationStep,
  input: StepInput,
  log: Logger
): Promise<AcmeValidationView> {
  const { endpointArn, acme, scope, plan } = input
  const target = plan?.byBase.get(step.domain)
  const base = {
    domain: step.domain,
    scope: scopeWords(scope),
    zone: target && { id: target.zone.id, name: target.zone.name }
  }
  if (step.kind === 'keep') {
    const acmManaged = input.detail?.PrevalidationDetails?.DnsPrevalidation?.HostedZoneId !== undefined
    const writtenBy = acmManaged ? ('acm' as const) : plan ? ('action' as const) : undefined
    const record = input.detail && recordOf(input.detail)
    return { ...base, writtenBy, arn: step.arn, status: step.status, action: 'kept', record }
  }
  const managed = acmWrites(input, target, log, step.domain)
  const hostedZoneId = managed ? target?.zone.id : undefined
  const writtenBy = managed ? ('acm' as const) : plan ? ('action' as const) : undefined
  if (step.kind === 'rescope') {
    await ports.updateValidation(step.arn, { scope, hostedZoneId })
    log.info(`Re-scoped the validation of ${step.domain}: ${base.scope.join(', ')}`)
    return { ...base, writtenBy, arn: step.arn, status: 'VALIDATING', action: 'rescoped' }
  }
  const replaces = step.replaces ?? ''
  const arn = await ports.createValidation({
    endpointArn,
    domainName: step.domain,
    scope,
    hostedZoneId,
    idempotencyToken: tokenOf(
      'acme-validation',
      endpointArn,
      step.domain,
      JSON.stringify(scope),
      hostedZoneId ?? '',
      replaces
    ),
    tags: [{ Key: MANAGED_BY_TAG, Value: `acme-endpoint:${acme.endpointName}` }]
  })
  const how = step.replaces ? `replacing the INVALID ${step.replaces}` : 'created'
  log.info(
    `Validation of ${step.domain} (${base.scope.join(', ')}): ${arn}, ${how}${managed ? ', ACM writes its CNAME' : ''}`
  )
  return { ...base, writtenBy, arn, status: 'VALIDATING', action: step.replaces ? 'replaced' : 'created' }
}

function factsOf(v: AcmeDomainValidation) {
  return {
    arn: v.AcmeDomainValidationArn ?? '',
    domainName: v.DomainName ?? '',
    status: v.Status ?? 'UNKNOWN',
    scope: v.PrevalidationDetails?.DnsPrevalidation?.DomainScope
  }
}
