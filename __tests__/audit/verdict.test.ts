import type { Finding } from '../../src/preflight.js'
import {
  compareCertificates,
  judgeCertificate,
  PENDING_TOO_LONG_MS,
  type CertificateFacts,
  type NameFacts
} from '../../src/audit/verdict.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const DAY = 86_400_000
const policy = { now: NOW, pendingTooLongMs: PENDING_TOO_LONG_MS }
const ZONE = { id: 'Z1', name: 'example.com' }

function name(domain: string, overrides: Partial<NameFacts> = {}): NameFacts {
  const base = domain.replace(/^\*\./, '')
  return {
    domain,
    method: 'DNS',
    record: { name: `_a1.${base}.`, value: `_b2.abc.acm-validations.aws.` },
    zone: ZONE,
    route53: { state: 'exact' },
    publicDns: { state: 'exact' },
    ...overrides
  }
}

function cert(overrides: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    arn: 'arn:aws:acm:us-east-1:111111111111:certificate/aaaa-1',
    domainName: 'example.com',
    type: 'AMAZON_ISSUED',
    status: 'ISSUED',
    notAfter: new Date(NOW + 200 * DAY),
    inUseBy: 2,
    renewalEligibility: 'ELIGIBLE',
    renewal: undefined,
    names: [name('example.com')],
    dnsFindings: [],
    ...overrides
  }
}

const caaProblem: Finding = {
  check: 'caa',
  name: 'example.com',
  severity: 'problem',
  message: 'CAA forbids Amazon',
  hint: 'Add 0 issue "amazon.com"'
}
const delegationProblem: Finding = {
  check: 'delegation',
  name: 'example.com',
  severity: 'problem',
  message: 'not delegated',
  hint: 'Set the NS'
}

const codes = (c: CertificateFacts) => judgeCertificate(c, policy).findings.map((f) => `${f.level}:${f.code}`)
const verdictOf = (c: CertificateFacts) => judgeCertificate(c, policy).verdict

describe('judgeCertificate', () => {
  it('says ok for a healthy in-use certificate, with no finding', () => {
    const v = judgeCertificate(cert(), policy)
    expect(v).toEqual({ verdict: 'ok', daysLeft: 200, findings: [] })
  })

  it.each<[string, Partial<CertificateFacts>, string, string[]]>([
    [
      'missing record',
      { names: [name('example.com', { route53: { state: 'missing' }, publicDns: { state: 'missing' } })] },
      'at-risk',
      ['risk:record-missing']
    ],
    [
      'wrong value',
      { names: [name('example.com', { route53: { state: 'wrong', values: ['_x.y.acm-validations.aws.'] } })] },
      'at-risk',
      ['risk:record-wrong']
    ],
    [
      'another type at the name',
      { names: [name('example.com', { route53: { state: 'conflict', types: ['TXT'] } })] },
      'at-risk',
      ['risk:record-conflict']
    ],
    ['CAA forbids Amazon', { dnsFindings: [caaProblem] }, 'at-risk', ['risk:caa-forbids']],
    [
      'undelegated zone (public miss folded in)',
      { dnsFindings: [delegationProblem], names: [name('example.com', { publicDns: { state: 'missing' } })] },
      'at-risk',
      ['risk:delegation-broken']
    ],
    [
      'in Route 53 but not in public DNS',
      { names: [name('example.com', { publicDns: { state: 'missing' } })] },
      'at-risk',
      ['risk:public-dns-missing']
    ],
    ['ineligible while in use', { renewalEligibility: 'INELIGIBLE' }, 'at-risk', ['risk:ineligible-in-use']],
    ['ineligible, not in use', { renewalEligibility: 'INELIGIBLE', inUseBy: 0 }, 'ok', ['warning:not-in-use']],
    [
      'renewal FAILED',
      { renewal: { status: 'FAILED', reason: 'CAA_ERROR', updatedAt: new Date(NOW - DAY) } },
      'at-risk',
      ['risk:renewal-failed']
    ],
    [
      'renewal pending for 4 days',
      { renewal: { status: 'PENDING_VALIDATION', reason: undefined, updatedAt: new Date(NOW - 4 * DAY) } },
      'at-risk',
      ['risk:renewal-pending-too-long']
    ],
    [
      'renewal pending for 1 day',
      { renewal: { status: 'PENDING_VALIDATION', reason: undefined, updatedAt: new Date(NOW - DAY) } },
      'ok',
      ['info:renewal-in-progress']
    ],
    ['expiring in 10 days, no renewal', { notAfter: new Date(NOW + 10 * DAY) }, 'at-risk', ['risk:expiring-soon']],
    [
      'expiring in 10 days, renewal under way',
      {
        notAfter: new Date(NOW + 10 * DAY),
        renewal: { status: 'PENDING_AUTO_RENEWAL', reason: undefined, updatedAt: new Date(NOW - 3600_000) }
      },
      'ok',
      ['info:renewal-in-progress']
    ],
    ['expired status', { status: 'EXPIRED', notAfter: new Date(NOW - 2 * DAY) }, 'expired', ['expired:expired']],
    ['past NotAfter while still ISSUED', { notAfter: new Date(NOW - 1000) }, 'expired', ['expired:expired']],
    ['revoked', { status: 'REVOKED' }, 'at-risk', ['risk:revoked']],
    ['never issued', { status: 'VALIDATION_TIMED_OUT', inUseBy: 0 }, 'ok', ['warning:not-issued']],
    [
      'email-validated name: at risk, email validation is being retired',
      { names: [name('example.com', { method: 'EMAIL', record: undefined })] },
      'at-risk',
      ['risk:email-validation']
    ],
    [
      'HTTP-validated name',
      { names: [name('example.com', { method: 'HTTP', record: undefined })] },
      'ok',
      ['warning:other-validation']
    ],
    [
      'ACME-issued: renewed by its ACME client, records not judged',
      {
        keyPairOrigin: 'ACME',
        notAfter: new Date(NOW + 5 * DAY),
        names: [name('example.com', { route53: { state: 'missing' }, publicDns: { state: 'missing' } })]
      },
      'ok',
      ['info:acme-renewed']
    ],
    [
      'validation zone gone, public DNS checks off',
      {
        names: [
          name('example.com', {
            zone: undefined,
            route53: { state: 'zone-gone', reason: 'no public Route 53 hosted zone for example.com' },
            publicDns: { state: 'unchecked' }
          })
        ]
      },
      'at-risk',
      ['risk:zone-gone']
    ],
    [
      'validation zone gone, public DNS still answers the record',
      {
        names: [
          name('example.com', {
            zone: undefined,
            route53: { state: 'zone-gone', reason: 'no public Route 53 hosted zone for example.com' },
            publicDns: { state: 'exact' }
          })
        ]
      },
      'ok',
      ['info:record-outside-route53']
    ],
    [
      'public DNS did not answer',
      { names: [name('example.com', { publicDns: { state: 'unknown', reason: 'ETIMEOUT' } })] },
      'ok',
      ['warning:public-dns-unknown']
    ],
    [
      'record outside Route 53, public DNS has it',
      { names: [name('example.com', { zone: undefined, route53: { state: 'no-zone', reason: 'no public zone' } })] },
      'ok',
      ['info:record-outside-route53']
    ],
    [
      'record outside Route 53, public DNS lacks it',
      {
        names: [
          name('example.com', {
            zone: undefined,
            route53: { state: 'no-zone', reason: 'no public zone' },
            publicDns: { state: 'missing' }
          })
        ]
      },
      'at-risk',
      ['risk:public-dns-missing']
    ],
    [
      'zone unreadable, public DNS unknown',
      {
        names: [
          name('example.com', {
            route53: { state: 'error', reason: 'AccessDenied' },
            publicDns: { state: 'unknown', reason: 'ESERVFAIL' }
          })
        ]
      },
      'ok',
      ['warning:record-unchecked']
    ],
    [
      'repaired record',
      {
        names: [name('example.com', { route53: { state: 'missing' }, publicDns: { state: 'missing' }, repaired: true })]
      },
      'ok',
      ['fixed:record-repaired']
    ]
  ])('%s', (_label, overrides, verdict, findings) => {
    const c = cert(overrides)
    expect(verdictOf(c)).toBe(verdict)
    expect(codes(c)).toEqual(findings)
  })

  it('reports a record shared by a name and its wildcard once', () => {
    const missing = { route53: { state: 'missing' } as const, publicDns: { state: 'missing' } as const }
    const c = cert({ names: [name('example.com', missing), name('*.example.com', missing)] })
    expect(codes(c)).toEqual(['risk:record-missing'])
  })

  it('puts the worst problem first and tells what to do about each', () => {
    const c = cert({
      notAfter: new Date(NOW + 5 * DAY),
      renewal: { status: 'FAILED', reason: 'CAA_ERROR', updatedAt: new Date(NOW - DAY) },
      dnsFindings: [caaProblem],
      names: [name('example.com', { route53: { state: 'missing' }, publicDns: { state: 'missing' } })]
    })
    const { findings } = judgeCertificate(c, policy)
    expect(findings.map((f) => f.code)).toEqual(['renewal-failed', 'caa-forbids', 'record-missing', 'expiring-soon'])
    expect(findings[0]?.message).toMatch(/FAILED \(CAA_ERROR\)/)
    expect(findings[0]?.fix).toMatch(
      /CAA records of every name allow Amazon \(0 issue "amazon\.com"\)\. If the renewal stays FAILED, request a new certificate/
    )
    expect(findings[2]?.fix).toMatch(
      /repair: true.*_a1\.example\.com CNAME _b2\.abc\.acm-validations\.aws\. in zone example\.com \(Z1\)/
    )
    for (const f of findings) expect(f.fix).not.toBe('')
  })

  it('skips record checks of a certificate that is expired', () => {
    const c = cert({ status: 'EXPIRED', names: [name('example.com', { route53: { state: 'missing' } })] })
    expect(codes(c)).toEqual(['expired:expired'])
  })

  it('counts days left from NotAfter, rounding down; inside the 60-day renewal window with no renewal: at risk', () => {
    expect(judgeCertificate(cert({ notAfter: new Date(NOW + 30 * DAY - 1) }), policy).daysLeft).toBe(29)
    expect(verdictOf(cert({ notAfter: new Date(NOW + 60 * DAY) }))).toBe('ok')
    expect(verdictOf(cert({ notAfter: new Date(NOW + 60 * DAY - 1) }))).toBe('at-risk')
    expect(judgeCertificate(cert({ notAfter: new Date(NOW + 59 * DAY) }), policy).findings[0]?.message).toMatch(
      /inside ACM's 60-day renewal window/
    )
  })

  it.each([
    [198, 60],
    [100, 30],
    [47, 14]
  ])('a %i-day certificate: expiring means inside its %i-day renewal window', (lifetimeDays, window) => {
    const at = (days: number) => cert({ lifetimeDays, notAfter: new Date(NOW + days * DAY) })
    expect(verdictOf(at(window))).toBe('ok')
    expect(codes(at(window - 1))).toContain('risk:expiring-soon')
    const underWay = { status: 'PENDING_AUTO_RENEWAL', reason: undefined, updatedAt: new Date(NOW) }
    expect(verdictOf(cert({ lifetimeDays, notAfter: new Date(NOW + (window - 1) * DAY), renewal: underWay }))).toBe(
      'ok'
    )
  })

  it('an email-validated certificate renews from 45 days before expiry', () => {
    const email = [name('example.com', { method: 'EMAIL', record: undefined })]
    expect(codes(cert({ names: email, notAfter: new Date(NOW + 45 * DAY) }))).not.toContain('risk:expiring-soon')
    expect(codes(cert({ names: email, notAfter: new Date(NOW + 44 * DAY) }))).toContain('risk:expiring-soon')
  })
})

describe('compareCertificates', () => {
  it('orders expired, then at risk by worst finding, then ok by fewest days left', () => {
    const make = (arn: string, overrides: Partial<CertificateFacts>) => {
      const facts = cert({ arn, ...overrides })
      return { arn, verdict: judgeCertificate(facts, policy) }
    }
    const list = [
      make('ok-far', {}),
      make('ok-near', { notAfter: new Date(NOW + 40 * DAY) }),
      make('soon', { notAfter: new Date(NOW + 5 * DAY) }),
      make('failed', { renewal: { status: 'FAILED', reason: undefined, updatedAt: undefined } }),
      make('gone', { status: 'EXPIRED' })
    ]
    expect(list.sort(compareCertificates).map((c) => c.arn)).toEqual(['gone', 'failed', 'soon', 'ok-near', 'ok-far'])
  })
})
