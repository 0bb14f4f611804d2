import { migrationStep, migratingNames } from '../../src/audit/migrate.js'
import { renewalWindowDays } from '../../src/audit/renewal-window.js'
import { validationFindings } from '../../src/audit/validation-findings.js'
import type { CertificateFacts } from '../../src/audit/verdict.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const HOUR = 3_600_000
const email = [{ domain: 'example.com', method: 'EMAIL', record: undefined }]
const update = (Status: string, hoursAgo: number) => ({
  UpdateSummary: { Status, Type: 'DOMAIN_VALIDATION_METHOD', RequestedAt: new Date(NOW - hoursAgo * HOUR) }
})

describe('migrationStep', () => {
  it.each([
    ['email-validated, issued, nothing under way', { Status: 'ISSUED' }, email, 'start'],
    ['DNS-validated', { Status: 'ISSUED' }, [{ domain: 'example.com', method: 'DNS', record: undefined }], 'none'],
    ['email-validated but not issued', { Status: 'PENDING_VALIDATION' }, email, 'none'],
    ['ACME-issued', { Status: 'ISSUED', CertificateKeyPairOrigin: 'ACME' }, email, 'none'],
    ['under way for 71 hours', { Status: 'ISSUED', ...update('PENDING_DOMAIN_VALIDATION', 71) }, email, 'continue'],
    [
      'under way for 73 hours',
      { Status: 'ISSUED', ...update('PENDING_DOMAIN_VALIDATION', 73) },
      email,
      'window-passed'
    ],
    ['failed: never started twice', { Status: 'ISSUED', ...update('FAILED', 80) }, email, 'failed'],
    ['done', { Status: 'ISSUED', ...update('SUCCESS', 2) }, email, 'done']
  ] as const)('%s → %s', (_label, detail, names, step) => {
    expect(migrationStep(detail, names, NOW)).toBe(step)
  })

  it('takes the DNS records ACM asks for from RequestedValidationConfiguration', () => {
    const names = migratingNames(email, [
      {
        DomainName: 'Example.com',
        RequestedValidationConfiguration: {
          ValidationMethod: 'DNS',
          ValidationChallenge: {
            DnsValidationChallenge: { ResourceRecord: { Name: '_a.example.com', Value: '_b.acm-validations.aws' } }
          }
        }
      }
    ])
    expect(names).toEqual([
      { domain: 'example.com', method: 'DNS', record: { name: '_a.example.com.', value: '_b.acm-validations.aws.' } }
    ])
  })
})

describe('renewalWindowDays', () => {
  it.each([
    ['DNS', 198, 60],
    ['EMAIL', 198, 45],
    ['HTTP', undefined, 60],
    ['DNS', 100, 30],
    ['DNS', 47, 14],
    ['EMAIL', 47, 10]
  ] as const)('%s, %s-day lifetime → %i days', (method, lifetime, days) => {
    expect(renewalWindowDays(method, lifetime)).toBe(days)
  })
})

describe('validationFindings', () => {
  const cert = (migration?: CertificateFacts['migration']): CertificateFacts => ({
    arn: 'arn:aws:acm:us-east-1:111111111111:certificate/m',
    domainName: 'example.com',
    type: 'AMAZON_ISSUED',
    status: 'ISSUED',
    notAfter: undefined,
    inUseBy: 1,
    renewalEligibility: 'ELIGIBLE',
    renewal: undefined,
    names: [
      {
        domain: 'example.com',
        method: 'EMAIL',
        record: undefined,
        zone: undefined,
        route53: { state: 'missing' },
        publicDns: { state: 'unchecked' }
      }
    ],
    dnsFindings: [],
    migration
  })
  const policy = { now: NOW, pendingTooLongMs: 72 * HOUR }
  const m = (status: string, hoursAgo: number, action: 'started' | 'continued' | 'none') => ({
    status,
    requestedAt: new Date(NOW - hoursAgo * HOUR),
    updatedAt: new Date(NOW - hoursAgo * HOUR),
    action,
    records: ['_a.example.com.']
  })
  it.each([
    ['no migration', undefined, 'risk:email-validation'],
    ['started by this run', m('PENDING_DOMAIN_VALIDATION', 0, 'started'), 'fixed:migration-started'],
    ['under way, continued', m('PENDING_DOMAIN_VALIDATION', 5, 'continued'), 'warning:migration-pending'],
    ['past the 72-hour window', m('PENDING_DOMAIN_VALIDATION', 73, 'none'), 'risk:migration-window-passed'],
    ['failed', m('FAILED', 80, 'none'), 'risk:migration-failed']
  ] as const)('%s → %s', (_label, migration, code) => {
    expect(validationFindings(cert(migration), policy).map((f) => `${f.level}:${f.code}`)).toEqual([code])
  })

  it('says how long is left of the 72 hours', () => {
    const [f] = validationFindings(cert(m('PENDING_DOMAIN_VALIDATION', 5, 'none')), policy)
    expect(f?.message).toMatch(/ACM must see them by 2026-12-06T01:00Z \(67 hours left\)/)
    expect(f?.fix).toMatch(/repair: true/)
  })
})
