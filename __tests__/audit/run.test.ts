import type { CaaRecord } from 'node:dns'
import type { DetailLike, SummaryLike } from '../../src/audit/collect.js'
import type { ListedRecordSet } from '../../src/audit/plan.js'
import { auditCertificates, type AuditOptions, type AuditPorts, type PlacedZone } from '../../src/audit/run.js'
import { PENDING_TOO_LONG_MS } from '../../src/audit/verdict.js'
import { MANAGED_BY_TAG } from '../../src/constants.js'
import type { ValidationRecord } from '../../src/types.js'

const NOW = Date.parse('2026-12-03T06:00:00Z')
const DAY = 86_400_000
const NS = ['ns-1.awsdns-01.org', 'ns-2.awsdns-02.com']

/** A fleet of certificates in zones z<i>.example, each with its record value `_v<name>`. */
interface Cert {
  id: string
  names: string[]
  managed?: boolean
  detail?: Partial<DetailLike>
}

const token = (name: string) => name.replace(/[^a-z0-9]/g, '')
const recordOf = (name: string) => ({
  Name: `_${token(name.replace(/^\*\./, ''))}.${name.replace(/^\*\./, '')}.`,
  Value: `_v${token(name.replace(/^\*\./, ''))}.abc.acm-validations.aws.`
})
const zoneOf = (name: string) => name.split('.').slice(-2).join('.')

function world(
  certs: Cert[],
  opts: { drop?: string[]; wrong?: string[]; caa?: Record<string, CaaRecord[]>; undelegated?: string[] } = {}
) {
  const calls: string[] = []
  const zones = new Map<string, ListedRecordSet[]>()
  for (const c of certs)
    for (const n of c.names) {
      const zone = zoneOf(n)
      const sets = zones.get(zone) ?? [
        { Name: `${zone}.`, Type: 'NS', ResourceRecords: NS.map((Value) => ({ Value })) }
      ]
      const r = recordOf(n)
      const value = opts.wrong?.includes(n) ? '_other.abc.acm-validations.aws.' : r.Value
      if (!opts.drop?.includes(n) && !sets.some((s) => s.Name === r.Name))
        sets.push({ Name: r.Name, Type: 'CNAME', ResourceRecords: [{ Value: value }] })
      zones.set(zone, sets)
    }
  const arn = (id: string) => `arn:aws:acm:us-east-1:111111111111:certificate/${id}`
  const upserts: { zone: string; records: ValidationRecord[] }[] = []
  const ports: AuditPorts = {
    listCertificates: async () => {
      calls.push('ListCertificates')
      return certs.map((c): SummaryLike => ({
        CertificateArn: arn(c.id),
        DomainName: c.names[0],
        SubjectAlternativeNameSummaries: c.names,
        Type: 'AMAZON_ISSUED'
      }))
    },
    listTags: async (a) => {
      calls.push('ListTagsForCertificate')
      const c = certs.find((x) => arn(x.id) === a)
      return c?.managed === false ? [{ Key: 'team' }] : [{ Key: MANAGED_BY_TAG }]
    },
    describe: async (a) => {
      calls.push('DescribeCertificate')
      const c = certs.find((x) => arn(x.id) === a) as Cert
      return {
        CertificateArn: a,
        DomainName: c.names[0],
        SubjectAlternativeNames: c.names,
        Type: 'AMAZON_ISSUED',
        Status: 'ISSUED',
        NotAfter: new Date(NOW + 150 * DAY),
        InUseBy: ['arn:aws:cloudfront::111111111111:distribution/E1'],
        RenewalEligibility: 'ELIGIBLE',
        DomainValidationOptions: c.names.map((n) => ({
          DomainName: n,
          ValidationMethod: 'DNS',
          ResourceRecord: { ...recordOf(n), Type: 'CNAME' }
        })),
        ...c.detail
      }
    },
    placeRecords: async (records) => {
      calls.push(`placeRecords(${records.length})`)
      return new Map(
        records.map((r) => {
          const zone = zoneOf(r.name.slice(0, -1))
          return [
            r.name,
            zones.has(zone) ? { zone: { id: `Z${zone}`, name: zone }, zoneKey: `|Z${zone}` } : { none: 'no zone' }
          ]
        })
      )
    },
    readZone: async (p: PlacedZone) => {
      calls.push(`ListResourceRecordSets ${p.zone.name}`)
      return zones.get(p.zone.name) ?? []
    },
    upsert: async (p, records) => {
      calls.push(`ChangeResourceRecordSets ${p.zone.name}`)
      upserts.push({ zone: p.zone.name, records: [...records] })
      return { changeId: `C${upserts.length}` }
    },
    resolver: {
      resolveCname: async (name) => {
        const zone = zoneOf(name)
        const set = zones.get(zone)?.find((s) => s.Name === `${name}.` && s.Type === 'CNAME')
        if (!set || opts.undelegated?.includes(zone)) throw Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' })
        return (set.ResourceRecords ?? []).map((r) => (r.Value ?? '').slice(0, -1))
      },
      resolveCaa: async (name) => {
        const found = opts.caa?.[name]
        if (!found) throw Object.assign(new Error('ENODATA'), { code: 'ENODATA' })
        return found
      },
      resolveNs: async (name) => (opts.undelegated?.includes(name) ? ['ns1.elsewhere.example'] : NS)
    },
    log: { info: () => undefined, warning: () => undefined, debug: () => undefined },
    now: () => NOW
  }
  return { ports, calls, upserts }
}

const options: AuditOptions = {
  scope: 'managed',
  names: [],
  repair: false,
  pendingTooLongMs: PENDING_TOO_LONG_MS,
  concurrency: 4,
  zoneConcurrency: 2
}

const fleet: Cert[] = [
  { id: 'c1', names: ['a.one.example', 'b.one.example'] },
  { id: 'c2', names: ['one.example', '*.one.example'] },
  { id: 'c3', names: ['x.two.example'] },
  { id: 'c4', names: ['y.two.example'], managed: false }
]

const verdicts = (out: Awaited<ReturnType<typeof auditCertificates>>) =>
  Object.fromEntries(
    out.certificates.map((c) => [
      c.facts.arn.split('/')[1],
      `${c.verdict.verdict}${c.verdict.findings.map((f) => ` ${f.code}`).join('')}`
    ])
  )

describe('auditCertificates', () => {
  it('audits a healthy fleet: all ok, each zone read once, each certificate described once', async () => {
    const { ports, calls } = world(fleet)
    const out = await auditCertificates(ports, options)
    expect(verdicts(out)).toEqual({ c1: 'ok', c2: 'ok', c3: 'ok' })
    const count = (op: string) => calls.filter((c) => c.startsWith(op)).length
    expect(count('ListCertificates')).toBe(1)
    expect(count('ListTagsForCertificate')).toBe(4)
    expect(count('DescribeCertificate')).toBe(3)
    expect(calls.filter((c) => c.startsWith('ListResourceRecordSets')).sort()).toEqual([
      'ListResourceRecordSets one.example',
      'ListResourceRecordSets two.example'
    ])
    expect(calls).toContain('placeRecords(4)')
  })

  it('audits every ACM-issued certificate with scope all, without reading tags', async () => {
    const { ports, calls } = world(fleet)
    const out = await auditCertificates(ports, { ...options, scope: 'all' })
    expect(out.certificates).toHaveLength(4)
    expect(calls.filter((c) => c === 'ListTagsForCertificate')).toHaveLength(0)
  })

  it('narrows to certificates holding one of the names', async () => {
    const { ports, calls } = world(fleet)
    const out = await auditCertificates(ports, { ...options, names: ['b.one.example'] })
    expect(Object.keys(verdicts(out))).toEqual(['c1'])
    expect(calls.filter((c) => c === 'DescribeCertificate')).toHaveLength(1)
  })

  it('finds a deleted and a wrong record, repairs both in one batch per zone, and leaves nothing else', async () => {
    const { ports, upserts } = world(fleet, { drop: ['b.one.example'], wrong: ['x.two.example'] })
    const before = await auditCertificates(ports, options)
    expect(verdicts(before)).toEqual({ c1: 'at-risk record-missing', c2: 'ok', c3: 'at-risk record-wrong' })
    expect(upserts).toEqual([])
    const repaired = await auditCertificates(ports, { ...options, repair: true })
    expect(verdicts(repaired)).toEqual({ c1: 'ok record-repaired', c2: 'ok', c3: 'ok record-repaired' })
    expect(upserts.map((u) => [u.zone, u.records.map((r) => `${r.name} ${r.value}`)])).toEqual([
      ['one.example', ['_boneexample.b.one.example. _vboneexample.abc.acm-validations.aws.']],
      ['two.example', ['_xtwoexample.x.two.example. _vxtwoexample.abc.acm-validations.aws.']]
    ])
    expect(repaired.repairs.map((r) => r.changeId)).toEqual(['C1', 'C2'])
  })

  it('reports CAA that forbids Amazon and a zone public DNS does not delegate', async () => {
    const { ports } = world(fleet, {
      caa: { 'a.one.example': [{ critical: 0, issue: 'letsencrypt.org' }] },
      undelegated: ['two.example']
    })
    expect(verdicts(await auditCertificates(ports, options))).toEqual({
      c1: 'at-risk caa-forbids',
      c2: 'ok',
      c3: 'at-risk delegation-broken'
    })
  })

  it('keeps a failed repair reported, and says why', async () => {
    const { ports } = world(fleet, { drop: ['a.one.example'] })
    ports.upsert = async () => {
      throw new Error('AccessDenied: not allowed')
    }
    const out = await auditCertificates(ports, { ...options, repair: true })
    expect(verdicts(out)['c1']).toBe('at-risk record-missing')
    expect(out.repairErrors).toEqual([
      { zoneId: 'Zone.example', zoneName: 'one.example', message: 'AccessDenied: not allowed' }
    ])
  })

  it('reports a zone that could not be read as unchecked, and still audits the rest', async () => {
    const { ports } = world(fleet, {})
    const read = ports.readZone
    ports.readZone = async (p) =>
      p.zone.name === 'two.example' ? Promise.reject(new Error('Throttling: Rate exceeded')) : read(p)
    ports.resolver = undefined
    expect(verdicts(await auditCertificates(ports, options))).toEqual({ c1: 'ok', c2: 'ok', c3: 'ok record-unchecked' })
  })

  it('takes the renewal facts and skips name checks of an expired certificate', async () => {
    const certs: Cert[] = [
      { id: 'e1', names: ['old.one.example'], detail: { Status: 'EXPIRED', NotAfter: new Date(NOW - DAY) } },
      {
        id: 'f1',
        names: ['f.one.example'],
        detail: {
          RenewalSummary: { RenewalStatus: 'FAILED', RenewalStatusReason: 'CAA_ERROR', UpdatedAt: new Date(NOW - DAY) }
        }
      },
      { id: 'i1', names: ['i.one.example'], detail: { RenewalEligibility: 'INELIGIBLE' } }
    ]
    const { ports, calls } = world(certs, { drop: ['old.one.example'] })
    expect(verdicts(await auditCertificates(ports, options))).toEqual({
      e1: 'expired expired',
      f1: 'at-risk renewal-failed',
      i1: 'at-risk ineligible-in-use'
    })
    expect(calls).toContain('placeRecords(2)')
  })
})

describe('auditCertificates at scale and in late 2026', () => {
  const arnOf = (id: string) => `arn:aws:acm:us-east-1:111111111111:certificate/${id}`

  it('takes the managed scope from GetResources: no ListTagsForCertificate at all', async () => {
    const { ports, calls } = world(fleet)
    ports.listManagedArns = async () => {
      calls.push('GetResources')
      return ['c1', 'c2', 'c3'].map(arnOf)
    }
    const out = await auditCertificates(ports, options)
    expect(verdicts(out)).toEqual({ c1: 'ok', c2: 'ok', c3: 'ok' })
    expect(calls.filter((c) => c === 'GetResources')).toHaveLength(1)
    expect(calls.filter((c) => c === 'ListTagsForCertificate')).toHaveLength(0)
    expect(calls.filter((c) => c === 'DescribeCertificate')).toHaveLength(3)
  })

  it('falls back to a tag read per certificate when GetResources is refused, with one notice', async () => {
    const { ports, calls } = world(fleet)
    const notices: string[] = []
    ports.log = { ...ports.log, notice: (m) => notices.push(m) }
    ports.listManagedArns = async () => Promise.reject(new Error('AccessDeniedException: not authorized'))
    const out = await auditCertificates(ports, options)
    expect(verdicts(out)).toEqual({ c1: 'ok', c2: 'ok', c3: 'ok' })
    expect(calls.filter((c) => c === 'ListTagsForCertificate')).toHaveLength(4)
    expect(notices).toHaveLength(1)
    expect(notices[0]).toMatch(/AccessDeniedException.*Allow tag:GetResources/)
  })

  it('narrows by names with one SearchCertificates search instead of listing every certificate', async () => {
    const { ports, calls } = world(fleet)
    ports.searchNamed = async (names) => {
      calls.push(`SearchCertificates ${names.join(',')}`)
      return [
        {
          CertificateArn: arnOf('c1'),
          DomainName: 'a.one.example',
          SubjectAlternativeNameSummaries: ['a.one.example', 'b.one.example'],
          Type: 'AMAZON_ISSUED'
        }
      ]
    }
    const out = await auditCertificates(ports, { ...options, names: ['b.one.example'] })
    expect(Object.keys(verdicts(out))).toEqual(['c1'])
    expect(calls).toContain('SearchCertificates b.one.example')
    expect(calls).not.toContain('ListCertificates')
    // How the search matches a wildcard SAN is not documented: a wildcard name is listed instead.
    await auditCertificates(ports, { ...options, names: ['*.one.example'] })
    expect(calls).toContain('ListCertificates')
    expect(calls.filter((c) => c.startsWith('SearchCertificates'))).toHaveLength(1)
  })

  it('migrates an email-validated certificate in place once: UpdateCertificateOptions, its CNAMEs written, UpdateSummary read', async () => {
    const email: Cert = {
      id: 'm1',
      names: ['m.one.example'],
      detail: {
        DomainValidationOptions: [{ DomainName: 'm.one.example', ValidationMethod: 'EMAIL' }]
      }
    }
    const { ports, calls, upserts } = world([...fleet.slice(0, 1), email], { drop: ['m.one.example'] })
    let update: { Status: string; Type: string; RequestedAt: Date } | undefined
    const describe = ports.describe
    ports.describe = async (arn) => {
      const d = await describe(arn)
      return d && arn === arnOf('m1') && update ? { ...d, UpdateSummary: update } : d
    }
    ports.startDnsValidation = async (arn) => {
      calls.push(`UpdateCertificateOptions ${arn.split('/')[1]}`)
      update = { Status: 'PENDING_DOMAIN_VALIDATION', Type: 'DOMAIN_VALIDATION_METHOD', RequestedAt: new Date(NOW) }
    }
    ports.listDomainValidations = async () => {
      calls.push('ListCertificateDomainValidations')
      return [
        {
          DomainName: 'm.one.example',
          RequestedValidationConfiguration: {
            ValidationMethod: 'DNS',
            ValidationChallenge: { DnsValidationChallenge: { ResourceRecord: recordOf('m.one.example') } }
          }
        }
      ]
    }
    const reported = await auditCertificates(ports, options)
    expect(verdicts(reported)['m1']).toBe('at-risk email-validation')
    expect(calls.filter((c) => c.startsWith('UpdateCertificateOptions'))).toHaveLength(0)

    const migrated = await auditCertificates(ports, { ...options, repair: true })
    expect(verdicts(migrated)['m1']).toBe('ok migration-started record-repaired')
    expect(upserts.flatMap((u) => u.records.map((r) => r.name))).toEqual(['_moneexample.m.one.example.'])
    const m1 = migrated.certificates.find((c) => c.facts.arn === arnOf('m1'))
    expect(m1?.facts.migration).toMatchObject({ status: 'PENDING_DOMAIN_VALIDATION', action: 'started' })

    // Under way: continued (CNAMEs checked, written if need be), never started again.
    const again = await auditCertificates(ports, { ...options, repair: true })
    expect(calls.filter((c) => c.startsWith('UpdateCertificateOptions'))).toHaveLength(1)
    expect(again.certificates.find((c) => c.facts.arn === arnOf('m1'))?.facts.migration?.action).toBe('continued')
  })
})
