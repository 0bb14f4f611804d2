// The failure texts of decisions/hints.ts that depend on evidence: the timeout of a wait for ISSUED
// (blame DNS only where the evidence points there) and a refused STS call (check the role's name and
// account first).
import { describe, expect, it } from '@jest/globals'
import { issueTimeoutHint, stsHint, type IssueTimeoutFacts } from '../../src/decisions/hints.js'

const SUCCESS = [
  { domain: 'example.com', validationStatus: 'SUCCESS' },
  { domain: 'www.example.com', validationStatus: 'SUCCESS' }
]
const PENDING = [
  { domain: 'example.com', validationStatus: 'SUCCESS' },
  { domain: 'shop.test', validationStatus: 'PENDING_VALIDATION' }
]
const DELEGATION = {
  check: 'delegation',
  severity: 'problem',
  message: 'Public DNS has no NS records for shop.test'
} as const
const CAA = {
  check: 'caa',
  severity: 'problem',
  message: 'The CAA records at example.com do not allow Amazon'
} as const
const LOOKUP_FAILED = { check: 'caa', severity: 'unknown', message: 'Could not check CAA' } as const

const TAIL =
  'timeout-minutes is 45: raise it to wait longer, or set wait: false to get the ARN at once and check on it ' +
  'later with mode: status (ACM can take minutes to hours). A re-run with the same inputs resumes this certificate.'

describe('issueTimeoutHint', () => {
  const DNS_BLAME = /delegated from its parent|CAA record forbids/

  it.each<[string, Partial<IssueTimeoutFacts>, RegExp]>([
    [
      'every name SUCCESS, pre-flight passed',
      { progress: SUCCESS, preflight: [] },
      /^Every name is validated \(SUCCESS\): DNS is not the problem, ACM is simply still issuing\. /
    ],
    ['every name SUCCESS, no pre-flight', { progress: SUCCESS }, /ACM is simply still issuing/],
    [
      'a name pending, pre-flight passed',
      { progress: PENDING, preflight: [] },
      /^The pre-flight checks found the NS delegation and CAA in order, so the validation records are public: ACM validates on its own schedule/
    ]
  ])('%s: no blame on DNS', (_, facts, text) => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: [], ...facts })
    expect(hint).toMatch(text)
    expect(hint).not.toMatch(DNS_BLAME)
    expect(hint.endsWith(TAIL)).toBe(true)
  })

  it('a name pending and a delegation problem found: names that problem', () => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: PENDING, preflight: [DELEGATION, LOOKUP_FAILED] })
    expect(hint).toBe(
      `The pre-flight checks found what holds it up: Public DNS has no NS records for shop.test. Fix that. ${TAIL}`
    )
  })

  it('every name SUCCESS but a CAA problem found: names CAA (checked at issuance), not delegation', () => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: SUCCESS, preflight: [DELEGATION, CAA] })
    expect(hint).toBe(
      `The pre-flight checks found what holds it up: The CAA records at example.com do not allow Amazon. Fix that. ${TAIL}`
    )
  })

  it.each<[string, IssueTimeoutFacts['preflight'], string]>([
    ['did not run', undefined, 'the pre-flight checks did not run'],
    ['had a lookup fail', [LOOKUP_FAILED], 'a pre-flight lookup failed']
  ])('a name pending and the pre-flight %s: delegation and CAA to check, said to be unchecked', (_, preflight, why) => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: PENDING, preflight })
    expect(hint).toMatch(DNS_BLAME)
    expect(hint).toContain(`(${why}, so this is unchecked)`)
  })

  it('dns-provider external, a name pending: the records are for the user to create (not delegation)', () => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: PENDING, preflight: [], externalDns: true })
    expect(hint).toBe(
      'With dns-provider external the validation CNAMEs are yours to create: check that every record of the ' +
        `validation-records output exists in the DNS that serves the names and resolves publicly. ${TAIL}`
    )
    expect(issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: SUCCESS, externalDns: true })).toMatch(
      /simply still issuing/
    )
  })

  it('in mode status, wait: false reports the status at once (no mode: status advice)', () => {
    const hint = issueTimeoutHint({ timeoutMs: 45 * 60_000, progress: SUCCESS, statusMode: true })
    expect(hint).toContain('or set wait: false to report the status without waiting (ACM can take minutes to hours)')
    expect(hint).not.toContain('mode: status')
  })

  it('gives timeout-minutes as it was written', () => {
    expect(issueTimeoutHint({ timeoutMs: 3000, progress: SUCCESS })).toContain('timeout-minutes is 0.05:')
    expect(issueTimeoutHint({ timeoutMs: 90 * 60_000, progress: SUCCESS })).toContain('timeout-minutes is 90:')
  })
})

describe('stsHint: a role STS refuses', () => {
  const ROLE = 'arn:aws:iam::111111111111:role/path/acm-cert'

  it.each<['AssumeRoleWithWebIdentity' | 'AssumeRole', string]>([
    ['AssumeRoleWithWebIdentity', 'Not authorized to perform sts:AssumeRoleWithWebIdentity'],
    ['AssumeRole', `User: x is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`]
  ])('%s AccessDenied: check the role name and account first, then the trust policy', (operation, message) => {
    const hint = stsHint({ operation, roleArn: ROLE, audience: 'sts.amazonaws.com' }, 'AccessDenied', message, false)
    expect(hint).toMatch(
      /^Check the role's name and account first: STS gives the same AccessDenied for a role that does not exist, so confirm that a role named acm-cert exists in account 111111111111/
    )
    expect(hint).toContain(`The trust policy of ${ROLE} must`)
  })

  it('an expired token is not about the role existing', () => {
    const call = { operation: 'AssumeRoleWithWebIdentity', roleArn: ROLE, audience: 'sts.amazonaws.com' } as const
    expect(stsHint(call, 'ExpiredTokenException', 'Token expired', false)).not.toContain('does not exist')
  })
})
