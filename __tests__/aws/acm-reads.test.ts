// aws/acm-reads.ts: DescribeCertificate and ListTagsForCertificate of a certificate that may be gone.
import { describe, expect, it, beforeEach } from '@jest/globals'
import {
  ACMClient,
  ACMServiceException,
  DescribeCertificateCommand,
  ListTagsForCertificateCommand
} from '@aws-sdk/client-acm'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { describeIfExists, tagsIfExists } from '../../src/aws/acm-reads.js'
import { AwsApiError } from '../../src/errors.js'

const acm = mockClient(ACMClient)
beforeEach(() => {
  acm.reset()
})

const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/1'

function acmError(name: string): ACMServiceException {
  return new ACMServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'r' },
    message: name
  })
}

describe('describeIfExists and tagsIfExists', () => {
  it('return the answer', async () => {
    acm.on(DescribeCertificateCommand).resolves({ Certificate: { CertificateArn: ARN, Status: 'ISSUED' } })
    acm.on(ListTagsForCertificateCommand).resolves({ Tags: [{ Key: 'acm-certificate-action', Value: 't' }] })
    expect(await describeIfExists(new ACMClient({}), ARN, {})).toEqual({ CertificateArn: ARN, Status: 'ISSUED' })
    expect(await tagsIfExists(new ACMClient({}), ARN, {})).toEqual([{ Key: 'acm-certificate-action', Value: 't' }])
  })

  it('say undefined for a certificate deleted meanwhile', async () => {
    acm.on(DescribeCertificateCommand).rejects(acmError('ResourceNotFoundException'))
    acm.on(ListTagsForCertificateCommand).rejects(acmError('ResourceNotFoundException'))
    expect(await describeIfExists(new ACMClient({}), ARN, {})).toBeUndefined()
    expect(await tagsIfExists(new ACMClient({}), ARN, {})).toBeUndefined()
  })

  it('fail on any other error, naming the operation and the permission', async () => {
    acm.on(DescribeCertificateCommand).rejects(acmError('AccessDeniedException'))
    const err = await describeIfExists(new ACMClient({}), ARN, {}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AwsApiError)
    expect(err).toMatchObject({
      message: expect.stringContaining('ACM DescribeCertificate failed'),
      hint: expect.stringContaining('acm:DescribeCertificate')
    })
  })
})
