import {
  checkValidationRecord,
  DomainNameError,
  fromRoute53Name,
  isWildcard,
  isWithin,
  normalizeDomainName,
  parentSuffixes,
  splitNameList,
  toRoute53Name,
  wildcardBase
} from '../src/domains.js'

const label63 = 'a'.repeat(63)
const label64 = 'a'.repeat(64)
// 63 + 1 + 63 + 1 + 63 + 1 + 61 = 253
const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(61)}`
const name254 = `${label63}.${label63}.${label63}.${'b'.repeat(62)}`

describe('normalizeDomainName', () => {
  it.each([
    ['example.com', 'example.com'],
    ['example.com.', 'example.com'],
    ['EXAMPLE.com', 'example.com'],
    ['  www.Example.COM  ', 'www.example.com'],
    ['*.example.com', '*.example.com'],
    ['*.Example.com.', '*.example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['*.BÜCHER.example', '*.xn--bcher-kva.example'],
    ['bücher\u3002example', 'xn--bcher-kva.example'],
    ['a-b.example.com', 'a-b.example.com'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['1.example.com', '1.example.com'],
    ['example.c0m', 'example.c0m'],
    [`${label63}.example.com`, `${label63}.example.com`],
    [name253, name253]
  ])('%s → %s', (raw, expected) => {
    expect(normalizeDomainName(raw)).toBe(expected)
  })

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['.', /empty/],
    ['localhost', /single label.*at least two/],
    ['localhost.', /single label/],
    ['192.0.2.1', /IP addresses can't be in ACM certificates/],
    ['example.123', /last label '123' is all digits.*top-level domain/],
    ['www.*.example.com', /label '\*' contains '\*'.*leftmost label/],
    ['w*.example.com', /label 'w\*' contains '\*'/],
    ['*.*.example.com', /label '\*' contains '\*'/],
    ['*', /'\*' alone/],
    ['*.', /'\*' alone/],
    [
      '*.com',
      /'\*\.com' has a single label after the wildcard; a wildcard covers the names directly under a registered domain, e\.g\. \*\.example\.com/
    ],
    [
      'https://example.com/',
      /this is a URL, not a DNS name: drop the scheme \(https:\/\/\) and the path, and give the host name alone \(example\.com\)/
    ],
    ['example.com/shop', /this is a URL.*drop the scheme \(https:\/\/\) and the path.*\(example\.com\)/],
    ['http://www.example.com:8080/x?y=1', /give the host name alone \(www\.example\.com\)/],
    ['bücher/x.example', /give the host name alone$/],
    ['-bad.example.com', /label '-bad' starts with a hyphen/],
    ['bad-.example.com', /label 'bad-' ends with a hyphen/],
    ['exa mple.com', /label 'exa mple' contains " ".*letters a-z, digits 0-9 and '-'/],
    ['example..com', /empty label/],
    ['.example.com', /empty label/],
    ['example.com..', /empty label/],
    ['_acme.example.com', /label '_acme' contains "_" \(underscores are not allowed/],
    ['exa$mple.com', /contains "\$"/],
    [`${label64}.example.com`, /label 'a{64}' is 64 characters long; a label may have at most 63/],
    [name254, /254 characters long; at most 253/],
    ['a\u200db.example', /not a valid internationalized label/]
  ])('rejects %j', (raw, message) => {
    expect(() => normalizeDomainName(raw)).toThrow(DomainNameError)
    expect(() => normalizeDomainName(raw)).toThrow(message)
  })
})

describe('wildcards', () => {
  it.each([
    ['*.example.com', true, 'example.com'],
    ['example.com', false, 'example.com'],
    ['www.example.com', false, 'www.example.com']
  ])('%s: isWildcard %s, base %s', (name, wildcard, base) => {
    expect(isWildcard(name)).toBe(wildcard)
    expect(wildcardBase(name)).toBe(base)
  })
})

describe('isWithin', () => {
  it.each([
    ['a.example.com', 'example.com', true],
    ['example.com', 'example.com', true],
    ['A.Example.COM.', 'example.com', true],
    ['a.example.com', 'EXAMPLE.com.', true],
    ['_x.www.example.com.', 'www.example.com', true],
    ['notexample.com', 'example.com', false],
    ['example.com', 'a.example.com', false],
    ['example.com.evil.org', 'example.com', false],
    ['example.com', '', false],
    ['example.com', '.', false]
  ])('%s within %s → %s', (name, zone, expected) => {
    expect(isWithin(name, zone)).toBe(expected)
  })
})

describe('parentSuffixes', () => {
  it.each([
    ['_x.www.example.com', ['www.example.com', 'example.com', 'com']],
    ['_x.www.Example.com.', ['www.example.com', 'example.com', 'com']],
    ['example.com', ['com']],
    ['com', []]
  ])('%s → %j', (name, expected) => {
    expect(parentSuffixes(name)).toEqual(expected)
  })
})

describe('Route 53 names', () => {
  it.each([
    ['*.example.com', '\\052.example.com.'],
    ['*.Example.com.', '\\052.example.com.'],
    ['_abc.example.com', '_abc.example.com.'],
    ['a-b.example.com', 'a-b.example.com.'],
    ['a b.example.com', 'a\\040b.example.com.'],
    ['a\\b.example.com', 'a\\134b.example.com.'],
    ['ü.example', '\\303\\274.example.']
  ])('%s ⇄ %s', (name, escaped) => {
    expect(toRoute53Name(name)).toBe(escaped)
    expect(fromRoute53Name(escaped)).toBe(name.toLowerCase().replace(/\.$/, ''))
  })

  it('decodes what Route 53 returns, case-insensitively', () => {
    expect(fromRoute53Name('\\052.EXAMPLE.com.')).toBe('*.example.com')
    expect(fromRoute53Name('example.com')).toBe('example.com')
  })
})

describe('checkValidationRecord', () => {
  const requested = ['example.com', '*.example.com', 'www.shop.example.org']
  const goodValue = '_424c7224e9b0146f9a8808af955727d0.hkmpvcwbzw.acm-validations.aws.'
  const good = { name: '_3639ac514e785e898d2646601fa951d5.example.com.', type: 'CNAME', value: goodValue }

  it.each([
    ['the usual record', good],
    ['no trailing dots', { ...good, name: good.name.slice(0, -1), value: goodValue.slice(0, -1) }],
    ['upper case', { ...good, name: good.name.toUpperCase(), value: goodValue.toUpperCase() }],
    ['a record for a deeper requested name', { ...good, name: '_abc.www.shop.example.org.' }]
  ])('allows %s', (_, record) => {
    expect(checkValidationRecord(record, requested)).toBeUndefined()
  })

  it('allows the base of a requested wildcard', () => {
    expect(checkValidationRecord({ ...good, name: '_abc.example.net.' }, ['*.example.net'])).toBeUndefined()
  })

  it.each([
    ['type A', { ...good, type: 'A' }, /type 'A' is not CNAME/],
    ['type TXT', { ...good, type: 'TXT' }, /not CNAME/],
    ['lower-case type', { ...good, type: 'cname' }, /not CNAME/],
    ['value evil.com.', { ...good, value: 'evil.com.' }, /value 'evil.com.'/],
    ['value acm-validations.aws.evil.com.', { ...good, value: '_a.b.acm-validations.aws.evil.com.' }, /value/],
    ['value with extra label', { ...good, value: '_a.b.c.acm-validations.aws.' }, /value/],
    ['value without underscore', { ...good, value: 'a.b.acm-validations.aws.' }, /value/],
    ['value typo suffix', { ...good, value: '_a.b.acm-validation.aws.' }, /value/],
    ['name www.example.com.', { ...good, name: 'www.example.com.' }, /does not start with a single '_' label/],
    ['name is the requested name', { ...good, name: 'example.com.' }, /does not start/],
    ['name under another domain', { ...good, name: '_abc.evil.com.' }, /not directly under a requested name/],
    ['name under a suffix trick', { ...good, name: '_abc.notexample.com.' }, /not directly under/],
    ['name two labels deep', { ...good, name: '_abc.www.example.com.' }, /not directly under/],
    ['name with two underscore labels', { ...good, name: '_abc._def.example.com.' }, /not directly under/],
    ['name under the parent of a requested name', { ...good, name: '_abc.example.org.' }, /not directly under/],
    ['name is a lone label', { ...good, name: '_abc' }, /not directly under/],
    ['name with a wildcard', { ...good, name: '*.example.com.' }, /does not start/],
    ['name with a space', { ...good, name: '_a b.example.com.' }, /does not start/],
    ['name with an empty underscore label', { ...good, name: '_.example.com.' }, /does not start/]
  ])('refuses %s', (_, record, reason) => {
    expect(checkValidationRecord(record, requested)).toMatch(reason)
  })

  it('refuses everything when nothing was requested', () => {
    expect(checkValidationRecord(good, [])).toMatch(/not directly under/)
  })
})

describe('splitNameList', () => {
  it.each([
    ['', []],
    ['  ', []],
    ['a.com', ['a.com']],
    ['a.com,b.com', ['a.com', 'b.com']],
    ['a.com, b.com\n\n c.com \t d.com,,', ['a.com', 'b.com', 'c.com', 'd.com']],
    ['a.com\r\nb.com', ['a.com', 'b.com']],
    // A YAML list written inside a `|` block: the `- ` markers are not names.
    ['- a.com\n- b.com', ['a.com', 'b.com']],
    ['  - a.com\n  -\tb.com\n', ['a.com', 'b.com']],
    ['a.com\n- b.com, c.com', ['a.com', 'b.com', 'c.com']]
  ])('%j → %j', (raw, expected) => {
    expect(splitNameList(raw)).toEqual(expected)
  })
})
