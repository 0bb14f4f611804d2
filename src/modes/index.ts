// Chooses the mode of the run: request (the default), status, delete or audit. Each mode is one module
// beside this one; what they all take and return is in shared.ts.
import { withExport } from '../export/flow.js'
import type { RegionOutcome } from '../report.js'
import { runAudit } from './audit.js'
import { runDelete } from './delete.js'
import { runInRegions, type RegionDeps, type RegionsResult } from './regions.js'
import { runRequest } from './request.js'
import { runStatus } from './status.js'
import type { RunDeps, RunResult } from './shared.js'

export { checkCertificateAccount } from './shared.js'
export type { RunDeps, RunHooks, RunResult, PublishedRecord, WrittenRecord, PhaseTimings } from './shared.js'

// export: true wraps request mode: the charge before, the export of the ISSUED certificate after.
const MODES = { request: withExport(runRequest), status: runStatus, delete: runDelete, audit: runAudit } as const

/**
 * Runs the configured mode; with several Regions (`regions`), in each of them at once, `onRegion`
 * hearing each Region's outcome as it changes.
 */
export function runMode(
  deps: RunDeps,
  regions?: readonly RegionDeps[],
  onRegion?: (outcome: RegionOutcome) => void
): Promise<RunResult | RegionsResult> {
  if (regions !== undefined && regions.length > 1) return runInRegions(deps, regions, (d) => runMode(d), onRegion)
  return MODES[deps.config.mode](deps)
}
