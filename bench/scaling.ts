// How a run's API cost grows with the account (certificates, hosted zones) and the request (names):
// runRequest() in-process with the real SDK clients against the simulator on a virtual clock, so the
// call counts are exact and the milliseconds are the action's own work plus local HTTP, no waiting.
import { performance } from 'node:perf_hooks'
import type { Simulator } from '../sim/index.js'
import { findReusableCertificate } from '../src/certificate/reuse.js'
import { createAwsClients } from '../src/aws/clients.js'
import { parentSuffixes, wildcardBase } from '../src/domains.js'
import { certificateSpec } from '../src/run/deps.js'
import {
  CERT_ACCOUNT,
  configFor,
  DNS_ACCOUNT,
  REGION,
  staticIdentities,
  runInProcess,
  seedDecoyCertificates,
  seedZones,
  silentLog,
  startWorld,
  virtualClock
} from '../__fixtures__/world.js'

export interface ReuseLookupPoint {
  certificates: number
  listCertificates: number
  describeCertificate: number
  found: boolean
  ms: number
}

/** findReusableCertificate alone, in an account holding `certificates` (the match among them). */
export async function reuseLookup(certificates: number, names: readonly string[]): Promise<ReuseLookupPoint> {
  const clock = virtualClock()
  const world = await startWorld({ clock })
  try {
    const { sim } = world
    seedDecoyCertificates(sim, Math.max(0, certificates - 1), names)
    const [primary = ''] = names
    const match =
      certificates > 0
        ? sim.addCertificate({
            accountId: CERT_ACCOUNT,
            region: REGION,
            domainName: primary,
            subjectAlternativeNames: [...names]
          })
        : undefined
    const config = configFor(names)
    const clients = createAwsClients(config, staticIdentities)
    sim.resetLog()
    const started = performance.now()
    const found = await findReusableCertificate(clients.acm, certificateSpec(config), { log: silentLog }, clock.now())
    const ms = performance.now() - started
    clients.acm.destroy()
    clients.route53.destroy()
    return {
      certificates,
      listCertificates: sim.calls('acm', 'ListCertificates'),
      describeCertificate: sim.calls('acm', 'DescribeCertificate'),
      found: found !== undefined && found.arn === match,
      ms
    }
  } finally {
    await world.stop()
  }
}

export interface RunCostPoint {
  zones: number
  names: number
  /** Distinct record names' candidate suffixes up to their zone: the budget for ListHostedZonesByName. */
  candidateSuffixes: number
  zonesWritten: number
  calls: Record<string, number>
  /** Accepted ChangeResourceRecordSets in the zone that got the most. */
  maxChangesPerZone: number
  ms: number
}

/** The suffixes the zone lookup may ask about: for each distinct validation record, up to its zone. */
export function candidateSuffixes(sim: Simulator, names: readonly string[]): Set<string> {
  const publicZones = new Set(
    sim
      .zones()
      .filter((z) => !z.privateZone && !z.linkedService)
      .map((z) => z.name.replace(/\.$/, ''))
  )
  const suffixes = new Set<string>()
  for (const base of new Set(names.map(wildcardBase))) {
    for (const suffix of parentSuffixes(`_validation.${base}`)) {
      suffixes.add(suffix)
      if (publicZones.has(suffix)) break
    }
  }
  return suffixes
}

/** A whole runRequest() for `names` in a DNS account with `zones` hosted zones (example.org added for spread). */
export async function runCost(zones: number, names: readonly string[]): Promise<RunCostPoint> {
  const clock = virtualClock()
  const world = await startWorld({ clock, domainsPerCertificateQuota: 100 })
  try {
    const { sim } = world
    sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.org' })
    seedZones(sim, zones)
    sim.resetLog()
    const started = performance.now()
    const result = await runInProcess(configFor(names), clock)
    const ms = performance.now() - started
    const calls: Record<string, number> = {}
    const perZone = new Map<string, number>()
    for (const r of sim.requests) {
      calls[r.operation] = (calls[r.operation] ?? 0) + 1
      if (r.operation === 'ChangeResourceRecordSets' && r.status === 200)
        perZone.set(String(r.params['Id']), (perZone.get(String(r.params['Id'])) ?? 0) + 1)
    }
    return {
      zones: sim.zones().length,
      names: names.length,
      candidateSuffixes: candidateSuffixes(sim, names).size,
      zonesWritten: new Set(result.records.map((r) => r.hostedZoneId)).size,
      calls,
      maxChangesPerZone: Math.max(0, ...perZone.values()),
      ms
    }
  } finally {
    await world.stop()
  }
}

/** n names: a primary and hosts under example.com, dev.example.com and example.org in turn. */
export function spreadNames(n: number): string[] {
  const parents = ['example.com', 'dev.example.com', 'example.org']
  return Array.from({ length: n }, (_, i) =>
    i === 0 ? 'example.com' : `h${i}.${parents[i % parents.length] ?? 'example.com'}`
  )
}
