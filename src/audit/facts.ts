// What the renewal guard judges, as plain data: the facts about one certificate (from ACM, Route 53
// and public DNS), the findings it can make (ranked, worst first) and the verdict. No logic beyond
// small helpers shared by the deciders.
import type { Finding as DnsFinding } from '../preflight.js'

export const DAY_MS = 86_400_000
/** What Route 53 holds at a validation record's name. */
export type RecordLookup =
  | { readonly state: 'exact' }
  | { readonly state: 'missing' }
  /** A CNAME is there, pointing elsewhere. */
  | { readonly state: 'wrong'; readonly values: readonly string[] }
  /** Records of another type sit at the name: an UPSERT of the CNAME would be refused. */
  | { readonly state: 'conflict'; readonly types: readonly string[] }
  /** No public hosted zone for the name in the DNS account (the record may live elsewhere). */
  | { readonly state: 'no-zone'; readonly reason: string }
  /** Reading the zone failed (permissions, throttling beyond patience). */
  | { readonly state: 'error'; readonly reason: string }
  /** Route 53 has no zone for the name any more (no public zone found, or the pinned zone is gone). */
  | { readonly state: 'zone-gone'; readonly reason: string }

/** What public DNS answers for a validation record's name (a CNAME query). */
export type PublicLookup =
  | { readonly state: 'exact' }
  | { readonly state: 'missing' }
  | { readonly state: 'wrong'; readonly values: readonly string[] }
  | { readonly state: 'unknown'; readonly reason: string }
  | { readonly state: 'unchecked' }

export interface ExpectedRecord {
  /** Lower case, trailing dot, as ACM gives it. */
  readonly name: string
  readonly value: string
}

/** One name of the certificate and its validation record. */
export interface NameFacts {
  readonly domain: string
  /** DomainValidation.ValidationMethod; undefined when ACM gave none. */
  readonly method: string | undefined
  /** ResourceRecord ACM expects; undefined for EMAIL/HTTP validation or when ACM shows none. */
  readonly record: ExpectedRecord | undefined
  readonly zone: { readonly id: string; readonly name: string } | undefined
  readonly route53: RecordLookup
  readonly publicDns: PublicLookup
  /** The record was missing or wrong and this run UPSERTed it. */
  readonly repaired?: boolean
}

export interface RenewalFacts {
  readonly status: string
  readonly reason: string | undefined
  readonly updatedAt: Date | undefined
}

export interface CertificateFacts {
  readonly arn: string
  readonly domainName: string
  /** AMAZON_ISSUED, IMPORTED or PRIVATE. */
  readonly type: string | undefined
  readonly status: string
  readonly notAfter: Date | undefined
  readonly inUseBy: number
  readonly renewalEligibility: string | undefined
  /** Options.Export of a public certificate (ENABLED: exportable, billed, renewed only once exported). */
  readonly exportOption?: string | undefined
  readonly renewal: RenewalFacts | undefined
  readonly names: readonly NameFacts[]
  /** Pre-flight CAA findings for this certificate's names, and delegation findings for its zones. */
  readonly dnsFindings: readonly DnsFinding[]
  /** The CAA and delegation checks ran (a resolver was there); unset: they did not. */
  readonly dnsChecked?: boolean
  /** CertificateKeyPairOrigin: ACME for a certificate issued through an ACM ACME endpoint. */
  readonly keyPairOrigin?: string | undefined
  /** NotAfter − NotBefore in whole days (the renewal window scales with it, renewal-window.ts). */
  readonly lifetimeDays?: number | undefined
  /** The email → DNS validation migration (UpdateSummary) and what this run did about it (migrate.ts). */
  readonly migration?: MigrationFacts | undefined
}

/** An email → DNS migration: DescribeCertificate's UpdateSummary, and this run's part in it. */
export interface MigrationFacts {
  /** PENDING_DOMAIN_VALIDATION, SUCCESS or FAILED (UpdateSummary.Status). */
  readonly status: string
  readonly requestedAt: Date | undefined
  readonly updatedAt: Date | undefined
  /** started: this run called UpdateCertificateOptions; continued: it published the CNAMEs of one under way. */
  readonly action: 'started' | 'continued' | 'none'
  /** The CNAMEs ACM asks for (ListCertificateDomainValidations), by name. */
  readonly records: readonly string[]
  /** Why this run could not start or continue it (an API error), if so. */
  readonly error?: string | undefined
}

export interface AuditPolicy {
  readonly now: number
  /** A renewal PENDING_VALIDATION (or PENDING_AUTO_RENEWAL) without news for this long is at risk. */
  readonly pendingTooLongMs: number
}

/** ACM itself gives up on validation after 72 hours (ACM User Guide, "DNS validation"). */
export const PENDING_TOO_LONG_MS = 72 * 3_600_000

/** risk: renewal fails unless fixed; warning: worth a look, not known to break renewal; info: context; fixed: repaired by this run. */
export type FindingLevel = 'expired' | 'risk' | 'warning' | 'info' | 'fixed'
export type Verdict = 'ok' | 'at-risk' | 'expired'

/** Every finding the guard can make, worst first: the rank sorts a certificate's findings and the fleet. */
export const FINDING_RANK = {
  expired: 100,
  revoked: 95,
  'renewal-failed': 90,
  'migration-failed': 88,
  'migration-window-passed': 87,
  'caa-forbids': 85,
  'delegation-broken': 80,
  'zone-gone': 76,
  'record-missing': 75,
  'record-wrong': 74,
  'record-conflict': 73,
  'public-dns-missing': 70,
  'not-exported': 66,
  'ineligible-in-use': 65,
  'renewal-pending-too-long': 60,
  'email-validation': 58,
  'expiring-soon': 55,
  'migration-pending': 45,
  'not-in-use': 42,
  'other-validation': 41,
  'caa-unknown': 40,
  'delegation-unknown': 39,
  'record-unchecked': 38,
  'public-dns-unknown': 37,
  'not-issued': 30,
  'record-outside-route53': 15,
  'acme-renewed': 12,
  'renewal-in-progress': 10,
  'migration-started': 6,
  'record-repaired': 5
} as const
export type FindingCode = keyof typeof FINDING_RANK

export interface AuditFinding {
  readonly code: FindingCode
  readonly level: FindingLevel
  readonly rank: number
  /** The certificate name, validation record name or zone the finding is about ('' for the certificate). */
  readonly subject: string
  readonly message: string
  /** What to do about it ('' when nothing). */
  readonly fix: string
}

export interface CertificateVerdict {
  readonly verdict: Verdict
  /** Whole days until NotAfter (negative once past); undefined without NotAfter. */
  readonly daysLeft: number | undefined
  /** Worst first. */
  readonly findings: readonly AuditFinding[]
}

export const TERMINAL_UNISSUED = new Set(['FAILED', 'VALIDATION_TIMED_OUT', 'INACTIVE'])
export const RENEWAL_UNDER_WAY = new Set(['PENDING_AUTO_RENEWAL', 'PENDING_VALIDATION'])

export function finding(
  code: FindingCode,
  level: FindingLevel,
  subject: string,
  message: string,
  fix: string
): AuditFinding {
  return { code, level, rank: FINDING_RANK[code], subject, message, fix }
}

export function daysLeft(notAfter: Date | undefined, now: number): number | undefined {
  return notAfter === undefined ? undefined : Math.floor((notAfter.getTime() - now) / DAY_MS)
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
