// Regions, partitions and ARNs from the AWS SDK's own partition data (@aws-sdk/core's endpoint
// functions, already in the bundle): which partition a Region belongs to, whether the SDK lists it,
// and how an ARN splits. No partition or Region list is written here, so a new SDK brings new
// Regions and partitions (aws-eusc, aws-iso-*) with it.
import { parseArn, partition } from '@aws-sdk/core/client'
import { HealthCheckRegion, ResourceRecordSetRegion, VPCRegion } from '@aws-sdk/client-route-53'

/** The shape of every Region code (us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1). */
const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/
/** Highest Region number probed when reading which numbers of a Region group the SDK lists. */
const MAX_REGION_NUMBER = 20

/** The partition (aws, aws-cn, aws-us-gov, aws-iso-b, aws-eusc, ...) the SDK places a Region in. */
export function regionPartition(region: string): string {
  return partition(region).name
}

/** True when the SDK's partition data lists this Region (not only matches a partition's pattern). */
export function isListedRegion(region: string): boolean {
  return REGION_SHAPE.test(region) && 'description' in partition(region)
}

let listed: readonly string[] | undefined

/**
 * Every Region the SDK's partition data lists, read once (some tens of milliseconds). The partition
 * data has no public listing, so the candidates are every Region group the SDK's Route 53 Region
 * enums spell (us-gov, eu, ... × east, northeast, ...) at numbers 1-20, each kept only if the
 * partition data lists it: a Region the enums lag behind on (sa-west-1) is still found by its words.
 */
export function listedRegions(): readonly string[] {
  if (listed !== undefined) return listed
  const prefixes = new Set<string>()
  const directions = new Set<string>()
  const enums = [VPCRegion, ResourceRecordSetRegion, HealthCheckRegion].flatMap((e) => Object.values(e) as string[])
  for (const region of enums) {
    const [, prefix, direction] = /^(.+)-([a-z]+)-\d+$/.exec(region) ?? []
    if (prefix !== undefined && direction !== undefined) {
      prefixes.add(prefix)
      directions.add(direction)
    }
  }
  const found = new Set<string>()
  for (const prefix of prefixes)
    for (const direction of directions) regionGroup(`${prefix}-${direction}`).forEach((r) => found.add(r))
  listed = Object.freeze([...found].sort())
  return listed
}

export type RegionVerdict =
  /** Listed by the SDK. */
  | { readonly kind: 'listed'; readonly partition: string }
  /** Well formed, not listed, and near no listed Region's words: perhaps newer than the SDK. Warn, then go on. */
  | { readonly kind: 'unlisted'; readonly partition: string; readonly suggestions: readonly string[] }
  /**
   * A near miss: a number the SDK's group does not have and that is not the next one (us-east-9), or a
   * word that is a misspelling of a Region word (eu-centrl-1: `misspelt` is ['centrl', 'central']).
   */
  | {
      readonly kind: 'typo'
      readonly siblings: readonly string[]
      readonly suggestions: readonly string[]
      readonly misspelt?: readonly [string, string]
    }
  /** Not a Region code at all (us-east-1a, US-EAST-1, useast1). */
  | { readonly kind: 'malformed'; readonly suggestions: readonly string[] }

/** What the SDK's data says about a Region code; pure. */
export function classifyRegion(region: string): RegionVerdict {
  if (!REGION_SHAPE.test(region)) return { kind: 'malformed', suggestions: suggestRegions(region, 2) }
  if (isListedRegion(region)) return { kind: 'listed', partition: regionPartition(region) }
  const [, group = '', numberText = ''] = /^(.*)-(\d+)$/.exec(region) ?? []
  const siblings = regionGroup(group)
  const number = Number(numberText)
  const highest = Math.max(0, ...siblings.map((sibling) => Number(sibling.slice(group.length + 1))))
  // A group the SDK knows gains Regions one number at a time; a jump past the next one is a typo.
  if (siblings.length > 0 && (number < 1 || number > highest + 1)) {
    return { kind: 'typo', siblings, suggestions: suggestRegions(region) }
  }
  // New Regions come as a new country code with the usual words (il-central-1, mx-central-1), and most
  // listed Regions are one edit from another, so closeness alone cannot tell new from typo; a word
  // that misspells a Region word (centrl, esat) can: no Region has it.
  const misspelt = misspeltWord(group)
  if (misspelt !== undefined) return { kind: 'typo', siblings, suggestions: suggestRegions(region, 2), misspelt }
  return { kind: 'unlisted', partition: regionPartition(region), suggestions: suggestRegions(region, 1) }
}

/** The listed Regions `group-1` ... `group-20` (us-east → us-east-1, us-east-2). */
function regionGroup(group: string): string[] {
  return Array.from({ length: MAX_REGION_NUMBER }, (_, i) => `${group}-${i + 1}`).filter(isListedRegion)
}

/**
 * A word of the group after its country code that no listed Region has, and the Region word it is a
 * misspelling of: one edit from a word of up to 5 letters (esat → east), two from a longer one
 * (cntral → central). Words shorter than 4 letters (de, gov) are too close to everything to judge.
 */
function misspeltWord(group: string): [string, string] | undefined {
  const words = new Set(listedRegions().flatMap((r) => r.split('-').slice(1, -1)))
  for (const word of group.split('-').slice(1)) {
    if (words.has(word)) continue
    const near = [...words].find((w) => w.length >= 4 && editDistance(word, w) <= (w.length <= 5 ? 1 : 2))
    if (near !== undefined) return [word, near]
  }
  return undefined
}

/**
 * The listed Regions nearest `value` (fewest edits: a letter or digit changed, added, removed, or two
 * neighbours swapped), if they are at most maxEdits away; [] otherwise.
 */
export function suggestRegions(value: string, maxEdits: 1 | 2 = 1): string[] {
  const lower = value.trim().toLowerCase()
  if (lower !== value && isListedRegion(lower)) return [lower]
  let best = maxEdits + 1
  let nearest: string[] = []
  for (const region of listedRegions()) {
    const distance = editDistance(lower, region, best)
    if (distance < best) [best, nearest] = [distance, [region]]
    else if (distance === best && distance <= maxEdits) nearest.push(region)
  }
  return nearest.sort()
}

/**
 * Optimal string alignment distance (Levenshtein plus swaps of neighbours); stops early and returns
 * a value above `cap` once every alignment costs more than `cap`.
 */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1
  let before: number[] = []
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      const same = a[i - 1] === b[j - 1] ? 0 : 1
      let cost = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + same)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        cost = Math.min(cost, (before[j - 2] ?? 0) + 1)
      row.push(cost)
    }
    if (Math.min(...row) > cap) return cap + 1
    ;[before, previous] = [previous, row]
  }
  return previous[b.length] ?? 0
}

export interface Arn {
  readonly partition: string
  readonly service: string
  readonly region: string
  readonly accountId: string
  /** Everything after the account id, e.g. `role/path/name` or `certificate/uuid`. */
  readonly resource: string
}

/** Splits an ARN with the SDK's endpoint parser; undefined when it is not one. */
export function parseAwsArn(value: string): Arn | undefined {
  const parsed = parseArn(value)
  if (parsed === null) return undefined
  const resource = value.split(':').slice(5).join(':')
  return {
    partition: parsed.partition,
    service: parsed.service,
    region: parsed.region,
    accountId: parsed.accountId,
    resource
  }
}

/** The account id of an ARN (IAM role, STS session, certificate), when it has a 12-digit one. */
export function arnAccountId(value: string): string | undefined {
  const account = parseAwsArn(value)?.accountId
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined
}

/**
 * Why an ARN cannot be used in `region` (its partition differs from the Region's), or undefined.
 * STS, ACM and Route 53 in one partition never reach a role or a certificate in another.
 */
export function partitionMismatch(arn: Arn, region: string): string | undefined {
  const expected = regionPartition(region)
  if (arn.partition === expected) return undefined
  return `is in partition ${arn.partition}, but Region ${region} is in partition ${expected}`
}
