// runInRegions (issue 14): every Region runs at once; one Region's failure (FAILED, quota, timeout)
// fails the run naming every Region's outcome while the others finish; an error every Region met is
// the run's error, as for one Region; outcomes are heard as they change.
import type { ACMClient } from '@aws-sdk/client-acm'
import { fakeClock } from '../__fixtures__/clock.js'
import { recordingLogger } from '../__fixtures__/logger.js'
import { Inputs } from '../src/constants.js'
import { CertificateFailedError, DeadlineError, DnsError, RegionsFailedError } from '../src/errors.js'
import { deriveIdempotencyToken, readConfig } from '../src/inputs/index.js'
import { configForRegion } from '../src/inputs/regions.js'
import { runInRegions, type RegionDeps } from '../src/modes/regions.js'
import type { RunDeps, RunResult } from '../src/modes/shared.js'
import type { RegionOutcome } from '../src/report.js'

const REGIONS = ['us-east-1', 'eu-central-1']
const config = readConfig(
  (name) => ({ [Inputs.DomainName]: 'example.com', [Inputs.AwsRegion]: REGIONS.join(',') })[name] ?? '',
  {}
)
const regions: RegionDeps[] = REGIONS.map((region) => ({
  config: configForRegion(config, region, deriveIdempotencyToken),
  acm: { region } as unknown as ACMClient
}))
const arnIn = (region: string): string => `arn:aws:acm:${region}:111111111111:certificate/${region}`

function issued(deps: RunDeps): RunResult {
  return {
    certificateArn: arnIn(deps.config.region),
    status: 'ISSUED',
    reused: false,
    names: deps.config.allNames,
    records: [],
    domains: [{ domain: 'example.com', validationStatus: 'SUCCESS' }],
    notAfter: new Date('2027-01-01T00:00:00Z'),
    elapsedMs: 0
  }
}

function depsFor() {
  const log = recordingLogger()
  const heard: RegionOutcome[] = []
  const deps: RunDeps = { config, acm: regions[0]?.acm as ACMClient, clock: fakeClock(), log }
  return { deps, log, heard, onRegion: (o: RegionOutcome) => heard.push(o) }
}

describe('runInRegions', () => {
  it('runs each Region with its own Config, ACM client and a log led by the Region; returns the first', async () => {
    const { deps, log, heard, onRegion } = depsFor()
    const seen: [string, string, unknown][] = []
    const result = await runInRegions(
      deps,
      regions,
      async (d) => {
        seen.push([d.config.region, d.config.idempotencyToken, (d.acm as unknown as { region: string }).region])
        d.hooks?.onCertificate?.(arnIn(d.config.region), false)
        d.log.info('example.com: SUCCESS')
        return issued(d)
      },
      onRegion
    )
    expect(seen.sort()).toEqual(
      [
        ['eu-central-1', regions[1]?.config.idempotencyToken, 'eu-central-1'],
        ['us-east-1', config.idempotencyToken, 'us-east-1']
      ].sort()
    )
    expect(result.certificateArn).toBe(arnIn('us-east-1'))
    expect(result.regions.map((o) => [o.region, o.certificateArn, o.status, o.reused])).toEqual([
      ['us-east-1', arnIn('us-east-1'), 'ISSUED', false],
      ['eu-central-1', arnIn('eu-central-1'), 'ISSUED', false]
    ])
    expect(log.lines.map((l) => l.message)).toEqual(
      expect.arrayContaining(['[us-east-1] example.com: SUCCESS', '[eu-central-1] example.com: SUCCESS'])
    )
    // The ARN was heard before the Region ended.
    expect(heard.find((o) => o.region === 'eu-central-1')).toMatchObject({
      certificateArn: arnIn('eu-central-1'),
      status: undefined
    })
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
    const { deps, heard, onRegion } = depsFor()
    const run = runInRegions(
      deps,
      regions,
      async (d) => {
        d.hooks?.onCertificate?.(arnIn(d.config.region), false)
        if (d.config.region === 'eu-central-1') throw error
        await new Promise((resolve) => setTimeout(resolve, 20)) // us-east-1 ends after eu-central-1 failed
        return issued(d)
      },
      onRegion
    )
    const err = await run.catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegionsFailedError)
    const message = (err as Error).message
    expect(message).toMatch(/in 1 of 2 Regions/)
    expect(message).toContain(`- us-east-1: ISSUED ${arnIn('us-east-1')} (kept)`)
    expect(message).toContain(`- eu-central-1: ${status ?? 'FAILED'} ${arnIn('eu-central-1')}: ${error.message}`)
    const last = (region: string) => heard.filter((o) => o.region === region).at(-1)
    expect(last('us-east-1')).toMatchObject({ status: 'ISSUED', error: undefined })
    expect(last('eu-central-1')).toMatchObject({ status, error: { title: error.title } })
  })

  it('rethrows the one error every Region met (the record write), as a single Region would', async () => {
    const { deps, onRegion } = depsFor()
    const denied = new DnsError('AccessDenied on ChangeResourceRecordSets for zone example.com')
    await expect(runInRegions(deps, regions, () => Promise.reject(denied), onRegion)).rejects.toBe(denied)
  })

  it('fails with every Region named when each failed on its own', async () => {
    const { deps, onRegion } = depsFor()
    const err = await runInRegions(
      deps,
      regions,
      (d) => Promise.reject(new Error(`boom in ${d.config.region}`)),
      onRegion
    ).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RegionsFailedError)
    expect((err as RegionsFailedError).title).toBe('Certificates failed')
    expect((err as Error).message).toMatch(/in 2 of 2 Regions/)
  })

  it('runs the pre-flight once for all Regions through the shared once()', async () => {
    const { deps, onRegion } = depsFor()
    let preflights = 0
    await runInRegions(
      deps,
      regions,
      async (d) => {
        await d.shared?.once('preflight', async () => {
          preflights++
        })
        return issued(d)
      },
      onRegion
    )
    expect(preflights).toBe(1)
  })
})
