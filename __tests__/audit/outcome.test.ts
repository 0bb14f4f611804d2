import { auditEnd, reportOutput } from '../../src/audit/outcome.js'
import {
  auditReportDocument,
  type AuditReportDocument,
  type AuditedCertificate,
  type AuditRun
} from '../../src/audit/report.js'
import { judgeCertificate, PENDING_TOO_LONG_MS, type CertificateFacts } from '../../src/audit/verdict.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const DAY = 86_400_000
const policy = { now: NOW, pendingTooLongMs: PENDING_TOO_LONG_MS }

function cert(i: number, overrides: Partial<CertificateFacts> = {}): AuditedCertificate {
  const facts: CertificateFacts = {
    arn: `arn:aws:acm:us-east-1:111111111111:certificate/c${String(i).padStart(7, '0')}-1`,
    domainName: `c${i}.example.com`,
    type: 'AMAZON_ISSUED',
    status: 'ISSUED',
    notAfter: new Date(NOW + 200 * DAY),
    inUseBy: 1,
    renewalEligibility: 'ELIGIBLE',
    renewal: undefined,
    names: [],
    dnsFindings: [],
    ...overrides
  }
  return { facts, verdict: judgeCertificate(facts, policy) }
}

const run = (certificates: AuditedCertificate[], extra: Partial<AuditRun> = {}): AuditRun => ({
  region: 'us-east-1',
  scope: 'managed',
  repair: false,
  startedAt: NOW,
  elapsedMs: 1000,
  certificates,
  repairs: [],
  ...extra
})

describe('auditEnd', () => {
  it('passes when every certificate is ok, with at-risk 0 and the report as JSON', () => {
    const end = auditEnd(run([cert(1), cert(2)]), 'at-risk')
    expect(end.failure).toBeUndefined()
    expect(end.atRisk).toBe(0)
    expect(JSON.parse(end.report)).toMatchObject({ kind: 'renewal-audit', totals: { certificates: 2, ok: 2 } })
  })

  it('fails naming the certificates at risk or expired, worst first, and how to go on', () => {
    const end = auditEnd(
      run([cert(1), cert(2, { renewalEligibility: 'INELIGIBLE' }), cert(3, { status: 'EXPIRED' })]),
      'at-risk'
    )
    expect(end.atRisk).toBe(2)
    expect(end.failure?.title).toBe('Renewal at risk')
    expect(end.failure?.message.split('\n')).toEqual([
      '2 of 3 certificate(s) in us-east-1 will not renew as things stand (1 expired, 1 at risk):',
      'c3.example.com (c0000003): The certificate expired on 2027-06-21; 1 resource still uses it.',
      'c2.example.com (c0000002): The certificate is in use by 1 resource but INELIGIBLE for managed renewal.'
    ])
    expect(end.failure?.hint).toMatch(/fail-on: none/)
  })

  it('names at most five and counts the rest', () => {
    const many = Array.from({ length: 8 }, (_, i) => cert(i, { renewalEligibility: 'INELIGIBLE' }))
    const lines = auditEnd(run(many), 'at-risk').failure?.message.split('\n') ?? []
    expect(lines).toHaveLength(7)
    expect(lines[6]).toBe('… and 3 more (see the job summary)')
  })

  it('does not fail on findings with fail-on none, but still counts them', () => {
    const end = auditEnd(run([cert(1, { renewalEligibility: 'INELIGIBLE' })]), 'none')
    expect(end.failure).toBeUndefined()
    expect(end.atRisk).toBe(1)
  })

  it('fails when a repair it was asked for failed, whatever fail-on says', () => {
    const end = auditEnd(
      run([cert(1)], {
        repair: true,
        repairErrors: [{ zoneId: 'Z1', zoneName: 'example.com', message: 'AccessDenied' }]
      }),
      'none'
    )
    expect(end.failure).toMatchObject({ title: 'Repair failed' })
    expect(end.failure?.message).toContain('zone example.com (Z1): AccessDenied')
  })
})

describe('reportOutput', () => {
  const doc = () =>
    auditReportDocument(
      run([
        cert(1),
        cert(2, { renewalEligibility: 'INELIGIBLE' }),
        ...Array.from({ length: 20 }, (_, i) => cert(10 + i))
      ])
    )

  it('is the whole document when it fits', () => {
    const d = doc()
    expect(JSON.parse(reportOutput(d))).toEqual(d)
  })

  it('keeps certificates needing attention in full, the others in a line each, when the whole does not fit', () => {
    const d = doc()
    const full = JSON.stringify(d).length
    const out = JSON.parse(reportOutput(d, full - 1)) as AuditReportDocument
    expect(out.truncated).toBe(true)
    expect(out.totals).toEqual(d.totals)
    expect(out.certificates).toHaveLength(22)
    expect(out.certificates[0]).toEqual(d.certificates[0])
    expect(Object.keys(out.certificates[1] ?? {})).toEqual(['arn', 'domainName', 'verdict', 'notAfter', 'daysLeft'])
  })

  it('falls back to those needing attention, then to the totals alone', () => {
    const d = doc()
    const short = JSON.parse(reportOutput(d, 1500)) as AuditReportDocument
    expect(short.certificates.map((c) => c.verdict)).toEqual(['at-risk'])
    const bare = JSON.parse(reportOutput(d, 600)) as AuditReportDocument
    expect(bare).toMatchObject({ truncated: true, certificates: [], totals: d.totals })
  })
})
