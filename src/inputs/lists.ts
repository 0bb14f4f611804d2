// The list inputs (zone-overrides, tags, dns-resolvers): one entry per line (or comma), each checked
// here so a typo fails before any network call. Pure.
import { isIP } from 'node:net'
import { Inputs, MANAGED_BY_TAG } from '../constants.js'
import { stripZoneIdPrefix } from '../zones/choose.js'
import { DomainNameError, isWildcard, normalizeDomainName } from '../domains.js'
import { InputError } from '../errors.js'
import type { Tag, ZoneOverride } from '../types.js'
import { isRoleArn } from './arns.js'
import { HOSTED_ZONE_ID } from './fields.js'

/** ACM allows 50 tags; the action adds its own managed-by tag to every certificate it requests. */
const MAX_TAGS = 49

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

const TAG_CHARS_TEXT = 'letters, digits, spaces and _ . : / = + - @'

/** `ip`, `ip:port` or `[ipv6]:port` entries, as node's dns Resolver#setServers takes them (addresses only, no host names). */
export function readDnsResolvers(raw: string): string[] {
  const entries = raw.split(/[\s,]+/).filter((e) => e !== '')
  for (const entry of entries) {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
    const v4 = /^([\d.]+)(?::(\d+))?$/.exec(entry)
    const [address, port] = bracketed ? [bracketed[1], bracketed[2]] : v4 ? [v4[1], v4[2]] : [entry, undefined]
    const family = isIP(address ?? '')
    const portOk = port === undefined || (Number(port) >= 1 && Number(port) <= 65535)
    if (family === 0 || !portOk || (bracketed && family !== 6)) {
      throw new InputError(
        Inputs.DnsResolvers,
        raw,
        `entry '${entry}' is not an IP address with an optional port (1.1.1.1, 1.1.1.1:53, 2606:4700::1111 or ` +
          `[2606:4700::1111]:53)`,
        {
          hint: "Give the name servers the pre-flight checks should ask by address, separated by commas or new lines; leave it empty to use the runner's own."
        }
      )
    }
  }
  return entries
}

/**
 * zone-overrides: one `name-or-suffix=ZONEID` or `name-or-suffix=ZONEID,ROLE_ARN` per line; blank
 * lines and `#` comments are skipped. Each line is checked here, so a typo fails before any call.
 */
export function readZoneOverrides(raw: string): ZoneOverride[] {
  const overrides: ZoneOverride[] = []
  raw.split('\n').forEach((text, index) => {
    const entry = text.trim()
    if (entry === '' || entry.startsWith('#')) return
    const line = index + 1
    const fail = (
      problem: string,
      hint = 'Write one name-or-suffix=ZONEID or name-or-suffix=ZONEID,arn:aws:iam::<account>:role/<name> per line.'
    ): never => {
      throw new InputError(Inputs.ZoneOverrides, raw.trim(), `line ${line} '${entry}' ${problem}`, { hint })
    }
    const eq = entry.indexOf('=')
    if (eq < 0) fail('is not name-or-suffix=ZONEID')
    const name = entry.slice(0, eq).trim()
    const [zone = '', role, ...rest] = entry
      .slice(eq + 1)
      .split(',')
      .map((part) => part.trim())
    if (rest.length > 0) fail('has more than a zone id and a role ARN after the =')
    let suffix = ''
    try {
      suffix = normalizeDomainName(name)
    } catch (err) {
      if (!(err instanceof DomainNameError)) throw err
      fail(`has an invalid name: ${err.message}`)
    }
    if (isWildcard(suffix))
      fail('names a wildcard; write its base name (it covers the wildcard and every name below it)')
    const hostedZoneId = stripZoneIdPrefix(zone)
    if (!HOSTED_ZONE_ID.test(hostedZoneId))
      fail(`has '${zone}', which is not a Route 53 hosted zone id (e.g. Z0123456789ABCDEFGHIJ)`)
    if (role !== undefined && !isRoleArn(role))
      fail(`has '${role}', which is not an IAM role ARN (arn:aws:iam::<12-digit account id>:role/<name>)`)
    const earlier = overrides.find((o) => o.suffix === suffix)
    if (earlier) fail(`repeats ${suffix} (line ${earlier.line}); each name or suffix may appear once`)
    overrides.push({ suffix, hostedZoneId, roleArn: role, line })
  })
  return overrides
}

/** `key=value` entries, one per line or comma-separated (commas are not allowed in AWS tags). */
export function readTags(raw: string): Tag[] {
  const tags: Tag[] = []
  const entries = raw.split(/[\n,]/).map((s) => s.trim())
  entries.forEach((entry, index) => {
    if (entry === '') return
    const where = `entry ${index + 1} '${entry}'`
    const fail = (problem: string): never => {
      throw new InputError(Inputs.Tags, raw, `${where} ${problem}`, { hint: 'Write one key=value per line.' })
    }
    const eq = entry.indexOf('=')
    if (eq < 0) fail('is not key=value')
    const key = entry.slice(0, eq).trim()
    const value = entry.slice(eq + 1).trim()
    const keyLength = [...key].length
    if (keyLength < 1 || keyLength > 128) fail('has a key that is not 1 to 128 characters long')
    if ([...value].length > 256) fail('has a value longer than 256 characters')
    if (!TAG_CHARS.test(key) || !TAG_CHARS.test(value)) fail(`has characters outside ${TAG_CHARS_TEXT}`)
    if (key.toLowerCase().startsWith('aws:')) fail("has a key starting with 'aws:', which AWS reserves")
    if (key === MANAGED_BY_TAG) fail(`uses the key '${MANAGED_BY_TAG}', which this action sets itself`)
    if (tags.some((t) => t.Key === key)) fail(`repeats the key '${key}'`)
    tags.push({ Key: key, Value: value })
  })
  if (tags.length > MAX_TAGS) {
    throw new InputError(
      Inputs.Tags,
      raw,
      `has ${tags.length} tags; at most ${MAX_TAGS} are allowed (ACM allows 50 and the action adds its own ` +
        `'${MANAGED_BY_TAG}' tag)`
    )
  }
  return tags
}
