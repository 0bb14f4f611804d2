// ACM shapes for tests: a certificate spec and a ListCertificates summary as ACM answers them, at a
// fixed NOW. Shared by the reuse decision's table tests and the ACM adapter's tests.
import type { CertificateSummary } from '@aws-sdk/client-acm'
import type { CertificateSpec } from '../src/types.js'

export const NOW = Date.UTC(2026, 0, 1)
export const DAY = 86_400_000
export const ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555'

export function spec(overrides: Partial<CertificateSpec> = {}): CertificateSpec {
  return {
    names: ['example.com', '*.example.com', 'www.example.org'],
    keyAlgorithm: 'RSA_2048',
    certificateTransparencyLogging: 'ENABLED',
    tags: [],
    idempotencyToken: 'abc123_token',
    ...overrides
  }
}

/** A summary as ListCertificates returns it (hyphenated KeyAlgorithm, as ACM really answers). */
export function summary(overrides: Partial<CertificateSummary> = {}): CertificateSummary {
  return {
    CertificateArn: ARN,
    DomainName: 'example.com',
    SubjectAlternativeNameSummaries: ['example.com', '*.example.com', 'www.example.org'],
    HasAdditionalSubjectAlternativeNames: false,
    Status: 'ISSUED',
    Type: 'AMAZON_ISSUED',
    KeyAlgorithm: 'RSA-2048' as CertificateSummary['KeyAlgorithm'],
    NotAfter: new Date(NOW + 300 * DAY),
    CreatedAt: new Date(NOW - 60 * DAY),
    ...overrides
  }
}
