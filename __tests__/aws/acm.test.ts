// aws/acm.ts: RequestCertificate and its errors.
import { beforeEach, describe, expect, it } from '@jest/globals'
import {
  AccessDeniedException,
  InvalidDomainValidationOptionsException,
  LimitExceededException,
  RequestCertificateCommand
} from '@aws-sdk/client-acm'
import 'aws-sdk-client-mock-jest'
import { requestCertificate } from '../../src/aws/acm.js'
import { MANAGED_BY_TAG } from '../../src/constants.js'
import { AwsApiError } from '../../src/errors.js'
import { ARN, spec } from '../../__fixtures__/certificates.js'
import { acm, caught, client, sdkError } from '../../__fixtures__/acm-mock.js'

beforeEach(() => {
  acm.reset()
})

describe('requestCertificate', () => {
  it('requests DNS validation with every name, the token and the tags plus the managed-by tag; never the deprecated CT option', async () => {
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
    const tags = [{ Key: 'team', Value: 'web' }]
    expect(
      await requestCertificate(
        client,
        spec({ tags, certificateTransparencyLogging: 'DISABLED', keyAlgorithm: 'EC_prime256v1' })
      )
    ).toBe(ARN)
    expect(acm).toHaveReceivedCommandWith(RequestCertificateCommand, {
      DomainName: 'example.com',
      SubjectAlternativeNames: ['example.com', '*.example.com', 'www.example.org'],
      ValidationMethod: 'DNS',
      IdempotencyToken: 'abc123_token',
      KeyAlgorithm: 'EC_prime256v1',
      Tags: [...tags, { Key: MANAGED_BY_TAG, Value: 'abc123_token' }]
    })
    // CertificateTransparencyLoggingPreference is deprecated since 12 June 2026: not sent, DISABLED included.
    expect(acm.commandCalls(RequestCertificateCommand)[0]?.args[0].input.Options).toBeUndefined()
  })

  it('tags every certificate it requests with the managed-by tag, valued with the idempotency token', async () => {
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
    await requestCertificate(client, spec())
    expect(acm.commandCalls(RequestCertificateCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: MANAGED_BY_TAG, Value: 'abc123_token' }
    ])
  })

  it('requests a private certificate from the CA: no ValidationMethod, no transparency option', async () => {
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
    const ca = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/ca-1'
    await requestCertificate(client, spec({ certificateAuthorityArn: ca }))
    const input = acm.commandCalls(RequestCertificateCommand)[0]?.args[0].input
    expect(input).toMatchObject({ CertificateAuthorityArn: ca, IdempotencyToken: 'abc123_token' })
    expect(input).not.toHaveProperty('ValidationMethod')
    expect(input).not.toHaveProperty('Options')
  })

  it.each([
    ['Certificate has too many domains.', /10 names per certificate by default.*up to 100.*Service Quotas/],
    [
      'Error: you have reached your limit of 20 certificates in the last year.',
      /certificate quota.*Service Quotas.*deleting certificates does not give back/
    ]
  ])('fails at once on LimitExceededException "%s"', async (message, hint) => {
    acm.on(RequestCertificateCommand).rejects(sdkError(LimitExceededException, message))
    const err = await caught(requestCertificate(client, spec()))
    expect(err).toBeInstanceOf(AwsApiError)
    expect(err.message).toContain('ACM RequestCertificate failed: LimitExceededException')
    expect((err as AwsApiError).hint).toMatch(hint)
    expect(acm).toHaveReceivedCommandTimes(RequestCertificateCommand, 1)
  })

  it('names the names when ACM rejects them', async () => {
    acm.on(RequestCertificateCommand).rejects(sdkError(InvalidDomainValidationOptionsException, 'bad domain'))
    const err = await caught(requestCertificate(client, spec()))
    expect(err.message).toContain('example.com, *.example.com, www.example.org')
    expect((err as AwsApiError).hint).toMatch(/spelling of every name/)
  })

  it('names acm:RequestCertificate and tagging (every request carries the managed-by tag) on AccessDenied', async () => {
    acm.on(RequestCertificateCommand).rejects(sdkError(AccessDeniedException, 'denied'))
    expect(((await caught(requestCertificate(client, spec()))) as AwsApiError).hint).toBe(
      'Allow acm:RequestCertificate and acm:AddTagsToCertificate (the request carries tags) for the certificate role.'
    )
  })
})
