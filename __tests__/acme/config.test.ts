// The acme-* inputs, read through readConfig as the action reads them: defaults, lists, refusals.
import { describe, expect, it } from '@jest/globals'
import { configFrom } from '../../__fixtures__/config.js'
import { InputError } from '../../src/errors.js'

const base = { mode: 'acme-endpoint', 'domain-name': 'example.com', 'aws-region': 'us-east-1' }

function errorOf(inputs: Record<string, string>): InputError {
  try {
    configFrom({ ...base, ...inputs })
  } catch (err) {
    if (err instanceof InputError) return err
    throw err
  }
  throw new Error('no InputError')
}

describe('mode acme-endpoint inputs', () => {
  it('defaults: endpoint "default", no contact needed, every key algorithm, exact scope, 24 h binding', () => {
    expect(configFrom(base, { GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '2' }).acme).toEqual({
      endpointName: 'default',
      contact: 'NOT_REQUIRED',
      keyAlgorithms: ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1'],
      certificateTags: [],
      scope: ['exact'],
      managedRecords: false,
      deleteDropped: false,
      eabRoleArn: undefined,
      eabExpiryHours: 24,
      runAttempt: '7-2'
    })
  })

  it('reads every input (lists case-insensitive, duplicates dropped)', () => {
    const acme = configFrom({
      ...base,
      'acme-endpoint-name': 'platform',
      'acme-contact': 'required',
      'acme-key-algorithms': 'ec_prime256v1, EC_prime256v1\nRSA_2048',
      'acme-certificate-tags': 'team=platform',
      'acme-domain-scope': 'exact, subdomains',
      'acme-managed-records': 'true',
      'acme-delete-dropped': 'yes',
      'acme-eab-role-arn': 'arn:aws:iam::111111111111:role/acme-clients',
      'acme-eab-expiry-hours': '168'
    }).acme
    expect(acme).toMatchObject({
      endpointName: 'platform',
      contact: 'REQUIRED',
      keyAlgorithms: ['EC_prime256v1', 'RSA_2048'],
      certificateTags: [{ Key: 'team', Value: 'platform' }],
      scope: ['exact', 'subdomains'],
      managedRecords: true,
      deleteDropped: true,
      eabRoleArn: 'arn:aws:iam::111111111111:role/acme-clients',
      eabExpiryHours: 168,
      runAttempt: undefined
    })
  })

  it('is absent in the other modes', () => {
    expect(configFrom({ 'domain-name': 'example.com', 'aws-region': 'us-east-1' }).acme).toBeUndefined()
  })

  it.each([
    [
      'acme-key-algorithms',
      { 'acme-key-algorithms': 'RSA_4096' },
      /entry 'RSA_4096' is not one of RSA_2048, EC_prime256v1, EC_secp384r1/
    ],
    [
      'acme-domain-scope',
      { 'acme-domain-scope': 'everything' },
      /entry 'everything' is not one of exact, subdomains, wildcards/
    ],
    ['acme-contact', { 'acme-contact': 'maybe' }, /must be one of not-required, required/],
    ['acme-endpoint-name', { 'acme-endpoint-name': 'has space' }, /1 to 64 characters/],
    ['acme-eab-expiry-hours', { 'acme-eab-expiry-hours': '0' }, /whole number of hours from 1 to 8760/],
    ['acme-eab-role-arn', { 'acme-eab-role-arn': 'arn:aws:iam::111111111111:user/me' }, /not an IAM role ARN/],
    ['acme-certificate-tags', { 'acme-certificate-tags': 'novalue' }, /is not key=value/],
    [
      'aws-region',
      { 'aws-region': 'us-east-1, eu-west-1' },
      /mode acme-endpoint sets up an endpoint in one Region per step/
    ],
    [
      'certificate-arn',
      { 'certificate-arn': 'arn:aws:acm:us-east-1:111111111111:certificate/abc' },
      /only for mode status or delete/
    ],
    ['domain-name', { 'domain-name': '' }, /is required/]
  ])('refuses a bad %s, naming it', (input, inputs, message) => {
    const err = errorOf(inputs)
    expect(err.message).toContain(`'${input}'`)
    expect(err.message).toMatch(message)
  })
})
