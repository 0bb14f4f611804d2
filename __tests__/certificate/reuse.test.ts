// certificate/reuse.ts: the certificate to reuse, found through ListCertificates.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AccessDeniedException,
  DescribeCertificateCommand,
  ListCertificatesCommand,
  type CertificateDetail,
  type CertificateSummary
} from '@aws-sdk/client-acm'
import 'aws-sdk-client-mock-jest'
import { findCertificatesNamed, findReusableCertificate } from '../../src/certificate/reuse.js'
import { AwsApiError } from '../../src/errors.js'
import { ARN, DAY, NOW, spec, summary } from '../../__fixtures__/certificates.js'
import { recordingLogger, type RecordingLogger } from '../../__fixtures__/logger.js'
import { acm, caught, client, detail, dnsValidation, sdkError } from '../../__fixtures__/acm-mock.js'

let log: RecordingLogger

beforeEach(() => {
  acm.reset()
  log = recordingLogger()
})

describe('findReusableCertificate', () => {
  it('pages through every ListCertificates page with keyTypes and reuses the best match', async () => {
    const filler = (n: number): CertificateSummary[] =>
      Array.from({ length: n }, (_, i) =>
        summary({
          CertificateArn: `${ARN}-${n}-${i}`,
          DomainName: `n${i}.example.net`,
          SubjectAlternativeNameSummaries: [`n${i}.example.net`]
        })
      )
    acm
      .on(ListCertificatesCommand)
      .resolvesOnce({ CertificateSummaryList: filler(1000), NextToken: 't1' })
      .resolvesOnce({
        CertificateSummaryList: [
          ...filler(999),
          summary({ Status: 'PENDING_VALIDATION', CertificateArn: `${ARN}-pending` })
        ],
        NextToken: 't2'
      })
      .resolvesOnce({ CertificateSummaryList: [summary()] })

    const found = await findReusableCertificate(client, spec({ keyAlgorithm: 'RSA_2048' }), { log }, NOW)

    expect(found).toEqual({ arn: ARN, status: 'ISSUED', notAfter: new Date(NOW + 300 * DAY) })
    expect(acm).toHaveReceivedCommandTimes(ListCertificatesCommand, 3)
    expect(acm).toHaveReceivedNthSpecificCommandWith(1, ListCertificatesCommand, {
      CertificateStatuses: ['ISSUED', 'PENDING_VALIDATION'],
      Includes: { keyTypes: ['RSA_2048'] },
      MaxItems: 1000
    })
    expect(acm.commandCalls(ListCertificatesCommand)[0]?.args[0].input.NextToken).toBeUndefined()
    expect(acm).toHaveReceivedNthSpecificCommandWith(2, ListCertificatesCommand, { NextToken: 't1' })
    expect(acm).toHaveReceivedNthSpecificCommandWith(3, ListCertificatesCommand, { NextToken: 't2' })
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 0)
    expect(log.text()).toContain(`info: Reusing ${ARN} (ISSUED, expires 2026-10-28`)
    expect(log.text()).toMatch(/debug: Scanned 2001 /)
  })

  it('passes the requested key type to the filter', async () => {
    acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [] })
    expect(await findReusableCertificate(client, spec({ keyAlgorithm: 'EC_secp384r1' }), { log }, NOW)).toBeUndefined()
    expect(acm).toHaveReceivedCommandWith(ListCertificatesCommand, { Includes: { keyTypes: ['EC_secp384r1'] } })
    expect(log.text()).toContain('info: No reusable certificate for example.com, *.example.com, www.example.org')
  })

  describe('a summary with more than 100 SANs', () => {
    const many = Array.from({ length: 150 }, (_, i) => `h${i}.example.com`)
    const truncated = summary({
      DomainName: many[0],
      SubjectAlternativeNameSummaries: many.slice(0, 100),
      HasAdditionalSubjectAlternativeNames: true
    })
    const full = (overrides: Partial<CertificateDetail> = {}): { Certificate: CertificateDetail } =>
      detail({
        Status: 'ISSUED',
        DomainName: many[0],
        SubjectAlternativeNames: many,
        KeyAlgorithm: 'RSA-2048' as CertificateDetail['KeyAlgorithm'],
        DomainValidationOptions: many.map((d, i) => dnsValidation(d, i, { ValidationStatus: 'SUCCESS' })),
        ...overrides
      })

    it('is described once and reused when its full name set matches', async () => {
      acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [truncated] })
      acm.on(DescribeCertificateCommand).resolves(full())
      expect((await findReusableCertificate(client, spec({ names: many }), { log }, NOW))?.arn).toBe(ARN)
      expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1)
    })

    it.each<[string, Partial<CertificateDetail>]>([
      ['has an extra name', { SubjectAlternativeNames: [...many, 'extra.example.com'] }],
      [
        'validates a name by EMAIL',
        { DomainValidationOptions: [dnsValidation(many[0] ?? '', 1, { ValidationMethod: 'EMAIL' })] }
      ],
      [
        'validates a name by HTTP',
        { DomainValidationOptions: [dnsValidation(many[0] ?? '', 1, { ValidationMethod: 'HTTP' })] }
      ]
    ])('is not reused when DescribeCertificate shows it %s', async (_label, overrides) => {
      acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [truncated] })
      acm.on(DescribeCertificateCommand).resolves(full(overrides))
      expect(await findReusableCertificate(client, spec({ names: many }), { log }, NOW)).toBeUndefined()
    })

    it('is not described when its first 100 names include one not requested', async () => {
      acm.on(ListCertificatesCommand).resolves({ CertificateSummaryList: [truncated] })
      expect(await findReusableCertificate(client, spec({ names: many.slice(1) }), { log }, NOW)).toBeUndefined()
      expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 0)
    })
  })

  it('wraps an AccessDenied into an AwsApiError naming the permission', async () => {
    acm.on(ListCertificatesCommand).rejects(sdkError(AccessDeniedException, 'not authorized'))
    const err = await caught(findReusableCertificate(client, spec(), { log }, NOW))
    expect(err).toBeInstanceOf(AwsApiError)
    expect(err.message).toContain('ACM ListCertificates failed: AccessDeniedException')
    expect((err as AwsApiError).hint).toContain('acm:ListCertificates')
  })
})

describe('findReusableCertificate with a CA', () => {
  const ca = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/ca'
  it.each([
    [ca, ARN],
    [`${ca}-other`, undefined]
  ])('confirms the CA (%s) of the best PRIVATE candidate with one DescribeCertificate', async (issuer, expected) => {
    acm.on(ListCertificatesCommand).resolves({
      CertificateSummaryList: [
        summary({ Type: 'PRIVATE' }),
        summary({ CertificateArn: `${ARN}-2`, Type: 'PRIVATE', NotAfter: new Date(NOW + 100 * DAY) })
      ]
    })
    acm
      .on(DescribeCertificateCommand)
      .resolves(detail({ Type: 'PRIVATE', Status: 'ISSUED', CertificateAuthorityArn: issuer }))
    const found = await findReusableCertificate(client, spec({ certificateAuthorityArn: ca }), { log }, NOW)
    expect(found?.arn).toBe(expected)
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1)
    expect(acm).toHaveReceivedCommandWith(DescribeCertificateCommand, { CertificateArn: ARN })
    if (!expected) expect(log.text()).toMatch(/Not reusing .*: issued by .*ca-other, not .*ca$/m)
  })

  it('logs every candidate renewal rules out', async () => {
    acm
      .on(ListCertificatesCommand)
      .resolves({ CertificateSummaryList: [summary({ NotAfter: new Date(NOW + 3 * DAY) })] })
    expect(await findReusableCertificate(client, spec({ minDaysRemaining: 30 }), { log }, NOW)).toBeUndefined()
    expect(log.lines).toContainEqual({
      level: 'info',
      message: `Not reusing ${ARN}: expires in 3 days (< min-days-remaining 30)`
    })
  })
})

describe('findCertificatesNamed', () => {
  it('lists every status and keeps the exact name set, key algorithm and type', async () => {
    acm.on(ListCertificatesCommand).resolves({
      CertificateSummaryList: [
        summary({ Status: 'FAILED' }),
        summary({ CertificateArn: `${ARN}-ec`, KeyAlgorithm: 'EC-prime256v1' as CertificateSummary['KeyAlgorithm'] }),
        summary({
          CertificateArn: `${ARN}-more`,
          SubjectAlternativeNameSummaries: ['example.com', '*.example.com', 'www.example.org', 'x.example.com']
        })
      ]
    })
    expect((await findCertificatesNamed(client, spec())).map((s) => s.CertificateArn)).toEqual([ARN])
    expect(acm.commandCalls(ListCertificatesCommand)[0]?.args[0].input).not.toHaveProperty('CertificateStatuses')
  })
})
