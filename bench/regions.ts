// Several Regions in one step (issue 14): the same names in one Region and in two, each run against
// a fresh simulator where ACM issues every certificate the same time T after its records were
// written (both Regions validate from the one CNAME set, written once). What a second Region costs:
// the wall time beyond one Region's, and Route 53 writes (which must not grow at all).
import { EXAMPLE, seedExample, Simulator } from '../sim/index.js'
import { ACTION_ENTRY, runAction } from '../sim/runner.js'
import { actionInputs, OTHER_REGION, REGION } from '../__fixtures__/world.js'

export interface RegionsPair {
  issuanceMs: number
  /** Process wall time, spawn to exit, with one Region and with two. */
  oneMs: number
  twoMs: number
  /** ChangeResourceRecordSets calls of each run. */
  oneChanges: number
  twoChanges: number
  /** Certificates ISSUED by the two-Region run (2 when it did what it should). */
  twoIssued: number
}

async function timedRun(
  regions: readonly string[],
  names: readonly string[],
  issuanceMs: number,
  entry: string,
  latencyMs: number
): Promise<{ durationMs: number; changes: number; issued: number }> {
  const sim = await Simulator.start({ dns: true, issuanceDelayMs: issuanceMs, latencyMs })
  seedExample(sim)
  try {
    const result = await runAction({
      inputs: { ...actionInputs(names), 'aws-region': regions.join(', '), 'dns-resolvers': sim.dnsServer },
      env: { ...sim.env(), AWS_REGION: regions[0] ?? EXAMPLE.region },
      killAfterMs: issuanceMs + 120_000,
      entry
    })
    if (result.exitCode !== 0) throw new Error(`regions run failed: ${result.stdout.slice(-2000)}`)
    const issued = sim.certificates(EXAMPLE.certificateAccount).filter((c) => c.status === 'ISSUED').length
    return {
      durationMs: result.durationMs,
      changes: sim.calls('route53', 'ChangeResourceRecordSets'),
      issued
    }
  } finally {
    await sim.stop()
  }
}

/** One Region, then two (us-east-1 first, as for CloudFront), one after the other so they do not share the CPU; latencyMs per simulated call. */
export async function regionsPair(
  names: readonly string[],
  issuanceMs: number,
  entry = ACTION_ENTRY,
  latencyMs = 0
): Promise<RegionsPair> {
  const one = await timedRun([REGION], names, issuanceMs, entry, latencyMs)
  const two = await timedRun([REGION, OTHER_REGION], names, issuanceMs, entry, latencyMs)
  return {
    issuanceMs,
    oneMs: one.durationMs,
    twoMs: two.durationMs,
    oneChanges: one.changes,
    twoChanges: two.changes,
    twoIssued: two.issued
  }
}
