// Several Regions in one step (issue 14): the aws-region list and merging the validation records of
// every Region into one write (decisions/regions.ts).
import {
  describeClash,
  mergeValidationRecords,
  parseRegionList,
  type RegionRecords
} from '../../src/decisions/regions.js'
import { APEX, WWW, record } from '../../__fixtures__/regions.js'

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
