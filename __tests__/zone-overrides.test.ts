import { routeValidationRecords, zoneOverrideFor } from '../src/decisions/zone-overrides.js'
import type { ValidationRecord, ZoneOverride } from '../src/types.js'

const override = (suffix: string, hostedZoneId: string, roleArn?: string, line = 1): ZoneOverride => ({
  suffix,
  hostedZoneId,
  roleArn,
  line
})
const OVERRIDES = [
  override('example.com', 'ZCOM'),
  override('dev.example.com', 'ZDEV', 'arn:aws:iam::333333333333:role/dev'),
  override('shop.example.org', 'ZSHOP')
]
const record = (base: string): ValidationRecord => ({
  name: `_0123abcd.${base}.`,
  type: 'CNAME',
  value: '_x.abcdefghij.acm-validations.aws.',
  domains: [base]
})

describe('zoneOverrideFor', () => {
  it.each([
    ['example.com', 'ZCOM'],
    ['www.example.com', 'ZCOM'],
    ['dev.example.com', 'ZDEV'],
    ['api.dev.example.com', 'ZDEV'],
    ['shop.example.org', 'ZSHOP'],
    ['a.b.shop.example.org', 'ZSHOP'],
    ['example.org', undefined],
    ['notexample.com', undefined],
    ['devexample.com', undefined],
    ['xdev.example.com', 'ZCOM']
  ])('the record for %s goes to %s (most specific suffix, label boundary)', (base, zone) => {
    expect(zoneOverrideFor(record(base).name, OVERRIDES)?.hostedZoneId).toBe(zone)
  })

  it('matches whatever the order of the lines', () => {
    expect(zoneOverrideFor(record('api.dev.example.com').name, [...OVERRIDES].reverse())?.hostedZoneId).toBe('ZDEV')
  })
})

describe('routeValidationRecords', () => {
  it('groups covered records per zone and role, and leaves the rest to the lookup', () => {
    const records = ['example.com', 'www.example.com', 'api.dev.example.com', 'example.net'].map(record)
    const { pinned, rest } = routeValidationRecords(records, OVERRIDES)
    expect(pinned.map((g) => [g.hostedZoneId, g.roleArn, g.records.map((r) => r.domains[0])])).toEqual([
      ['ZCOM', undefined, ['example.com', 'www.example.com']],
      ['ZDEV', 'arn:aws:iam::333333333333:role/dev', ['api.dev.example.com']]
    ])
    expect(rest.map((r) => r.domains[0])).toEqual(['example.net'])
  })

  it('keeps two lines naming one zone with different roles apart (each role writes its own batch)', () => {
    const lines = [override('a.example.com', 'Z1'), override('b.example.com', 'Z1', 'arn:aws:iam::333333333333:role/b')]
    const { pinned } = routeValidationRecords([record('a.example.com'), record('b.example.com')], lines)
    expect(pinned).toHaveLength(2)
  })

  it('with no overrides, everything is left to the lookup', () => {
    expect(routeValidationRecords([record('example.com')], [])).toEqual({ pinned: [], rest: [record('example.com')] })
  })
})
