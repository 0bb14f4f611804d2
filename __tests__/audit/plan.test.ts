import {
  indexZone,
  lookupRecord,
  planRepairs,
  recordKey,
  zoneKey,
  zonesToRead,
  type PlacedRecord
} from '../../src/audit/plan.js'
import type { RecordLookup } from '../../src/audit/verdict.js'

const A = { id: 'ZA', name: 'example.com' }
const B = { id: 'ZB', name: 'example.org' }
const value = (t: string) => `_${t}.abcdefghij.acm-validations.aws.`

function placed(zone: typeof A, record: string, v: string, domain: string, role?: string): PlacedRecord {
  return { zoneKey: zoneKey(zone.id, role), zone, record: { name: record, value: v }, domain }
}

describe('zonesToRead', () => {
  it('lists each zone once per reading role, with the distinct record names expected in it', () => {
    const zones = zonesToRead([
      placed(A, '_1.example.com.', value('1'), 'example.com'),
      placed(A, '_1.example.com.', value('1'), '*.example.com'),
      placed(A, '_2.www.example.com.', value('2'), 'www.example.com'),
      placed(B, '_3.example.org.', value('3'), 'example.org'),
      placed(B, '_3.example.org.', value('3'), 'example.org', 'arn:aws:iam::222222222222:role/dns')
    ])
    expect([...zones.keys()]).toEqual(['|ZA', '|ZB', 'arn:aws:iam::222222222222:role/dns|ZB'])
    expect([...(zones.get('|ZA')?.recordNames ?? [])]).toEqual(['_1.example.com', '_2.www.example.com'])
  })
})

describe('lookupRecord against a zone listing', () => {
  const index = indexZone([
    { Name: 'example.com.', Type: 'NS', ResourceRecords: [{ Value: 'ns-1.awsdns-01.org.' }] },
    { Name: '_1.example.com.', Type: 'CNAME', ResourceRecords: [{ Value: value('1').toUpperCase() }] },
    { Name: '_2.example.com.', Type: 'CNAME', ResourceRecords: [{ Value: value('other') }] },
    { Name: '_3.example.com.', Type: 'TXT', ResourceRecords: [{ Value: '"x"' }] },
    { Name: '_3.example.com.', Type: 'A', AliasTarget: { DNSName: 'd1.cloudfront.net.' } },
    { Name: '\\052.example.com.', Type: 'A', ResourceRecords: [{ Value: '192.0.2.1' }] },
    { Name: '_5.example.com.', Type: 'cname', ResourceRecords: [{ Value: value('5').slice(0, -1) }] }
  ])

  it.each<[string, string, RecordLookup]>([
    ['exact (case-insensitive)', '_1.Example.com.', { state: 'exact' }],
    ['exact without the trailing dot', '_5.example.com', { state: 'exact' }],
    ['wrong value', '_2.example.com.', { state: 'wrong', values: [value('other')] }],
    ['other types only', '_3.example.com.', { state: 'conflict', types: ['A', 'TXT'] }],
    ['absent', '_4.example.com.', { state: 'missing' }]
  ])('%s', (_label, recordName, expected) => {
    const id = recordName.split('.')[0]?.slice(1) ?? ''
    expect(lookupRecord(index, { name: recordName, value: value(id) })).toEqual(expected)
  })

  it('unescapes \\052 in listed names', () => {
    expect(index.get('*.example.com')).toEqual([{ type: 'A', values: ['192.0.2.1'] }])
  })
})

describe('planRepairs', () => {
  const records = [
    placed(A, '_1.example.com.', value('1'), 'example.com'),
    placed(A, '_1.example.com.', value('1'), '*.example.com'),
    placed(A, '_2.www.example.com.', value('2'), 'www.example.com'),
    placed(A, '_3.api.example.com.', value('3'), 'api.example.com'),
    placed(A, '_4.old.example.com.', value('4'), 'old.example.com'),
    placed(B, '_5.example.org.', value('5'), 'example.org'),
    placed(B, '_6.www.example.org.', value('6'), 'www.example.org')
  ]
  const lookups = new Map<string, RecordLookup>([
    [recordKey('|ZA', '_1.example.com'), { state: 'missing' }],
    [recordKey('|ZA', '_2.www.example.com.'), { state: 'wrong', values: ['_x.y.acm-validations.aws.'] }],
    [recordKey('|ZA', '_3.api.example.com'), { state: 'exact' }],
    [recordKey('|ZA', '_4.old.example.com'), { state: 'conflict', types: ['TXT'] }],
    [recordKey('|ZB', '_5.example.org'), { state: 'error', reason: 'AccessDenied' }],
    [recordKey('|ZB', '_6.www.example.org'), { state: 'missing' }]
  ])

  it('re-UPSERTs only missing and wrong CNAMEs, one batch per zone, each record once with every name it validates', () => {
    expect(planRepairs(records, lookups)).toEqual([
      {
        zoneKey: '|ZA',
        zone: A,
        records: [
          { name: '_1.example.com.', type: 'CNAME', value: value('1'), domains: ['example.com', '*.example.com'] },
          { name: '_2.www.example.com.', type: 'CNAME', value: value('2'), domains: ['www.example.com'] }
        ]
      },
      {
        zoneKey: '|ZB',
        zone: B,
        records: [{ name: '_6.www.example.org.', type: 'CNAME', value: value('6'), domains: ['www.example.org'] }]
      }
    ])
  })

  it('plans nothing when every record is in place or not ours to touch', () => {
    const fine = new Map(
      [...lookups].map(([k, v]) => [k, v.state === 'missing' || v.state === 'wrong' ? { state: 'exact' as const } : v])
    )
    expect(planRepairs(records, fine)).toEqual([])
  })

  it('leaves a name alone when two certificates expect different values there', () => {
    const clash = [
      placed(A, '_1.example.com.', value('1'), 'example.com'),
      placed(A, '_1.example.com.', value('9'), 'x.example.com')
    ]
    expect(planRepairs(clash, new Map([[recordKey('|ZA', '_1.example.com'), { state: 'missing' }]]))).toEqual([])
  })
})
