// Several Regions in one step (issue 14), the pure pieces: the aws-region list, merging the
// validation records of every Region into one write, the outputs keyed by Region, the failure
// naming each Region's outcome, and the job summary with one table per Region.
import { describeClash, mergeValidationRecords, parseRegionList, type RegionRecords } from '../src/decisions/regions.js'
import { regionsOutputs } from '../src/report/outputs.js'
import { regionsSummaryMarkdown, summaryMarkdown } from '../src/report/summary.js'
import { emptyRegionOutcome, regionsFailure, type RegionOutcome } from '../src/run/outcome.js'
import { emptyFacts } from '../__fixtures__/run-facts.js'
import type { ValidationRecord } from '../src/types.js'

describe('parseRegionList', () => {
  it.each([
    ['', []],
    ['   \n ', []],
    ['us-east-1', ['us-east-1']],
    [' us-east-1 ', ['us-east-1']],
    ['us-east-1, eu-central-1', ['us-east-1', 'eu-central-1']],
    ['us-east-1,eu-central-1', ['us-east-1', 'eu-central-1']],
    ['us-east-1\neu-central-1\n', ['us-east-1', 'eu-central-1']],
    ['us-east-1\r\n  eu-central-1\r\n', ['us-east-1', 'eu-central-1']],
    // YAML's folded block scalar (>) turns the new lines into spaces
    ['us-east-1 eu-central-1', ['us-east-1', 'eu-central-1']],
    [',us-east-1,,eu-central-1,', ['us-east-1', 'eu-central-1']],
    // repeats dropped, the first place kept
    ['eu-central-1, us-east-1, eu-central-1', ['eu-central-1', 'us-east-1']],
    ['us-east-1\nus-east-1', ['us-east-1']],
    // the list does not judge the entries: the input module does
    ['us-east-1, not a region', ['us-east-1', 'not', 'a', 'region']],
    ['US-EAST-1, us-east-1', ['US-EAST-1', 'us-east-1']]
  ])('%j → %j', (raw, expected) => {
    expect(parseRegionList(raw)).toEqual(expected)
  })
})

const record = (name: string, value: string, ...domains: string[]): ValidationRecord => ({
  name,
  type: 'CNAME',
  value,
  domains
})
const APEX = record('_a.example.com.', '_a1.acm-validations.aws.', 'example.com', '*.example.com')
const WWW = record('_w.www.example.com.', '_w1.acm-validations.aws.', 'www.example.com')

describe('mergeValidationRecords', () => {
  it('writes a record shared by every Region once, with each Region and name it validates', () => {
    const merge = mergeValidationRecords([
      { region: 'us-east-1', records: [APEX, WWW] },
      { region: 'eu-central-1', records: [WWW, APEX] }
    ])
    expect(merge.records).toEqual([
      { ...APEX, regions: ['us-east-1', 'eu-central-1'] },
      { ...WWW, regions: ['us-east-1', 'eu-central-1'] }
    ])
    expect(merge.differences).toEqual([])
    expect(merge.clashes).toEqual([])
  })

  it('is the identity for one Region (apart from the Region list)', () => {
    const merge = mergeValidationRecords([{ region: 'us-east-1', records: [APEX, WWW] }])
    expect(merge.records.map(({ regions: _, ...r }) => r)).toEqual([APEX, WWW])
    expect(merge.differences).toEqual([])
  })

  it('compares names and values without regard to case (RFC 4343)', () => {
    const upper = record('_A.Example.COM.', '_A1.ACM-validations.aws.', 'example.com')
    const merge = mergeValidationRecords([
      { region: 'us-east-1', records: [record(APEX.name, APEX.value, 'example.com')] },
      { region: 'eu-central-1', records: [upper] }
    ])
    expect(merge.records).toHaveLength(1)
    expect(merge.records[0]?.regions).toEqual(['us-east-1', 'eu-central-1'])
  })

  it('unions the names of a record: one Region may list a name the other has not published yet', () => {
    const merge = mergeValidationRecords([
      { region: 'us-east-1', records: [record(APEX.name, APEX.value, 'example.com')] },
      { region: 'eu-central-1', records: [record(APEX.name, APEX.value, '*.example.com', 'example.com')] }
    ])
    expect(merge.records[0]?.domains).toEqual(['example.com', '*.example.com'])
  })

  it('writes both records when a name validates differently in two Regions, and says so', () => {
    const other = record('_b.example.com.', '_b1.acm-validations.aws.', 'example.com', '*.example.com')
    const merge = mergeValidationRecords([
      { region: 'us-east-1', records: [APEX, WWW] },
      { region: 'eu-central-1', records: [other, WWW] }
    ])
    expect(merge.records.map((r) => [r.name, r.regions])).toEqual([
      ['_a.example.com.', ['us-east-1']],
      ['_w.www.example.com.', ['us-east-1', 'eu-central-1']],
      ['_b.example.com.', ['eu-central-1']]
    ])
    expect(merge.clashes).toEqual([])
    expect(merge.differences).toEqual([
      expect.stringMatching(
        /^example\.com has a different validation record in different Regions: _a\.example\.com\. → _a1\.acm-validations\.aws\. in us-east-1; _b\.example\.com\. → _b1\.acm-validations\.aws\. in eu-central-1\. Each record is written/
      ),
      expect.stringMatching(/^\*\.example\.com has a different validation record/)
    ])
  })

  it('keeps the first Region value when one record name is asked for with two values (a CNAME holds one)', () => {
    const clash = record(APEX.name, '_other.acm-validations.aws.', 'example.com')
    const perRegion: RegionRecords[] = [
      { region: 'eu-central-1', records: [APEX] },
      { region: 'us-east-1', records: [clash] },
      { region: 'ap-south-1', records: [APEX] }
    ]
    const merge = mergeValidationRecords(perRegion)
    expect(merge.records).toEqual([{ ...APEX, regions: ['eu-central-1', 'ap-south-1'] }])
    expect(merge.clashes).toEqual([
      {
        name: '_a.example.com.',
        kept: { value: APEX.value, regions: ['eu-central-1', 'ap-south-1'] },
        dropped: [{ value: '_other.acm-validations.aws.', regions: ['us-east-1'] }]
      }
    ])
    expect(merge.differences).toHaveLength(1)
    const warning = describeClash(merge.clashes[0] as (typeof merge.clashes)[0])
    expect(warning).toContain('_a.example.com.')
    expect(warning).toContain(`${APEX.value} is written`)
    expect(warning).toMatch(/certificate in us-east-1 may not validate/)
  })

  it('merges nothing into nothing', () => {
    expect(mergeValidationRecords([])).toEqual({ records: [], differences: [], clashes: [] })
    expect(mergeValidationRecords([{ region: 'us-east-1', records: [] }]).records).toEqual([])
  })
})

const ARN_US = 'arn:aws:acm:us-east-1:111111111111:certificate/us'
const ARN_EU = 'arn:aws:acm:eu-central-1:111111111111:certificate/eu'
const outcome = (region: string, fields: Partial<RegionOutcome>): RegionOutcome => ({
  ...emptyRegionOutcome(region),
  ...fields
})

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
