// The run: the flow of the configured mode, in every Region of the plan (a list of one is normal).
// Each mode is a flow in its own folder (request/, status/, delete/, audit/), telling what it learns
// as events (run/outcome.ts).
import type { ACMClient } from '@aws-sdk/client-acm'
import type { Mode } from '../constants.js'
import { deriveIdempotencyToken } from '../inputs/index.js'
import { configForRegion } from '../inputs/regions.js'
import { runAudit } from '../audit/mode.js'
import { withExport } from '../export/flow.js'
import { runDelete } from '../delete/flow.js'
import { runRequest } from '../request/flow.js'
import type { Flow, RunDeps } from './deps.js'
import { runStatus } from '../status/flow.js'
import type { Config } from '../types.js'
import { runInRegions, type RegionPlan } from './regions.js'

/** Adding a mode: a folder with its flow (a Flow over RunDeps that emits what it learns) and a line here. */
const FLOWS: Readonly<Record<Mode, Flow>> = {
  // export: true wraps request mode: the charge before, the export of the ISSUED certificate after.
  request: withExport(runRequest),
  status: runStatus,
  delete: runDelete,
  audit: runAudit
}

/** One RegionPlan per Region of aws-region: its Config (its idempotency token) and ACM client. */
export function planRegions(
  config: Config,
  acm: ACMClient,
  acmByRegion?: ReadonlyMap<string, ACMClient>
): RegionPlan[] {
  return config.regions.map((region) => ({
    config: configForRegion(config, region, deriveIdempotencyToken),
    acm: acmByRegion?.get(region) ?? acm
  }))
}

/** Runs the configured mode in every Region of `regions`; what it learns goes to deps.emit. */
export function runMode(deps: RunDeps, regions: readonly RegionPlan[]): Promise<void> {
  return runInRegions(deps, regions, FLOWS[deps.config.mode])
}
