// ACM certificate lifecycle: validation records, DNS-based validation, lazily computed status.
import { isWithin, labelCount, route53Name, wildcardBase } from './names.js'
import type { Certificate, HostedZone, SimState } from './state.js'
import { DAY, HOUR, hmacHex } from './util.js'

/**
 * ACM public certificates are "valid for 198 days" (ACM User Guide, "ACM concepts", 2026), under CA/Browser
 * Forum ballot SC-081 (at most 200 days from 2026-03-15, 100 from 2027-03-15, 47 from 2029-03-15). The
 * scenario's certificateValidityDays sets it, so the shorter lifetimes are one setting away.
 */
export const DEFAULT_VALIDITY_DAYS = 198

/** The validity of certificates issued now: scenario.certificateValidityDays. */
export function validityMs(state: SimState): number {
  return state.scenario.certificateValidityDays * DAY
}

/**
 * When ACM starts managed renewal, in days before NotAfter: 60 for DNS- and HTTP-validated and private
 * certificates, 45 for email-validated ones (ACM User Guide, "Troubleshoot managed certificate renewal";
 * "HTTP renewal validation"). For lifetimes under 198 days the window is UNCONFIRMED: the simulator scales
 * it with the lifetime (60/198 of it), as src/audit/renewal-window.ts assumes.
 */
export function renewalWindowMs(cert: Certificate): number {
  const documented = (cert.validationMethod === 'EMAIL' ? 45 : 60) * DAY
  const lifetime =
    cert.notAfter !== undefined && cert.notBefore !== undefined ? cert.notAfter - cert.notBefore : undefined
  if (lifetime === undefined || lifetime >= DEFAULT_VALIDITY_DAYS * DAY) return documented
  return Math.floor((documented * lifetime) / (DEFAULT_VALIDITY_DAYS * DAY))
}

export interface ValidationRecord {
  name: string
  value: string
}

/**
 * The CNAME ACM asks for. Records are "created specifically for your domain and your account", and for
 * `*.example.com` "the random strings created by ACM are the same as those created for its base domain"
 * (ACM User Guide, "DNS validation"): so they derive from account + base name only.
 */
export function validationRecord(accountId: string, domainName: string): ValidationRecord {
  const base = wildcardBase(domainName)
  return validationCname(`${accountId}|${base}`, base)
}

/**
 * An ACM-shaped validation CNAME for `domainName`, derived from `seed` (`_<32 hex>.name.` →
 * `_<32 hex>.<10 letters>.acm-validations.aws.`); `keyPrefix` keeps other kinds of record apart.
 */
export function validationCname(seed: string, domainName: string, keyPrefix = ''): ValidationRecord {
  const letters = hmacHex(`${keyPrefix}letters`, seed)
    .slice(0, 10)
    .split('')
    .map((h) => String.fromCharCode(97 + (parseInt(h, 16) % 26)))
    .join('')
  return {
    name: `_${hmacHex(`${keyPrefix}name`, seed).slice(0, 32)}.${domainName}.`,
    value: `_${hmacHex(`${keyPrefix}value`, seed).slice(0, 32)}.${letters}.acm-validations.aws.`
  }
}

/**
 * The zone public DNS answers from: the most specific public zone containing the name whose parent
 * delegates to it (a `delegated: false` zone is invisible to resolvers). First created wins a tie.
 */
export function authoritativeZone(state: SimState, name: string): HostedZone | undefined {
  let best: HostedZone | undefined
  for (const zone of state.zones) {
    if (zone.privateZone || !zone.delegated || !isWithin(name, zone.name)) continue
    if (!best || labelCount(zone.name) > labelCount(best.name)) best = zone
  }
  return best
}

function sameTarget(a: string, b: string): boolean {
  return route53Name(a) === route53Name(b)
}

/** When public DNS started answering the validation CNAME for this name, or undefined if it does not. */
export function recordVisibleSince(state: SimState, accountId: string, domainName: string): number | undefined {
  const record = validationRecord(accountId, domainName)
  const zone = authoritativeZone(state, record.name)
  const found = zone?.records.find((r) => r.type === 'CNAME' && r.name === route53Name(record.name))
  const value = found?.values[0]
  return found && value !== undefined && sameTarget(value, record.value) ? found.writtenAt : undefined
}

function isDnsValidated(cert: Certificate): boolean {
  return cert.type === 'AMAZON_ISSUED' && cert.validationMethod === 'DNS'
}

/** ACM's own checking time for a certificate: its Region's issuanceDelayMsByRegion, else issuanceDelayMs. */
function issuanceDelayOf(state: SimState, cert: Certificate): number {
  return state.scenario.issuanceDelayMsByRegion?.[cert.region] ?? state.scenario.issuanceDelayMs
}

/**
 * When the certificate is (or will be) issued: ACM issues once every name's CNAME resolves; the scenario's
 * issuance delay (issuanceDelayOf) stands for ACM's own checking time, counted from the later of request
 * and last record.
 */
export function projectedIssueTime(state: SimState, cert: Certificate): number | undefined {
  if (cert.issuedAt !== undefined) return cert.issuedAt
  if (cert.status !== 'PENDING_VALIDATION' || !isDnsValidated(cert) || cert.scripted) return undefined
  let latest = cert.createdAt
  for (const name of cert.names) {
    const since = recordVisibleSince(state, cert.accountId, name)
    if (since === undefined) return undefined
    latest = Math.max(latest, since)
  }
  return latest + issuanceDelayOf(state, cert)
}

export function markIssued(cert: Certificate, at: number, validity: number): void {
  cert.status = 'ISSUED'
  cert.issuedAt = at
  cert.notBefore = at
  cert.notAfter = at + validity
}

/**
 * Bring a pending certificate's status up to `now`. Called on every read and before every DNS change,
 * so a record removed after issuance cannot un-issue a certificate.
 */
export function settle(state: SimState, cert: Certificate, now: number): void {
  expire(cert, now)
  settleUpdate(state, cert, now)
  if (cert.status !== 'PENDING_VALIDATION' || !isDnsValidated(cert)) return
  if (cert.scripted) {
    if (now < cert.createdAt + issuanceDelayOf(state, cert)) return
    cert.status = cert.scripted.status
    if (cert.scripted.status === 'FAILED') {
      cert.failureReason = cert.scripted.reason
      if (cert.scripted.domain !== undefined) cert.failedDomain = cert.scripted.domain
    }
    return
  }
  const issueAt = projectedIssueTime(state, cert)
  if (issueAt !== undefined && now >= issueAt) markIssued(cert, issueAt, validityMs(state))
}

/**
 * After UpdateCertificateOptions the CNAMEs must be in DNS "within 72 hours" (ACM User Guide, "Updating a
 * certificate's validation method"); the ARN is kept.
 */
export const MIGRATION_WINDOW_MS = 72 * HOUR

/**
 * An email → DNS migration succeeds once every name's CNAME resolves (plus ACM's checking time) within the
 * window, and the certificate is DNS-validated from then on; otherwise it FAILED at the window's end and
 * stays email-validated.
 */
function settleUpdate(state: SimState, cert: Certificate, now: number): void {
  const update = cert.update
  if (update?.status !== 'PENDING_DOMAIN_VALIDATION') return
  let latest: number | undefined = update.requestedAt
  for (const name of cert.names) {
    const since = recordVisibleSince(state, cert.accountId, name)
    latest = since === undefined || latest === undefined ? undefined : Math.max(latest, since)
  }
  const doneAt = latest === undefined ? undefined : latest + issuanceDelayOf(state, cert)
  const deadline = update.requestedAt + MIGRATION_WINDOW_MS
  if (doneAt !== undefined && doneAt <= deadline) {
    if (now < doneAt) return
    update.status = 'SUCCESS'
    update.updatedAt = doneAt
    cert.validationMethod = 'DNS'
  } else if (now >= deadline) {
    update.status = 'FAILED'
    update.updatedAt = deadline
  }
}

/** An issued certificate past its NotAfter reports EXPIRED (ACM API Reference, CertificateDetail Status). */
function expire(cert: Certificate, now: number): void {
  if (cert.status === 'ISSUED' && cert.notAfter !== undefined && now >= cert.notAfter) cert.status = 'EXPIRED'
}

export function settleAll(state: SimState, now: number): void {
  for (const cert of state.certificates.values()) settle(state, cert, now)
}

export type DomainStatus = 'PENDING_VALIDATION' | 'SUCCESS' | 'FAILED'

/**
 * Per-name ValidationStatus of a managed renewal: ACM renews a DNS-validated certificate automatically
 * "as long as the certificate is in use and your CNAME record remains in place" (ACM User Guide, "DNS
 * validation"); a name whose CNAME is gone waits for validation (ACM User Guide, "Managed certificate renewal").
 */
export function renewalDomainStatus(state: SimState, cert: Certificate, name: string): DomainStatus {
  const scripted = cert.renewalSummary?.validationStatuses?.[name]
  if (scripted) return scripted
  return recordVisibleSince(state, cert.accountId, name) !== undefined ? 'SUCCESS' : 'PENDING_VALIDATION'
}

/** Per-name ValidationStatus (ACM API Reference, DomainValidation). */
export function domainStatus(state: SimState, cert: Certificate, name: string): DomainStatus {
  if (cert.failedDomain === name) return 'FAILED'
  if (cert.status === 'ISSUED') return 'SUCCESS'
  if (cert.validationMethod === 'DNS' && recordVisibleSince(state, cert.accountId, name) !== undefined) return 'SUCCESS'
  return cert.status === 'PENDING_VALIDATION' ? 'PENDING_VALIDATION' : 'FAILED'
}
