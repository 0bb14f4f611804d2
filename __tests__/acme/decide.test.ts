// Mode acme-endpoint's pure decisions, as tables: which endpoint is ours, what drifted, which
// validations the names ask for and what to do with the ones on the endpoint, who may write a record,
// and a hint for every failure reason.
import { describe, expect, it } from '@jest/globals'
import type { DomainScope } from '@aws-sdk/client-acm'
import {
  VALIDATION_FAILURE_HINTS,
  acmMayWrite,
  chooseEndpoint,
  endpointDrift,
  endpointTag,
  failureHint,
  planValidations,
  tokenOf,
  wantedValidations,
  type EndpointFacts
} from '../../src/acme/decide.js'

const ARN = (id: string) => `arn:aws:acm:us-east-1:111111111111:acme-endpoint/${id}`
const ours = endpointTag('default')
const at = (day: number) => new Date(Date.UTC(2026, 0, day))

describe('chooseEndpoint', () => {
  const e = (id: string, status: string, tags = [ours], day = 1): EndpointFacts => ({
    arn: ARN(id),
    status,
    createdAt: at(day),
    tags,
    failureReason: status === 'FAILED' ? 'quota' : undefined
  })
  it.each<[string, EndpointFacts[], ReturnType<typeof chooseEndpoint>]>([
    ['none: create', [], { kind: 'create' }],
    ['only untagged ones: create', [e('a', 'ACTIVE', [])], { kind: 'create' }],
    ['another name: create', [e('a', 'ACTIVE', [endpointTag('staging')])], { kind: 'create' }],
    ['ours ACTIVE: reuse', [e('a', 'ACTIVE')], { kind: 'reuse', arn: ARN('a'), others: [] }],
    ['ours CREATING: reuse (and wait)', [e('a', 'CREATING')], { kind: 'reuse', arn: ARN('a'), others: [] }],
    [
      'two after a race: the oldest, the other named',
      [e('b', 'ACTIVE', [ours], 2), e('a', 'ACTIVE', [ours], 1)],
      { kind: 'reuse', arn: ARN('a'), others: [ARN('b')] }
    ],
    [
      'a FAILED one beside an ACTIVE one: the ACTIVE one',
      [e('a', 'FAILED'), e('b', 'ACTIVE', [ours], 3)],
      { kind: 'reuse', arn: ARN('b'), others: [] }
    ],
    [
      'only a FAILED one: unusable',
      [e('a', 'FAILED')],
      { kind: 'unusable', arn: ARN('a'), status: 'FAILED', reason: 'quota' }
    ],
    [
      'only a DELETING one: unusable',
      [e('a', 'DELETING')],
      { kind: 'unusable', arn: ARN('a'), status: 'DELETING', reason: undefined }
    ],
    ['tags unreadable (gone): create', [{ ...e('a', 'ACTIVE'), tags: undefined }], { kind: 'create' }]
  ])('%s', (_case, endpoints, expected) => {
    expect(chooseEndpoint(endpoints, 'default')).toEqual(expected)
  })
})

describe('endpointDrift', () => {
  const wanted = {
    contact: 'NOT_REQUIRED' as const,
    keyAlgorithms: ['RSA_2048', 'EC_prime256v1'] as const,
    certificateTags: [{ Key: 'team', Value: 'platform' }]
  }
  it.each([
    [
      'the same (algorithm order ignored)',
      {
        contact: 'NOT_REQUIRED',
        allowedKeyAlgorithms: ['EC_prime256v1', 'RSA_2048'],
        certificateTags: [{ Key: 'team', Value: 'platform' }]
      },
      [],
      []
    ],
    [
      'contact',
      {
        contact: 'REQUIRED',
        allowedKeyAlgorithms: ['RSA_2048', 'EC_prime256v1'],
        certificateTags: [{ Key: 'team', Value: 'platform' }]
      },
      ['contact REQUIRED → NOT_REQUIRED'],
      []
    ],
    [
      'algorithms',
      {
        contact: 'NOT_REQUIRED',
        allowedKeyAlgorithms: ['RSA_2048'],
        certificateTags: [{ Key: 'team', Value: 'platform' }]
      },
      ['key algorithms RSA_2048 → EC_prime256v1,RSA_2048'],
      []
    ],
    [
      'certificate tags (fixed at creation)',
      { contact: 'NOT_REQUIRED', allowedKeyAlgorithms: ['RSA_2048', 'EC_prime256v1'], certificateTags: [] },
      [],
      ['certificate tags']
    ]
  ])('%s', (_case, actual, update, fixedAtCreation) => {
    expect(endpointDrift(actual, wanted)).toEqual({ update, fixedAtCreation })
  })
})

const scope = (exact: boolean, sub: boolean, wild: boolean): DomainScope => ({
  ExactDomain: exact ? 'ENABLED' : 'DISABLED',
  Subdomains: sub ? 'ENABLED' : 'DISABLED',
  Wildcards: wild ? 'ENABLED' : 'DISABLED'
})

describe('wantedValidations', () => {
  it.each<[string, string[], ('exact' | 'subdomains' | 'wildcards')[], [string, DomainScope][]]>([
    ['a name, default scope', ['example.com'], ['exact'], [['example.com', scope(true, false, false)]]],
    ['*.name: the base with wildcards', ['*.example.com'], ['exact'], [['example.com', scope(true, false, true)]]],
    [
      'name and *.name: one validation',
      ['example.com', '*.example.com'],
      ['exact'],
      [['example.com', scope(true, false, true)]]
    ],
    [
      '*.name then name: wildcards kept',
      ['*.example.com', 'example.com'],
      ['exact'],
      [['example.com', scope(true, false, true)]]
    ],
    [
      'subdomains for all',
      ['a.example.com', 'b.example.org'],
      ['subdomains'],
      [
        ['a.example.com', scope(false, true, false)],
        ['b.example.org', scope(false, true, false)]
      ]
    ],
    [
      '*.name with no exact in the scope',
      ['*.example.com'],
      ['subdomains'],
      [['example.com', scope(false, true, true)]]
    ]
  ])('%s', (_case, names, scopeInput, expected) => {
    expect([...wantedValidations(names, scopeInput)]).toEqual(expected)
  })
})

describe('planValidations', () => {
  const wanted = new Map([
    ['example.com', scope(true, false, true)],
    ['api.example.com', scope(true, false, false)]
  ])
  const v = (
    domainName: string,
    status: string,
    s: DomainScope = scope(true, false, domainName === 'example.com')
  ) => ({
    arn: `${domainName}/${status}`,
    domainName,
    status,
    scope: s
  })
  it.each([
    [
      'nothing yet: create both',
      [],
      [
        { kind: 'create', domain: 'example.com' },
        { kind: 'create', domain: 'api.example.com' }
      ],
      []
    ],
    [
      'VALID and VALIDATING of that scope: keep both',
      [v('example.com', 'VALID'), v('api.example.com', 'VALIDATING')],
      [
        { kind: 'keep', domain: 'example.com', arn: 'example.com/VALID', status: 'VALID' },
        { kind: 'keep', domain: 'api.example.com', arn: 'api.example.com/VALIDATING', status: 'VALIDATING' }
      ],
      []
    ],
    [
      'INVALID: replaced; another scope: re-scoped',
      [v('example.com', 'INVALID'), v('api.example.com', 'VALID', scope(true, true, false))],
      [
        { kind: 'create', domain: 'example.com', replaces: 'example.com/INVALID' },
        { kind: 'rescope', domain: 'api.example.com', arn: 'api.example.com/VALID' }
      ],
      []
    ],
    [
      'DELETING: ignored (a new one); a name no longer asked for: dropped',
      [v('example.com', 'DELETING'), v('api.example.com', 'VALID'), v('old.example.com', 'VALID')],
      [
        { kind: 'create', domain: 'example.com' },
        { kind: 'keep', domain: 'api.example.com', arn: 'api.example.com/VALID', status: 'VALID' }
      ],
      ['old.example.com']
    ]
  ])('%s', (_case, existing, steps, dropped) => {
    const plan = planValidations(wanted, existing)
    expect(plan.steps).toEqual(steps)
    expect(plan.dropped.map((d) => d.domainName)).toEqual(dropped)
  })
})

describe('acmMayWrite (HostedZoneId only into the endpoint account)', () => {
  it.each([
    ['no role: the certificate identity, the endpoint account', undefined, true],
    ['a DNS role of the endpoint account', 'arn:aws:iam::111111111111:role/dns', true],
    ['a DNS role of another account', 'arn:aws:iam::222222222222:role/dns', false],
    ['not a role ARN', 'nonsense', false]
  ])('%s', (_case, role, expected) => {
    expect(acmMayWrite('111111111111', role)).toBe(expected)
  })
})

describe('tokens and hints', () => {
  it('tokenOf: 32 characters of [0-9a-f], the same parts the same token, any change another', () => {
    const token = tokenOf('acme-endpoint', 'us-east-1', 'default')
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(tokenOf('acme-endpoint', 'us-east-1', 'default')).toBe(token)
    expect(tokenOf('acme-endpoint', 'eu-west-1', 'default')).not.toBe(token)
    expect(tokenOf('acme-endpoint', 'us-east-1', 'staging')).not.toBe(token)
  })
  it.each(Object.keys(VALIDATION_FAILURE_HINTS))('%s has a hint of its own', (reason) => {
    expect(failureHint(reason)).toBe(VALIDATION_FAILURE_HINTS[reason as keyof typeof VALIDATION_FAILURE_HINTS])
    expect(failureHint(reason).length).toBeGreaterThan(30)
  })
  it('an unknown reason still gets a hint', () => {
    expect(failureHint('SOMETHING_NEW')).toMatch(/Re-run/)
    expect(failureHint(undefined)).toMatch(/Re-run/)
  })
})
