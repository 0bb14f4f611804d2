// What mode acme-endpoint shows: the outputs, the summary (success, failure, dropped names) and the
// report-file document, from an AcmeRun (which never holds a key).
import { describe, expect, it } from '@jest/globals'
import { acmeDocument, acmeOutputs, acmeSummaryMarkdown, emptyAcmeRun, type AcmeRun } from '../../src/acme/report.js'

const ARN = 'arn:aws:acm:us-east-1:111111111111:acme-endpoint/e1'
const run: AcmeRun = {
  region: 'us-east-1',
  endpoint: {
    arn: ARN,
    url: 'https://acm-acme-enroll.us-east-1.api.aws/e1/directory',
    status: 'ACTIVE',
    created: true,
    updated: []
  },
  validations: [
    {
      domain: 'example.com',
      arn: `${ARN}/acme-domain-validation/v1`,
      scope: ['exact', 'wildcards'],
      status: 'VALID',
      action: 'created',
      record: { name: '_a.example.com.', value: '_b.xyz.acm-validations.aws.' },
      zone: { id: 'Z1', name: 'example.com' },
      writtenBy: 'action'
    }
  ],
  dropped: [{ domain: 'old.example.com', arn: `${ARN}/acme-domain-validation/v0`, deleted: false }],
  binding: {
    arn: `${ARN}/acme-external-account-binding/b1`,
    roleArn: 'arn:aws:iam::111111111111:role/acme',
    expiresAt: '2026-12-08T00:00:00.000Z'
  }
}

describe('acme report', () => {
  it('outputs: the endpoint ARN and directory URL once known, nothing before', () => {
    expect(acmeOutputs(run)).toEqual({
      'acme-endpoint-arn': ARN,
      'acme-directory-url': 'https://acm-acme-enroll.us-east-1.api.aws/e1/directory'
    })
    expect(acmeOutputs(emptyAcmeRun('us-east-1'))).toEqual({})
  })

  it('summary: ✅ with the directory, a row per name, the dropped name and the binding without keys', () => {
    const md = acmeSummaryMarkdown(run)
    expect(md).toMatch(/^## ✅ ACME endpoint: ACTIVE \(us-east-1\)/)
    expect(md).toContain(
      '| example.com | exact, wildcards | ✅ VALID | _a.example.com. | example.com (Z1) | this action |'
    )
    expect(md).toMatch(/old\.example\.com: kept \(set acme-delete-dropped: true to delete it\)/)
    expect(md).toMatch(/External account binding: `.*b1` for `arn:aws:iam::111111111111:role\/acme`, expires/)
  })

  it('summary of a failed run: ❌, the message and the hint, the INVALID reason in the row', () => {
    const { binding: _none, ...unbound } = run
    const failed: AcmeRun = {
      ...unbound,
      validations: [
        { ...run.validations[0]!, status: 'INVALID', failure: { reason: 'TIMED_OUT', message: 'not seen' } }
      ]
    }
    const md = acmeSummaryMarkdown(failed, { message: 'ACM could not validate example.com', hint: 'Check NS.' })
    expect(md).toMatch(/^## ❌ ACME endpoint/)
    expect(md).toContain('**ACM could not validate example.com**')
    expect(md).toContain('Check NS.')
    expect(md).toContain('❌ INVALID (TIMED_OUT)')
  })

  it('report-file document: the run as known, the error, the mode', () => {
    expect(acmeDocument(run, Date.UTC(2026, 11, 7), 1234, { message: 'boom' })).toMatchObject({
      mode: 'acme-endpoint',
      startedAt: '2026-12-07T00:00:00.000Z',
      elapsedMs: 1234,
      endpoint: { arn: ARN },
      error: 'boom'
    })
  })
})
