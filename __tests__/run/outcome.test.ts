// The Outcome reducer (run/outcome.ts): pure, so each case is a list of events and what they leave.
import { auditEnd } from '../../src/audit/outcome.js'
import { outputsOf } from '../../src/report/outputs.js'
import {
  failureOf,
  reduce,
  regionsFailure,
  runFacts,
  startOutcome,
  type PublishedRecord,
  type RunEvent
} from '../../src/run/outcome.js'
import { ARN_EU, ARN_US, outcome } from '../../__fixtures__/regions.js'

const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/abc'
const started = (regions: string[]): RunEvent => ({
  type: 'started',
  mode: 'request',
  externalDns: false,
  names: ['example.com'],
  keyAlgorithm: 'RSA_2048',
  regions
})
const outcomeOf = (events: RunEvent[]) => events.reduce(reduce, startOutcome())
const boom = { title: 'Timed out', message: 'not issued in time', hint: undefined }

describe('reduce', () => {
  it('one Region is a list of one; a repeated Region is one', () => {
    expect(outcomeOf([started(['us-east-1'])]).regions.map((r) => r.region)).toEqual(['us-east-1'])
    expect(outcomeOf([started(['us-east-1', 'us-east-1'])]).regions.map((r) => r.region)).toEqual(['us-east-1'])
  })

  it('a failure after the certificate still leaves its ARN, records and status in the Outcome', () => {
    const record: PublishedRecord = {
      name: '_a.example.com.',
      type: 'CNAME',
      value: '_b.acm-validations.aws.',
      domains: ['example.com']
    }
    const outcome = outcomeOf([
      started(['us-east-1']),
      { type: 'certificate', region: 'us-east-1', arn: ARN, reused: false },
      { type: 'records', region: 'us-east-1', records: [record] },
      { type: 'region-failed', region: 'us-east-1', error: boom, status: 'PENDING_VALIDATION' },
      { type: 'failed', error: boom }
    ])
    expect(runFacts(outcome)).toMatchObject({
      certificateArn: ARN,
      status: 'PENDING_VALIDATION',
      records: [record],
      error: boom
    })
    expect(outputsOf(outcome)).toMatchObject({
      'certificate-arn': ARN,
      'certificate-arns': JSON.stringify({ 'us-east-1': ARN }),
      statuses: JSON.stringify({ 'us-east-1': 'PENDING_VALIDATION' })
    })
  })

  it('a status read later keeps the expiry it had unless it brings one', () => {
    const notAfter = new Date('2027-01-01T00:00:00Z')
    const outcome = outcomeOf([
      started(['us-east-1']),
      { type: 'status', region: 'us-east-1', status: 'ISSUED', notAfter },
      { type: 'status', region: 'us-east-1', status: 'ISSUED' }
    ])
    expect(outcome.regions[0]?.notAfter).toEqual(notAfter)
  })

  it('before the inputs are read, an error is all there is, and no Region output', () => {
    const outcome = outcomeOf([{ type: 'failed', error: boom }])
    expect(failureOf(outcome)).toEqual(boom)
    expect(outputsOf(outcome)).toEqual({})
  })
})

describe('failureOf', () => {
  it("is the step's own error first, then every Region's, then the audit's verdict", () => {
    const audit = auditEnd(
      {
        region: 'us-east-1',
        scope: 'managed',
        repair: false,
        startedAt: 0,
        elapsedMs: 0,
        certificates: [],
        repairs: [],
        repairErrors: [{ zoneId: 'Z1', zoneName: 'example.com', message: 'AccessDenied' }]
      },
      'at-risk'
    )
    const regionFailed = outcomeOf([
      started(['us-east-1', 'eu-central-1']),
      { type: 'region-failed', region: 'eu-central-1', error: boom }
    ])
    expect(failureOf(regionFailed)?.message).toMatch(/in 1 of 2 Regions/)
    expect(failureOf(reduce(regionFailed, { type: 'failed', error: boom }))).toEqual(boom)
    const audited = outcomeOf([started(['us-east-1']), { type: 'audited', audit }])
    expect(failureOf(audited)?.title).toBe('Repair failed')
    expect(failureOf(reduce(audited, { type: 'failed', error: boom }))).toEqual(boom)
  })
})

describe('regionsFailure', () => {
  it('is undefined when no Region erred', () => {
    expect(regionsFailure([outcome('us-east-1', { status: 'ISSUED' }), outcome('eu-west-1', {})])).toBeUndefined()
  })

  it('names every Region outcome, keeps the issued one, and carries the failing Region hint', () => {
    const failure = regionsFailure([
      outcome('us-east-1', { certificateArn: ARN_US, status: 'ISSUED' }),
      outcome('eu-central-1', {
        certificateArn: ARN_EU,
        status: 'FAILED',
        error: { title: 'Certificate failed', message: 'CAA_ERROR for example.com', hint: 'Allow amazon.com in CAA.' }
      })
    ])
    expect(failure?.title).toBe('Certificate failed')
    expect(failure?.message).toBe(
      'The certificate did not come through in 1 of 2 Regions:\n' +
        `- us-east-1: ISSUED ${ARN_US} (kept)\n` +
        `- eu-central-1: FAILED ${ARN_EU}: CAA_ERROR for example.com`
    )
    expect(failure?.hint).toMatch(/^eu-central-1: Allow amazon\.com in CAA\.\nRe-run with the same inputs/)
  })

  it('names a Region that failed before it had a certificate (a quota), and titles several failures together', () => {
    const failure = regionsFailure([
      outcome('us-east-1', { error: { title: 'ACM quota', message: 'LimitExceededException', hint: undefined } }),
      outcome('eu-central-1', {
        certificateArn: ARN_EU,
        status: 'PENDING_VALIDATION',
        error: { title: 'Timed out', message: 'still PENDING_VALIDATION after 10 min', hint: undefined }
      })
    ])
    expect(failure?.title).toBe('Certificates failed')
    expect(failure?.message).toContain('in 2 of 2 Regions')
    expect(failure?.message).toContain('- us-east-1: FAILED: LimitExceededException')
    expect(failure?.message).toContain(`- eu-central-1: PENDING_VALIDATION ${ARN_EU}: still PENDING_VALIDATION`)
  })
})
