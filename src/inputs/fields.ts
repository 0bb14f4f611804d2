// The single-value inputs: each reader checks one input and returns its typed value, or throws an
// InputError naming the input, the value and what is allowed. Pure.
import { Inputs, KEY_ALGORITHMS, type DnsProvider, type KeyAlgorithm, type Mode } from '../constants.js'
import { stripZoneIdPrefix } from '../zones/choose.js'
import { InputError } from '../errors.js'
import { isCertificateArn, isCertificateAuthorityArn, isRoleArn } from './arns.js'
import type { ZoneOverride } from '../types.js'

const MAX_TIMEOUT_MINUTES = 360

/**
 * ACM's public certificates last 198 days (CA/B SC-081: 100 days from 2027-03-15, 47 from 2029-03-15):
 * asking for more days left than a certificate ever has would reject every one.
 */
const MAX_MIN_DAYS_REMAINING = 198

const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

export const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/

const DECIMAL = /^(\d+\.?\d*|\.\d+)$/

export function readRoleArn(input: string, value: string): string | undefined {
  return optionalMatch(
    input,
    value,
    isRoleArn,
    'is not an IAM role ARN; expected arn:aws:iam::<12-digit account id>:role/<role name>',
    'Copy the role ARN from the IAM console (a user ARN or an ARN with spaces will not do).'
  )
}

/** '' → undefined; a value `pattern` accepts as it is; any other an InputError saying what was expected. */
function optionalMatch(
  input: string,
  value: string,
  pattern: RegExp | ((value: string) => boolean),
  problem: string,
  hint?: string
): string | undefined {
  if (value === '') return undefined
  const ok = typeof pattern === 'function' ? pattern(value) : pattern.test(value)
  if (!ok) throw new InputError(input, value, problem, { hint })
  return value
}

export function readExternalId(input: string, value: string): string | undefined {
  return optionalMatch(
    input,
    value,
    EXTERNAL_ID,
    'must be 2 to 1224 characters of letters, digits and _ + = , . @ : / -'
  )
}

export function readChoice<T extends string>(input: string, value: string, choices: readonly T[], defaultValue: T): T {
  if (value === '') return defaultValue
  const found = choices.find((c) => c === value.toLowerCase())
  if (found === undefined) throw new InputError(input, value, `must be one of ${choices.join(', ')}`)
  return found
}

/** severalRegions: status and delete then find the certificate by its names in each Region. */
export function readCertificateArn(mode: Mode, value: string, severalRegions = false): string | undefined {
  if (value === '') {
    if (mode === 'status' && !severalRegions) {
      throw new InputError(Inputs.CertificateArn, value, `is required with ${Inputs.Mode} status`, {
        hint: `Pass the certificate-arn output of the step that requested the certificate.`
      })
    }
    return undefined
  }
  if (mode === 'audit') {
    throw new InputError(Inputs.CertificateArn, value, `is not for ${Inputs.Mode} audit`, {
      hint: `The audit covers every certificate in scope (${Inputs.AuditScope}); to narrow it, give names in ${Inputs.DomainName} and ${Inputs.SubjectAlternativeNames}.`
    })
  }
  if (mode === 'request' || mode === 'acme-endpoint') {
    throw new InputError(Inputs.CertificateArn, value, `is only for ${Inputs.Mode} status or delete`, {
      hint: `To get a certificate, give its names in ${Inputs.DomainName}; to check on one, set ${Inputs.Mode}: status.`
    })
  }
  const expected = 'expected arn:aws:acm:<region>:<account id>:certificate/<id>'
  return optionalMatch(Inputs.CertificateArn, value, isCertificateArn, `is not an ACM certificate ARN; ${expected}`)
}

export function readCertificateAuthorityArn(value: string): string | undefined {
  const expected = 'expected arn:aws:acm-pca:<region>:<account id>:certificate-authority/<id>'
  return optionalMatch(
    Inputs.CertificateAuthorityArn,
    value,
    isCertificateAuthorityArn,
    `is not an AWS Private CA ARN; ${expected}`
  )
}

/** A path with a control character (a line break above all) could not be echoed safely in the log. */
export function readReportFile(value: string): string | undefined {
  if (/\p{Cc}/u.test(value)) {
    throw new InputError(Inputs.ReportFile, value, 'contains a control character (a line break, tab, ...)', {
      hint: 'Give a single-line path, e.g. ${{ runner.temp }}/acm-report.json.'
    })
  }
  return value || undefined
}

export function readMinDaysRemaining(value: string): number {
  if (value === '') return 30
  const days = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(days <= MAX_MIN_DAYS_REMAINING)) {
    throw new InputError(
      Inputs.MinDaysRemaining,
      value,
      `must be a whole number of days from 0 to ${MAX_MIN_DAYS_REMAINING}`,
      {
        hint:
          'ACM public certificates last 198 days, and ACM renews them in place (same ARN) from 60 days before they ' +
          'expire (45 for email validation): keep it under that renewal window. 0 reuses any unexpired certificate.'
      }
    )
  }
  return days
}

/** Inputs about writing validation records that contradict each other. */
export function checkDnsInputs(
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

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  1: true,
  false: false,
  no: false,
  0: false
}

export function readBoolean(input: string, value: string, defaultValue: boolean): boolean {
  if (value === '') return defaultValue
  const parsed = BOOLEANS[value.toLowerCase()]
  if (parsed === undefined) throw new InputError(input, value, 'must be one of true, false, yes, no, 1, 0')
  return parsed
}

export function readSessionName(given: string, env: Readonly<Record<string, string | undefined>>): string {
  const allowed = 'must be 2 to 64 characters of letters, digits and _ + = , . @ -'
  const checked = optionalMatch(Inputs.RoleSessionName, given, SESSION_NAME, allowed)
  if (checked !== undefined) return checked
  // Default: names the repository and run, so CloudTrail shows where a session came from.
  const sanitize = (s: string): string => s.replace(/[^\w+=,.@-]/g, '-')
  const runId = env['GITHUB_RUN_ID']?.trim()
  const suffix = runId ? sanitize(`-${runId}`) : ''
  const repository = env['GITHUB_REPOSITORY']?.trim()
  const base = sanitize(repository ? `acm-cert-${repository}` : 'acm-cert')
  return base.slice(0, 64 - suffix.length) + suffix
}

export function readDurationSeconds(value: string): number {
  if (value === '') return 3600
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN
  if (!(seconds >= 900 && seconds <= 43200)) {
    throw new InputError(Inputs.RoleDurationSeconds, value, 'must be a whole number of seconds from 900 to 43200', {
      hint: "It may not exceed the role's maximum session duration, and role chaining caps sessions at 3600."
    })
  }
  return seconds
}

export function readHostedZoneId(value: string): string | undefined {
  if (value === '') return undefined
  const id = stripZoneIdPrefix(value)
  if (!HOSTED_ZONE_ID.test(id)) {
    throw new InputError(
      Inputs.HostedZoneId,
      value,
      'is not a Route 53 hosted zone id; expected e.g. Z0123456789ABCDEFGHIJ or /hostedzone/Z0123456789ABCDEFGHIJ'
    )
  }
  return id
}

export function readTimeoutMs(value: string): number {
  if (value === '') return 60 * 60_000
  const minutes = DECIMAL.test(value) ? Number(value) : NaN
  if (!(minutes > 0 && minutes <= MAX_TIMEOUT_MINUTES)) {
    const problem = `must be a number of minutes above 0 and at most ${MAX_TIMEOUT_MINUTES} (the job limit)`
    throw new InputError(Inputs.TimeoutMinutes, value, problem)
  }
  return Math.round(minutes * 60_000)
}

export function readKeyAlgorithm(value: string): KeyAlgorithm {
  if (value === '') return 'RSA_2048'
  const found = KEY_ALGORITHMS.find((k) => k.toLowerCase() === value.toLowerCase())
  if (found === undefined)
    throw new InputError(Inputs.KeyAlgorithm, value, `must be one of ${KEY_ALGORITHMS.join(', ')}`)
  return found
}

/**
 * CertificateTransparencyLoggingPreference is deprecated since 12 June 2026: "Certificate transparency
 * logging opt-out is no longer available. All public certificates are recorded in a certificate
 * transparency log" (ACM API Reference, CertificateOptions). The action no longer sends it: ENABLED says
 * nothing ACM does not do anyway, and DISABLED cannot be honoured.
 */
export function transparencyWarning(value: 'ENABLED' | 'DISABLED'): string | undefined {
  return value === 'DISABLED'
    ? `${Inputs.CertificateTransparencyLogging}: DISABLED has no effect: since 12 June 2026 ACM logs every public ` +
        'certificate in Certificate Transparency logs and no longer offers the opt-out. The names of this ' +
        'certificate will appear in public CT logs. Remove the input to silence this warning.'
    : undefined
}

export function readTransparencyLogging(value: string): 'ENABLED' | 'DISABLED' {
  if (value === '') return 'ENABLED'
  const upper = value.toUpperCase()
  if (upper !== 'ENABLED' && upper !== 'DISABLED') {
    throw new InputError(Inputs.CertificateTransparencyLogging, value, 'must be ENABLED or DISABLED')
  }
  return upper
}
