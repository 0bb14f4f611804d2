import { outputsFor } from '../../src/report/outputs.js'
import { formatDuration, summaryMarkdown } from '../../src/report/summary.js'
import type { RunFacts } from '../../src/run/outcome.js'
import { emptyFacts, issuedFacts } from '../../__fixtures__/run-facts.js'

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

describe('summaryMarkdown', () => {
  it('shows the status, the ARN and one row per name with its zone, record and status', () => {
    const md = summaryMarkdown(issuedFacts())
    expect(md).toMatch(/^## ✅ ACM certificate: ISSUED/)
    expect(md).toContain('| Certificate ARN | `arn:aws:acm:us-east-1:111111111111:certificate/abc` |')
    expect(md).toContain('| Time | 1 min 23 s |')
    expect(md).toContain(
      '| *.example.com | example.com (Z1) | `_a.example.com.` → `_b.xyz.acm-validations.aws.` | ✅ SUCCESS |'
    )
    expect(md).toContain('| api.dev.example.com | dev.example.com (Z2) |')
  })

  it('puts the error and its hint on top, and escapes table pipes', () => {
    const md = summaryMarkdown({
      ...issuedFacts(),
      status: 'FAILED',
      error: { title: 'Certificate not issued', message: 'FAILED: CAA_ERROR | x', hint: 'Add a CAA record' }
    })
    expect(md).toMatch(/^## ❌ ACM certificate: FAILED \(Certificate not issued\)/)
    expect(md).toContain('> **FAILED: CAA_ERROR \\| x**')
    expect(md).toContain('> Add a CAA record')
  })

  it('says FAILED when the run failed before any status was known', () => {
    const md = summaryMarkdown({
      ...emptyFacts(),
      error: { title: 'Invalid input', message: 'bad', hint: undefined }
    })
    expect(md).toMatch(/^## ❌ ACM certificate: FAILED \(Invalid input\)/)
    expect(md).not.toContain('| Name |')
  })
})

describe('formatDuration', () => {
  it.each([
    [400, '0 s'],
    [59_400, '59 s'],
    [60_000, '1 min 0 s'],
    [3_725_000, '62 min 5 s']
  ])('%i ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text))
})

describe('issue #8 modes in the outputs and summary', () => {
  const external = (): RunFacts => ({
    ...emptyFacts(),
    externalDns: true,
    names: ['example.com'],
    certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
    reused: false,
    status: 'PENDING_VALIDATION',
    records: [
      { name: '_a.example.com.', type: 'CNAME', value: '_b.xyz.acm-validations.aws.', domains: ['example.com'] }
    ]
  })

  it('leaves hostedZoneId out of validation-records for a record the step did not write', () => {
    expect(JSON.parse(outputsFor(external())['validation-records'] ?? '[]')).toEqual([
      { name: '_a.example.com.', type: 'CNAME', value: '_b.xyz.acm-validations.aws.', domains: ['example.com'] }
    ])
  })

  it('lists the records to create for external DNS, and none once they were written to Route 53', () => {
    const summary = summaryMarkdown(external())
    expect(summary).toContain('### DNS records to create')
    expect(summary).toContain('| `_a.example.com.` | CNAME | `_b.xyz.acm-validations.aws.` |')
    expect(summary).toMatch(/\| example\.com \| – \| `_a\.example\.com\.` → /)
    expect(summaryMarkdown(issuedFacts())).not.toContain('### ')
  })

  it('heads a delete with DELETED and names the mode', () => {
    const summary = summaryMarkdown({ ...emptyFacts(), mode: 'delete', status: 'DELETED', certificateArn: 'arn:x' })
    expect(summary).toMatch(/^## 🗑️ ACM certificate: DELETED/)
    expect(summary).toContain('| Mode | delete |')
  })
})
