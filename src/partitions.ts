// Regions, partitions and ARNs from the AWS SDK's own partition data (@aws-sdk/core's endpoint
// functions, already in the bundle): which partition a Region belongs to, whether the SDK lists it,
// and how an ARN splits. No partition or Region list is written here, so a new SDK brings new
// Regions and partitions (aws-eusc, aws-iso-*) with it.
import { parseArn, partition } from '@aws-sdk/core/client'

/** The shape of every Region code (us-east-1, us-gov-west-1, us-isob-east-1, eusc-de-east-1). */
const REGION_SHAPE = /^[a-z]{2,4}(?:-[a-z]+)+-\d{1,2}$/
const REGION_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789-'
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

export type RegionVerdict =
  /** Listed by the SDK. */
  | { readonly kind: 'listed'; readonly partition: string }
  /** Well formed but not listed: perhaps newer than the SDK. Warn, then go on. */
  | { readonly kind: 'unlisted'; readonly partition: string; readonly suggestions: readonly string[] }
  /** A number the SDK's group does not have and that is not the next one (us-east-9): a typo. */
  | { readonly kind: 'typo'; readonly siblings: readonly string[]; readonly suggestions: readonly string[] }
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
  return { kind: 'unlisted', partition: regionPartition(region), suggestions: suggestRegions(region, 1) }
}

/** The listed Regions `group-1` ... `group-20` (us-east → us-east-1, us-east-2). */
function regionGroup(group: string): string[] {
  return Array.from({ length: MAX_REGION_NUMBER }, (_, i) => `${group}-${i + 1}`).filter(isListedRegion)
}

/** Longest value a second round of edits is tried on (it costs the square of the first round). */
const MAX_TWO_EDIT_LENGTH = 12

/**
 * Listed Regions one edit away (a letter or digit changed, added, removed, or two swapped), or, with
 * maxEdits 2 and none at one, two edits away. Probes the SDK's data rather than keeping a copy of it.
 */
export function suggestRegions(value: string, maxEdits: 1 | 2 = 1): string[] {
  const lower = value.trim().toLowerCase()
  if (lower !== value && isListedRegion(lower)) return [lower]
  const first = new Set([lower, ...edits(lower)])
  const near = [...first].filter(isListedRegion)
  if (near.length > 0 || maxEdits === 1 || lower.length > MAX_TWO_EDIT_LENGTH) return near.sort()
  const second = new Set<string>()
  for (const candidate of first) for (const next of edits(candidate)) second.add(next)
  return [...second].filter(isListedRegion).sort()
}

function edits(word: string): string[] {
  const out: string[] = []
  for (let i = 0; i <= word.length; i++) {
    const head = word.slice(0, i)
    const tail = word.slice(i)
    if (tail.length > 0) out.push(head + tail.slice(1))
    if (tail.length > 1) out.push(head + (tail[1] ?? '') + (tail[0] ?? '') + tail.slice(2))
    for (const c of REGION_ALPHABET) {
      out.push(head + c + tail)
      if (tail.length > 0) out.push(head + c + tail.slice(1))
    }
  }
  return out
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
