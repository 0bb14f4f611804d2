// After a timeout or a cancel: one quick look at where each certificate stands, for the outputs,
// within what the runner allows before it kills the process (7.5 s after SIGINT).
import { describeCertificate } from './aws/acm.js'
import type { AwsClients } from './aws/clients.js'
import { mergedRecords } from './report-regions.js'
import type { RunState } from './report.js'

/** How long a failed or cancelled run spends finding the certificate's status (the runner allows 7.5 s). */
const STATUS_LOOKUP_MS = 2000

/** After a timeout or a cancel: one quick look at where the certificate stands, for the outputs. */
export async function lastKnownStatus(acm: AwsClients['acm'], arn: string): Promise<string | undefined> {
  const look = describeCertificate(acm, arn).then(
    (c) => c.Status,
    () => undefined
  )
  const giveUp = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), STATUS_LOOKUP_MS).unref())
  return Promise.race([look, giveUp])
}

/** The same look for every Region with a certificate but no final status yet, side by side. */
export async function lastKnownStatuses(clients: AwsClients, state: RunState): Promise<void> {
  const looked = await Promise.all(
    state.regions.map(async (o) => {
      if (o.certificateArn === undefined || (o.status !== undefined && o.status !== 'PENDING_VALIDATION')) return o
      const acm = clients.acmByRegion?.get(o.region) ?? clients.acm
      return { ...o, status: (await lastKnownStatus(acm, o.certificateArn)) ?? o.status }
    })
  )
  state.regions = looked
  state.status = looked[0]?.status
  state.records = mergedRecords(looked)
}
