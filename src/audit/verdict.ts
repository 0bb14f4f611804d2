// The renewal guard's judgement, pure: from what ACM, Route 53 and public DNS say about one
// certificate, the findings (each with a rank, a message and what to do) and a verdict. ACM renews a
// DNS-validated certificate by itself only while its validation CNAMEs stay in public DNS, CAA lets
// Amazon issue and the certificate is in use (ACM User Guide, "Managed renewal for DNS-validated
// domains"); a break is silent until the certificate expires, so each one is named here.
import type { Finding as DnsFinding } from '../preflight.js'

const DAY_MS = 86_400_000

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
  readonly renewal: RenewalFacts | undefined
  readonly names: readonly NameFacts[]
  /** Pre-flight CAA findings for this certificate's names, and delegation findings for its zones. */
  readonly dnsFindings: readonly DnsFinding[]
}

export interface AuditPolicy {
  readonly now: number
  /** A certificate expiring within this many days with no renewal under way is at risk. */
  readonly minDaysRemaining: number
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
  'caa-forbids': 85,
  'delegation-broken': 80,
  'record-missing': 75,
  'record-wrong': 74,
  'record-conflict': 73,
  'public-dns-missing': 70,
  'ineligible-in-use': 65,
  'renewal-pending-too-long': 60,
  'expiring-soon': 55,
  'caa-unknown': 40,
  'delegation-unknown': 39,
  'record-unchecked': 38,
  'public-dns-unknown': 37,
  'email-validation': 35,
  'not-issued': 30,
  'not-in-use': 25,
  'record-outside-route53': 15,
  'renewal-in-progress': 10,
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

const TERMINAL_UNISSUED = new Set(['FAILED', 'VALIDATION_TIMED_OUT', 'INACTIVE'])
const RENEWAL_UNDER_WAY = new Set(['PENDING_AUTO_RENEWAL', 'PENDING_VALIDATION'])

function finding(code: FindingCode, level: FindingLevel, subject: string, message: string, fix: string): AuditFinding {
  return { code, level, rank: FINDING_RANK[code], subject, message, fix }
}

export function daysLeft(notAfter: Date | undefined, now: number): number | undefined {
  return notAfter === undefined ? undefined : Math.floor((notAfter.getTime() - now) / DAY_MS)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Findings and verdict of one certificate. */
export function judgeCertificate(cert: CertificateFacts, policy: AuditPolicy): CertificateVerdict {
  const days = daysLeft(cert.notAfter, policy.now)
  const findings = [...certificateFindings(cert, days, policy), ...nameFindings(cert)]
  findings.sort(compareFindings)
  const verdict: Verdict = findings.some((f) => f.level === 'expired')
    ? 'expired'
    : findings.some((f) => f.level === 'risk')
      ? 'at-risk'
      : 'ok'
  return { verdict, daysLeft: days, findings }
}

export function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return b.rank - a.rank || (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0)
}

function certificateFindings(cert: CertificateFacts, days: number | undefined, policy: AuditPolicy): AuditFinding[] {
  const out: AuditFinding[] = []
  const replace = `Request a new certificate (mode: request with the same names) and move every user of ${cert.arn} to it.`
  const expiredByDate = cert.notAfter !== undefined && cert.notAfter.getTime() <= policy.now
  if (cert.status === 'EXPIRED' || (expiredByDate && cert.status === 'ISSUED')) {
    const when = cert.notAfter ? ` on ${cert.notAfter.toISOString().slice(0, 10)}` : ''
    const users = cert.inUseBy > 0 ? `; ${plural(cert.inUseBy, 'resource')} still use it` : ''
    out.push(finding('expired', 'expired', '', `The certificate expired${when}${users}.`, replace))
    return out
  }
  if (cert.status === 'REVOKED') {
    out.push(finding('revoked', 'risk', '', 'The certificate was revoked; ACM does not renew it.', replace))
    return out
  }
  if (TERMINAL_UNISSUED.has(cert.status)) {
    out.push(
      finding(
        'not-issued',
        'warning',
        '',
        `The certificate is ${cert.status}: it was never issued (or is no longer active), so there is nothing to renew.`,
        'Delete it if nothing needs it (mode: delete), so it stops counting against the ACM certificate quota.'
      )
    )
    return out
  }
  if (cert.status === 'PENDING_VALIDATION') {
    out.push(
      finding(
        'not-issued',
        'info',
        '',
        'The certificate is still PENDING_VALIDATION: ACM issues it once it sees every validation record.',
        ''
      )
    )
  }

  const renewal = cert.renewal
  if (renewal?.status === 'FAILED') {
    const reason = renewal.reason ? ` (${renewal.reason})` : ''
    out.push(
      finding(
        'renewal-failed',
        'risk',
        '',
        `ACM's managed renewal FAILED${reason}${renewal.updatedAt ? ` on ${renewal.updatedAt.toISOString().slice(0, 10)}` : ''}; the certificate will expire as it is.`,
        renewalFailureFix(renewal.reason, replace)
      )
    )
  } else if (renewal && RENEWAL_UNDER_WAY.has(renewal.status)) {
    const since = renewal.updatedAt ? policy.now - renewal.updatedAt.getTime() : undefined
    if (since !== undefined && since > policy.pendingTooLongMs) {
      out.push(
        finding(
          'renewal-pending-too-long',
          'risk',
          '',
          `ACM's managed renewal has been ${renewal.status} since ${renewal.updatedAt?.toISOString().slice(0, 10)} (${plural(Math.floor(since / DAY_MS), 'day')}): ACM cannot validate the names.`,
          'Fix the findings on the validation records, CAA and delegation; ACM retries on its own once it can see the records.'
        )
      )
    } else {
      out.push(finding('renewal-in-progress', 'info', '', `ACM's managed renewal is ${renewal.status}.`, ''))
    }
  }

  const inUse = cert.inUseBy > 0
  if (cert.status === 'ISSUED' && cert.renewalEligibility === 'INELIGIBLE') {
    out.push(
      inUse
        ? finding(
            'ineligible-in-use',
            'risk',
            '',
            `The certificate is in use by ${plural(cert.inUseBy, 'resource')} but INELIGIBLE for managed renewal.`,
            'Check that every name is still DNS-validated with its record in place; if ACM keeps it INELIGIBLE, request a new certificate and move its users to it.'
          )
        : finding(
            'not-in-use',
            'warning',
            '',
            'Nothing uses the certificate, so ACM will not renew it (INELIGIBLE until it is attached to an AWS resource).',
            'Attach it before it expires, or delete it if nothing needs it (mode: delete).'
          )
    )
  } else if (cert.status === 'ISSUED' && !inUse) {
    out.push(
      finding(
        'not-in-use',
        'warning',
        '',
        'Nothing uses the certificate; ACM renews only certificates in use.',
        'Attach it before it expires, or delete it if nothing needs it (mode: delete).'
      )
    )
  }

  const underWay = renewal !== undefined && RENEWAL_UNDER_WAY.has(renewal.status)
  if (cert.status === 'ISSUED' && days !== undefined && days < policy.minDaysRemaining && !underWay) {
    out.push(
      finding(
        'expiring-soon',
        'risk',
        '',
        `The certificate expires in ${plural(days, 'day')} (under min-days-remaining ${policy.minDaysRemaining}) and no renewal is under way.`,
        inUse
          ? 'Fix the other findings so ACM can renew it, or request a new certificate and move its users to it before it expires.'
          : 'Attach it to the resource that needs it (ACM renews only certificates in use), or delete it if nothing does.'
      )
    )
  }
  return out
}

function renewalFailureFix(reason: string | undefined, replace: string): string {
  if (reason === 'CAA_ERROR') return `Add a CAA record allowing amazon.com (see the CAA finding), then: ${replace}`
  if (reason === 'ADDITIONAL_VERIFICATION_REQUIRED') return `Contact AWS Support, then: ${replace}`
  return `Fix the findings below, then: ${replace}`
}

function nameFindings(cert: CertificateFacts): AuditFinding[] {
  if (cert.status === 'EXPIRED' || cert.status === 'REVOKED' || TERMINAL_UNISSUED.has(cert.status)) return []
  const out: AuditFinding[] = []
  const brokenZones = new Set(
    cert.dnsFindings.filter((f) => f.check === 'delegation' && f.severity === 'problem').map((f) => f.name)
  )
  for (const f of cert.dnsFindings) {
    if (f.check === 'caa') {
      out.push(finding(f.severity === 'problem' ? 'caa-forbids' : 'caa-unknown', level(f), f.name, f.message, f.hint))
    } else {
      out.push(
        finding(
          f.severity === 'problem' ? 'delegation-broken' : 'delegation-unknown',
          level(f),
          f.name,
          f.message,
          f.hint
        )
      )
    }
  }
  // example.com and *.example.com share one record: one finding for both.
  const seen = new Set<string>()
  for (const name of cert.names) {
    if (name.method !== undefined && name.method !== 'DNS') {
      out.push(
        finding(
          'email-validation',
          'warning',
          name.domain,
          `${name.domain} is validated by ${name.method}: renewal needs someone to act on ACM's request, which this guard cannot check.`,
          'Request the certificate with DNS validation instead (mode: request), so that renewal needs no one.'
        )
      )
      continue
    }
    const record = name.record
    if (!record || seen.has(record.name)) continue
    seen.add(record.name)
    const f = recordFinding(name, record, name.zone ? brokenZones.has(name.zone.name) : false)
    if (f) out.push(f)
  }
  return out
}

function level(f: DnsFinding): FindingLevel {
  return f.severity === 'problem' ? 'risk' : 'warning'
}

function bare(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name
}

function recordFinding(name: NameFacts, record: ExpectedRecord, zoneBroken: boolean): AuditFinding | undefined {
  const subject = bare(record.name)
  const cname = `${subject} CNAME ${record.value}`
  const where = name.zone ? `zone ${name.zone.name} (${name.zone.id})` : 'its zone'
  const repair = `Run the guard with repair: true, or create ${cname} in ${where}. Never delete it: renewal needs it.`
  const r = name.route53
  if (name.repaired && (r.state === 'missing' || r.state === 'wrong')) {
    return finding(
      'record-repaired',
      'fixed',
      subject,
      `The validation record for ${name.domain} was ${r.state === 'missing' ? 'missing' : 'wrong'} in ${where}; this run UPSERTed ${cname}.`,
      ''
    )
  }
  switch (r.state) {
    case 'missing':
      return finding(
        'record-missing',
        'risk',
        subject,
        `The validation record of ${name.domain} is missing from ${where}: ACM cannot renew without it.`,
        repair
      )
    case 'wrong':
      return finding(
        'record-wrong',
        'risk',
        subject,
        `The validation record of ${name.domain} in ${where} points to ${r.values.join(', ')}, not ${record.value}: ACM cannot renew with it.`,
        repair
      )
    case 'conflict':
      return finding(
        'record-conflict',
        'risk',
        subject,
        `${subject} holds ${r.types.join(', ')} record(s) in ${where} instead of the validation CNAME of ${name.domain}.`,
        `Remove the ${r.types.join(', ')} record(s) at ${subject} (a CNAME cannot share its name), then run the guard with repair: true. The guard never deletes records.`
      )
    case 'exact':
      return publicFinding(name, record, cname, zoneBroken)
    case 'no-zone':
    case 'error': {
      const p = name.publicDns
      if (p.state === 'exact') {
        return finding(
          'record-outside-route53',
          'info',
          subject,
          `The validation record of ${name.domain} is not in a Route 53 zone the DNS role can read (${r.reason}), but public DNS answers it correctly.`,
          ''
        )
      }
      if (p.state === 'missing' || p.state === 'wrong') return publicFinding(name, record, cname, false)
      return finding(
        'record-unchecked',
        'warning',
        subject,
        `Could not check the validation record of ${name.domain}: ${r.reason}${p.state === 'unknown' ? `; public DNS did not answer either (${p.reason})` : ''}.`,
        `Make sure ${cname} exists where ${name.domain} is served. If its zone is in Route 53, let the DNS role read it (route53:ListHostedZonesByName, route53:ListResourceRecordSets), or map it with zone-overrides.`
      )
    }
  }
}

function publicFinding(
  name: NameFacts,
  record: ExpectedRecord,
  cname: string,
  zoneBroken: boolean
): AuditFinding | undefined {
  const subject = bare(record.name)
  const p = name.publicDns
  if (p.state === 'exact' || p.state === 'unchecked') return undefined
  if (p.state === 'unknown') {
    return finding(
      'public-dns-unknown',
      'warning',
      subject,
      `Could not ask public DNS for the validation record of ${name.domain} (${p.reason}).`,
      "This runner's resolver is not the one ACM uses, so this is only a warning; set dns-resolvers to a public resolver to check."
    )
  }
  // The delegation finding of the zone already says why public DNS does not see the record.
  if (zoneBroken) return undefined
  const answer = p.state === 'missing' ? 'has no such record' : `answers ${p.values.join(', ')}`
  const inRoute53 = name.route53.state === 'exact' ? ' although Route 53 has it' : ''
  return finding(
    'public-dns-missing',
    'risk',
    subject,
    `Public DNS ${answer} for the validation record of ${name.domain}${inRoute53}: ACM validates over public DNS.`,
    name.route53.state === 'exact'
      ? `Check that public DNS serves ${name.zone?.name ?? 'the zone'} from Route 53 (NS delegation) and that no other zone shadows it; ${cname} must resolve.`
      : `Create ${cname} where ${name.domain} is served. Never delete it: renewal needs it.`
  )
}

/** Worst certificate first: expired, then at risk (by its worst finding), then ok; ties by fewest days left. */
export function compareCertificates(
  a: { verdict: CertificateVerdict; arn: string },
  b: { verdict: CertificateVerdict; arn: string }
): number {
  const order: Record<Verdict, number> = { expired: 0, 'at-risk': 1, ok: 2 }
  const worst = (v: CertificateVerdict): number => v.findings[0]?.rank ?? 0
  return (
    order[a.verdict.verdict] - order[b.verdict.verdict] ||
    worst(b.verdict) - worst(a.verdict) ||
    (a.verdict.daysLeft ?? Infinity) - (b.verdict.daysLeft ?? Infinity) ||
    (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0)
  )
}
