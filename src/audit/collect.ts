// From ACM's answers to the guard's facts, pure: which listed certificates are in scope, the names
// and validation records of a described one, and the records to look up (each once, with every
// certificate name it validates). Shapes are structural, so SDK objects fit without an SDK import.
import { MANAGED_BY_TAG } from '../constants.js'
import { checkValidationRecord, wildcardBase } from '../domains.js'
import type { ValidationRecord } from '../types.js'
import { TERMINAL_UNISSUED, type ExpectedRecord, type RenewalFacts } from './facts.js'

/** The CertificateSummary fields the guard reads (ListCertificates). */
export interface SummaryLike {
  readonly CertificateArn?: string | undefined
  readonly DomainName?: string | undefined
  readonly SubjectAlternativeNameSummaries?: readonly string[] | undefined
  readonly HasAdditionalSubjectAlternativeNames?: boolean | undefined
  readonly Type?: string | undefined
}

interface ValidationLike {
  readonly DomainName?: string | undefined
  readonly ValidationMethod?: string | undefined
  readonly ResourceRecord?: { readonly Name?: string | undefined; readonly Value?: string | undefined } | undefined
}

/** The CertificateDetail fields the guard reads (DescribeCertificate). */
export interface DetailLike {
  readonly CertificateArn?: string | undefined
  readonly DomainName?: string | undefined
  readonly SubjectAlternativeNames?: readonly string[] | undefined
  readonly Type?: string | undefined
  readonly Status?: string | undefined
  readonly NotAfter?: Date | undefined
  readonly NotBefore?: Date | undefined
  readonly InUseBy?: readonly string[] | undefined
  /** ACME: issued through an ACM ACME endpoint (its client renews it). */
  readonly CertificateKeyPairOrigin?: string | undefined
  /** The latest update, e.g. an email → DNS migration (Type DOMAIN_VALIDATION_METHOD). */
  readonly UpdateSummary?:
    | {
        readonly Status?: string | undefined
        readonly Type?: string | undefined
        readonly RequestedAt?: Date | undefined
        readonly UpdatedAt?: Date | undefined
      }
    | undefined
  readonly RenewalEligibility?: string | undefined
  readonly Options?: { readonly Export?: string | undefined } | undefined
  readonly DomainValidationOptions?: readonly ValidationLike[] | undefined
  readonly RenewalSummary?:
    | {
        readonly RenewalStatus?: string | undefined
        readonly RenewalStatusReason?: string | undefined
        readonly UpdatedAt?: Date | undefined
        readonly DomainValidationOptions?: readonly ValidationLike[] | undefined
      }
    | undefined
}

export type { AuditScope } from '../constants.js'

/** Only ACM-issued certificates renew by themselves: imported and private ones are out of scope. */
export function isAmazonIssued(cert: { readonly Type?: string | undefined }): boolean {
  return cert.Type === undefined || cert.Type === 'AMAZON_ISSUED'
}

function lower(names: readonly (string | undefined)[]): string[] {
  return names.filter((n): n is string => n !== undefined).map((n) => n.toLowerCase())
}

/**
 * A listed certificate worth describing: ACM-issued, and holding one of `names` when names narrow
 * the audit (a summary that lists only its first 100 SANs is kept, to be checked once described).
 */
export function listedInScope(summary: SummaryLike, names: readonly string[]): boolean {
  if (!isAmazonIssued(summary) || !summary.CertificateArn) return false
  if (names.length === 0 || summary.HasAdditionalSubjectAlternativeNames) return true
  const held = lower([summary.DomainName, ...(summary.SubjectAlternativeNameSummaries ?? [])])
  return names.some((n) => held.includes(n))
}

/** A described certificate in scope: ACM-issued, and holding one of `names` when names narrow the audit. */
export function describedInScope(detail: DetailLike, names: readonly string[]): boolean {
  if (!isAmazonIssued(detail)) return false
  return names.length === 0 || names.some((n) => certificateNames(detail).includes(n))
}

/** The action's own certificates carry its managed-by tag (acm.ts requestTags). */
export function isManaged(tags: readonly { readonly Key?: string | undefined }[]): boolean {
  return tags.some((t) => t.Key === MANAGED_BY_TAG)
}

export function certificateNames(detail: DetailLike): string[] {
  return [...new Set(lower([detail.DomainName, ...(detail.SubjectAlternativeNames ?? [])]))]
}

export function renewalFacts(detail: DetailLike): RenewalFacts | undefined {
  const summary = detail.RenewalSummary
  if (!summary?.RenewalStatus) return undefined
  return { status: summary.RenewalStatus, reason: summary.RenewalStatusReason, updatedAt: summary.UpdatedAt }
}

function absolute(name: string): string {
  const l = name.trim().toLowerCase()
  return l.endsWith('.') ? l : `${l}.`
}

export interface DescribedName {
  readonly domain: string
  readonly method: string | undefined
  readonly record: ExpectedRecord | undefined
}

/**
 * Each name with its validation method and the record ACM expects: from DomainValidationOptions,
 * else from the renewal's own (RenewalSummary.DomainValidationOptions). Names without any are kept
 * (no record to check) so the report still lists them.
 */
export function describedNames(detail: DetailLike): DescribedName[] {
  const renewalOptions = detail.RenewalSummary?.DomainValidationOptions ?? []
  const byDomain = new Map<string, ValidationLike>()
  for (const v of [...renewalOptions, ...(detail.DomainValidationOptions ?? [])]) {
    const domain = v.DomainName?.toLowerCase()
    if (domain === undefined) continue
    const known = byDomain.get(domain)
    if (!known?.ResourceRecord || v.ResourceRecord) byDomain.set(domain, v)
  }
  return certificateNames(detail).map((domain) => {
    const v = byDomain.get(domain)
    const r = v?.ResourceRecord
    const record = r?.Name && r.Value ? { name: absolute(r.Name), value: absolute(r.Value) } : undefined
    return {
      domain,
      method: v?.ValidationMethod,
      record: v?.ValidationMethod === 'DNS' || !v?.ValidationMethod ? record : undefined
    }
  })
}

/** Whether the guard checks a certificate's names at all (not for one expired, revoked or never issued). */
export function checksNames(status: string): boolean {
  return status !== 'EXPIRED' && status !== 'REVOKED' && !TERMINAL_UNISSUED.has(status)
}

/**
 * The distinct validation records of the certificates whose names are checked, each with every name
 * it validates. `writable` says whether a repair may write it: the write-set invariant of request mode
 * (a CNAME `_<token>.<name>` → `_<token>.<label>.acm-validations.aws.`) holds.
 */
export function recordsToCheck(
  certificates: readonly {
    readonly status: string
    readonly names: readonly DescribedName[]
    readonly detail?: { readonly CertificateKeyPairOrigin?: string | undefined }
  }[]
): { record: ValidationRecord; writable: boolean }[] {
  const byKey = new Map<string, { name: string; value: string; domains: string[] }>()
  for (const cert of certificates) {
    // ACME-issued certificates are validated through their endpoint, not per-certificate CNAMEs.
    if (!checksNames(cert.status) || cert.detail?.CertificateKeyPairOrigin === 'ACME') continue
    for (const n of cert.names) {
      if (!n.record) continue
      const key = `${n.record.name} ${n.record.value}`
      const entry = byKey.get(key) ?? { name: n.record.name, value: n.record.value, domains: [] }
      if (!entry.domains.includes(n.domain)) entry.domains.push(n.domain)
      byKey.set(key, entry)
    }
  }
  return [...byKey.values()].map((r) => {
    const record: ValidationRecord = { name: r.name, type: 'CNAME', value: r.value, domains: r.domains }
    return { record, writable: checkValidationRecord(record, r.domains.map(wildcardBase)) === undefined }
  })
}
