// After a failure or a cancel: one quick look at where each certificate stands, for the outputs,
// within what the runner allows before it kills the process (7.5 s after SIGINT).
import type { ACMClient } from '@aws-sdk/client-acm'
import { describeCertificate } from '../aws/acm.js'
import { within } from '../concurrency.js'
import type { Clock } from '../types.js'
import type { Outcome, RunEvent } from './outcome.js'

/** How long a failed or cancelled run spends finding the certificates' status (the runner allows 7.5 s). */
const STATUS_LOOKUP_MS = 2000

/**
 * The status of every Region's certificate whose status is unknown or still pending, looked up side
 * by side, as status events; a look that fails or outlasts STATUS_LOOKUP_MS on `clock` tells nothing.
 */
export async function lastKnownStatuses(
  outcome: Outcome,
  acmIn: (region: string) => ACMClient,
  clock: Clock
): Promise<RunEvent[]> {
  const looks = outcome.regions.map(async ({ region, certificateArn, status }): Promise<RunEvent[]> => {
    if (certificateArn === undefined || (status !== undefined && status !== 'PENDING_VALIDATION')) return []
    const look = describeCertificate(acmIn(region), certificateArn).then(
      (c) => c.Status,
      () => undefined
    )
    const seen = await within(look, STATUS_LOOKUP_MS, clock, () => undefined)
    return seen === undefined ? [] : [{ type: 'status', region, status: seen }]
  })
  return (await Promise.all(looks)).flat()
}
