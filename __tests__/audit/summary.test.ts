import { auditReportDocument, type AuditedCertificate } from '../../src/audit/report.js'
import { auditSummaryMarkdown, cell, shortArn } from '../../src/audit/summary.js'
import { judgeCertificate, PENDING_TOO_LONG_MS, type CertificateFacts } from '../../src/audit/verdict.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const DAY = 86_400_000
const policy = { now: NOW, pendingTooLongMs: PENDING_TOO_LONG_MS }

function audited(id: string, domain: string, overrides: Partial<CertificateFacts> = {}): AuditedCertificate {
  const facts: CertificateFacts = {
    arn: `arn:aws:acm:eu-west-1:111111111111:certificate/${id}-1111-2222-3333-444444444444`,
    domainName: domain,
    type: 'AMAZON_ISSUED',
    status: 'ISSUED',
    notAfter: new Date(NOW + 100 * DAY),
    inUseBy: 1,
    renewalEligibility: 'ELIGIBLE',
    renewal: undefined,
    names: [
      {
        domain,
        method: 'DNS',
        record: { name: `_${id}.${domain}.`, value: `_${id}v.abc.acm-validations.aws.` },
        zone: { id: 'Z1', name: domain },
        route53: { state: 'exact' },
        publicDns: { state: 'exact' }
      },
      {
        domain: `www.${domain}`,
        method: 'DNS',
        record: { name: `_${id}w.www.${domain}.`, value: `_${id}wv.abc.acm-validations.aws.` },
        zone: { id: 'Z1', name: domain },
        route53: { state: 'exact' },
        publicDns: { state: 'exact' }
      }
    ],
    dnsFindings: [],
    dnsChecked: true,
    ...overrides
  }
  return { facts, verdict: judgeCertificate(facts, policy) }
}

const fleet = [
  audited('aaaa', 'ok.example'),
  audited('bbbb', 'gone.example', { status: 'EXPIRED', notAfter: new Date(NOW - 3 * DAY) }),
  audited('cccc', 'pipe.example', {
    renewal: { status: 'FAILED', reason: 'CAA_ERROR', updatedAt: new Date(NOW - DAY) },
    notAfter: new Date(NOW + 20 * DAY)
  })
]

describe('auditSummaryMarkdown', () => {
  const md = auditSummaryMarkdown({
    region: 'eu-west-1',
    repair: false,
    certificates: fleet,
    repairs: [],
    elapsedMs: 4200
  })
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Verdict'))

  it('headlines the count that needs attention', () => {
    expect(md).toMatch(
      /^## Renewal guard: 2 of 3 certificate\(s\) in eu-west-1 need attention \(1 expired, 1 at risk\)/
    )
  })

  it('has one line per certificate, worst first, with its worst problem and what to do', () => {
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatch(
      /^\| ⛔ expired \| gone\.example \(\+1\) `bbbb` \| 2026-11-30 \(3 d ago\) \| 1 \| The certificate expired/
    )
    expect(rows[1]).toMatch(
      /^\| ⚠️ at risk \| pipe\.example \(\+1\) `cccc` \| 2026-12-23 \(20 d\) \| 1 \| ACM's managed renewal FAILED \(CAA_ERROR\).* \| Make the CAA records of every name allow Amazon \(0 issue "amazon\.com"\)\. If the renewal stays FAILED, request a new certificate/
    )
    expect(rows[2]).toMatch(/^\| ✅ ok \| ok\.example \(\+1\) `aaaa` \| 2027-03-13 \(100 d\) \| 1 \| — \| — \|$/)
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(8)
  })

  it('says so when everything will renew, and when there is nothing to audit', () => {
    const ok = auditSummaryMarkdown({
      region: 'us-east-1',
      repair: false,
      certificates: [fleet[0] as AuditedCertificate],
      repairs: [],
      elapsedMs: 10
    })
    expect(ok).toMatch(/^## Renewal guard: All 1 certificate\(s\) in us-east-1 will renew/)
    expect(
      auditSummaryMarkdown({ region: 'us-east-1', repair: false, certificates: [], repairs: [], elapsedMs: 1 })
    ).not.toContain('| Verdict')
  })

  it('suggests repair for missing records, and lists repairs made', () => {
    const broken = audited('dddd', 'x.example', {
      names: [
        {
          ...(fleet[0] as AuditedCertificate).facts.names[0]!,
          route53: { state: 'missing' },
          publicDns: { state: 'missing' }
        }
      ]
    })
    expect(
      auditSummaryMarkdown({ region: 'r', repair: false, certificates: [broken], repairs: [], elapsedMs: 1 })
    ).toContain('`repair: true`')
    const repaired = auditSummaryMarkdown({
      region: 'r',
      repair: true,
      certificates: [],
      repairs: [{ zoneName: 'x.example', zoneId: 'Z9', records: ['_a.x.example.', '_b.x.example.'] }],
      elapsedMs: 1
    })
    expect(repaired).toContain('Repaired 2 validation record(s) in 1 zone(s): x.example (Z9): 2.')
  })

  it('escapes table cells and shortens ARNs', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c')
    expect(shortArn('arn:aws:acm:us-east-1:1:certificate/1234abcd-ee')).toBe('1234abcd')
  })
})

describe('auditReportDocument', () => {
  it('holds every certificate worst first, with totals, facts and findings', () => {
    const doc = auditReportDocument({
      region: 'eu-west-1',
      scope: 'managed',
      repair: false,
      startedAt: NOW,
      elapsedMs: 1500,
      certificates: fleet,
      repairs: []
    })
    expect(doc.totals).toEqual({ certificates: 3, ok: 1, atRisk: 1, expired: 1, repairedRecords: 0 })
    expect(doc.certificates.map((c) => c.verdict)).toEqual(['expired', 'at-risk', 'ok'])
    expect(doc.endedAt).toBe('2026-12-03T06:00:01.500Z')
    const risky = doc.certificates[1]
    expect(risky?.renewal).toEqual({ status: 'FAILED', reason: 'CAA_ERROR', updatedAt: '2026-12-02T06:00:00.000Z' })
    expect(risky?.findings[0]).toMatchObject({ code: 'renewal-failed', level: 'risk' })
    expect(risky?.validation[0]).toEqual({
      domain: 'pipe.example',
      method: 'DNS',
      record: { name: '_cccc.pipe.example.', type: 'CNAME', value: '_ccccv.abc.acm-validations.aws.' },
      zone: { id: 'Z1', name: 'pipe.example' },
      route53: { state: 'exact' },
      publicDns: { state: 'exact' },
      caa: 'ok',
      delegation: 'ok',
      repaired: false
    })
    expect(doc.error).toBeNull()
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc)
  })
})

describe('email → DNS migrations in the summary and the report', () => {
  const migrating = audited('dddd', 'mail.example', {
    migration: {
      status: 'PENDING_DOMAIN_VALIDATION',
      requestedAt: new Date(NOW - 3_600_000),
      updatedAt: new Date(NOW - 3_600_000),
      action: 'started',
      records: ['_d.mail.example.', '_dw.www.mail.example.']
    }
  })
  it('has a row per migration: state, request time, what this run did, CNAMEs', () => {
    const md = auditSummaryMarkdown({
      region: 'eu-west-1',
      repair: true,
      certificates: [fleet[0] as AuditedCertificate, migrating],
      repairs: [],
      elapsedMs: 1
    })
    expect(md).toContain('### Email → DNS migrations')
    expect(md).toContain('| mail.example (+1) `dddd` | PENDING_DOMAIN_VALIDATION | 2026-12-03 05:00 | started it | 2 |')
    expect(md.match(/^\| .* \| (PENDING|SUCCESS|FAILED)/gm)).toHaveLength(1)
  })
  it('leaves the section out when nothing migrates', () => {
    const md = auditSummaryMarkdown({
      region: 'eu-west-1',
      repair: true,
      certificates: fleet,
      repairs: [],
      elapsedMs: 1
    })
    expect(md).not.toContain('migrations')
  })
  it('puts the migration in the report', () => {
    const doc = auditReportDocument({
      region: 'eu-west-1',
      scope: 'managed',
      repair: true,
      startedAt: NOW,
      elapsedMs: 1,
      certificates: [migrating],
      repairs: []
    })
    expect(doc.certificates[0]?.migration).toEqual({
      status: 'PENDING_DOMAIN_VALIDATION',
      action: 'started',
      requestedAt: '2026-12-03T05:00:00.000Z',
      updatedAt: '2026-12-03T05:00:00.000Z',
      records: ['_d.mail.example.', '_dw.www.mail.example.'],
      error: null
    })
  })
})
