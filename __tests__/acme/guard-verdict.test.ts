// The renewal guard's verdict on an ACME prevalidation, as a table: status and CNAME state → findings.
import { describe, expect, it } from '@jest/globals'
import {
  judgePrevalidation,
  prevalidationFailureLines,
  prevalidationSummary,
  type PrevalidationFacts
} from '../../src/acme/guard-verdict.js'
import type { RecordLookup } from '../../src/audit/verdict.js'

const facts = (status: string, route53: RecordLookup, extra: Partial<PrevalidationFacts> = {}): PrevalidationFacts => ({
  endpointArn: 'arn:aws:acm:us-east-1:111111111111:acme-endpoint/e',
  domain: 'example.com',
  arn: 'arn:aws:acm:us-east-1:111111111111:acme-endpoint/e/acme-domain-validation/v',
  status,
  reason: undefined,
  route53,
  repaired: false,
  ...extra
})

describe('judgePrevalidation', () => {
  it.each<[string, PrevalidationFacts, string[]]>([
    ['VALID, CNAME exact: nothing to say', facts('VALID', { state: 'exact' }), []],
    ['CNAME gone', facts('VALID', { state: 'missing' }), ['risk acme-record-missing']],
    ['CNAME elsewhere', facts('VALID', { state: 'wrong', values: ['x.'] }), ['risk acme-record-wrong']],
    ['another type at the name', facts('VALID', { state: 'conflict', types: ['A'] }), ['risk acme-record-conflict']],
    ['no zone', facts('VALID', { state: 'no-zone', reason: 'none' }), ['risk acme-record-no-zone']],
    ['zone unreadable', facts('VALID', { state: 'error', reason: 'denied' }), ['risk acme-record-unreadable']],
    [
      'its zone gone from Route 53',
      facts('VALID', { state: 'zone-gone', reason: 'deleted' }),
      ['risk acme-record-no-zone']
    ],
    ['repaired this run', facts('VALID', { state: 'missing' }, { repaired: true }), ['fixed acme-record-repaired']],
    [
      'INVALID with its CNAME in place',
      facts('INVALID', { state: 'exact' }, { reason: 'TIMED_OUT' }),
      ['risk acme-validation-not-valid']
    ],
    [
      'VALIDATING and its CNAME gone',
      facts('VALIDATING', { state: 'missing' }),
      ['risk acme-validation-not-valid', 'risk acme-record-missing']
    ]
  ])('%s', (_case, input, expected) => {
    expect(judgePrevalidation(input).map((f) => `${f.level} ${f.code}`)).toEqual(expected)
  })

  it('an INVALID one names its reason and the hint for it', () => {
    const [finding] = judgePrevalidation(facts('INVALID', { state: 'exact' }, { reason: 'DOMAIN_NOT_ALLOWED' }))
    expect(finding?.message).toMatch(/example\.com \(ACME endpoint\): the prevalidation is INVALID, DOMAIN_NOT_ALLOWED/)
    expect(finding?.fix).toMatch(/CAA/)
  })

  it('summary and failure lines: only the ones at risk fail; nothing to show, no section', () => {
    const ok = { ...facts('VALID', { state: 'exact' }), record: undefined, zone: undefined, findings: [] }
    const bad = {
      ...facts('VALID', { state: 'missing' }),
      domain: 'api.example.com',
      record: undefined,
      zone: undefined
    }
    const checks = [ok, { ...bad, findings: judgePrevalidation(bad) }]
    expect(prevalidationFailureLines(checks)).toEqual([
      'api.example.com (ACME endpoint): its CNAME is gone from Route 53'
    ])
    expect(prevalidationSummary(checks)).toMatch(/1 of 2 at risk/)
    expect(prevalidationSummary([])).toBe('')
    expect(prevalidationSummary(undefined)).toBe('')
  })
})
