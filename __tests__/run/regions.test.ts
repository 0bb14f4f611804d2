// runInRegions (issue 14, issue 21): every run goes through it, one Region being a list of one. The
// Regions run at once; one Region's failure (FAILED, quota, timeout) is an event while the others
// finish, and the Outcome's failure names every Region's end; an error every Region met is the run's
// error, as for one Region; each fact is in the Outcome as soon as it is emitted.
import type { ACMClient } from '@aws-sdk/client-acm'
import { fakeClock } from '../../__fixtures__/clock.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { Inputs } from '../../src/constants.js'
import { CertificateFailedError, DeadlineError, DnsError } from '../../src/errors.js'
import { readConfig } from '../../src/inputs/index.js'
import { emitIn, type RunDeps } from '../../src/run/deps.js'
import { planRegions } from '../../src/run/index.js'
import { failureOf, reduce, startOutcome, type Outcome, type RunEvent } from '../../src/run/outcome.js'
import { runInRegions, type RegionPlan } from '../../src/run/regions.js'

const REGIONS = ['us-east-1', 'eu-central-1']
const configOf = (regions: readonly string[]) =>
  readConfig((name) => ({ [Inputs.DomainName]: 'example.com', [Inputs.AwsRegion]: regions.join(',') })[name] ?? '', {})
const config = configOf(REGIONS)
const fakeAcm = (region: string) => ({ region }) as unknown as ACMClient
const regions: RegionPlan[] = planRegions(config, fakeAcm('us-east-1'), new Map(REGIONS.map((r) => [r, fakeAcm(r)])))
const arnIn = (region: string): string => `arn:aws:acm:${region}:111111111111:certificate/${region}`

function issued(deps: RunDeps): void {
  emitIn(deps, { type: 'status', status: 'ISSUED', notAfter: new Date('2027-01-01T00:00:00Z') })
}

/** RunDeps whose events are reduced into `outcome()`, as main does; `heard` keeps every Outcome on the way. */
function depsFor(plans: readonly RegionPlan[] = regions) {
  const log = recordingLogger()
  let outcome = reduce(startOutcome(), {
    type: 'started',
    mode: 'request',
    externalDns: false,
    names: ['example.com'],
    keyAlgorithm: 'RSA_2048',
    regions: plans.map((p) => p.config.region)
  })
  const heard: Outcome[] = []
  const emit = (event: RunEvent): void => {
    outcome = reduce(outcome, event)
    heard.push(outcome)
  }
  const deps: RunDeps = { config, acm: fakeAcm('us-east-1'), clock: fakeClock(), log, emit }
  return { deps, log, heard, outcome: () => outcome }
}

describe('runInRegions', () => {
  it('runs each Region with its own Config, ACM client and a log led by the Region', async () => {
    const { deps, log, heard, outcome } = depsFor()
    const seen: [string, string, unknown][] = []
    await runInRegions(deps, regions, async (d) => {
      seen.push([d.config.region, d.config.idempotencyToken, (d.acm as unknown as { region: string }).region])
      emitIn(d, { type: 'certificate', arn: arnIn(d.config.region), reused: false })
      d.log.info('example.com: SUCCESS')
      issued(d)
    })
    expect(seen.sort()).toEqual(
      [
        ['eu-central-1', regions[1]?.config.idempotencyToken, 'eu-central-1'],
        ['us-east-1', config.idempotencyToken, 'us-east-1']
      ].sort()
    )
    expect(outcome().regions.map((o) => [o.region, o.certificateArn, o.status, o.reused])).toEqual([
      ['us-east-1', arnIn('us-east-1'), 'ISSUED', false],
      ['eu-central-1', arnIn('eu-central-1'), 'ISSUED', false]
    ])
    expect(failureOf(outcome())).toBeUndefined()
    expect(log.lines.map((l) => l.message)).toEqual(
      expect.arrayContaining(['[us-east-1] example.com: SUCCESS', '[eu-central-1] example.com: SUCCESS'])
    )
    // The ARN was known before the Region ended.
    expect(heard.map((o) => o.regions[1]).find((o) => o?.certificateArn !== undefined)).toMatchObject({
      certificateArn: arnIn('eu-central-1'),
      status: undefined
    })
  })

  it('runs one Region as a list of one: its own log, no Region prefix', async () => {
    const one = planRegions(configOf(['us-east-1']), fakeAcm('us-east-1'))
    const { deps, log, outcome } = depsFor(one)
    await runInRegions({ ...deps, config: one[0]?.config ?? config }, one, async (d) => {
      emitIn(d, { type: 'certificate', arn: arnIn(d.config.region), reused: true })
      d.log.info('example.com: SUCCESS')
      issued(d)
    })
    expect(outcome().regions.map((o) => [o.region, o.certificateArn, o.status])).toEqual([
      ['us-east-1', arnIn('us-east-1'), 'ISSUED']
    ])
    expect(log.lines.map((l) => l.message)).toEqual(['example.com: SUCCESS'])
  })

  it.each([
    [
      'FAILED',
      new CertificateFailedError('arn', 'FAILED', {
        message: 'CAA_ERROR: CAA forbids Amazon for example.com',
        hint: 'Allow amazon.com in CAA.'
      }),
      'FAILED'
    ],
    ['a timeout', new DeadlineError('wait', 'still PENDING_VALIDATION after 60 min'), undefined],
    [
      'a timeout with the status last seen',
      new DeadlineError('wait', 'still PENDING_VALIDATION after 60 min', {}, 'PENDING_VALIDATION'),
      'PENDING_VALIDATION'
    ]
  ])('fails naming both Regions when one ends in %s, after the other finished', async (_what, error, status) => {
    const { deps, outcome } = depsFor()
    await runInRegions(deps, regions, async (d) => {
      emitIn(d, { type: 'certificate', arn: arnIn(d.config.region), reused: false })
      if (d.config.region === 'eu-central-1') throw error
      await new Promise((resolve) => setTimeout(resolve, 20)) // us-east-1 ends after eu-central-1 failed
      issued(d)
    })
    const message = failureOf(outcome())?.message ?? ''
    expect(message).toMatch(/in 1 of 2 Regions/)
    expect(message).toContain(`- us-east-1: ISSUED ${arnIn('us-east-1')} (kept)`)
    expect(message).toContain(`- eu-central-1: ${status ?? 'FAILED'} ${arnIn('eu-central-1')}: ${error.message}`)
    const [us, eu] = outcome().regions
    expect(us).toMatchObject({ status: 'ISSUED', error: undefined })
    expect(eu).toMatchObject({ status, error: { title: error.title } })
  })

  it('rethrows the one error every Region met (the record write), as a single Region would', async () => {
    const { deps } = depsFor()
    const denied = new DnsError('AccessDenied on ChangeResourceRecordSets for zone example.com')
    await expect(runInRegions(deps, regions, () => Promise.reject(denied))).rejects.toBe(denied)
  })

  it('fails with every Region named when each failed on its own', async () => {
    const { deps, outcome } = depsFor()
    await runInRegions(deps, regions, (d) => Promise.reject(new Error(`boom in ${d.config.region}`)))
    const failure = failureOf(outcome())
    expect(failure?.title).toBe('Certificates failed')
    expect(failure?.message).toMatch(/in 2 of 2 Regions/)
  })

  it('runs the pre-flight once for all Regions through the shared once()', async () => {
    const { deps } = depsFor()
    let preflights = 0
    await runInRegions(deps, regions, async (d) => {
      await d.shared?.once('preflight', async () => {
        preflights++
      })
      issued(d)
    })
    expect(preflights).toBe(1)
  })
})
