// The step outputs and the closing notices, from the Outcome. One Region is a list of one:
// certificate-arns and statuses (keyed by Region) are set for one Region too. Pure; main.ts sets them.
import { NOT_FOUND_STATUS, Outputs } from '../constants.js'
import { exportOutputs } from '../export/report.js'
import { runFacts, type Outcome, type RegionOutcome, type RunFacts } from '../run/outcome.js'

/** Every output known: the first Region's certificate, and every Region's by Region. */
export function outputsOf(outcome: Outcome): Record<string, string> {
  const out = outputsFor(runFacts(outcome))
  const exported = exportOutputs(
    outcome.regions.flatMap((r) => r.exports),
    outcome.regions.map((r) => r.region)
  )
  return outcome.regions.length > 0 ? { ...out, ...regionsOutputs(outcome.regions), ...exported } : out
}

/** Step outputs for the state; only the ones known are present. */
export function outputsFor(state: RunFacts): Record<string, string> {
  const out: Record<string, string> = {}
  if (state.certificateArn) out[Outputs.CertificateArn] = state.certificateArn
  if (state.status) out[Outputs.Status] = state.status
  if (state.reused !== undefined) out[Outputs.Reused] = String(state.reused)
  if (state.names[0]) out[Outputs.DomainName] = state.names[0]
  if (state.records.length > 0) {
    out[Outputs.ValidationRecords] = JSON.stringify(
      state.records.map((r) => ({
        name: r.name,
        type: r.type,
        value: r.value,
        ...(r.hostedZoneId !== undefined && { hostedZoneId: r.hostedZoneId }),
        domains: r.domains
      }))
    )
  }
  if (state.notAfter) out[Outputs.NotAfter] = state.notAfter.toISOString()
  if (state.audit) {
    out[Outputs.Report] = state.audit.report
    out[Outputs.AtRisk] = String(state.audit.atRisk)
  }
  return out
}

/**
 * certificate-arns and statuses: JSON objects keyed by Region, in the order of aws-region, with the
 * Regions known so far (always set, `{}` at worst, so `fromJSON` never meets an empty string).
 * certificate-arn and status stay, for the first Region's certificate.
 */
export function regionsOutputs(outcomes: readonly RegionOutcome[]): Record<string, string> {
  const byRegion = (pick: (o: RegionOutcome) => string | undefined): string =>
    JSON.stringify(
      Object.fromEntries(
        outcomes.flatMap((o) => {
          const value = pick(o)
          return value === undefined ? [] : [[o.region, value]]
        })
      )
    )
  const out: Record<string, string> = {
    [Outputs.CertificateArns]: byRegion((o) => o.certificateArn),
    [Outputs.Statuses]: byRegion((o) => o.status)
  }
  const [first] = outcomes
  if (first?.certificateArn) out[Outputs.CertificateArn] = first.certificateArn
  if (first?.status) out[Outputs.Status] = first.status
  return out
}

/** The notices a run that did not fail ends with: a certificate not (yet) usable, nothing deleted. */
export function noticesOf(outcome: Outcome): { title: string; message: string }[] {
  if (outcome.audit) return []
  const several = outcome.regions.length > 1
  return outcome.regions.flatMap((o) => {
    const notice = noticeFor(
      { certificateArn: o.certificateArn ?? '', status: o.status ?? '' },
      outcome.mode,
      outcome.externalDns
    )
    return notice ? [several ? { ...notice, message: `${o.region}: ${notice.message}` } : notice] : []
  })
}

/** The notice a successful run ends with when the certificate is not (yet) usable, or nothing was deleted. */
export function noticeFor(
  result: { readonly certificateArn: string; readonly status: string },
  mode: string,
  externalDns: boolean
): { title: string; message: string } | undefined {
  if (mode === 'delete') {
    return result.status === NOT_FOUND_STATUS
      ? { title: 'Nothing deleted', message: 'No certificate to delete was found.' }
      : undefined
  }
  if (result.status === 'ISSUED') return undefined
  const why =
    mode === 'status'
      ? 'this is its status now.'
      : externalDns
        ? 'create the validation CNAMEs listed above at your DNS provider; a later run with the same inputs (or ' +
          'mode: status) picks it up.'
        : 'wait is false, so the step ends here.'
  return {
    title: 'Certificate not issued yet',
    message: `Certificate ${result.certificateArn} is ${result.status}; ${why}`
  }
}
