// The one zone rule (zones/rule.ts) as a table: a zone-overrides line, else hosted-zone-id, else a lookup.
import { describe, expect, it } from '@jest/globals'
import { zoneOverrideForName, zoneRule } from '../../src/zones/rule.js'
import type { ZoneOverride } from '../../src/types.js'

const override = (suffix: string, hostedZoneId: string, roleArn?: string, line = 1): ZoneOverride => ({
  suffix,
  hostedZoneId,
  roleArn,
  line
})
const DEV_ROLE = 'arn:aws:iam::333333333333:role/dev'
const OVERRIDES = [
  override('example.com', 'ZCOM'),
  override('dev.example.com', 'ZDEV', DEV_ROLE),
  override('shop.example.org', 'ZSHOP')
]

describe('zoneOverrideForName', () => {
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
    expect(zoneOverrideForName(base, OVERRIDES)?.hostedZoneId).toBe(zone)
  })

  it('matches whatever the order of the lines', () => {
    expect(zoneOverrideForName('api.dev.example.com', [...OVERRIDES].reverse())?.hostedZoneId).toBe('ZDEV')
  })
})

describe('zoneRule: a zone-overrides line, else hosted-zone-id, else a lookup', () => {
  const describeRule = (base: string, hostedZoneId: string | undefined): string => {
    const rule = zoneRule(base, { zoneOverrides: OVERRIDES, hostedZoneId })
    if (rule.kind === 'lookup') return 'lookup'
    return `${rule.hostedZoneId} ${rule.roleArn ?? '-'} ${rule.override ? `line ${rule.override.line}` : 'hosted-zone-id'}`
  }
  it.each([
    ['api.dev.example.com', 'ZPIN', `ZDEV ${DEV_ROLE} line 1`],
    ['www.example.com', 'ZPIN', 'ZCOM - line 1'],
    ['example.net', 'ZPIN', 'ZPIN - hosted-zone-id'],
    ['example.net', undefined, 'lookup'],
    ['dev.example.com', undefined, `ZDEV ${DEV_ROLE} line 1`]
  ])('%s with hosted-zone-id %s: %s', (base, hostedZoneId, expected) => {
    expect(describeRule(base, hostedZoneId)).toBe(expected)
  })
})
