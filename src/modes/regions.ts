// Several Regions in one step (issue 14): the mode runs once per Region, all at once, each with its
// Region's ACM client, its Config (its idempotency token) and a log whose lines lead with the Region.
// In request mode the Regions' validation records meet in one RecordsRendezvous (written once for
// all: one change per zone), and the pre-flight checks and zone lookups are done once. A failure in
// one Region does not stop the others: every Region's outcome is reported, then the step fails.
import type { ACMClient } from '@aws-sdk/client-acm'
import { CertificateFailedError, DeadlineError, RegionsFailedError, describeError } from '../errors.js'
import { regionsFailure } from '../report-regions.js'
import { emptyRegionOutcome, type RegionOutcome } from '../report.js'
import type { Config, Logger } from '../types.js'
import { RecordsRendezvous, type SharedAcrossRegions } from './regions-records.js'
import type { PublishedRecord, RunDeps, RunResult } from './shared.js'

/** One Region of a run over several: its Config (region, idempotency token) and ACM client. */
export interface RegionDeps {
  readonly config: Config
  readonly acm: ACMClient
}

/** The first Region's result (certificate-arn, status, ...) and every Region's outcome. */
export interface RegionsResult extends RunResult {
  readonly regions: readonly RegionOutcome[]
}

/** A log whose every line leads with the Region, so that Regions running side by side read apart. */
export function regionLogger(log: Logger, region: string): Logger {
  const tag = (m: string): string => `[${region}] ${m}`
  return {
    info: (m) => log.info(tag(m)),
    warning: (m, title) => log.warning(tag(m), title),
    debug: (m) => log.debug(tag(m))
  }
}

/**
 * Runs `runOne` (the mode) in every Region at once. `onRegion` hears each Region's outcome as it
 * changes (an ARN as soon as it is known). Resolves when every Region ended well; otherwise rejects
 * with a RegionsFailedError naming each Region's outcome, or with the one error every Region met
 * (the record write, the pre-flight checks), as a single Region would.
 */
export async function runInRegions(
  deps: RunDeps,
  regions: readonly RegionDeps[],
  runOne: (deps: RunDeps) => Promise<RunResult>,
  onRegion: (outcome: RegionOutcome) => void = () => undefined
): Promise<RegionsResult> {
  const { hooks = {}, log } = deps
  const names = regions.map((r) => r.config.region)
  const rendezvous = new RecordsRendezvous<PublishedRecord>(names, log)
  const made = new Map<string, unknown>()
  const shared: SharedAcrossRegions<PublishedRecord> = {
    rendezvous,
    once: <T>(key: string, make: () => T): T => {
      if (!made.has(key)) made.set(key, make())
      return made.get(key) as T
    }
  }
  const outcomes = new Map(names.map((region) => [region, emptyRegionOutcome(region)]))
  const update = (region: string, patch: Partial<RegionOutcome>): void => {
    const next = { ...(outcomes.get(region) ?? emptyRegionOutcome(region)), ...patch }
    outcomes.set(region, next)
    onRegion(next)
  }

  const settled = await Promise.allSettled(
    regions.map(async ({ config, acm }) => {
      const { region } = config
      try {
        const result = await runOne({
          ...deps,
          config,
          acm,
          log: regionLogger(log, region),
          // core.group can neither nest nor interleave: Regions side by side log without groups.
          phase: (_name, fn) => fn(),
          shared,
          hooks: {
            ...(hooks.onFindings && { onFindings: hooks.onFindings }),
            ...(hooks.onExport && { onExport: hooks.onExport }),
            onCertificate: (arn, reused) => update(region, { certificateArn: arn, reused }),
            onRecords: (records) => update(region, { records }),
            onProgress: (progress) => update(region, { progress })
          }
        })
        update(region, {
          ...(result.certificateArn !== '' && { certificateArn: result.certificateArn }),
          status: result.status,
          progress: result.domains,
          records: result.records,
          notAfter: result.notAfter
        })
        return result
      } catch (err) {
        update(region, {
          error: describeError(err),
          ...(err instanceof CertificateFailedError && { status: err.status }),
          ...(err instanceof DeadlineError && err.status !== undefined && { status: err.status })
        })
        throw err
      } finally {
        rendezvous.leave(region)
      }
    })
  )

  const ordered = names.map((region) => outcomes.get(region) ?? emptyRegionOutcome(region))
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
  if (errors.length === settled.length && errors.every((e) => e === errors[0])) throw errors[0]
  const failure = regionsFailure(ordered)
  if (failure) throw new RegionsFailedError(failure.title, failure.message, failure.hint)
  const [first] = settled
  if (first?.status !== 'fulfilled') throw new Error('several Regions ran, yet the first has no result')
  return { ...first.value, regions: ordered }
}
