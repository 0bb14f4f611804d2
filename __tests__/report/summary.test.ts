import { outputsFor } from '../../src/report/outputs.js'
import { formatDuration, regionsSummaryMarkdown, summaryMarkdown } from '../../src/report/summary.js'
import type { RunFacts } from '../../src/run/outcome.js'
import { emptyFacts, issuedFacts } from '../../__fixtures__/run-facts.js'
import { APEX, ARN_EU, ARN_US, outcome } from '../../__fixtures__/regions.js'

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

describe('regionsSummaryMarkdown', () => {
  const common = {
    ...emptyFacts(),
    names: ['example.com', 'www.example.com'],
    elapsedMs: 75_000,
    records: [{ ...APEX, hostedZoneId: 'Z1', hostedZoneName: 'example.com' }]
  }
  const issued = outcome('us-east-1', {
    certificateArn: ARN_US,
    status: 'ISSUED',
    reused: true,
    notAfter: new Date('2027-12-01T00:00:00Z'),
    records: common.records,
    progress: [
      { domain: 'example.com', validationStatus: 'SUCCESS' },
      { domain: 'www.example.com', validationStatus: 'SUCCESS' }
    ]
  })

  it('has an overview row and one table of names per Region', () => {
    const md = regionsSummaryMarkdown(
      [issued, { ...issued, region: 'eu-central-1', certificateArn: ARN_EU, reused: false }],
      common
    )
    expect(md).toMatch(/^## ✅ ACM certificates: ISSUED in us-east-1, eu-central-1\n/)
    expect(md).toContain(`| us-east-1 | \`${ARN_US}\` | ✅ ISSUED | yes | 2027-12-01T00:00:00.000Z |`)
    expect(md).toContain(`| eu-central-1 | \`${ARN_EU}\` | ✅ ISSUED | no, newly requested |`)
    expect(md.match(/^\| Name \| Hosted zone \|/gm)).toHaveLength(2)
    expect(md.indexOf('### us-east-1')).toBeLessThan(md.indexOf('### eu-central-1'))
    expect(md).toContain(
      '| example.com | example.com (Z1) | `_a.example.com.` → `_a1.acm-validations.aws.` | ✅ SUCCESS |'
    )
    expect(md).toContain('| Time | 1 min 15 s |')
  })

  it('heads with the failure, quotes it per Region, and still shows the issued Region', () => {
    const md = regionsSummaryMarkdown(
      [
        issued,
        outcome('eu-central-1', {
          certificateArn: ARN_EU,
          status: 'FAILED',
          error: { title: 'Certificate failed', message: 'CAA_ERROR | example.com', hint: 'Fix CAA.' }
        })
      ],
      common
    )
    expect(md).toMatch(/^## ❌ ACM certificates: ISSUED in us-east-1; FAILED \(Certificate failed\) in eu-central-1\n/)
    expect(md).toContain('> **eu-central-1: CAA_ERROR \\| example.com**')
    expect(md).toContain('> Fix CAA.')
    expect(md).toContain(`| eu-central-1 | \`${ARN_EU}\` | ❌ FAILED | – | – |`)
    expect(md).toContain('### eu-central-1')
  })

  it('shows mixed statuses as pending, and the mode when not request', () => {
    const md = regionsSummaryMarkdown(
      [issued, outcome('eu-central-1', { certificateArn: ARN_EU, status: 'PENDING_VALIDATION' })],
      { ...common, mode: 'status' }
    )
    expect(md).toMatch(/^## ⏳ ACM certificates: ISSUED in us-east-1; PENDING_VALIDATION in eu-central-1/)
    expect(md).toContain('| Mode | status |')
  })

  it('leaves the one-Region summary as it was (no Region tables)', () => {
    const md = summaryMarkdown({ ...common, region: 'us-east-1', certificateArn: ARN_US, status: 'ISSUED' })
    expect(md).not.toContain('| Region | Certificate ARN |')
    expect(md).toContain('| Region | us-east-1 |')
    expect(md.match(/^\| Name \| Hosted zone \|/gm)).toHaveLength(1)
  })
})
