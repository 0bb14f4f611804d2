import {
  describedNames,
  listedInScope,
  recordsToCheck,
  renewalFacts,
  type DetailLike
} from '../../src/audit/collect.js'

const arn = 'arn:aws:acm:us-east-1:111111111111:certificate/1'
const rr = (t: string, base: string) => ({
  Name: `_${t}.${base}.`,
  Value: `_${t}v.abc.acm-validations.aws.`,
  Type: 'CNAME'
})

describe('listedInScope', () => {
  it.each([
    ['ACM-issued, no narrowing', { CertificateArn: arn, Type: 'AMAZON_ISSUED' }, [], true],
    ['imported', { CertificateArn: arn, Type: 'IMPORTED' }, [], false],
    ['private', { CertificateArn: arn, Type: 'PRIVATE' }, [], false],
    [
      'holds a wanted SAN',
      { CertificateArn: arn, DomainName: 'a.example', SubjectAlternativeNameSummaries: ['a.example', 'B.example'] },
      ['b.example'],
      true
    ],
    ['holds none of the names', { CertificateArn: arn, DomainName: 'a.example' }, ['b.example'], false],
    [
      'more SANs than listed: decided once described',
      { CertificateArn: arn, DomainName: 'a.example', HasAdditionalSubjectAlternativeNames: true },
      ['b.example'],
      true
    ]
  ])('%s', (_label, summary, names, expected) => {
    expect(listedInScope(summary, names)).toBe(expected)
  })
})

describe('describedNames', () => {
  it('takes each name with its method and record, the renewal options filling gaps', () => {
    const detail: DetailLike = {
      DomainName: 'Example.com',
      SubjectAlternativeNames: ['example.com', '*.example.com', 'mail.example.com', 'new.example.com'],
      DomainValidationOptions: [
        { DomainName: 'example.com', ValidationMethod: 'DNS', ResourceRecord: rr('a', 'EXAMPLE.com') },
        { DomainName: '*.example.com', ValidationMethod: 'DNS', ResourceRecord: rr('a', 'example.com') },
        { DomainName: 'mail.example.com', ValidationMethod: 'EMAIL' },
        { DomainName: 'new.example.com', ValidationMethod: 'DNS' }
      ],
      RenewalSummary: {
        RenewalStatus: 'PENDING_AUTO_RENEWAL',
        DomainValidationOptions: [
          { DomainName: 'new.example.com', ValidationMethod: 'DNS', ResourceRecord: rr('n', 'new.example.com') }
        ]
      }
    }
    expect(describedNames(detail)).toEqual([
      {
        domain: 'example.com',
        method: 'DNS',
        record: { name: '_a.example.com.', value: '_av.abc.acm-validations.aws.' }
      },
      {
        domain: '*.example.com',
        method: 'DNS',
        record: { name: '_a.example.com.', value: '_av.abc.acm-validations.aws.' }
      },
      { domain: 'mail.example.com', method: 'EMAIL', record: undefined },
      {
        domain: 'new.example.com',
        method: 'DNS',
        record: { name: '_n.new.example.com.', value: '_nv.abc.acm-validations.aws.' }
      }
    ])
    expect(renewalFacts(detail)).toEqual({ status: 'PENDING_AUTO_RENEWAL', reason: undefined, updatedAt: undefined })
    expect(renewalFacts({})).toBeUndefined()
  })
})

describe('recordsToCheck', () => {
  it('lists each record once with every name it validates, skipping certificates not worth checking, and marks what a repair may write', () => {
    const good = { name: '_a.example.com.', value: '_av.abc.acm-validations.aws.' }
    const odd = { name: 'www.example.org.', value: 'evil.example.net.' }
    const out = recordsToCheck([
      {
        status: 'ISSUED',
        names: [
          { domain: 'example.com', method: 'DNS', record: good },
          { domain: '*.example.com', method: 'DNS', record: good }
        ]
      },
      { status: 'ISSUED', names: [{ domain: 'example.org', method: 'DNS', record: odd }] },
      {
        status: 'EXPIRED',
        names: [
          {
            domain: 'gone.example.com',
            method: 'DNS',
            record: { name: '_g.gone.example.com.', value: '_gv.abc.acm-validations.aws.' }
          }
        ]
      }
    ])
    expect(out).toEqual([
      { record: { ...good, type: 'CNAME', domains: ['example.com', '*.example.com'] }, writable: true },
      { record: { ...odd, type: 'CNAME', domains: ['example.org'] }, writable: false }
    ])
  })
})
