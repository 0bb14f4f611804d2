// Chooses the mode of the run: request (the default), status or delete. Each mode is one module
// beside this one; what they all take and return is in shared.ts.
import { runDelete } from './delete.js'
import { runRequest } from './request.js'
import { runStatus } from './status.js'
import type { RunDeps, RunResult } from './shared.js'

export { checkCertificateAccount } from './shared.js'
export type { RunDeps, RunHooks, RunResult, PublishedRecord, WrittenRecord, PhaseTimings } from './shared.js'

const MODES = { request: runRequest, status: runStatus, delete: runDelete } as const

/** Runs the configured mode. */
export function runMode(deps: RunDeps): Promise<RunResult> {
  return MODES[deps.config.mode](deps)
}
