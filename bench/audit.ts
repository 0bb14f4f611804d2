// `npx tsx bench/audit.ts [certificates] [zones]`: the renewal guard's cost on the simulator with
// ACM's and Route 53's API rate quotas on (issue 15: 500 certificates in 50 zones in under 2 minutes,
// within the Route 53 rate limit). Runs dist/index.js once in mode audit and prints the wall time,
// the calls per operation (successful and throttled) and the verdict totals. Not part of `npm run bench`.
import { MANAGED_BY_TAG } from '../src/constants.js'
import { EXAMPLE, seedExample, Simulator, validationRecord } from '../sim/index.js'
import { runAction } from '../sim/runner.js'

const certificates = Number(process.argv[2] ?? 500)
const zoneCount = Number(process.argv[3] ?? 50)
const DAY = 86_400_000

const sim = await Simulator.start({ dns: true, enforceQuotas: true })
try {
  seedExample(sim)
  const zones = Array.from({ length: zoneCount }, (_, z) =>
    sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: `zone${z}.test` })
  )
  for (let i = 0; i < certificates; i++) {
    const z = i % zoneCount
    const names = [`c${i}.zone${z}.test`, `www.c${i}.zone${z}.test`]
    sim.addCertificate({
      accountId: EXAMPLE.certificateAccount,
      region: EXAMPLE.region,
      domainName: names[0] as string,
      subjectAlternativeNames: names,
      status: 'ISSUED',
      notAfter: Date.now() + 300 * DAY,
      inUseBy: [`arn:aws:cloudfront::${EXAMPLE.certificateAccount}:distribution/EBENCH`],
      renewalEligibility: 'ELIGIBLE',
      tags: { [MANAGED_BY_TAG]: 'bench' }
    })
    for (const name of names) {
      const r = validationRecord(EXAMPLE.certificateAccount, name)
      sim.putRecord(zones[z] as string, { name: r.name, type: 'CNAME', ttl: 300, values: [r.value] })
    }
  }
  sim.resetLog()
  const result = await runAction({
    killAfterMs: 600_000,
    inputs: {
      mode: 'audit',
      'aws-region': EXAMPLE.region,
      'role-to-assume': EXAMPLE.certificateRole,
      'dns-role-to-assume': EXAMPLE.dnsRole,
      'dns-resolvers': sim.dnsServer
    },
    env: sim.env()
  })
  const counts = new Map<string, { ok: number; throttled: number }>()
  for (const r of sim.requests) {
    const key = `${r.service} ${r.operation}`
    const entry = counts.get(key) ?? { ok: 0, throttled: 0 }
    if (r.status === 200) entry.ok++
    else if (/Throttl/.test(r.errorCode ?? '')) entry.throttled++
    counts.set(key, entry)
  }
  const report = JSON.parse(result.outputs['report'] ?? '{}') as { totals?: unknown }
  console.log(
    `audit of ${certificates} certificates in ${zoneCount} zones: exit ${result.exitCode}, ${(result.durationMs / 1000).toFixed(1)} s wall`
  )
  console.log('totals', JSON.stringify(report.totals))
  for (const [op, c] of [...counts].sort())
    console.log(`${op.padEnd(40)} ${String(c.ok).padStart(5)} ok ${String(c.throttled).padStart(4)} throttled`)
  console.log(`report output: ${(result.outputs['report'] ?? '').length} characters`)
  if (result.exitCode !== 0)
    console.log(
      result.stdout
        .split('\n')
        .filter((l) => l.startsWith('::error'))
        .join('\n')
    )
} finally {
  await sim.stop()
}
