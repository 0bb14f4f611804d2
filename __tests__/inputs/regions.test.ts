// aws-region as a list (issue 14): one Region reads as it always did (token included); several are
// each checked, kept in order, and give each Region a Config with its own idempotency token.
import { Inputs } from '../../src/constants.js'
import { InputError } from '../../src/errors.js'
import { deriveIdempotencyToken } from '../../src/inputs/index.js'
import { configForRegion } from '../../src/inputs/regions.js'
import type { Config } from '../../src/types.js'
import { configFrom, inputErrorFrom } from '../../__fixtures__/config.js'

const ARN = 'arn:aws:acm:eu-west-1:111111111111:certificate/abc'

const BASE: Record<string, string> = { [Inputs.DomainName]: 'example.com' }

function configOf(inputs: Record<string, string>, env: Record<string, string> = {}): Config {
  return configFrom({ ...BASE, ...inputs }, env)
}

function errorOf(inputs: Record<string, string>, env: Record<string, string> = {}): InputError {
  return inputErrorFrom({ ...BASE, ...inputs }, env)
}

describe('aws-region with one Region', () => {
  it.each([
    ['us-east-1', {}, 'us-east-1'],
    [' us-east-1 ', {}, 'us-east-1'],
    ['us-east-1,', {}, 'us-east-1'],
    ['us-east-1\nus-east-1', {}, 'us-east-1'],
    ['', { AWS_REGION: 'eu-west-2' }, 'eu-west-2'],
    ['', { AWS_DEFAULT_REGION: 'ap-south-1' }, 'ap-south-1']
  ])('%j (env %j) → %s, as before', (given, env, region) => {
    const config = configOf({ [Inputs.AwsRegion]: given }, env)
    expect([config.region, config.regions]).toEqual([region, [region]])
  })

  it('keeps the idempotency token a single Region always had', () => {
    const config = configOf({ [Inputs.AwsRegion]: 'us-east-1' })
    expect(config.idempotencyToken).toBe(deriveIdempotencyToken({ ...config, region: 'us-east-1' }))
    // The token still hashes the Region, as it always did.
    expect(config.idempotencyToken).not.toBe(configOf({ [Inputs.AwsRegion]: 'eu-west-1' }).idempotencyToken)
    expect(configForRegion(config, 'us-east-1', deriveIdempotencyToken)).toBe(config)
  })

  it('still takes the Region of certificate-arn, and refuses another one', () => {
    expect(configOf({ [Inputs.Mode]: 'status', [Inputs.CertificateArn]: ARN }).regions).toEqual(['eu-west-1'])
    expect(
      errorOf({ [Inputs.Mode]: 'status', [Inputs.CertificateArn]: ARN, [Inputs.AwsRegion]: 'us-east-1' }).message
    ).toMatch(/differs from the Region of certificate-arn \(eu-west-1\)/)
  })
})

describe('aws-region with several Regions', () => {
  it.each([
    ['us-east-1, eu-central-1', ['us-east-1', 'eu-central-1']],
    ['us-east-1\neu-central-1\n', ['us-east-1', 'eu-central-1']],
    ['eu-central-1,us-east-1,eu-central-1', ['eu-central-1', 'us-east-1']],
    ['us-east-1 eu-west-1 ap-southeast-2', ['us-east-1', 'eu-west-1', 'ap-southeast-2']]
  ])('%j → %j, the first one being region', (given, regions) => {
    const config = configOf({ [Inputs.AwsRegion]: given }, { AWS_REGION: 'sa-east-1' })
    expect(config.regions).toEqual(regions)
    expect(config.region).toBe(regions[0])
    expect(Object.isFrozen(config.regions)).toBe(true)
  })

  it('gives each Region the token a single-Region run for it computes, so the two converge', () => {
    const both = configOf({ [Inputs.AwsRegion]: 'us-east-1, eu-central-1' })
    const euAlone = configOf({ [Inputs.AwsRegion]: 'eu-central-1' })
    const usAlone = configOf({ [Inputs.AwsRegion]: 'us-east-1' })
    const eu = configForRegion(both, 'eu-central-1', deriveIdempotencyToken)
    expect([eu.region, eu.regions, eu.idempotencyToken]).toEqual([
      'eu-central-1',
      ['eu-central-1'],
      euAlone.idempotencyToken
    ])
    expect(configForRegion(both, 'us-east-1', deriveIdempotencyToken).idempotencyToken).toBe(usAlone.idempotencyToken)
    expect(both.idempotencyToken).toBe(usAlone.idempotencyToken)
    expect(eu.idempotencyToken).not.toBe(usAlone.idempotencyToken)
  })

  it('names the entry that is not a Region, with the whole value', () => {
    const err = errorOf({ [Inputs.AwsRegion]: 'us-east-1, eu-centrall' })
    expect(err.input).toBe(Inputs.AwsRegion)
    expect(err.value).toBe('us-east-1, eu-centrall')
    expect(err.message).toMatch(/entry 'eu-centrall' is not an AWS Region code/)
    expect(err.hint).toMatch(/Region code/)
  })

  it('refuses a list with a misspelt Region, naming the entry and the Region meant (nothing is requested anywhere)', () => {
    const err = errorOf({ [Inputs.AwsRegion]: 'us-east-1, eu-centrl-1' })
    expect(err.message).toMatch(
      /entry 'eu-centrl-1' is not a Region the AWS SDK knows: no Region has the word 'centrl'/
    )
    expect(err.hint).toBe('Check the Region code. Did you mean eu-central-1?')
  })

  it('refuses several Regions in mode audit (one Region per step)', () => {
    expect(errorOf({ [Inputs.Mode]: 'audit', [Inputs.AwsRegion]: 'us-east-1, eu-west-1' }).message).toMatch(
      /lists 2 Regions; mode audit checks one Region per step/
    )
  })

  it('refuses Regions of two partitions (no one set of credentials reaches both)', () => {
    expect(errorOf({ [Inputs.AwsRegion]: 'us-east-1, cn-north-1' }).message).toMatch(
      /mixes AWS partitions \(aws, aws-cn\)/
    )
  })

  it('lets status and delete go by names in each Region, and refuses certificate-arn (one certificate, one Region)', () => {
    expect(configOf({ [Inputs.Mode]: 'status', [Inputs.AwsRegion]: 'us-east-1, eu-west-1' })).toMatchObject({
      mode: 'status',
      certificateArn: undefined,
      regions: ['us-east-1', 'eu-west-1']
    })
    const err = errorOf({
      [Inputs.Mode]: 'delete',
      [Inputs.CertificateArn]: ARN,
      [Inputs.AwsRegion]: 'us-east-1, eu-west-1'
    })
    expect(err.message).toMatch(/lists 2 Regions, but certificate-arn names one certificate in one Region/)
    expect(err.hint).toMatch(/Give domain-name/)
    // One Region: status still needs certificate-arn, as before.
    expect(errorOf({ [Inputs.Mode]: 'status', [Inputs.AwsRegion]: 'us-east-1' }).message).toMatch(
      /is required with mode status/
    )
  })
})
