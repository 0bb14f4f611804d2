// `npm run bench:audit -- [certificates] [zones] [--deny-get-resources]` (or `npx tsx bench/audit.ts …`):
// the renewal guard's cost on the simulator with ACM's and Route 53's API rate quotas on (issue 15: 500
// certificates in 50 zones within the Route 53 rate limit; issue 23: at ACM's DescribeCertificate quota of
// 10 a second, 2,500 certificates in about 250 s, within 10 %, and no ListTagsForCertificate when the role
// may call tag:GetResources; --deny-get-resources measures the fallback). Runs dist/index.js once in mode
// audit and prints the wall time against that bound, the calls per operation (successful and throttled)
// and the verdict totals. Not part of `npm run bench` (a 2,500-certificate run takes over 4 minutes).
import { MANAGED_BY_TAG } from '../src/constants.js'
import { EXAMPLE, seedExample, Simulator, validationRecord } from '../sim/index.js'
import { runAction } from '../sim/runner.js'

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const certificates = Number(positional[0] ?? 500)
const zoneCount = Number(positional[1] ?? 50)
const denyGetResources = process.argv.includes('--deny-get-resources')
const DAY = 86_400_000

const sim = await Simulator.start({
  dns: true,
  enforceQuotas: true,
  ...(denyGetResources && { deniedActions: ['tag:GetResources'] })
})
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
      notAfter: Date.now() + 150 * DAY,
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
  // DescribeCertificate, one per certificate at ACM's 10 a second, bounds the audit from below.
  const bound = certificates / (sim.scenario.quotas.acm['DescribeCertificate'] ?? 10)
  const seconds = result.durationMs / 1000
  console.log(
    `audit of ${certificates} certificates in ${zoneCount} zones${denyGetResources ? ' (tag:GetResources denied)' : ''}: ` +
      `exit ${result.exitCode}, ${seconds.toFixed(1)} s wall, ${((seconds / bound - 1) * 100).toFixed(1)} % over the ` +
      `${bound.toFixed(0)} s DescribeCertificate quota bound`
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
