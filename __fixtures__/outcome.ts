// A mode's flow run in one Region, its events reduced as main reduces them (run/outcome.ts): for tests
// that drive a flow directly and look at what it learned.
import { runRequest } from '../src/request/flow.js'
import type { Flow, RunDeps } from '../src/run/deps.js'
import { emptyRegionOutcome, reduce, startOutcome, type Outcome, type RegionOutcome } from '../src/run/outcome.js'

/** The Region's outcome after `flow`, and the whole Outcome; rejects with the flow's error. */
export async function outcomeOf(flow: Flow, deps: RunDeps): Promise<RegionOutcome & { outcome: Outcome }> {
  let outcome = startOutcome()
  await flow({
    ...deps,
    emit: (event) => {
      outcome = reduce(outcome, event)
      deps.emit?.(event)
    }
  })
  const region = outcome.regions.find((r) => r.region === deps.config.region) ?? emptyRegionOutcome(deps.config.region)
  return { ...region, outcome }
}

/** A Region whose flow ended well: its certificate and status are known. */
export type Finished = RegionOutcome & { readonly certificateArn: string; readonly status: string; outcome: Outcome }

/** Request mode in one Region: the Region's outcome, which must name a certificate and its status. */
export async function requestOutcome(deps: RunDeps): Promise<Finished> {
  const region = await outcomeOf(runRequest, deps)
  const { certificateArn, status } = region
  if (certificateArn === undefined || status === undefined)
    throw new Error(`request mode ended without a certificate or status: ${JSON.stringify(region)}`)
  return { ...region, certificateArn, status }
}
