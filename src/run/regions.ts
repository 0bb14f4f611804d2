// THE Region loop: every run goes through it, one Region being a list of one. The mode's flow runs
// in every Region at once, each with its Region's ACM client and Config (its idempotency token); with
// several, each log line leads with its Region. In request mode the Regions' validation records meet
// in one RecordsRendezvous (written once for all: one change per zone), and the pre-flight checks and
// zone lookups are done once. A failure in one Region does not stop the others: it is an event (the
// Outcome names every Region's end, run/outcome.ts), then the step fails.
import type { ACMClient } from '@aws-sdk/client-acm'
import { CertificateFailedError, DeadlineError, describeError } from '../errors.js'
import { emitIn, type Flow, type RunDeps } from './deps.js'
import type { Config, Logger } from '../types.js'
import type { PublishedRecord } from './outcome.js'
import { RecordsRendezvous, type SharedAcrossRegions } from './regions-records.js'

/** One Region of a run: its Config (region, idempotency token) and ACM client. */
export interface RegionPlan {
  readonly config: Config
  readonly acm: ACMClient
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
 * Runs `flow` in every Region at once. Each Region's failure is emitted (region-failed) while the
 * others finish. Rejects with the one error every Region met (a single Region's failure, the record
 * write, the pre-flight checks); resolves otherwise, the Outcome saying which Regions failed.
 */
export async function runInRegions(deps: RunDeps, regions: readonly RegionPlan[], flow: Flow): Promise<void> {
  const several = regions.length > 1
  const shared = sharedAcross(
    regions.map((r) => r.config.region),
    deps.log
  )
  const settled = await Promise.allSettled(
    regions.map(async ({ config, acm }) => {
      const inRegion: RunDeps = {
        ...deps,
        config,
        acm,
        shared,
        // core.group can neither nest nor interleave: Regions side by side log without groups.
        ...(several && { log: regionLogger(deps.log, config.region), phase: (_name, fn) => fn() })
      }
      try {
        await flow(inRegion)
      } catch (err) {
        emitIn(inRegion, { type: 'region-failed', error: describeError(err), status: statusCarriedBy(err) })
        throw err
      } finally {
        shared.rendezvous.leave(config.region)
      }
    })
  )
  const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []))
  if (errors.length === settled.length && errors.every((e) => e === errors[0])) throw errors[0]
}

/** What the Regions of one run share: one record write, and what is made once for all. */
function sharedAcross(regions: readonly string[], log: Logger): SharedAcrossRegions<PublishedRecord> {
  const made = new Map<string, unknown>()
  return {
    regions,
    rendezvous: new RecordsRendezvous<PublishedRecord>(regions, log),
    once: <T>(key: string, make: () => T): T => {
      if (!made.has(key)) made.set(key, make())
      return made.get(key) as T
    }
  }
}

/** The certificate status an error carries: FAILED's, or the one last seen before a timeout. */
function statusCarriedBy(err: unknown): string | undefined {
  if (err instanceof CertificateFailedError) return err.status
  if (err instanceof DeadlineError) return err.status
  return undefined
}
