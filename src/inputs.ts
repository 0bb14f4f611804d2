// Parses and validates every action input into a frozen Config before any network call. Each
// failure is an InputError naming the input, the value and what is allowed.
import { createHash } from 'node:crypto'
import { DEFAULT_AUDIENCE, Inputs, KEY_ALGORITHMS, MANAGED_BY_TAG, type KeyAlgorithm } from './constants.js'
import { DomainNameError, normalizeDomainName, splitNameList } from './domains.js'
import { InputError } from './errors.js'
import type { Config, Tag } from './types.js'

/** Reads one input by name, like core.getInput: '' when absent. */
export type InputReader = (name: string) => string

/** RFC 5280 caps the CN at 64 octets; ACM puts the first name in the CN. */
const MAX_PRIMARY_NAME_LENGTH = 64
/** RequestCertificate's DomainList maximum (the default quota is 10, raised via Service Quotas). */
const MAX_NAMES = 100
const MAX_TIMEOUT_MINUTES = 360
const MAX_TAGS = 50

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TAG_CHARS_TEXT = "letters, digits, spaces and _ . : / = + - @"

export function readConfig(getInput: InputReader, env: Readonly<Record<string, string | undefined>>): Config {
  const read = (name: string): string => getInput(name).trim()

  const { domainName, subjectAlternativeNames } = readNames(read(Inputs.DomainName), read(Inputs.SubjectAlternativeNames))
  const allNames = [domainName, ...subjectAlternativeNames]
  const region = readRegion(read(Inputs.AwsRegion), env)
  const roleToAssume = readRoleArn(Inputs.RoleToAssume, read(Inputs.RoleToAssume))
  const dnsRoleToAssume = readRoleArn(Inputs.DnsRoleToAssume, read(Inputs.DnsRoleToAssume))
  const dnsRoleChaining = readBoolean(Inputs.DnsRoleChaining, read(Inputs.DnsRoleChaining), false)
  if (dnsRoleChaining && (roleToAssume === undefined || dnsRoleToAssume === undefined)) {
    throw new InputError(Inputs.DnsRoleChaining, 'true', `needs both ${Inputs.RoleToAssume} and ${Inputs.DnsRoleToAssume}`, {
      hint: `Set both role inputs, or leave ${Inputs.DnsRoleChaining} false to assume each role with the OIDC token.`
    })
  }
  const keyAlgorithm = readKeyAlgorithm(read(Inputs.KeyAlgorithm))
  const certificateTransparencyLogging = readTransparencyLogging(read(Inputs.CertificateTransparencyLogging))
  const tags = readTags(getInput(Inputs.Tags))

  return Object.freeze({
    domainName,
    subjectAlternativeNames: Object.freeze(subjectAlternativeNames),
    allNames: Object.freeze(allNames),
    region,
    roleToAssume,
    dnsRoleToAssume,
    dnsRoleChaining,
    roleSessionName: readSessionName(read(Inputs.RoleSessionName), env),
    roleDurationSeconds: readDurationSeconds(read(Inputs.RoleDurationSeconds)),
    roleExternalId: readExternalId(Inputs.RoleExternalId, read(Inputs.RoleExternalId)),
    dnsRoleExternalId: readExternalId(Inputs.DnsRoleExternalId, read(Inputs.DnsRoleExternalId)),
    audience: read(Inputs.Audience) || DEFAULT_AUDIENCE,
    hostedZoneId: readHostedZoneId(read(Inputs.HostedZoneId)),
    wait: readBoolean(Inputs.Wait, read(Inputs.Wait), true),
    timeoutMs: readTimeoutMs(read(Inputs.TimeoutMinutes)),
    keyAlgorithm,
    certificateTransparencyLogging,
    tags: Object.freeze(tags.map((t) => Object.freeze(t))),
    idempotencyToken: deriveIdempotencyToken({ allNames, keyAlgorithm, certificateTransparencyLogging, region, tags })
  })
}

export type IdempotencyParts = Pick<Config, 'allNames' | 'keyAlgorithm' | 'certificateTransparencyLogging' | 'region' | 'tags'>

/**
 * RequestCertificate IdempotencyToken (ACM: `\w{1,32}`) derived from the normalized request, so
 * re-runs and parallel jobs asking for the same certificate within ACM's one-hour window converge
 * on one certificate, while any change to what is requested gets a new one. Name order is ignored.
 */
export function deriveIdempotencyToken(parts: IdempotencyParts): string {
  const canonical = JSON.stringify({
    names: [...parts.allNames].sort(),
    keyAlgorithm: parts.keyAlgorithm,
    certificateTransparencyLogging: parts.certificateTransparencyLogging,
    region: parts.region,
    tags: [...parts.tags].sort((a, b) => compare(a.Key, b.Key) || compare(a.Value, b.Value)).map((t) => [t.Key, t.Value])
  })
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function normalizeName(input: string, value: string): string {
  try {
    return normalizeDomainName(value)
  } catch (err) {
    if (!(err instanceof DomainNameError)) throw err
    throw new InputError(input, value, err.message, {
      hint: 'Use a DNS name such as example.com or *.example.com (a wildcard only as the whole leftmost label).'
    })
  }
}

function readNames(primaryRaw: string, sansRaw: string): { domainName: string; subjectAlternativeNames: string[] } {
  if (primaryRaw === '') {
    throw new InputError(Inputs.DomainName, primaryRaw, 'is required: the primary name of the certificate, e.g. example.com')
  }
  if (splitNameList(primaryRaw).length > 1) {
    throw new InputError(Inputs.DomainName, primaryRaw, 'takes a single name', {
      hint: `Put the other names in ${Inputs.SubjectAlternativeNames}.`
    })
  }
  const domainName = normalizeName(Inputs.DomainName, primaryRaw)
  if (domainName.length > MAX_PRIMARY_NAME_LENGTH) {
    throw new InputError(
      Inputs.DomainName,
      primaryRaw,
      `is ${domainName.length} octets long; the primary name becomes the certificate's Common Name, ` +
        `which RFC 5280 limits to ${MAX_PRIMARY_NAME_LENGTH}`,
      { hint: `Put a shorter name in ${Inputs.DomainName} and the long one in ${Inputs.SubjectAlternativeNames} (up to 253).` }
    )
  }
  // Case-only duplicates and a SAN repeating the primary name are the same certificate name: drop them.
  const seen = new Set([domainName])
  const subjectAlternativeNames: string[] = []
  for (const raw of splitNameList(sansRaw)) {
    const name = normalizeName(Inputs.SubjectAlternativeNames, raw)
    if (seen.has(name)) continue
    seen.add(name)
    subjectAlternativeNames.push(name)
  }
  if (seen.size > MAX_NAMES) {
    throw new InputError(
      Inputs.SubjectAlternativeNames,
      sansRaw,
      `gives ${seen.size} distinct names with ${Inputs.DomainName}; a certificate can hold at most ${MAX_NAMES}`,
      { hint: 'Split the names over several certificates. Note that the default ACM quota is 10 names per certificate.' }
    )
  }
  return { domainName, subjectAlternativeNames }
}

function readRegion(given: string, env: Readonly<Record<string, string | undefined>>): string {
  const fromEnv = (key: string): { value: string; source: string } | undefined => {
    const value = env[key]?.trim()
    return value ? { value, source: ` (from env ${key})` } : undefined
  }
  const found = given ? { value: given, source: '' } : (fromEnv('AWS_REGION') ?? fromEnv('AWS_DEFAULT_REGION'))
  if (found === undefined) {
    throw new InputError(Inputs.AwsRegion, given, 'is required: no Region in the input, AWS_REGION or AWS_DEFAULT_REGION', {
      hint: `Set ${Inputs.AwsRegion}, e.g. us-east-1 (certificates for CloudFront must be in us-east-1).`
    })
  }
  if (!REGION.test(found.value)) {
    const problem = `is not an AWS Region code${found.source}; expected e.g. us-east-1 or eu-central-2`
    throw new InputError(Inputs.AwsRegion, found.value, problem, {
      hint: 'Use the Region code, not its name (certificates for CloudFront must be in us-east-1).'
    })
  }
  return found.value
}

function readRoleArn(input: string, value: string): string | undefined {
  if (value === '') return undefined
  if (!ROLE_ARN.test(value)) {
    throw new InputError(input, value, 'is not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<role name>', {
      hint: 'Copy the role ARN from the IAM console (a user ARN or an ARN with spaces will not do).'
    })
  }
  return value
}

function readExternalId(input: string, value: string): string | undefined {
  if (value === '') return undefined
  if (!EXTERNAL_ID.test(value)) {
    throw new InputError(input, value, 'must be 2 to 1224 characters of letters, digits and _ + = , . @ : / -')
  }
  return value
}

const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, yes: true, 1: true, false: false, no: false, 0: false }

function readBoolean(input: string, value: string, defaultValue: boolean): boolean {
  if (value === '') return defaultValue
  const parsed = BOOLEANS[value.toLowerCase()]
  if (parsed === undefined) throw new InputError(input, value, 'must be one of true, false, yes, no, 1, 0')
  return parsed
}

function readSessionName(given: string, env: Readonly<Record<string, string | undefined>>): string {
  if (given !== '') {
    if (!SESSION_NAME.test(given)) {
      throw new InputError(Inputs.RoleSessionName, given, 'must be 2 to 64 characters of letters, digits and _ + = , . @ -')
    }
    return given
  }
  // Default: names the repository and run, so CloudTrail shows where a session came from.
  const sanitize = (s: string): string => s.replace(/[^\w+=,.@-]/g, '-')
  const runId = env['GITHUB_RUN_ID']?.trim()
  const suffix = runId ? sanitize(`-${runId}`) : ''
  const repository = env['GITHUB_REPOSITORY']?.trim()
  const base = sanitize(repository ? `acm-cert-${repository}` : 'acm-cert')
  return base.slice(0, 64 - suffix.length) + suffix
}

function readDurationSeconds(value: string): number {
  if (value === '') return 3600
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(seconds >= 900 && seconds <= 43200)) {
    throw new InputError(Inputs.RoleDurationSeconds, value, 'must be a whole number of seconds from 900 to 43200', {
      hint: "It may not exceed the role's maximum session duration, and role chaining caps sessions at 3600."
    })
  }
  return seconds
}

function readHostedZoneId(value: string): string | undefined {
  if (value === '') return undefined
  const id = value.replace(/^\/hostedzone\//, '')
  if (!HOSTED_ZONE_ID.test(id)) {
    throw new InputError(
      Inputs.HostedZoneId,
      value,
      'is not a Route 53 hosted zone id; expected e.g. Z0123456789ABCDEFGHIJ or /hostedzone/Z0123456789ABCDEFGHIJ'
    )
  }
  return id
}

function readTimeoutMs(value: string): number {
  if (value === '') return 60 * 60_000
  const minutes = DECIMAL.test(value) ? Number(value) : NaN
  if (!(minutes > 0 && minutes <= MAX_TIMEOUT_MINUTES)) {
    const problem = `must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES} (the job limit)`
    throw new InputError(Inputs.TimeoutMinutes, value, problem)
  }
  return Math.round(minutes * 60_000)
}

function readKeyAlgorithm(value: string): KeyAlgorithm {
  if (value === '') return 'RSA_2048'
  const found = KEY_ALGORITHMS.find((k) => k.toLowerCase() === value.toLowerCase())
  if (found === undefined) throw new InputError(Inputs.KeyAlgorithm, value, `must be one of ${KEY_ALGORITHMS.join(', ')}`)
  return found
}

function readTransparencyLogging(value: string): 'ENABLED' | 'DISABLED' {
  if (value === '') return 'ENABLED'
  const upper = value.toUpperCase()
  if (upper !== 'ENABLED' && upper !== 'DISABLED') {
    throw new InputError(Inputs.CertificateTransparencyLogging, value, 'must be ENABLED or DISABLED')
  }
  return upper
}

/** `key=value` entries, one per line or comma-separated (commas are not allowed in AWS tags). */
function readTags(raw: string): Tag[] {
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
    throw new InputError(Inputs.Tags, raw, `has ${tags.length} tags; ACM allows at most ${MAX_TAGS}`)
  }
  return tags
}
