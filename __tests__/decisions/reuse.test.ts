// The reuse decision (decisions/reuse.ts) as table tests: which listed certificate is reused, and
// which renewal problems rule one out. Pure: no client, no clock.
import { describe, expect, it } from '@jest/globals'
import type { CertificateSummary } from '@aws-sdk/client-acm'
import {
  chooseReusableCertificate,
  normalizeKeyAlgorithm,
  renewalProblem,
  reuseCandidates
} from '../../src/decisions/reuse.js'
import { ARN, DAY, NOW, spec, summary } from '../../__fixtures__/certificates.js'

describe('chooseReusableCertificate', () => {
  const other = 'arn:aws:acm:us-east-1:123456789012:certificate/other'
  it.each<[string, Partial<CertificateSummary>]>([
    ['wrong key type', { KeyAlgorithm: 'EC-prime256v1' as CertificateSummary['KeyAlgorithm'] }],
    ['FAILED', { Status: 'FAILED' }],
    ['VALIDATION_TIMED_OUT', { Status: 'VALIDATION_TIMED_OUT' }],
    ['EXPIRED', { Status: 'EXPIRED' }],
    ['expired NotAfter', { NotAfter: new Date(NOW - 1) }],
    [
      'an extra SAN',
      { SubjectAlternativeNameSummaries: ['example.com', '*.example.com', 'www.example.org', 'x.example.com'] }
    ],
    ['a missing SAN', { SubjectAlternativeNameSummaries: ['example.com', '*.example.com'] }],
    ['ManagedBy CLOUDFRONT', { ManagedBy: 'CLOUDFRONT' }],
    ['IMPORTED', { Type: 'IMPORTED' }],
    ['PRIVATE', { Type: 'PRIVATE' }],
    ['an ACME key pair', { CertificateKeyPairOrigin: 'ACME' }],
    ['truncated SANs (decided after DescribeCertificate)', { HasAdditionalSubjectAlternativeNames: true }]
  ])('rejects a certificate with %s', (_label, overrides) => {
    expect(chooseReusableCertificate([summary(overrides)], spec(), NOW)).toBeUndefined()
  })

  it.each<[string, Partial<CertificateSummary>]>([
    ['ISSUED', {}],
    ['PENDING_VALIDATION without NotAfter', { Status: 'PENDING_VALIDATION', NotAfter: undefined }],
    [
      'names in another order and case',
      { DomainName: 'WWW.example.org', SubjectAlternativeNameSummaries: ['*.EXAMPLE.com', 'Example.com'] }
    ],
    ['the underscore spelling of KeyAlgorithm', { KeyAlgorithm: 'RSA_2048' }]
  ])('accepts %s', (_label, overrides) => {
    expect(chooseReusableCertificate([summary(overrides)], spec(), NOW)?.CertificateArn).toBe(ARN)
  })

  it('matches an EC key against the hyphenated ACM spelling', () => {
    const ec = summary({ KeyAlgorithm: 'EC-prime256v1' as CertificateSummary['KeyAlgorithm'] })
    expect(chooseReusableCertificate([ec], spec({ keyAlgorithm: 'EC_prime256v1' }), NOW)).toBe(ec)
    expect(normalizeKeyAlgorithm('EC-secp384r1')).toBe('EC_secp384r1')
  })

  it('prefers ISSUED over PENDING_VALIDATION even with an earlier NotAfter', () => {
    const pending = summary({
      CertificateArn: other,
      Status: 'PENDING_VALIDATION',
      NotAfter: undefined,
      CreatedAt: new Date(NOW)
    })
    expect(chooseReusableCertificate([pending, summary()], spec(), NOW)?.CertificateArn).toBe(ARN)
  })

  it('prefers the later NotAfter, then the newer CreatedAt', () => {
    const later = summary({ CertificateArn: other, NotAfter: new Date(NOW + 400 * DAY) })
    expect(chooseReusableCertificate([summary(), later], spec(), NOW)?.CertificateArn).toBe(other)
    const newer = summary({ CertificateArn: other, CreatedAt: new Date(NOW - DAY) })
    expect(chooseReusableCertificate([summary(), newer], spec(), NOW)?.CertificateArn).toBe(other)
  })
})

describe('renewalProblem', () => {
  const facts = (o: Partial<Parameters<typeof renewalProblem>[0]> = {}) => ({
    notAfter: new Date(NOW + 300 * DAY),
    renewalEligibility: 'ELIGIBLE',
    inUse: false,
    ...o
  })
  it.each([
    ['far from expiry', facts(), 30, undefined],
    ['no NotAfter yet (pending)', facts({ notAfter: undefined }), 30, undefined],
    [
      '10 days left',
      facts({ notAfter: new Date(NOW + 10 * DAY + 1000) }),
      30,
      'expires in 10 days (< min-days-remaining 30)'
    ],
    ['1 day left', facts({ notAfter: new Date(NOW + DAY + 1000) }), 30, 'expires in 1 day (< min-days-remaining 30)'],
    ['exactly the threshold', facts({ notAfter: new Date(NOW + 30 * DAY) }), 30, undefined],
    ['threshold 0', facts({ notAfter: new Date(NOW + 1000) }), 0, undefined],
    [
      'INELIGIBLE and in use',
      facts({ renewalEligibility: 'INELIGIBLE', inUse: true }),
      30,
      'it is in use but INELIGIBLE for managed renewal'
    ],
    ['INELIGIBLE, not attached yet', facts({ renewalEligibility: 'INELIGIBLE' }), 30, undefined],
    ['renewal FAILED', facts({ renewalStatus: 'FAILED' }), 30, 'its managed renewal FAILED']
  ])('%s', (_name, given, minDays, expected) => {
    expect(renewalProblem(given, minDays, NOW)).toBe(expected)
  })
})

describe('reuseCandidates', () => {
  it('names the matching certificates that renewal rules out, and picks among the rest', () => {
    const expiring = summary({ CertificateArn: `${ARN}-old`, NotAfter: new Date(NOW + 5 * DAY) })
    const stuck = summary({
      CertificateArn: `${ARN}-stuck`,
      InUse: true,
      RenewalEligibility: 'INELIGIBLE',
      NotAfter: new Date(NOW + 390 * DAY)
    })
    const other = summary({
      CertificateArn: `${ARN}-other`,
      DomainName: 'other.example.com',
      SubjectAlternativeNameSummaries: ['other.example.com'],
      NotAfter: new Date(NOW + DAY)
    })
    const { best, rejected } = reuseCandidates([expiring, stuck, summary(), other], spec({ minDaysRemaining: 30 }), NOW)
    expect(best?.CertificateArn).toBe(ARN)
    expect(rejected).toEqual([
      { arn: `${ARN}-old`, reason: 'expires in 5 days (< min-days-remaining 30)' },
      { arn: `${ARN}-stuck`, reason: 'it is in use but INELIGIBLE for managed renewal' }
    ])
  })

  it('looks for PRIVATE certificates when a CA is given, and only for them', () => {
    const ca = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca'
    const privateOne = summary({ CertificateArn: `${ARN}-private`, Type: 'PRIVATE' })
    expect(
      reuseCandidates([summary(), privateOne], spec({ certificateAuthorityArn: ca }), NOW).best?.CertificateArn
    ).toBe(`${ARN}-private`)
    expect(reuseCandidates([privateOne], spec(), NOW).best).toBeUndefined()
  })
})
