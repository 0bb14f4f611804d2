// The outputs (report/outputs.ts): keyed by Region when a run has several.
import { outputsFor, regionsOutputs } from '../../src/report/outputs.js'
import { emptyFacts, issuedFacts } from '../../__fixtures__/run-facts.js'
import { ARN_EU, ARN_US, outcome } from '../../__fixtures__/regions.js'

describe('regionsOutputs', () => {
  it('keys ARNs and statuses by Region in the order given; certificate-arn and status are the first Region', () => {
    const out = regionsOutputs([
      outcome('us-east-1', { certificateArn: ARN_US, status: 'ISSUED' }),
      outcome('eu-central-1', { certificateArn: ARN_EU, status: 'PENDING_VALIDATION' })
    ])
    expect(out).toEqual({
      'certificate-arns': JSON.stringify({ 'us-east-1': ARN_US, 'eu-central-1': ARN_EU }),
      statuses: JSON.stringify({ 'us-east-1': 'ISSUED', 'eu-central-1': 'PENDING_VALIDATION' }),
      'certificate-arn': ARN_US,
      status: 'ISSUED'
    })
    expect(Object.keys(JSON.parse(out['certificate-arns'] ?? ''))).toEqual(['us-east-1', 'eu-central-1'])
  })

  it('leaves out what is not known yet, and is valid JSON even when nothing is', () => {
    const out = regionsOutputs([
      outcome('us-east-1', {}),
      outcome('eu-central-1', { certificateArn: ARN_EU, status: 'FAILED' })
    ])
    expect(JSON.parse(out['certificate-arns'] ?? '')).toEqual({ 'eu-central-1': ARN_EU })
    expect(JSON.parse(out['statuses'] ?? '')).toEqual({ 'eu-central-1': 'FAILED' })
    expect(out['certificate-arn']).toBeUndefined()
    expect(out['status']).toBeUndefined()
    expect(regionsOutputs([outcome('us-east-1', {}), outcome('eu-west-1', {})])).toEqual({
      'certificate-arns': '{}',
      statuses: '{}'
    })
  })
})

describe('outputsFor', () => {
  it('sets every output of an issued certificate', () => {
    const out = outputsFor(issuedFacts())
    expect(out).toMatchObject({
      'certificate-arn': 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      status: 'ISSUED',
      reused: 'false',
      'domain-name': 'example.com',
      'not-after': '2027-12-01T00:00:00.000Z'
    })
    expect(JSON.parse(out['validation-records'] ?? '[]')).toEqual([
      {
        name: '_a.example.com.',
        type: 'CNAME',
        value: '_b.xyz.acm-validations.aws.',
        hostedZoneId: 'Z1',
        domains: ['example.com', '*.example.com']
      },
      {
        name: '_c.api.dev.example.com.',
        type: 'CNAME',
        value: '_d.xyz.acm-validations.aws.',
        hostedZoneId: 'Z2',
        domains: ['api.dev.example.com']
      }
    ])
  })

  it('leaves out what is not known (a failure before the certificate)', () => {
    expect(outputsFor({ ...emptyFacts(), names: ['example.com'] })).toEqual({ 'domain-name': 'example.com' })
  })
})
