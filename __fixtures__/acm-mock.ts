// A mocked ACM client and DescribeCertificate shapes as ACM answers them: shared by the ACM adapter
// tests (aws/acm) and the certificate feature tests (certificate/reuse, certificate/waits).
import { ACMClient, type CertificateDetail, type DomainValidation } from '@aws-sdk/client-acm'
import { mockClient } from 'aws-sdk-client-mock'
import { ARN } from './certificates.js'
export const hex = (n: number): string => n.toString(16).padStart(32, '0')
export function dnsValidation(
  domain: string,
  token: number,
  overrides: Partial<DomainValidation> = {}
): DomainValidation {
  const base = domain.replace(/^\*\./, '')
  return {
    DomainName: domain,
    ValidationMethod: 'DNS',
    ValidationStatus: 'PENDING_VALIDATION',
    ResourceRecord: {
      Name: `_${hex(token)}.${base}.`,
      Type: 'CNAME',
      Value: `_${hex(token + 1000)}.abcdefghij.acm-validations.aws.`
    },
    ...overrides
  }
}

export function detail(overrides: Partial<CertificateDetail> = {}): { Certificate: CertificateDetail } {
  return {
    Certificate: {
      CertificateArn: ARN,
      DomainName: 'example.com',
      SubjectAlternativeNames: ['example.com', '*.example.com', 'www.example.org'],
      Status: 'PENDING_VALIDATION',
      Type: 'AMAZON_ISSUED',
      DomainValidationOptions: [
        dnsValidation('example.com', 1),
        dnsValidation('*.example.com', 1),
        dnsValidation('www.example.org', 2)
      ],
      ...overrides
    }
  }
}

export const sdkError = <T>(Ctor: new (o: { message: string; $metadata: object }) => T, message: string): T =>
  new Ctor({ message, $metadata: { requestId: 'req-1' } })

export const acm = mockClient(ACMClient)
export const client = new ACMClient({ region: 'us-east-1' })

export async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a rejection')
}
