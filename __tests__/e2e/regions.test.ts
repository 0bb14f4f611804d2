// Several Regions in one step (issue 14), through dist/index.js as the runner runs it: one
// certificate per Region with the same names, the validation CNAMEs written once for all of them,
// outputs keyed by Region, a failure in one Region reported with every Region's outcome, and
// re-runs that resume every Region.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunnerResult } from '../../sim/runner.js'
import { EXAMPLE, explain, recordsOf, roles, startWorld, validationRecordsOutput, type World } from './world.js'
import { OTHER_REGION, REGION } from '../../__fixtures__/accounts.js'

const CERT_ACCOUNT = EXAMPLE.certificateAccount
const US = REGION
const EU = OTHER_REGION
const TWO = `${US}, ${EU}`
const NAMES = { 'domain-name': 'example.com', 'subject-alternative-names': 'www.example.com', ...roles }

let world: World | undefined
afterEach(async () => {
  await world?.stop()
  world = undefined
})

/** The JSON object outputs, parsed; `{}` when absent, so a missing output fails the comparison. */
function byRegion(result: RunnerResult, output: 'certificate-arns' | 'statuses'): Record<string, string> {
  return JSON.parse(result.outputs[output] ?? '{}') as Record<string, string>
}

const ok = (result: RunnerResult) => ({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) })
const regionOf = (arn: string | undefined): string | undefined => arn?.split(':')[3]
const requestsIn = (w: World, region: string): number =>
  w.sim.requests.filter((r) => r.operation === 'RequestCertificate' && r.region === region).length

describe('two Regions', () => {
  it('fresh: one certificate per Region, the records written once, outputs as action.yml declares them', async () => {
    world = await startWorld()
    const result = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(result)).toEqual({ exit: 0, log: '' })

    const arns = byRegion(result, 'certificate-arns')
    expect(Object.keys(arns)).toEqual([US, EU])
    expect(regionOf(arns[US])).toBe(US)
    expect(regionOf(arns[EU])).toBe(EU)
    expect(byRegion(result, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })
    // certificate-arn and status: the first Region's
    expect(result.outputs).toMatchObject({
      'certificate-arn': arns[US],
      status: 'ISSUED',
      'domain-name': 'example.com'
    })

    const certs = world.sim.certificates(CERT_ACCOUNT)
    expect(certs.map((c) => [c.region, c.arn, c.status, c.names]).sort()).toEqual(
      [
        [EU, arns[EU], 'ISSUED', ['example.com', 'www.example.com']],
        [US, arns[US], 'ISSUED', ['example.com', 'www.example.com']]
      ].sort()
    )
    expect([requestsIn(world, US), requestsIn(world, EU)]).toEqual([1, 1])

    // The same two CNAMEs validate both Regions: written once, in one change.
    expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(1)
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(2)
    const written = validationRecordsOutput(result)
    expect(written).toHaveLength(2)
    for (const record of written) expect(record.hostedZoneId).toBe(world.zones.publicZoneId)
    expect(world.sim.requests.filter((r) => r.status >= 400)).toEqual([])

    // Per-Region progress in the log, one table per Region in the summary.
    expect(result.stdout).toMatch(/\[us-east-1\] .*example\.com: /)
    expect(result.stdout).toMatch(/\[eu-central-1\] .*example\.com: /)
    expect(result.summary).toMatch(/## ✅ ACM certificates: ISSUED in us-east-1, eu-central-1/)
    expect(result.summary).toContain('### us-east-1')
    expect(result.summary).toContain('### eu-central-1')
    expect(result.summary?.match(/^\| Name \| Hosted zone \|/gm)).toHaveLength(2)
  })

  it('cost the Route 53 writes of one Region: one ChangeResourceRecordSets per zone in all', async () => {
    const inputs = { ...NAMES, 'subject-alternative-names': 'api.dev.example.com' }
    const changes = async (regions: string): Promise<{ exit: number | null; changes: number; zones: string[] }> => {
      const w = await startWorld()
      try {
        const result = await w.run({ ...inputs, 'aws-region': regions })
        const zones = w.sim.requests
          .filter((r) => r.operation === 'ChangeResourceRecordSets')
          .map((r) => String(r.params['Id']))
        return {
          exit: result.exitCode,
          changes: w.sim.calls('route53', 'ChangeResourceRecordSets'),
          zones: zones.sort()
        }
      } finally {
        await w.stop()
      }
    }
    const one = await changes(US)
    const two = await changes(TWO)
    expect(one).toMatchObject({ exit: 0, changes: 2 })
    expect(two).toEqual(one)
    expect(new Set(two.zones).size).toBe(2)
  })

  it('one reused and one new: the Region that has its certificate keeps it, the other requests one', async () => {
    world = await startWorld()
    const first = await world.run({ ...NAMES, 'aws-region': US })
    expect(ok(first)).toEqual({ exit: 0, log: '' })
    // One Region is a list of one: certificate-arns and statuses too (issue 21).
    expect(byRegion(first, 'certificate-arns')).toEqual({ [US]: first.outputs['certificate-arn'] })
    expect(byRegion(first, 'statuses')).toEqual({ [US]: 'ISSUED' })

    const both = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(both)).toEqual({ exit: 0, log: '' })
    const arns = byRegion(both, 'certificate-arns')
    expect(arns[US]).toBe(first.outputs['certificate-arn'])
    expect(regionOf(arns[EU])).toBe(EU)
    expect(byRegion(both, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })
    expect([requestsIn(world, US), requestsIn(world, EU)]).toEqual([1, 1])
    expect(both.summary).toMatch(/\| us-east-1 \| `arn:[^`]+` \| ✅ ISSUED \| yes \|/)
    expect(both.summary).toMatch(/\| eu-central-1 \| `arn:[^`]+` \| ✅ ISSUED \| no, newly requested \|/)
    expect(recordsOf(world, world.zones.publicZoneId, 'CNAME')).toHaveLength(2)
  })

  it('a repeated Region ("us-east-1, us-east-1") is one Region, and keeps certificate-arns and statuses', async () => {
    world = await startWorld()
    const result = await world.run({ ...NAMES, 'aws-region': `${US}, ${US}` })
    expect(ok(result)).toEqual({ exit: 0, log: '' })
    expect(byRegion(result, 'certificate-arns')).toEqual({ [US]: result.outputs['certificate-arn'] })
    expect(byRegion(result, 'statuses')).toEqual({ [US]: 'ISSUED' })
    expect(requestsIn(world, US)).toBe(1)
  })

  it('one FAILED while the other issues: the step fails naming both, the issued one is kept, a re-run completes', async () => {
    world = await startWorld({ failCertificates: { reason: 'CAA_ERROR', region: EU } })
    const reportFile = join(mkdtempSync(join(tmpdir(), 'acm-regions-')), 'report.json')
    const failed = await world.run({ ...NAMES, 'aws-region': TWO, 'report-file': reportFile })
    expect(failed.exitCode).toBe(1)
    const arns = byRegion(failed, 'certificate-arns')
    expect(Object.keys(arns)).toEqual([US, EU])
    expect(byRegion(failed, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'FAILED' })
    expect(failed.outputs['certificate-arn']).toBe(arns[US])
    expect(failed.stdout).toMatch(/::error title=[^:]*::The certificate did not come through in 1 of 2 Regions/)
    expect(failed.stdout).toContain(`- us-east-1: ISSUED ${arns[US]} (kept)`)
    expect(failed.stdout).toMatch(new RegExp(`- eu-central-1: FAILED ${arns[EU]}: .*CAA`))
    expect(failed.summary).toMatch(/## ❌ ACM certificates: ISSUED in us-east-1; FAILED \([^)]+\) in eu-central-1/)
    expect(world.sim.certificates(CERT_ACCOUNT).find((c) => c.arn === arns[US])?.status).toBe('ISSUED')
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { outcome: string; regions: unknown[] }
    expect(report.outcome).toBe('failure')
    expect(report.regions).toEqual([
      expect.objectContaining({ region: US, certificateArn: arns[US], status: 'ISSUED', error: null }),
      expect.objectContaining({ region: EU, certificateArn: arns[EU], status: 'FAILED', error: expect.any(Object) })
    ])

    world.sim.scenario.failCertificates = undefined // the user fixed the CAA record
    const again = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(again)).toEqual({ exit: 0, log: '' })
    const after = byRegion(again, 'certificate-arns')
    expect(after[US]).toBe(arns[US])
    expect(after[EU]).not.toBe(arns[EU])
    expect(byRegion(again, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })
    expect(requestsIn(world, US)).toBe(1)
  })

  it('a quota in one Region fails the step; the other Region still gets its certificate', async () => {
    world = await startWorld()
    world.sim.scenario.certificatesPerYearQuota = 1
    // eu-central-1 has used its one certificate of the year already.
    const other = await world.run({ 'domain-name': 'other.example.com', ...roles, 'aws-region': EU })
    expect(other.exitCode).toBe(0)
    const result = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(result.exitCode).toBe(1)
    expect(byRegion(result, 'statuses')).toEqual({ [US]: 'ISSUED' })
    expect(Object.keys(byRegion(result, 'certificate-arns'))).toEqual([US])
    expect(result.stdout).toMatch(/- eu-central-1: FAILED: .*limit/i)
  })

  it('a timeout in one Region fails the step naming both; the certificate issued in the other is kept', async () => {
    // us-east-1 issues 600 ms after its records; eu-central-1 would take 10 minutes, past timeout-minutes.
    world = await startWorld({ issuanceDelayMsByRegion: { [EU]: 600_000 } })
    const result = await world.run({ ...NAMES, 'aws-region': TWO, 'timeout-minutes': '0.05' })
    expect(result.exitCode).toBe(1)
    const arns = byRegion(result, 'certificate-arns')
    expect(Object.keys(arns)).toEqual([US, EU])
    expect(regionOf(arns[US])).toBe(US)
    expect(regionOf(arns[EU])).toBe(EU)
    expect(byRegion(result, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'PENDING_VALIDATION' })
    expect(result.outputs['certificate-arn']).toBe(arns[US])
    expect(result.stdout).toMatch(/::error title=Timed out::The certificate did not come through in 1 of 2 Regions/)
    expect(result.stdout).toContain(`- us-east-1: ISSUED ${arns[US]} (kept)`)
    expect(result.stdout).toMatch(new RegExp(`- eu-central-1: PENDING_VALIDATION ${arns[EU]}: .*not issued yet`))
    expect(result.stdout).toMatch(/re-run with the same inputs/i)
    const certs = world.sim.certificates(CERT_ACCOUNT)
    expect(certs.map((c) => [c.region, c.status]).sort()).toEqual([
      [EU, 'PENDING_VALIDATION'],
      [US, 'ISSUED']
    ])
    expect([requestsIn(world, US), requestsIn(world, EU)]).toEqual([1, 1])
  })

  it('a re-run after a cancel in the middle resumes both Regions with the same certificates', async () => {
    world = await startWorld({ issuanceDelayMs: 600_000 })
    const cancelled = await world.run({ ...NAMES, 'aws-region': TWO }, { cancelAfterMs: 2500 })
    expect(cancelled.exitCode).toBe(1)
    expect(cancelled.sigtermSent).toBe(false)
    expect(cancelled.stdout).toMatch(/::error title=Cancelled::/)
    const arns = byRegion(cancelled, 'certificate-arns')
    expect(Object.keys(arns)).toEqual([US, EU])
    expect(byRegion(cancelled, 'statuses')).toEqual({ [US]: 'PENDING_VALIDATION', [EU]: 'PENDING_VALIDATION' })
    expect(cancelled.outputs['certificate-arn']).toBe(arns[US])

    world.sim.scenario.issuanceDelayMs = 500
    const resumed = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(resumed)).toEqual({ exit: 0, log: '' })
    expect(byRegion(resumed, 'certificate-arns')).toEqual(arns)
    expect(byRegion(resumed, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })
    expect([requestsIn(world, US), requestsIn(world, EU)]).toEqual([1, 1])
    expect(resumed.outputs['reused']).toBe('true')
  })
})

describe('Regions the AWS SDK does not list', () => {
  it('warns for each listed Region it does not know, and goes on in it', async () => {
    world = await startWorld()
    const result = await world.run({ ...NAMES, 'aws-region': 'us-east-1, us-east-3', wait: 'false' })
    expect(ok(result)).toEqual({ exit: 0, log: '' })
    expect(result.stdout).toMatch(/::warning title=AWS Region::Region us-east-3 is not in the AWS SDK's Region list/)
    expect(result.stdout).not.toMatch(/Region us-east-1 is not in/)
    expect(regionOf(byRegion(result, 'certificate-arns')['us-east-3'])).toBe('us-east-3')
  })
})

describe('the pre-flight over two Regions', () => {
  it('runs and reports once; with preflight: fail a problem stops both Regions with the one error', async () => {
    world = await startWorld()
    world.sim.putRecord(world.zones.publicZoneId, {
      name: 'example.com',
      type: 'CAA',
      values: ['0 issue "letsencrypt.org"']
    })
    const caaWarnings = (r: RunnerResult): number =>
      r.stdout.match(/::warning title=Pre-flight CAA check::/g)?.length ?? 0
    const alone = await world.run({ ...NAMES, 'aws-region': US })
    const warned = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(warned)).toEqual({ exit: 0, log: '' })
    expect(caaWarnings(alone)).toBeGreaterThan(0)
    expect(caaWarnings(warned)).toBe(caaWarnings(alone))

    world.sim.resetLog()
    const stopped = await world.run({
      ...NAMES,
      'aws-region': TWO,
      preflight: 'fail',
      'domain-name': 'www.example.com',
      'subject-alternative-names': 'example.com, api.example.com'
    })
    expect(stopped.exitCode).toBe(1)
    expect(stopped.stdout.match(/::error title=[^:]*::Pre-flight checks found \d+ problem/g)).toHaveLength(1)
    expect(stopped.stdout).not.toMatch(/did not come through/)
    expect(world.sim.calls('acm', 'RequestCertificate')).toBe(0)
  })
})

describe('dns-provider: external over two Regions', () => {
  it('publishes the records once for both Regions; a later run picks both certificates up', async () => {
    world = await startWorld()
    const inputs = { ...NAMES, 'dns-provider': 'external', 'aws-region': TWO }
    const first = await world.run({ ...inputs, wait: 'false' })
    expect(ok(first)).toEqual({ exit: 0, log: '' })
    expect(byRegion(first, 'statuses')).toEqual({ [US]: 'PENDING_VALIDATION', [EU]: 'PENDING_VALIDATION' })
    const published = validationRecordsOutput(first)
    expect(published).toHaveLength(2)
    expect(first.stdout.match(/Create these 2 CNAME records at your DNS provider/g)).toHaveLength(1)
    expect(first.stdout.match(/::notice title=Certificate not issued yet::/g)).toHaveLength(2)
    expect(first.summary).toMatch(/### DNS records to create/)
    expect(world.sim.calls('route53')).toBe(0)

    for (const record of published)
      world.sim.putRecord(world.zones.publicZoneId, { name: record.name, type: 'CNAME', values: [record.value] })
    const second = await world.run(inputs)
    expect(ok(second)).toEqual({ exit: 0, log: '' })
    expect(byRegion(second, 'certificate-arns')).toEqual(byRegion(first, 'certificate-arns'))
    expect(byRegion(second, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })
  })
})

describe('status and delete over several Regions', () => {
  it('status reports each Region; delete removes the action certificates with these names in each', async () => {
    world = await startWorld()
    const made = await world.run({ ...NAMES, 'aws-region': TWO })
    expect(ok(made)).toEqual({ exit: 0, log: '' })
    const arns = byRegion(made, 'certificate-arns')
    const status = await world.run({ ...NAMES, mode: 'status', 'aws-region': TWO })
    expect(ok(status)).toEqual({ exit: 0, log: '' })
    expect(byRegion(status, 'certificate-arns')).toEqual(arns)
    expect(byRegion(status, 'statuses')).toEqual({ [US]: 'ISSUED', [EU]: 'ISSUED' })

    // An unmanaged certificate with the same names in eu-central-1 is left alone.
    const foreign = world.sim.addCertificate({
      accountId: CERT_ACCOUNT,
      region: EU,
      domainName: 'example.com',
      subjectAlternativeNames: ['www.example.com']
    })

    const deleted = await world.run({ ...NAMES, mode: 'delete', 'aws-region': TWO })
    expect(ok(deleted)).toEqual({ exit: 0, log: '' })
    expect(byRegion(deleted, 'statuses')).toEqual({ [US]: 'DELETED', [EU]: 'DELETED' })
    expect(world.sim.certificates(CERT_ACCOUNT).map((c) => c.arn)).toEqual([foreign])
  })
})
