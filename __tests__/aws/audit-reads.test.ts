import { describe, expect, it, beforeEach } from '@jest/globals'
import {
  ACMClient,
  ACMServiceException,
  DescribeCertificateCommand,
  ListTagsForCertificateCommand
} from '@aws-sdk/client-acm'
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HostedZone
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { describeIfExists, tagsIfExists } from '../../src/aws/acm-reads.js'
import { listAllHostedZones, listRecordSets } from '../../src/aws/route53-read.js'
import { AwsApiError } from '../../src/errors.js'

const route53 = mockClient(Route53Client)
const acm = mockClient(ACMClient)
beforeEach(() => {
  route53.reset()
  acm.reset()
})

const zone = (id: string, name: string): HostedZone => ({
  Id: `/hostedzone/${id}`,
  Name: `${name}.`,
  CallerReference: id
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

describe('listAllHostedZones', () => {
  it('pages through every zone by Marker and indexes them by exact name', async () => {
    route53
      .on(ListHostedZonesCommand, { MaxItems: 100 })
      .resolves({
        HostedZones: [zone('Z1', 'example.com'), zone('Z2', 'Example.org')],
        IsTruncated: true,
        NextMarker: 'm2',
        Marker: '',
        MaxItems: 100
      })
      .on(ListHostedZonesCommand, { MaxItems: 100, Marker: 'm2' })
      .resolves({ HostedZones: [zone('Z3', 'example.com')], IsTruncated: false, Marker: 'm2', MaxItems: 100 })
    const byName = await listAllHostedZones(new Route53Client({}), 5, {})
    expect([...(byName?.keys() ?? [])]).toEqual(['example.com', 'example.org'])
    expect(byName?.get('example.com')?.map((z) => z.Id)).toEqual(['/hostedzone/Z1', '/hostedzone/Z3'])
    expect(route53).toHaveReceivedCommandTimes(ListHostedZonesCommand, 2)
  })

  it('gives up (undefined) once the listing would take more calls than allowed', async () => {
    route53.on(ListHostedZonesCommand).resolves({
      HostedZones: [zone('Z1', 'a.test')],
      IsTruncated: true,
      NextMarker: 'next',
      Marker: '',
      MaxItems: 100
    })
    expect(await listAllHostedZones(new Route53Client({}), 3, {})).toBeUndefined()
    expect(route53).toHaveReceivedCommandTimes(ListHostedZonesCommand, 3)
  })
})

describe('listRecordSets', () => {
  it('reads every page of the zone, resuming at the next name, type and identifier', async () => {
    route53
      .on(ListResourceRecordSetsCommand, { HostedZoneId: 'Z1', MaxItems: 300 })
      .resolves({
        ResourceRecordSets: [{ Name: 'example.com.', Type: 'NS' }],
        IsTruncated: true,
        NextRecordName: '_a.example.com.',
        NextRecordType: 'CNAME',
        NextRecordIdentifier: 'w1',
        MaxItems: 300
      })
      .on(ListResourceRecordSetsCommand, {
        HostedZoneId: 'Z1',
        StartRecordName: '_a.example.com.',
        StartRecordType: 'CNAME',
        StartRecordIdentifier: 'w1'
      })
      .resolves({ ResourceRecordSets: [{ Name: '_a.example.com.', Type: 'CNAME' }], IsTruncated: false, MaxItems: 300 })
    const sets = await listRecordSets(new Route53Client({}), { id: 'Z1', name: 'example.com' }, {})
    expect(sets.map((s) => `${s.Name} ${s.Type}`)).toEqual(['example.com. NS', '_a.example.com. CNAME'])
    expect(route53).toHaveReceivedCommandTimes(ListResourceRecordSetsCommand, 2)
  })

  it('names the zone and the permission when the role may not read it', async () => {
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDenied',
      $metadata: { httpStatusCode: 403 }
    })
    route53.on(ListResourceRecordSetsCommand).rejects(denied)
    await expect(listRecordSets(new Route53Client({}), { id: 'Z9', name: 'example.org' }, {})).rejects.toMatchObject({
      message: expect.stringMatching(/ListResourceRecordSets failed: AccessDenied/),
      hint: expect.stringMatching(/route53:ListResourceRecordSets on hostedzone\/Z9/)
    })
  })
})

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
