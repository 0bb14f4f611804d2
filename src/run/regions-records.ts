// The Regions of a run (issue 14; one is a list of one): the meeting point of every Region's validation records. Each Region's
// request pipeline hands its records here instead of writing them; once every Region still running
// has handed its records in (or left: failed, or had nothing to write), the merged records go out in
// one publication (one ChangeResourceRecordSets per zone), and each Region gets back its own.
import { describeClash, mergeValidationRecords, type RegionRecords } from '../decisions/regions.js'
import type { Logger, ValidationRecord } from '../types.js'

/** What the Regions of one run share: where their records meet, and what is made once for all. */
export interface SharedAcrossRegions<R extends { readonly name: string }> {
  /** Every Region of the run, in the order of aws-region. */
  readonly regions: readonly string[]
  readonly rendezvous: RecordsRendezvous<R>
  /** The first call for a key makes the value (a promise, a cache); later calls get the same one. */
  once<T>(key: string, make: () => T): T
}

/** Writes (or publishes) records; the same for every Region, so whichever Region's is used. */
export type Publish<R> = (records: readonly ValidationRecord[], onlyMissing: boolean) => Promise<readonly R[]>

interface Contribution<R> {
  readonly records: readonly ValidationRecord[]
  readonly publish: Publish<R>
  /** Write only what is missing (the Region's certificate is ISSUED already: its records should be there). */
  readonly onlyMissing: boolean
  resolve(published: readonly R[]): void
  reject(err: unknown): void
}

export class RecordsRendezvous<R extends { readonly name: string }> {
  private readonly expected: Set<string>
  private readonly contributions = new Map<string, Contribution<R>>()
  private done = false

  /** regions: in the order of aws-region (the first Region's value wins a clash). */
  constructor(
    private readonly regions: readonly string[],
    private readonly log: Logger
  ) {
    this.expected = new Set(regions)
  }

  /** A Region's records; resolves with the published records at this Region's names once all are in. */
  publish(region: string, records: readonly ValidationRecord[], publish: Publish<R>, onlyMissing = false) {
    if (this.done || !this.expected.has(region)) return publish(records, onlyMissing) // late or unknown: on its own
    return new Promise<readonly R[]>((resolve, reject) => {
      this.contributions.set(region, { records, publish, onlyMissing, resolve, reject })
      this.expected.delete(region)
      this.flushWhenComplete()
    })
  }

  /** A Region that will hand in nothing (it failed, or it ended without records); no-op after its records. */
  leave(region: string): void {
    if (this.expected.delete(region)) this.flushWhenComplete()
  }

  private flushWhenComplete(): void {
    if (this.done || this.expected.size > 0 || this.contributions.size === 0) return
    this.done = true
    const perRegion: RegionRecords[] = this.regions.flatMap((region) => {
      const c = this.contributions.get(region)
      return c ? [{ region, records: c.records }] : []
    })
    const merge = mergeValidationRecords(perRegion)
    for (const difference of merge.differences) this.log.info(difference)
    for (const clash of merge.clashes)
      this.log.warning(describeClash(clash), 'Validation records differ between Regions')
    const contributions = [...this.contributions.values()]
    const [first] = contributions
    if (first === undefined) return
    if (perRegion.length > 1) {
      const regions = perRegion.map((p) => p.region).join(', ')
      this.log.info(
        `${merge.records.length} distinct validation record(s) for ${perRegion.length} Region(s) (once for ${regions})`
      )
    }
    // Only what is missing when every Region's certificate is ISSUED; otherwise every record, as for a new one.
    const onlyMissing = contributions.every((c) => c.onlyMissing)
    first
      .publish(
        merge.records.map(({ regions: _, ...record }) => record),
        onlyMissing
      )
      .then(
        (published) => {
          for (const c of contributions) {
            const names = new Set(c.records.map((r) => r.name.toLowerCase()))
            c.resolve(published.filter((p) => names.has(p.name.toLowerCase())))
          }
        },
        (err: unknown) => contributions.forEach((c) => c.reject(err))
      )
  }
}
