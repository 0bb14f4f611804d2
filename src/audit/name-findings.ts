// The findings about a certificate's names: its validation records in Route 53 and public DNS, and
// the pre-flight CAA and delegation findings, folded so that each problem is said once (a record
// shared by a name and its wildcard; a public miss that the zone's broken delegation explains).
import type { Finding as DnsFinding } from '../preflight.js'
import {
  finding,
  TERMINAL_UNISSUED,
  type AuditFinding,
  type CertificateFacts,
  type ExpectedRecord,
  type FindingLevel,
  type NameFacts,
  type RecordLookup
} from './facts.js'

export function nameFindings(cert: CertificateFacts): AuditFinding[] {
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
    // Names validated by email or HTTP have no CNAME to check (validation-findings.ts says why).
    if (name.method !== undefined && name.method !== 'DNS') continue
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

/** Where a validation record is, and the CNAME it must be (for the messages). */
interface RecordAt {
  readonly record: ExpectedRecord
  readonly subject: string
  readonly cname: string
  readonly where: string
}

/** The one finding of a validation record, by what Route 53 says of it (then public DNS). */
function recordFinding(name: NameFacts, record: ExpectedRecord, zoneBroken: boolean): AuditFinding | undefined {
  const subject = bare(record.name)
  const cname = `${subject} CNAME ${record.value}`
  const where = name.zone ? `zone ${name.zone.name} (${name.zone.id})` : 'its zone'
  const at: RecordAt = { record, subject, cname, where }
  const r = name.route53
  if (name.repaired && (r.state === 'missing' || r.state === 'wrong')) return repairedFinding(name, at, r.state)
  switch (r.state) {
    case 'missing':
    case 'wrong':
    case 'conflict':
      return zoneRecordFinding(name, at, r)
    case 'exact':
      return publicFinding(name, record, cname, zoneBroken)
    case 'zone-gone':
    case 'no-zone':
    case 'error':
      return unreadFinding(name, at, r)
  }
}

function repairedFinding(name: NameFacts, at: RecordAt, was: 'missing' | 'wrong'): AuditFinding {
  return finding(
    'record-repaired',
    'fixed',
    at.subject,
    `The validation record for ${name.domain} was ${was} in ${at.where}; this run UPSERTed ${at.cname}.`,
    ''
  )
}

/** Route 53 has no record at the name, another value, or records of other types. */
function zoneRecordFinding(
  name: NameFacts,
  { record, subject, cname, where }: RecordAt,
  r: Extract<RecordLookup, { state: 'missing' | 'wrong' | 'conflict' }>
): AuditFinding {
  const repair = `Run the guard with repair: true, or create ${cname} in ${where}. Never delete it: renewal needs it.`
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
  }
}

/** Route 53 could not say (no zone, a zone gone, a read that failed): public DNS decides. */
function unreadFinding(
  name: NameFacts,
  { record, subject, cname }: RecordAt,
  r: Extract<RecordLookup, { state: 'zone-gone' | 'no-zone' | 'error' }>
): AuditFinding | undefined {
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
  // A zone that is gone is a risk whether or not public DNS was asked.
  if (r.state === 'zone-gone') return zoneGoneFinding(name, r.reason, cname)
  if (p.state === 'missing' || p.state === 'wrong') return publicFinding(name, record, cname, false)
  return finding(
    'record-unchecked',
    'warning',
    subject,
    `Could not check the validation record of ${name.domain}: ${r.reason}${p.state === 'unknown' ? `; public DNS did not answer either (${p.reason})` : ''}.`,
    `Make sure ${cname} exists where ${name.domain} is served. If its zone is in Route 53, let the DNS role read it (route53:ListHostedZonesByName, route53:ListResourceRecordSets), or map it with zone-overrides.`
  )
}

/** No Route 53 zone holds the record any more: at risk whatever DNS checks are on (public DNS did not answer it). */
function zoneGoneFinding(name: NameFacts, reason: string, cname: string): AuditFinding {
  const p = name.publicDns
  const seen =
    p.state === 'missing'
      ? '; public DNS has no such record either'
      : p.state === 'wrong'
        ? `; public DNS answers ${p.values.join(', ')}`
        : ''
  return finding(
    'zone-gone',
    'risk',
    bare(cname.split(' ')[0] ?? ''),
    `The zone that held the validation record of ${name.domain} is gone (${reason})${seen}: ACM cannot renew without the record.`,
    `Recreate the zone (or point zone-overrides / hosted-zone-id at the zone that serves ${name.domain}) and create ${cname} in it; run the guard with repair: true once the zone exists.`
  )
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
