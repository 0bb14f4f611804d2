// The renewal guard's finding for exportable certificates (src/audit/export-finding.ts): not exported
// since its last renewal → at risk, with the fix; exported → no in-use finding, as none applies.
import { judgeCertificate, PENDING_TOO_LONG_MS, type CertificateFacts } from '../../src/audit/verdict.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const DAY = 86_400_000
const policy = { now: NOW, minDaysRemaining: 30, pendingTooLongMs: PENDING_TOO_LONG_MS }
const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/aaaa-1'

function cert(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    arn: ARN,
    domainName: 'example.com',
    type: 'AMAZON_ISSUED',
    status: 'ISSUED',
    notAfter: new Date(NOW + 150 * DAY),
    inUseBy: 0,
    renewalEligibility: 'ELIGIBLE',
    exportOption: 'ENABLED',
    renewal: undefined,
    names: [],
    dnsFindings: [],
    ...overrides
  }
}

describe('an exportable certificate', () => {
  it('not exported since its last renewal is at risk, and the finding says how to fix it', () => {
    const verdict = judgeCertificate(cert({ renewalEligibility: 'INELIGIBLE' }), policy)
    expect(verdict.verdict).toBe('at-risk')
    expect(verdict.findings.map((f) => f.code)).toEqual(['not-exported'])
    expect(verdict.findings[0]?.message).toMatch(/ACM will not renew it/)
    expect(verdict.findings[0]?.fix).toContain(`aws acm export-certificate --certificate-arn ${ARN}`)
    expect(verdict.findings[0]?.fix).toContain('export: true')
  })

  it('exported since is fine although nothing in AWS uses it', () => {
    expect(judgeCertificate(cert(), policy)).toMatchObject({ verdict: 'ok', findings: [] })
  })

  it('is judged as before when it is not exportable: unused means not renewed', () => {
    const plain = judgeCertificate(cert({ exportOption: 'DISABLED', renewalEligibility: 'INELIGIBLE' }), policy)
    expect(plain.findings.map((f) => f.code)).toEqual(['not-in-use'])
  })
})
