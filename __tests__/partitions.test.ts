// Regions and ARNs against the bundled SDK's partition data: listed, new-looking, typo, malformed;
// ARNs of every partition split by the SDK's parser and checked against the Region's partition.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  arnAccountId,
  classifyRegion,
  editDistance,
  isListedRegion,
  listedRegions,
  parseAwsArn,
  partitionMismatch,
  regionPartition,
  suggestRegions
} from '../src/partitions.js'

describe('regionPartition and isListedRegion (the SDK data)', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eusc-de-east-1', 'aws-eusc']
  ])('%s is listed, in partition %s', (region, name) => {
    expect(isListedRegion(region)).toBe(true)
    expect(regionPartition(region)).toBe(name)
  })

  it('does not list pseudo-Regions or Region-shaped strings the data lacks', () => {
    expect(isListedRegion('aws-global')).toBe(false)
    expect(isListedRegion('us-east-9')).toBe(false)
    expect(isListedRegion('US-EAST-1')).toBe(false)
  })
})

describe('classifyRegion', () => {
  it('accepts a listed Region', () => {
    expect(classifyRegion('eu-central-2')).toEqual({ kind: 'listed', partition: 'aws' })
  })

  it('calls a number past the next one of a known group a typo, with the group and the nearest', () => {
    expect(classifyRegion('us-east-9')).toEqual({
      kind: 'typo',
      siblings: ['us-east-1', 'us-east-2'],
      suggestions: ['us-east-1', 'us-east-2']
    })
    expect(classifyRegion('us-west-0')).toMatchObject({ kind: 'typo' })
  })

  it('lets the next number of a group, or a new group, through as unlisted (a Region newer than the SDK)', () => {
    expect(classifyRegion('us-east-3')).toEqual({
      kind: 'unlisted',
      partition: 'aws',
      suggestions: ['us-east-1', 'us-east-2']
    })
    expect(classifyRegion('eusc-de-east-2')).toEqual({
      kind: 'unlisted',
      partition: 'aws-eusc',
      suggestions: ['eusc-de-east-1']
    })
    expect(classifyRegion('xx-newplace-1')).toEqual({ kind: 'unlisted', partition: 'aws', suggestions: [] })
  })

  it.each([
    ['us-east-1a', ['us-east-1']],
    ['US-EAST-1', ['us-east-1']],
    ['useast1', ['us-east-1']],
    ['us_east_1', ['us-east-1']],
    ['US East (N. Virginia)', []]
  ])('calls %j malformed, suggesting %j', (value, suggestions) => {
    expect(classifyRegion(value)).toEqual({ kind: 'malformed', suggestions })
  })

  it('suggests only what is one edit away unless asked for two', () => {
    expect(suggestRegions('eu-centrl-1')).toEqual(['eu-central-1'])
    expect(suggestRegions('useast1', 1)).toEqual([])
  })

  it.each([
    ['eu-centrl-1', ['centrl', 'central'], ['eu-central-1']],
    ['us-esat-1', ['esat', 'east'], ['us-east-1']],
    ['ap-southest-2', ['southest', 'southeast'], ['ap-southeast-2']],
    ['us-gov-wset-1', ['wset', 'west'], ['us-gov-west-1']]
  ])('calls %s a typo: a misspelt Region word (%j), suggesting %j', (value, misspelt, suggestions) => {
    expect(classifyRegion(value)).toEqual({ kind: 'typo', siblings: [], suggestions, misspelt })
  })

  it('lets a new country code with the usual words through as unlisted, with the nearest as a hint', () => {
    // mx-central-1 and il-central-1 came this way; me-central-1 is one edit from mx-central-1.
    expect(classifyRegion('xy-central-1')).toMatchObject({ kind: 'unlisted', partition: 'aws' })
    expect(classifyRegion('ue-west-1')).toEqual({
      kind: 'unlisted',
      partition: 'aws',
      suggestions: ['eu-west-1', 'me-west-1', 'us-west-1']
    })
  })
})

/** The Regions of the bundled SDK's partition data, read from its source file (the package exports no list). */
function sdkPartitionRegions(): string[] {
  const pkg = dirname(createRequire(join(process.cwd(), 'package.json')).resolve('@aws-sdk/core/package.json'))
  const source = readFileSync(join(pkg, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'), 'utf8')
  const info = JSON.parse(source.replace(/^export const partitionsInfo = /, '').replace(/;\s*$/, '')) as {
    partitions: { regions: Record<string, unknown> }[]
  }
  // aws-global, aws-cn-global, ...: endpoint pseudo-Regions, not Regions a certificate can be in.
  return info.partitions.flatMap((p) => Object.keys(p.regions)).filter((r) => !r.startsWith('aws-'))
}

describe('listedRegions (read once from the SDK data)', () => {
  it('is exactly the Regions of the SDK partition data (after an SDK upgrade too)', () => {
    expect([...listedRegions()].sort()).toEqual(sdkPartitionRegions().sort())
  })

  it('holds every Region the partition data lists, those newer than the Route 53 enums too', () => {
    const regions = listedRegions()
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'eu-central-2', 'sa-west-1', 'me-west-1']))
    expect(regions).toEqual(expect.arrayContaining(['cn-northwest-1', 'us-gov-west-1', 'eusc-de-east-1']))
    expect(regions.every(isListedRegion)).toBe(true)
    expect(listedRegions()).toBe(regions)
  })
})

describe('editDistance', () => {
  it.each([
    ['east', 'east', 0],
    ['esat', 'east', 1],
    ['centrl', 'central', 1],
    ['useast1', 'us-east-1', 2],
    ['us_east_1', 'us-east-1', 2],
    ['', 'abc', 3],
    ['ca', 'abc', 3]
  ])('%j → %j: %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance)
    expect(editDistance(b, a)).toBe(distance)
  })

  it('stops past the cap with a value above it', () => {
    expect(editDistance('us-east-1', 'ap-southeast-2', 1)).toBe(2)
    expect(editDistance('abc', 'abcdef', 2)).toBe(3)
  })
})

describe('ARNs', () => {
  it.each([
    ['arn:aws:iam::111111111111:role/cert', 'aws'],
    ['arn:aws-us-gov:iam::111111111111:role/path/cert', 'aws-us-gov'],
    ['arn:aws-eusc:iam::111111111111:role/cert', 'aws-eusc'],
    ['arn:aws-iso-b:iam::111111111111:role/cert', 'aws-iso-b'],
    ['arn:aws-cn:iam::111111111111:role/cert', 'aws-cn']
  ])('parses %s (partition %s)', (arn, name) => {
    expect(parseAwsArn(arn)).toMatchObject({ partition: name, service: 'iam', region: '', accountId: '111111111111' })
    expect(arnAccountId(arn)).toBe('111111111111')
  })

  it.each([
    ['arn:aws:sts::111111111111:assumed-role/r/s', '111111111111'],
    ['arn:aws-cn:iam::222222222222:role/x', '222222222222'],
    ['arn:aws:iam::12345:role/x', undefined],
    ['not an arn', undefined]
  ])('arnAccountId(%s) = %s (a 12-digit account or none)', (arn, account) => {
    expect(arnAccountId(arn)).toBe(account)
  })

  it('keeps the whole resource, colons included', () => {
    expect(parseAwsArn('arn:aws:acm:us-east-1:111111111111:certificate/abc')?.resource).toBe('certificate/abc')
    expect(parseAwsArn('arn:aws:sts::111111111111:assumed-role/r/s:x')?.resource).toBe('assumed-role/r/s:x')
  })

  it('is undefined for what is not an ARN', () => {
    expect(parseAwsArn('arn:aws:iam::111111111111')).toBeUndefined()
    expect(parseAwsArn('role/cert')).toBeUndefined()
    expect(arnAccountId('arn:aws:iam::aws:policy/ReadOnly')).toBeUndefined()
  })

  it('names a partition that differs from the Region partition', () => {
    const gov = parseAwsArn('arn:aws-us-gov:iam::111111111111:role/cert')
    expect(gov && partitionMismatch(gov, 'us-gov-west-1')).toBeUndefined()
    expect(gov && partitionMismatch(gov, 'us-east-1')).toBe(
      'is in partition aws-us-gov, but Region us-east-1 is in partition aws'
    )
    const eusc = parseAwsArn('arn:aws-eusc:acm:eusc-de-east-1:111111111111:certificate/abc')
    expect(eusc && partitionMismatch(eusc, eusc.region)).toBeUndefined()
  })
})
