// Parses and validates every action input into a frozen Config before any network call. Each
// failure is an InputError naming the input, the value and what is allowed. The single-value readers
// are in fields.ts, the list inputs in lists.ts.
import { createHash } from 'node:crypto'
import { AUDIT_SCOPES, DEFAULT_AUDIENCE, DNS_PROVIDERS, FAIL_ON, Inputs, MODES, PREFLIGHT_MODES } from '../constants.js'
import { DomainNameError, normalizeDomainName, splitNameList } from '../domains.js'
import { parseRegionList } from '../decisions/regions.js'
import { InputError, errorMessage } from '../errors.js'
import { compare } from '../text.js'
import type { Config } from '../types.js'
import { proxySettings, redactProxyInput } from '../proxy.js'
import { readAcmeConfig } from '../acme/config.js'
import { checkArnPartition } from './arns.js'
import { readRegion } from './region.js'
import {
  checkDnsInputs,
  readBoolean,
  readCertificateArn,
  readCertificateAuthorityArn,
  readChoice,
  readDurationSeconds,
  readExternalId,
  readHostedZoneId,
  readKeyAlgorithm,
  readMinDaysRemaining,
  readReportFile,
  readRoleArn,
  readSessionName,
  readTimeoutMs,
  readTransparencyLogging
} from './fields.js'
import { readDnsResolvers, readTags, readZoneOverrides } from './lists.js'
import { readExport } from '../export/inputs.js'
import { readRegions } from './regions.js'

export { readZoneOverrides } from './lists.js'

/** Reads one input by name, like core.getInput: '' when absent. */
export type InputReader = (name: string) => string

/** RFC 5280 caps the CN at 64 octets; ACM puts the first name in the CN. */
const MAX_PRIMARY_NAME_LENGTH = 64

/** RequestCertificate's DomainList maximum (the default quota is 10, raised via Service Quotas). */
const MAX_NAMES = 100

type Env = Readonly<Record<string, string | undefined>>
type Read = (name: string) => string

/**
 * Reads group by group in a fixed order (the first invalid input is the one reported), then checks
 * every ARN against the partition of the Region.
 */
export function readConfig(getInput: InputReader, env: Env): Config {
  const read = (name: string): string => getInput(name).trim()
  const target = readTarget(read, env)
  const roles = readRoles(read)
  const request = readRequest(read, getInput)
  const dns = readDns(read, getInput)
  checkPartitions(target, roles, dns)
  const exportSettings = readExport(read, target.mode)

  return Object.freeze({
    ...target,
    ...roles,
    ...readSessions(read, env),
    proxy: readProxy(read(Inputs.HttpProxy), env),
    ...dns,
    minDaysRemaining: readMinDaysRemaining(read(Inputs.MinDaysRemaining)),
    preflight: readChoice(Inputs.Preflight, read(Inputs.Preflight), PREFLIGHT_MODES, 'warn'),
    dnsResolvers: Object.freeze(readDnsResolvers(getInput(Inputs.DnsResolvers))),
    reportFile: readReportFile(read(Inputs.ReportFile)),
    auditScope: readChoice(Inputs.AuditScope, read(Inputs.AuditScope), AUDIT_SCOPES, 'managed'),
    repair: readBoolean(Inputs.Repair, read(Inputs.Repair), false),
    failOn: readChoice(Inputs.FailOn, read(Inputs.FailOn), FAIL_ON, 'at-risk'),
    wait: readBoolean(Inputs.Wait, read(Inputs.Wait), true),
    timeoutMs: readTimeoutMs(read(Inputs.TimeoutMinutes)),
    ...request,
    ...(target.mode === 'acme-endpoint' && { acme: readAcmeConfig(read, env) }),
    idempotencyToken: deriveIdempotencyToken({
      allNames: target.allNames,
      region: target.region,
      ...request,
      certificateAuthorityArn: dns.certificateAuthorityArn,
      export: exportSettings
    }),
    ...(exportSettings && { export: Object.freeze(exportSettings) })
  })
}

type Target = Pick<
  Config,
  'mode' | 'certificateArn' | 'domainName' | 'subjectAlternativeNames' | 'allNames' | 'region' | 'regions'
>

/** What the run acts on and where: mode, certificate-arn, the names, the Regions. */
function readTarget(read: Read, env: Env): Target {
  const mode = readChoice(Inputs.Mode, read(Inputs.Mode), MODES, 'request')
  const severalRegions = parseRegionList(read(Inputs.AwsRegion)).length > 1
  const certificateArn = readCertificateArn(mode, read(Inputs.CertificateArn), severalRegions)
  // status and delete modes act on certificate-arn alone; the names then only add a check of nothing.
  // audit checks every certificate in scope; names only narrow it.
  const namesOptional = certificateArn !== undefined || mode === 'audit'
  const { domainName, subjectAlternativeNames } = readNames(
    read(Inputs.DomainName),
    read(Inputs.SubjectAlternativeNames),
    namesOptional
  )
  const allNames = domainName === '' ? [] : [domainName, ...subjectAlternativeNames]
  const regions = readRegions(read(Inputs.AwsRegion), mode, certificateArn, (one) =>
    readRegion(one, env, certificateArn)
  )
  return {
    mode,
    certificateArn,
    domainName,
    subjectAlternativeNames: Object.freeze(subjectAlternativeNames),
    allNames: Object.freeze(allNames),
    region: regions[0] as string,
    regions: Object.freeze(regions)
  }
}

type Roles = Pick<Config, 'roleToAssume' | 'dnsRoleToAssume' | 'roleChaining' | 'dnsRoleChaining'>

/** The certificate and DNS roles, and how each is reached. */
function readRoles(read: Read): Roles {
  const roleToAssume = readRoleArn(Inputs.RoleToAssume, read(Inputs.RoleToAssume))
  const dnsRoleToAssume = readRoleArn(Inputs.DnsRoleToAssume, read(Inputs.DnsRoleToAssume))
  const roleChaining = readBoolean(Inputs.RoleChaining, read(Inputs.RoleChaining), false)
  const dnsRoleChaining = readBoolean(Inputs.DnsRoleChaining, read(Inputs.DnsRoleChaining), false)
  if (dnsRoleChaining && (roleToAssume === undefined || dnsRoleToAssume === undefined)) {
    throw new InputError(
      Inputs.DnsRoleChaining,
      'true',
      `needs both ${Inputs.RoleToAssume} and ${Inputs.DnsRoleToAssume}`,
      {
        hint: `Set both role inputs, or leave ${Inputs.DnsRoleChaining} false to reach each role the way ${Inputs.RoleToAssume} is.`
      }
    )
  }
  return { roleToAssume, dnsRoleToAssume, roleChaining, dnsRoleChaining }
}

type Sessions = Pick<
  Config,
  'roleSessionName' | 'roleDurationSeconds' | 'roleExternalId' | 'dnsRoleExternalId' | 'audience' | 'maskAwsAccountId'
>

/** The STS sessions: their name, duration and external ids, the OIDC audience, account id masking. */
function readSessions(read: Read, env: Env): Sessions {
  return {
    roleSessionName: readSessionName(read(Inputs.RoleSessionName), env),
    roleDurationSeconds: readDurationSeconds(read(Inputs.RoleDurationSeconds)),
    roleExternalId: readExternalId(Inputs.RoleExternalId, read(Inputs.RoleExternalId)),
    dnsRoleExternalId: readExternalId(Inputs.DnsRoleExternalId, read(Inputs.DnsRoleExternalId)),
    audience: read(Inputs.Audience) || DEFAULT_AUDIENCE,
    maskAwsAccountId: readBoolean(Inputs.MaskAwsAccountId, read(Inputs.MaskAwsAccountId), false)
  }
}

type Request = Pick<Config, 'keyAlgorithm' | 'certificateTransparencyLogging' | 'tags'>

/** What RequestCertificate asks for beyond the names. */
function readRequest(read: Read, getInput: InputReader): Request {
  return {
    keyAlgorithm: readKeyAlgorithm(read(Inputs.KeyAlgorithm)),
    certificateTransparencyLogging: readTransparencyLogging(read(Inputs.CertificateTransparencyLogging)),
    tags: Object.freeze(readTags(getInput(Inputs.Tags)).map((t) => Object.freeze(t)))
  }
}

type Dns = Pick<Config, 'hostedZoneId' | 'dnsProvider' | 'zoneOverrides' | 'certificateAuthorityArn'>

/** Where the validation records go (or that there are none: a private CA), checked together. */
function readDns(read: Read, getInput: InputReader): Dns {
  const hostedZoneId = readHostedZoneId(read(Inputs.HostedZoneId))
  const dnsProvider = readChoice(Inputs.DnsProvider, read(Inputs.DnsProvider), DNS_PROVIDERS, 'route53')
  const zoneOverrides = readZoneOverrides(getInput(Inputs.ZoneOverrides))
  const certificateAuthorityArn = readCertificateAuthorityArn(read(Inputs.CertificateAuthorityArn))
  checkDnsInputs({ dnsProvider, hostedZoneId, zoneOverrides, certificateAuthorityArn }, read)
  return {
    hostedZoneId,
    dnsProvider,
    zoneOverrides: Object.freeze(zoneOverrides.map((o) => Object.freeze(o))),
    certificateAuthorityArn
  }
}

/** Every ARN given must be of the partition of the run's Region (arns.ts says why). */
function checkPartitions(target: Target, roles: Roles, dns: Dns): void {
  const { region } = target
  checkArnPartition(Inputs.RoleToAssume, roles.roleToAssume, region)
  checkArnPartition(Inputs.DnsRoleToAssume, roles.dnsRoleToAssume, region)
  dns.zoneOverrides.forEach((o) => checkArnPartition(Inputs.ZoneOverrides, o.roleArn, region, o.line))
  checkArnPartition(Inputs.CertificateArn, target.certificateArn, region)
  checkArnPartition(Inputs.CertificateAuthorityArn, dns.certificateAuthorityArn, region)
}

/**
 * Whether the run calls Route 53 at all: request mode for a public certificate, and audit mode (it
 * reads the validation records and may repair them), with dns-provider route53. Otherwise no DNS role
 * is assumed and no Route 53 client is used.
 */
export function usesRoute53(config: Pick<Config, 'mode' | 'dnsProvider' | 'certificateAuthorityArn'>): boolean {
  const mode = config.mode === 'request' || config.mode === 'audit' || config.mode === 'acme-endpoint'
  return mode && config.dnsProvider === 'route53' && config.certificateAuthorityArn === undefined
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
  export?: Config['export']
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
    // Deprecated since 12 June 2026 and no longer sent (every public certificate is logged): it no longer
    // tells two requests apart. 'ENABLED' keeps the tokens of 1.0.0 what they were.
    certificateTransparencyLogging: 'ENABLED',
    region: parts.region,
    tags: [...parts.tags]
      .sort((a, b) => compare(a.Key, b.Key) || compare(a.Value, b.Value))
      .map((t) => [t.Key, t.Value]),
    // Only when set, so tokens of public certificates stay what they were.
    ...(parts.certificateAuthorityArn !== undefined && { certificateAuthorityArn: parts.certificateAuthorityArn }),
    // An exportable certificate is another (billed) certificate: within ACM's hour, never the same one.
    ...(parts.export !== undefined && { export: true })
  })
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32)
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
        hint:
          `Put a shorter name in ${Inputs.DomainName} and the long one in ${Inputs.SubjectAlternativeNames} (up ` +
          `to 253).`
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

function readProxy(value: string, env: Readonly<Record<string, string | undefined>>): Config['proxy'] {
  try {
    return proxySettings(value, env)
  } catch (err) {
    const fromInput = value !== ''
    throw new InputError(
      fromInput ? Inputs.HttpProxy : 'HTTPS_PROXY/HTTP_PROXY',
      fromInput ? redactProxyInput(value) : '(environment)',
      errorMessage(err),
      {
        hint: 'Give the proxy as http://host:port (user:password@ before the host if it needs them).'
      }
    )
  }
}
