// certificate/waits.ts: waiting for the validation records, for issuance, for a deletable certificate.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AccessDeniedException,
  DeleteCertificateCommand,
  DescribeCertificateCommand,
  FailureReason,
  ResourceInUseException,
  ResourceNotFoundException,
  ThrottlingException,
  type DomainValidation
} from '@aws-sdk/client-acm'
import 'aws-sdk-client-mock-jest'
import {
  deleteUnusedCertificate,
  publishedValidationRecords,
  waitForIssued,
  waitForValidationRecords
} from '../../src/certificate/waits.js'
import { failureHint } from '../../src/decisions/hints.js'
import { MANAGED_BY_TAG } from '../../src/constants.js'
import { ActionError, AwsApiError, CertificateFailedError, DeadlineError } from '../../src/errors.js'
import type { Context, DomainProgress } from '../../src/types.js'
import { fakeClock, type FakeClock } from '../../__fixtures__/clock.js'
import { ARN, NOW, spec } from '../../__fixtures__/certificates.js'
import { recordingLogger, type RecordingLogger } from '../../__fixtures__/logger.js'
import { acm, caught, client, detail, dnsValidation, hex, sdkError } from '../../__fixtures__/acm-mock.js'

let clock: FakeClock
let log: RecordingLogger
let wait: Context

beforeEach(() => {
  acm.reset()
  clock = fakeClock(NOW)
  log = recordingLogger()
  wait = { clock, deadline: NOW + 5 * 60_000, log }
})

describe('waitForValidationRecords', () => {
  it('treats ResourceNotFound right after the request as not yet, then returns deduplicated records', async () => {
    acm
      .on(DescribeCertificateCommand)
      .rejectsOnce(sdkError(ResourceNotFoundException, 'not found'))
      .rejectsOnce(sdkError(ResourceNotFoundException, 'not found'))
      .resolves(
        detail({
          DomainValidationOptions: [
            dnsValidation('EXAMPLE.com', 1),
            dnsValidation('*.example.com', 1),
            dnsValidation('www.example.org', 2)
          ]
        })
      )

    const records = await waitForValidationRecords(client, ARN, spec(), wait)

    expect(records).toEqual([
      {
        name: `_${hex(1)}.example.com.`,
        type: 'CNAME',
        value: `_${hex(1001)}.abcdefghij.acm-validations.aws.`,
        domains: ['example.com', '*.example.com']
      },
      {
        name: `_${hex(2)}.www.example.org.`,
        type: 'CNAME',
        value: `_${hex(1002)}.abcdefghij.acm-validations.aws.`,
        domains: ['www.example.org']
      }
    ])
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 3)
  })

  it('fails on ResourceNotFound once the grace window has passed', async () => {
    acm.on(DescribeCertificateCommand).rejects(sdkError(ResourceNotFoundException, 'not found'))
    const err = await caught(waitForValidationRecords(client, ARN, spec(), wait))
    expect(err).toBeInstanceOf(AwsApiError)
    expect(err.message).toContain('DescribeCertificate failed: ResourceNotFoundException')
    expect((err as AwsApiError).hint).toContain(ARN)
    expect(clock.now() - NOW).toBeGreaterThanOrEqual(30_000)
  })

  it('waits while records are absent for several polls, and while only some names have one', async () => {
    const absent = detail({
      DomainValidationOptions: [
        { DomainName: 'example.com' },
        { DomainName: '*.example.com' },
        { DomainName: 'www.example.org' }
      ]
    })
    const partial = detail({
      DomainValidationOptions: [
        dnsValidation('example.com', 1),
        dnsValidation('*.example.com', 1),
        { DomainName: 'www.example.org', ValidationMethod: 'DNS' }
      ]
    })
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce({ Certificate: { CertificateArn: ARN, Status: 'PENDING_VALIDATION' } })
      .resolvesOnce(absent)
      .resolvesOnce(absent)
      .resolvesOnce(partial)
      .resolvesOnce(partial)
      .resolves(detail())
    const records = await waitForValidationRecords(client, ARN, spec(), wait)
    expect(records).toHaveLength(2)
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 6)
  })

  it('names the names still missing a record at the deadline', async () => {
    acm.on(DescribeCertificateCommand).resolves(
      detail({
        DomainValidationOptions: [
          dnsValidation('example.com', 1),
          dnsValidation('*.example.com', 1),
          { DomainName: 'www.example.org' }
        ]
      })
    )
    const err = await caught(waitForValidationRecords(client, ARN, spec(), { ...wait, deadline: NOW + 20_000 }))
    expect(err).toBeInstanceOf(DeadlineError)
    expect(err.message).toBe(`ACM published no validation record for www.example.org (certificate ${ARN})`)
    expect((err as DeadlineError).hint).toMatch(/resume this certificate/)
  })

  it('absorbs a transient ThrottlingException in the poll', async () => {
    acm.on(DescribeCertificateCommand).rejectsOnce(sdkError(ThrottlingException, 'Rate exceeded')).resolves(detail())
    expect(await waitForValidationRecords(client, ARN, spec(), wait)).toHaveLength(2)
    expect(log.text()).toContain('ThrottlingException')
  })

  it.each<[string, Partial<DomainValidation>]>([
    [
      'a name outside the requested domains',
      {
        ResourceRecord: {
          Name: `_${hex(9)}.evil.com.`,
          Type: 'CNAME',
          Value: `_${hex(9)}.abcdefghij.acm-validations.aws.`
        }
      }
    ],
    [
      'a name without the underscore label',
      {
        ResourceRecord: { Name: 'www.example.com.', Type: 'CNAME', Value: `_${hex(9)}.abcdefghij.acm-validations.aws.` }
      }
    ],
    [
      'a value outside acm-validations.aws',
      { ResourceRecord: { Name: `_${hex(9)}.example.com.`, Type: 'CNAME', Value: 'evil.com.' } }
    ],
    [
      'type A',
      {
        ResourceRecord: {
          Name: `_${hex(9)}.example.com.`,
          Type: 'A' as 'CNAME',
          Value: `_${hex(9)}.abcdefghij.acm-validations.aws.`
        }
      }
    ]
  ])('refuses a DescribeCertificate payload with %s', async (_label, overrides) => {
    acm.on(DescribeCertificateCommand).resolves(
      detail({
        DomainValidationOptions: [
          dnsValidation('example.com', 1, overrides),
          dnsValidation('*.example.com', 1),
          dnsValidation('www.example.org', 2)
        ]
      })
    )
    const err = await caught(waitForValidationRecords(client, ARN, spec(), wait))
    expect(err).toBeInstanceOf(ActionError)
    expect(err.message).toContain(ARN)
    expect(err.message).toContain('will not write')
    expect(err.message).toContain(overrides.ResourceRecord?.Name?.toLowerCase())
  })

  it('stops at once when the certificate already FAILED', async () => {
    acm.on(DescribeCertificateCommand).resolves(detail({ Status: 'FAILED', FailureReason: 'CAA_ERROR' }))
    const err = await caught(waitForValidationRecords(client, ARN, spec(), wait))
    expect(err).toBeInstanceOf(CertificateFailedError)
    expect((err as CertificateFailedError).hint).toContain('0 issue "amazon.com"')
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1)
  })

  it('refuses a pending certificate validated by EMAIL', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolves(detail({ DomainValidationOptions: [{ DomainName: 'example.com', ValidationMethod: 'EMAIL' }] }))
    const err = await caught(waitForValidationRecords(client, ARN, spec(), wait))
    expect(err.message).toBe(`ACM certificate ${ARN} validates example.com by EMAIL, not DNS`)
  })
})

describe('waitForIssued', () => {
  const statuses = (...s: ('PENDING_VALIDATION' | 'SUCCESS' | 'FAILED')[]): DomainValidation[] =>
    ['example.com', '*.example.com', 'www.example.org'].map((d, i) =>
      dnsValidation(d, i, { ValidationStatus: s[i] ?? 'PENDING_VALIDATION' })
    )

  it('returns the ISSUED detail and reports progress only when it changes', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce(detail({ DomainValidationOptions: statuses() }))
      .resolvesOnce(detail({ DomainValidationOptions: statuses() }))
      .resolvesOnce(detail({ DomainValidationOptions: statuses('SUCCESS', 'SUCCESS') }))
      .resolvesOnce(detail({ DomainValidationOptions: statuses('SUCCESS', 'SUCCESS') }))
      .resolves(detail({ Status: 'ISSUED', DomainValidationOptions: statuses('SUCCESS', 'SUCCESS', 'SUCCESS') }))
    const seen: (readonly DomainProgress[])[] = []

    const issued = await waitForIssued(client, ARN, { ...wait, onProgress: (p) => seen.push(p) })

    expect(issued.Status).toBe('ISSUED')
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 5)
    expect(seen.map((p) => p.map((d) => d.validationStatus).join(','))).toEqual([
      'PENDING_VALIDATION,PENDING_VALIDATION,PENDING_VALIDATION',
      'SUCCESS,SUCCESS,PENDING_VALIDATION',
      'SUCCESS,SUCCESS,SUCCESS'
    ])
    expect(seen[0]?.[1]).toEqual({ domain: '*.example.com', validationStatus: 'PENDING_VALIDATION' })
  })

  it('gives every FailureReason its own hint', () => {
    const reasons = Object.values(FailureReason)
    expect(reasons).toHaveLength(17)
    const hints = reasons.map(failureHint)
    expect(new Set(hints).size).toBe(17)
    expect(hints).not.toContain(failureHint('SOMETHING_NEW'))
    expect(failureHint('SOMETHING_NEW')).toContain('SOMETHING_NEW')
    expect(failureHint('DOMAIN_NOT_ALLOWED')).toContain('VirusTotal')
    expect(failureHint('ADDITIONAL_VERIFICATION_REQUIRED')).toContain('AWS Support')
    expect(failureHint('INVALID_PUBLIC_DOMAIN')).toContain('top-level domain')
    expect(failureHint('SLR_NOT_FOUND')).toContain('service-linked role')
    expect(failureHint('OTHER')).toContain('typo')
  })

  it.each(Object.values(FailureReason))('fails at once on FAILED (%s) with its hint', async (reason) => {
    acm.on(DescribeCertificateCommand).resolves(detail({ Status: 'FAILED', FailureReason: reason }))
    const err = (await caught(waitForIssued(client, ARN, wait))) as CertificateFailedError
    expect(err).toBeInstanceOf(CertificateFailedError)
    expect(err.status).toBe('FAILED')
    expect(err.certificateArn).toBe(ARN)
    expect(err.message).toContain(reason)
    expect(err.hint).toContain(failureHint(reason))
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 1)
  })

  it('explains VALIDATION_TIMED_OUT with the 72-hour limit', async () => {
    acm.on(DescribeCertificateCommand).resolves(detail({ Status: 'VALIDATION_TIMED_OUT' }))
    const err = (await caught(waitForIssued(client, ARN, wait))) as CertificateFailedError
    expect(err.status).toBe('VALIDATION_TIMED_OUT')
    expect(err.message).toContain('72 hours')
    expect(err.hint).toContain('requests a new certificate')
  })

  it.each(['REVOKED', 'EXPIRED', 'INACTIVE'] as const)('fails on %s', async (status) => {
    acm.on(DescribeCertificateCommand).resolves(detail({ Status: status }))
    const err = (await caught(waitForIssued(client, ARN, wait))) as CertificateFailedError
    expect(err).toBeInstanceOf(CertificateFailedError)
    expect(err.message).toBe(`Certificate ${ARN} is ${status}, so it cannot be used`)
  })

  it('fails as soon as one name is FAILED while the certificate is pending', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce(detail({ DomainValidationOptions: statuses() }))
      .resolves(detail({ DomainValidationOptions: statuses('SUCCESS', 'SUCCESS', 'FAILED') }))
    const err = (await caught(waitForIssued(client, ARN, wait))) as CertificateFailedError
    expect(err).toBeInstanceOf(CertificateFailedError)
    expect(err.message).toBe(`ACM failed to validate www.example.org for certificate ${ARN}`)
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 2)
  })

  it('names the pending names at the deadline, with the delegation and CAA hint', async () => {
    acm.on(DescribeCertificateCommand).resolves(detail({ DomainValidationOptions: statuses('SUCCESS') }))
    const err = (await caught(waitForIssued(client, ARN, { ...wait, deadline: NOW + 60_000 }))) as DeadlineError
    expect(err).toBeInstanceOf(DeadlineError)
    expect(err.message).toBe(`Certificate ${ARN} is not issued yet; still validating *.example.com, www.example.org`)
    expect(err.hint).toMatch(/NS records/)
    expect(err.hint).toMatch(/CAA/)
    expect(err.hint).toMatch(/resumes this certificate/)
    expect(err.status).toBe('PENDING_VALIDATION') // the status last seen, for each Region's outcome
  })

  it('absorbs throttling and keeps polling at a capped pace', async () => {
    acm
      .on(DescribeCertificateCommand)
      .rejectsOnce(sdkError(ThrottlingException, 'Rate exceeded'))
      .rejectsOnce(sdkError(ThrottlingException, 'Rate exceeded'))
      .resolves(detail({ Status: 'ISSUED' }))
    expect((await waitForIssued(client, ARN, wait)).Status).toBe('ISSUED')
    expect(acm).toHaveReceivedCommandTimes(DescribeCertificateCommand, 3)
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(4_400)
  })

  it('wraps a non-transient DescribeCertificate error', async () => {
    acm.on(DescribeCertificateCommand).rejects(sdkError(AccessDeniedException, 'denied'))
    const err = (await caught(waitForIssued(client, ARN, wait))) as AwsApiError
    expect(err).toBeInstanceOf(AwsApiError)
    expect(err.hint).toContain('acm:DescribeCertificate')
  })
})

describe('deleteUnusedCertificate', () => {
  it('waits while the certificate is in use (or ACM races with ResourceInUse), then deletes it once', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolvesOnce(detail({ InUseBy: ['arn:aws:cloudfront::1:distribution/E1'] }))
      .resolves(detail({ InUseBy: [] }))
    acm.on(DeleteCertificateCommand).rejectsOnce(sdkError(ResourceInUseException, 'in use')).resolves({})
    await deleteUnusedCertificate(client, ARN, wait)
    expect(acm).toHaveReceivedCommandTimes(DeleteCertificateCommand, 2)
    expect(log.text()).toMatch(/in use by arn:aws:cloudfront::1:distribution\/E1; waiting/)
    expect(clock.sleeps.length).toBe(2)
  })

  it('counts a certificate already gone as done', async () => {
    acm.on(DescribeCertificateCommand).rejects(sdkError(ResourceNotFoundException, 'gone'))
    await deleteUnusedCertificate(client, ARN, wait)
    expect(acm).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0)
  })

  it('gives up at the deadline naming who still uses it, and never deletes', async () => {
    acm
      .on(DescribeCertificateCommand)
      .resolves(detail({ InUseBy: ['arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x'] }))
    const err = await caught(deleteUnusedCertificate(client, ARN, wait))
    expect(err).toBeInstanceOf(DeadlineError)
    expect(err.message).toMatch(/still in use by arn:aws:elasticloadbalancing.*so it was not deleted/)
    expect((err as DeadlineError).hint).toMatch(/Detach it first/)
    expect(acm).toHaveReceivedCommandTimes(DeleteCertificateCommand, 0)
  })

  it('names the permission and the tag condition on AccessDenied', async () => {
    acm.on(DescribeCertificateCommand).resolves(detail({ InUseBy: [] }))
    acm.on(DeleteCertificateCommand).rejects(sdkError(AccessDeniedException, 'denied'))
    const err = await caught(deleteUnusedCertificate(client, ARN, wait))
    expect((err as AwsApiError).hint).toMatch(new RegExp(`acm:DeleteCertificate.*${MANAGED_BY_TAG} tag`))
  })
})

describe('publishedValidationRecords', () => {
  it('dedupes the CNAMEs the certificate shows, checked against its own names', () => {
    const records = publishedValidationRecords(detail().Certificate)
    expect(records.map((r) => [r.name, r.domains])).toEqual([
      [`_${hex(1)}.example.com.`, ['example.com', '*.example.com']],
      [`_${hex(2)}.www.example.org.`, ['www.example.org']]
    ])
  })

  it('is empty while ACM has not published any', () => {
    const validations = [dnsValidation('example.com', 1, { ResourceRecord: undefined })]
    expect(publishedValidationRecords(detail({ DomainValidationOptions: validations }).Certificate)).toEqual([])
  })
})
