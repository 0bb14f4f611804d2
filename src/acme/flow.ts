// Mode acme-endpoint, a flow of named steps over AcmePorts: find or create the action's endpoint and
// wait for ACTIVE → align its settings → create, keep, re-scope or replace one domain validation per
// name → publish their CNAMEs through request mode's zone rule and DNS roles (one batch per zone), or
// let ACM write them → wait for VALID → report (or delete) dropped names → create the account binding.
// Each fact is handed to hooks.onAcme as soon as it is known, so a failure still reports it.
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { emitIn, logRecordsToCreate, phaseOf, type RunDeps } from '../run/deps.js'
import type { PublishedRecord } from '../run/outcome.js'
import type { ZonePlan } from '../zones/plan.js'
import type { Context, ValidationRecord } from '../types.js'
import { bindAccount, settleDropped } from './binding.js'
import { ensureEndpoint } from './endpoint.js'
import { acmePorts, acmeWaitContext, type AcmePorts } from './ports.js'
import { reconcileValidations } from './validations.js'
import { emptyAcmeRun, type AcmeRun, type AcmeValidationView } from './report.js'
import { waitForRecords, waitUntilValid } from './waits.js'

export async function runAcmeEndpoint(deps: RunDeps, ports: AcmePorts = acmePorts(deps)): Promise<void> {
  const { config, clock, log } = deps
  const acme = config.acme
  if (!acme) throw new InputError(Inputs.Mode, 'acme-endpoint', 'has no acme-* settings: this is a bug')
  const startedAt = clock.now()
  const ctx = acmeWaitContext(deps, startedAt + config.timeoutMs)
  const phase = phaseOf(deps)
  let run: AcmeRun = emptyAcmeRun(config.region)
  const emit = (next: Partial<AcmeRun>): void => {
    run = { ...run, ...next }
    deps.emit?.({ type: 'acme', acme: run })
  }
  const external = config.dnsProvider === 'external'
  emit({})
  // The zones depend on the names alone: found beside the endpoint lookup, awaited before anything is
  // created, so a name without a usable zone leaves no new endpoint behind.
  const zones = external ? undefined : ports.planZones()
  zones?.catch(() => undefined)

  const endpoint = await phase('ACME endpoint', () =>
    ensureEndpoint(
      ports,
      { acme, region: config.region, tags: config.tags, beforeCreate: async () => zones },
      ctx,
      emit
    )
  )
  const arn = endpoint.arn
  const plan = await zones
  const views = await phase('Domain validations', () =>
    reconcileValidations(
      ports,
      { endpointArn: arn, acme, names: config.allNames, plan, dnsRole: config.dnsRoleToAssume, emit },
      log
    )
  )
  const records = await phase('Validation records', () => publishRecords(ports, views, plan, ctx, emit))
  emitIn(deps, { type: 'records', records })
  const final = config.wait
    ? await phase('Wait for VALID', () =>
        waitUntilValid(ports, run.validations, ctx, emit, (progress) => emitIn(deps, { type: 'progress', progress }))
      )
    : run.validations
  await settleDropped(ports, run.dropped, acme.deleteDropped, log, (dropped) => emit({ dropped }))
  if (acme.eabRoleArn !== undefined)
    await phase('External account binding', () => bindAccount(ports, arn, acme, log, (binding) => emit({ binding })))
  // The endpoint's status and each name's; `reused` and the rest are a certificate's (mode request).
  const progress = final.map((v) => ({ domain: v.domain, validationStatus: v.status }))
  emitIn(deps, { type: 'status', status: run.endpoint?.status ?? 'UNKNOWN', progress })
}

type Emit = (next: Partial<AcmeRun>) => void

/**
 * Step 5: each validation's CNAME, once ACM shows it, written by request mode's path: one batch per
 * zone and role; a re-run whose validations are all kept reads the zones first and writes only what
 * is missing. External DNS: the records are listed for the user instead.
 */
async function publishRecords(
  ports: AcmePorts,
  views: readonly AcmeValidationView[],
  plan: ZonePlan | undefined,
  ctx: Context,
  emit: Emit
): Promise<PublishedRecord[]> {
  const ours = views.filter((v) => v.writtenBy !== 'acm')
  const withRecords = await waitForRecords(ports, views, ctx)
  emit({ validations: withRecords })
  const records: ValidationRecord[] = withRecords
    .filter((v) => ours.some((o) => o.domain === v.domain) && v.record)
    .map((v) => ({ name: v.record?.name ?? '', type: 'CNAME', value: v.record?.value ?? '', domains: [v.domain] }))
  if (records.length === 0) return []
  if (!plan) {
    logRecordsToCreate(ctx.log, records)
    return records.map(({ name, type, value, domains }) => ({ name, type, value, domains }))
  }
  const onlyMissing = ours.every((v) => v.action === 'kept')
  return ports.writeRecords(records, plan, onlyMissing)
}
