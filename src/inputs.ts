// Parses and validates every action input into a frozen Config before any network call. Each
// failure is an InputError naming the input, the value and what is allowed.
import { createHash } from 'node:crypto'
import { isIP } from 'node:net'
import {
  DEFAULT_AUDIENCE,
  DNS_PROVIDERS,
  Inputs,
  KEY_ALGORITHMS,
  MANAGED_BY_TAG,
  MODES,
  PREFLIGHT_MODES,
  type DnsProvider,
  type KeyAlgorithm,
  type Mode
} from './constants.js'
import { DomainNameError, isWildcard, normalizeDomainName, splitNameList } from './domains.js'
import { InputError } from './errors.js'
import type { Config, Tag, ZoneOverride } from './types.js'

/** Reads one input by name, like core.getInput: '' when absent. */
export type InputReader = (name: string) => string

/** RFC 5280 caps the CN at 64 octets; ACM puts the first name in the CN. */
const MAX_PRIMARY_NAME_LENGTH = 64
/** RequestCertificate's DomainList maximum (the default quota is 10, raised via Service Quotas). */
const MAX_NAMES = 100
const MAX_TIMEOUT_MINUTES = 360
/** ACM allows 50 tags; the action adds its own managed-by tag to every certificate it requests. */
const MAX_TAGS = 49
/** ACM certificates are valid for 395 days; asking for more than a year left would reject every one. */
const MAX_MIN_DAYS_REMAINING = 365

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}$/
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/
const CERTIFICATE_ARN =
  /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:acm:([a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d{1,2}):\d{12}:certificate\/[\w-]{1,128}$/
const CA_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z-]*)?:acm-pca:[a-z0-9-]+:\d{12}:certificate-authority\/[\w-]{1,128}$/
const DECIMAL = /^(\d+\.?\d*|\.\d+)$/
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const TAG_CHARS_TEXT = 'letters, digits, spaces and _ . : / = + - @'

export function readConfig(getInput: InputReader, env: Readonly<Record<string, string | undefined>>): Config {
  const read = (name: string): string => getInput(name).trim()

  const mode = readChoice(Inputs.Mode, read(Inputs.Mode), MODES, 'request')
  const certificateArn = readCertificateArn(mode, read(Inputs.CertificateArn))
  // status and delete modes act on certificate-arn alone; the names then only add a check of nothing.
  const namesOptional = certificateArn !== undefined
  const { domainName, subjectAlternativeNames } = readNames(
    read(Inputs.DomainName),
    read(Inputs.SubjectAlternativeNames),
    namesOptional
  )
  const allNames = domainName === '' ? [] : [domainName, ...subjectAlternativeNames]
  const region = readRegion(read(Inputs.AwsRegion), env, certificateArn)
  const roleToAssume = readRoleArn(Inputs.RoleToAssume, read(Inputs.RoleToAssume))
  const dnsRoleToAssume = readRoleArn(Inputs.DnsRoleToAssume, read(Inputs.DnsRoleToAssume))
  const dnsRoleChaining = readBoolean(Inputs.DnsRoleChaining, read(Inputs.DnsRoleChaining), false)
  if (dnsRoleChaining && (roleToAssume === undefined || dnsRoleToAssume === undefined)) {
    throw new InputError(
      Inputs.DnsRoleChaining,
      'true',
      `needs both ${Inputs.RoleToAssume} and ${Inputs.DnsRoleToAssume}`,
      {
        hint: `Set both role inputs, or leave ${Inputs.DnsRoleChaining} false to assume each role with the OIDC token.`
      }
    )
  }
  const keyAlgorithm = readKeyAlgorithm(read(Inputs.KeyAlgorithm))
  const certificateTransparencyLogging = readTransparencyLogging(read(Inputs.CertificateTransparencyLogging))
  const tags = readTags(getInput(Inputs.Tags))
  const hostedZoneId = readHostedZoneId(read(Inputs.HostedZoneId))
  const dnsProvider = readChoice(Inputs.DnsProvider, read(Inputs.DnsProvider), DNS_PROVIDERS, 'route53')
  const zoneOverrides = readZoneOverrides(getInput(Inputs.ZoneOverrides))
  const certificateAuthorityArn = readCertificateAuthorityArn(read(Inputs.CertificateAuthorityArn))
  checkDnsInputs({ dnsProvider, hostedZoneId, zoneOverrides, certificateAuthorityArn }, read)

  return Object.freeze({
    mode,
    certificateArn,
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
    hostedZoneId,
    dnsProvider,
    zoneOverrides: Object.freeze(zoneOverrides.map((o) => Object.freeze(o))),
    certificateAuthorityArn,
    minDaysRemaining: readMinDaysRemaining(read(Inputs.MinDaysRemaining)),
    preflight: readChoice(Inputs.Preflight, read(Inputs.Preflight), PREFLIGHT_MODES, 'warn'),
    dnsResolvers: Object.freeze(readDnsResolvers(getInput(Inputs.DnsResolvers))),
    reportFile: readReportFile(read(Inputs.ReportFile)),
    wait: readBoolean(Inputs.Wait, read(Inputs.Wait), true),
    timeoutMs: readTimeoutMs(read(Inputs.TimeoutMinutes)),
    keyAlgorithm,
    certificateTransparencyLogging,
    tags: Object.freeze(tags.map((t) => Object.freeze(t))),
    idempotencyToken: deriveIdempotencyToken({
      allNames,
      keyAlgorithm,
      certificateTransparencyLogging,
      region,
      tags,
      certificateAuthorityArn
    })
  })
}

/**
 * Whether the run writes to Route 53 at all: only request mode, for a public certificate, with
 * dns-provider route53. Otherwise no DNS role is assumed and no Route 53 client is used.
 */
export function usesRoute53(config: Pick<Config, 'mode' | 'dnsProvider' | 'certificateAuthorityArn'>): boolean {
  return config.mode === 'request' && config.dnsProvider === 'route53' && config.certificateAuthorityArn === undefined
}

/** The distinct roles of zone-overrides lines, in input order (one Route 53 client each). */
export function zoneOverrideRoles(config: Pick<Config, 'zoneOverrides'>): string[] {
  return [...new Set(config.zoneOverrides.flatMap((o) => (o.roleArn === undefined ? [] : [o.roleArn])))]
}

export type IdempotencyParts = Pick<
  Config,
  'allNames' | 'keyAlgorithm' | 'certificateTransparencyLogging' | 'region' | 'tags'
> & {
  certificateAuthorityArn?: string | undefined
}

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
    tags: [...parts.tags]
      .sort((a, b) => compare(a.Key, b.Key) || compare(a.Value, b.Value))
      .map((t) => [t.Key, t.Value]),
    // Only when set, so tokens of public certificates stay what they were.
    ...(parts.certificateAuthorityArn !== undefined && { certificateAuthorityArn: parts.certificateAuthorityArn })
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

function readNames(
  primaryRaw: string,
  sansRaw: string,
  optional: boolean
): { domainName: string; subjectAlternativeNames: string[] } {
  if (primaryRaw === '') {
    if (optional && sansRaw === '') return { domainName: '', subjectAlternativeNames: [] }
    throw new InputError(
      Inputs.DomainName,
      primaryRaw,
      'is required: the primary name of the certificate, e.g. example.com',
      {
        hint: `In ${Inputs.Mode} status or delete, ${Inputs.CertificateArn} may name the certificate instead.`
      }
    )
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
      {
        hint: `Put a shorter name in ${Inputs.DomainName} and the long one in ${Inputs.SubjectAlternativeNames} (up to 253).`
      }
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
      {
        hint: 'Split the names over several certificates. Note that the default ACM quota is 10 names per certificate.'
      }
    )
  }
  return { domainName, subjectAlternativeNames }
}

function readRegion(
  given: string,
  env: Readonly<Record<string, string | undefined>>,
  certificateArn: string | undefined
): string {
  const fromEnv = (key: string): { value: string; source: string } | undefined => {
    const value = env[key]?.trim()
    return value ? { value, source: ` (from env ${key})` } : undefined
  }
  const arnRegion = certificateArn?.split(':')[3]
  if (given && arnRegion !== undefined && given !== arnRegion) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      `differs from the Region of ${Inputs.CertificateArn} (${arnRegion})`,
      {
        hint: `ACM certificates are regional: set ${Inputs.AwsRegion} to ${arnRegion}, or leave it empty to take it from the ARN.`
      }
    )
  }
  const found = given
    ? { value: given, source: '' }
    : arnRegion !== undefined
      ? { value: arnRegion, source: ` (from ${Inputs.CertificateArn})` }
      : (fromEnv('AWS_REGION') ?? fromEnv('AWS_DEFAULT_REGION'))
  if (found === undefined) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      'is required: no Region in the input, AWS_REGION or AWS_DEFAULT_REGION',
      {
        hint: `Set ${Inputs.AwsRegion}, e.g. us-east-1 (certificates for CloudFront must be in us-east-1).`
      }
    )
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
    throw new InputError(
      input,
      value,
      'is not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<role name>',
      {
        hint: 'Copy the role ARN from the IAM console (a user ARN or an ARN with spaces will not do).'
      }
    )
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

function readChoice<T extends string>(input: string, value: string, choices: readonly T[], defaultValue: T): T {
  if (value === '') return defaultValue
  const found = choices.find((c) => c === value.toLowerCase())
  if (found === undefined) throw new InputError(input, value, `must be one of ${choices.join(', ')}`)
  return found
}

function readCertificateArn(mode: Mode, value: string): string | undefined {
  if (value === '') {
    if (mode === 'status') {
      throw new InputError(Inputs.CertificateArn, value, `is required with ${Inputs.Mode} status`, {
        hint: `Pass the certificate-arn output of the step that requested the certificate.`
      })
    }
    return undefined
  }
  if (mode === 'request') {
    throw new InputError(Inputs.CertificateArn, value, `is only for ${Inputs.Mode} status or delete`, {
      hint: `To get a certificate, give its names in ${Inputs.DomainName}; to check on one, set ${Inputs.Mode}: status.`
    })
  }
  if (!CERTIFICATE_ARN.test(value)) {
    throw new InputError(
      Inputs.CertificateArn,
      value,
      'is not an ACM certificate ARN; expected arn:aws:acm:<region>:<account id>:certificate/<id>'
    )
  }
  return value
}

function readCertificateAuthorityArn(value: string): string | undefined {
  if (value === '') return undefined
  if (!CA_ARN.test(value)) {
    throw new InputError(
      Inputs.CertificateAuthorityArn,
      value,
      'is not an AWS Private CA ARN; expected arn:aws:acm-pca:<region>:<account id>:certificate-authority/<id>'
    )
  }
  return value
}

/** A path with a control character (a line break above all) could not be echoed safely in the log. */
function readReportFile(value: string): string | undefined {
  if (/\p{Cc}/u.test(value)) {
    throw new InputError(Inputs.ReportFile, value, 'contains a control character (a line break, tab, ...)', {
      hint: 'Give a single-line path, e.g. ${{ runner.temp }}/acm-report.json.'
    })
  }
  return value || undefined
}

function readMinDaysRemaining(value: string): number {
  if (value === '') return 30
  const days = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(days <= MAX_MIN_DAYS_REMAINING)) {
    throw new InputError(
      Inputs.MinDaysRemaining,
      value,
      `must be a whole number of days from 0 to ${MAX_MIN_DAYS_REMAINING}`,
      {
        hint: 'ACM certificates are valid for 395 days and renew 60 days before they expire; 0 reuses any unexpired certificate.'
      }
    )
  }
  return days
}

/** `ip`, `ip:port` or `[ipv6]:port` entries, as node's dns Resolver#setServers takes them (addresses only, no host names). */
function readDnsResolvers(raw: string): string[] {
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
        `entry '${entry}' is not an IP address with an optional port (1.1.1.1, 1.1.1.1:53, 2606:4700::1111 or [2606:4700::1111]:53)`,
        {
          hint: "Give the name servers the pre-flight checks should ask by address, separated by commas or new lines; leave it empty to use the runner's own."
        }
      )
    }
  }
  return entries
}

/** Inputs about writing validation records that contradict each other. */
function checkDnsInputs(
  given: {
    dnsProvider: DnsProvider
    hostedZoneId: string | undefined
    zoneOverrides: readonly ZoneOverride[]
    certificateAuthorityArn: string | undefined
  },
  read: (name: string) => string
): void {
  const zoneInputs = [Inputs.HostedZoneId, Inputs.ZoneOverrides].filter((name) =>
    name === Inputs.HostedZoneId ? given.hostedZoneId !== undefined : given.zoneOverrides.length > 0
  )
  const [zoneInput] = zoneInputs
  if (given.certificateAuthorityArn !== undefined && (zoneInput !== undefined || given.dnsProvider === 'external')) {
    const other = zoneInput ?? Inputs.DnsProvider
    throw new InputError(
      other,
      read(other),
      `does not apply to a private certificate (${Inputs.CertificateAuthorityArn} is set)`,
      {
        hint: 'AWS Private CA issues without DNS validation, so there are no validation records: remove this input.'
      }
    )
  }
  if (given.dnsProvider === 'external' && zoneInput !== undefined) {
    throw new InputError(
      zoneInput,
      read(zoneInput),
      `does not apply with ${Inputs.DnsProvider} external (nothing is written to Route 53)`,
      {
        hint: `Remove ${zoneInput}, or set ${Inputs.DnsProvider} to route53.`
      }
    )
  }
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
    const hostedZoneId = zone.replace(/^\/hostedzone\//, '')
    if (!HOSTED_ZONE_ID.test(hostedZoneId))
      fail(`has '${zone}', which is not a Route 53 hosted zone id (e.g. Z0123456789ABCDEFGHIJ)`)
    if (role !== undefined && !ROLE_ARN.test(role))
      fail(`has '${role}', which is not an IAM role ARN (arn:aws:iam::<12-digit account id>:role/<name>)`)
    const earlier = overrides.find((o) => o.suffix === suffix)
    if (earlier) fail(`repeats ${suffix} (line ${earlier.line}); each name or suffix may appear once`)
    overrides.push({ suffix, hostedZoneId, roleArn: role, line })
  })
  return overrides
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  1: true,
  false: false,
  no: false,
  0: false
}

function readBoolean(input: string, value: string, defaultValue: boolean): boolean {
  if (value === '') return defaultValue
  const parsed = BOOLEANS[value.toLowerCase()]
  if (parsed === undefined) throw new InputError(input, value, 'must be one of true, false, yes, no, 1, 0')
  return parsed
}

function readSessionName(given: string, env: Readonly<Record<string, string | undefined>>): string {
  if (given !== '') {
    if (!SESSION_NAME.test(given)) {
      throw new InputError(
        Inputs.RoleSessionName,
        given,
        'must be 2 to 64 characters of letters, digits and _ + = , . @ -'
      )
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
  if (found === undefined)
    throw new InputError(Inputs.KeyAlgorithm, value, `must be one of ${KEY_ALGORITHMS.join(', ')}`)
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
    throw new InputError(
      Inputs.Tags,
      raw,
      `has ${tags.length} tags; at most ${MAX_TAGS} are allowed (ACM allows 50 and the action adds its own '${MANAGED_BY_TAG}' tag)`
    )
  }
  return tags
}
