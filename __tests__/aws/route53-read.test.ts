// aws/route53-read.ts: listing every hosted zone and a zone's record sets, page by page.
import { describe, expect, it, beforeEach } from '@jest/globals'
import {
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type HostedZone
} from '@aws-sdk/client-route-53'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { listAllHostedZones, listRecordSets } from '../../src/aws/route53-read.js'

const route53 = mockClient(Route53Client)
beforeEach(() => {
  route53.reset()
})

const zone = (id: string, name: string): HostedZone => ({
  Id: `/hostedzone/${id}`,
  Name: `${name}.`,
  CallerReference: id
})

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
