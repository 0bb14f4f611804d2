import type { CaaRecord } from 'node:dns'
import { checkCaa, checkDelegation, systemResolver, type DnsResolver, type Finding } from '../src/preflight.js'
import { Simulator } from '../sim/index.js'
import { DNS_ACCOUNT } from '../__fixtures__/accounts.js'

/** An answer per name: records, or the error code node's resolver would reject with. Unlisted: ENODATA. */
type Script = Record<string, CaaRecord[] | string[] | { code: string }>

function scriptedResolver(script: Script): DnsResolver & { asked: string[] } {
  const asked: string[] = []
  const answer = async <T>(name: string): Promise<T> => {
    asked.push(name)
    const entry = script[name] ?? { code: 'ENODATA' }
    if ('code' in entry) throw Object.assign(new Error(`query ${name} failed: ${entry.code}`), { code: entry.code })
    return entry as T
  }
  return { asked, resolveCaa: (name) => answer<CaaRecord[]>(name), resolveNs: (name) => answer<string[]>(name) }
}

const issue = (value: string, critical = 0): CaaRecord => ({ critical, issue: value })
const issuewild = (value: string, critical = 0): CaaRecord => ({ critical, issuewild: value })
const summary = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.name}`)

/** Node 22+ decodes each CAA record with a `type` key besides the tag (resolveAny's shape). */
const node24 = (record: CaaRecord): CaaRecord => ({ ...record, type: 'CAA' }) as CaaRecord

describe('checkCaa on the record shape of Node 24', () => {
  it('warns of a CAA set that leaves Amazon out', async () => {
    const findings = await checkCaa(
      ['example.com'],
      scriptedResolver({ 'example.com': [node24(issue('letsencrypt.org'))] })
    )
    expect(summary(findings)).toEqual(['problem example.com'])
    expect(findings[0]?.message).toContain('0 issue "letsencrypt.org"')
  })

  it('takes a known tag as the tag whatever the key order, so a critical issue for Amazon passes', async () => {
    const critical = { type: 'CAA', critical: 128, issue: 'amazon.com' } as CaaRecord
    const script = { 'example.com': [node24(issue('letsencrypt.org')), critical] }
    expect(await checkCaa(['example.com'], scriptedResolver(script))).toEqual([])
  })

  it('still names an unknown critical tag', async () => {
    const script = { 'example.com': [node24({ critical: 128, tbs: 'x' } as CaaRecord)] }
    const [finding] = await checkCaa(['example.com'], scriptedResolver(script))
    expect(finding?.message).toContain("critical tag 'tbs'")
  })
})

describe('checkCaa', () => {
  const cases: { title: string; names: string[]; script: Script; expected: string[] }[] = [
    { title: 'no CAA anywhere: no restriction', names: ['www.example.com'], script: {}, expected: [] },
    {
      title: 'CAA at the apex allowing amazon.com',
      names: ['example.com', 'www.example.com'],
      script: { 'example.com': [issue('letsencrypt.org'), issue('amazon.com')] },
      expected: []
    },
    {
      title: 'each Amazon CA identifier, case and parameters ignored',
      names: ['a.example.com', 'b.example.com', 'c.example.com'],
      script: {
        'a.example.com': [issue(' AmazonTrust.com ')],
        'b.example.com': [issue('awstrust.com; account=1')],
        'c.example.com': [issue('amazonaws.com')]
      },
      expected: []
    },
    {
      title: 'CAA at the parent forbidding Amazon',
      names: ['www.example.com'],
      script: { 'www.example.com': { code: 'ENOTFOUND' }, 'example.com': [issue('letsencrypt.org')] },
      expected: ['problem www.example.com']
    },
    {
      title: 'the first non-empty set wins: a permissive parent does not rescue a strict child',
      names: ['api.dev.example.com'],
      script: { 'dev.example.com': [issue('pki.goog')], 'example.com': [issue('amazon.com')] },
      expected: ['problem api.dev.example.com']
    },
    {
      title: 'a strict parent does not matter once the name has its own set',
      names: ['api.example.com'],
      script: { 'api.example.com': [issue('amazon.com')], 'example.com': [issue(';')] },
      expected: []
    },
    {
      title: 'wildcard: issuewild present and allowing Amazon overrides a strict issue',
      names: ['*.example.com'],
      script: { 'example.com': [issue('letsencrypt.org'), issuewild('amazon.com')] },
      expected: []
    },
    {
      title: 'wildcard: issuewild present without Amazon forbids, whatever issue says',
      names: ['*.example.com', 'example.com'],
      script: { 'example.com': [issue('amazon.com'), issuewild('letsencrypt.org')] },
      expected: ['problem *.example.com']
    },
    {
      title: 'wildcard: without issuewild, issue governs',
      names: ['*.example.com'],
      script: { 'example.com': [issue('letsencrypt.org')] },
      expected: ['problem *.example.com']
    },
    {
      title: 'issuewild does not govern a non-wildcard name',
      names: ['example.com'],
      script: { 'example.com': [issuewild(';')] },
      expected: []
    },
    {
      title: '";" forbids every CA',
      names: ['example.com'],
      script: { 'example.com': [issue(';')] },
      expected: ['problem example.com']
    },
    {
      title: 'only iodef: no restriction',
      names: ['example.com'],
      script: { 'example.com': [{ critical: 0, iodef: 'mailto:security@example.com' }] },
      expected: []
    },
    {
      title: 'an unknown tag with the critical flag forbids issuance',
      names: ['example.com'],
      script: { 'example.com': [issue('amazon.com'), { critical: 128, tbs: 'unknown' } as CaaRecord] },
      expected: ['problem example.com']
    },
    {
      title: 'an unknown tag without the critical flag is ignored',
      names: ['example.com'],
      script: { 'example.com': [issue('amazon.com'), { critical: 0, tbs: 'unknown' } as CaaRecord] },
      expected: []
    },
    {
      title: 'SERVFAIL on the way up: unknown, not a problem',
      names: ['www.example.com'],
      script: { 'example.com': { code: 'ESERVFAIL' } },
      expected: ['unknown www.example.com']
    },
    {
      title: 'a timeout before any set is found: unknown',
      names: ['www.example.com'],
      script: { 'www.example.com': { code: 'ETIMEOUT' }, 'example.com': [issue('amazon.com')] },
      expected: ['unknown www.example.com']
    }
  ]
  it.each(cases)('$title', async ({ names, script, expected }) => {
    expect(summary(await checkCaa(names, scriptedResolver(script)))).toEqual(expected)
  })

  it('climbs from the name (a wildcard from its base) to the TLD, asking each name once across requested names', async () => {
    const resolver = scriptedResolver({ 'b.example.com': { code: 'ENOTFOUND' } })
    await checkCaa(['a.example.com', '*.b.example.com', 'example.com'], resolver)
    expect([...resolver.asked].sort()).toEqual(['a.example.com', 'b.example.com', 'com', 'example.com'])
  })

  it('asks every level at once (one round trip), and the first non-empty set climbing up decides', async () => {
    // Above the deciding set: a set that would forbid Amazon, and a resolver failure; neither counts.
    const resolver = scriptedResolver({
      'example.com': [issue('amazon.com')],
      com: [issue('letsencrypt.org')],
      'example.org': { code: 'ESERVFAIL' },
      'www.example.org': [issue('amazontrust.com')]
    })
    expect(await checkCaa(['www.example.com', 'www.example.org'], resolver)).toEqual([])
    expect([...resolver.asked].sort()).toEqual([
      'com',
      'example.com',
      'example.org',
      'org',
      'www.example.com',
      'www.example.org'
    ])
  })

  it('names the domain, where the set lives, its values, and the record to add', async () => {
    const [finding] = await checkCaa(
      ['*.www.example.com'],
      scriptedResolver({ 'example.com': [issue('letsencrypt.org'), issuewild('pki.goog')] })
    )
    expect(finding).toMatchObject({ check: 'caa', name: '*.www.example.com', severity: 'problem' })
    expect(finding?.message).toContain('The CAA records at example.com (which covers *.www.example.com)')
    expect(finding?.message).toContain('0 issue "letsencrypt.org", 0 issuewild "pki.goog"')
    expect(finding?.message).toContain('CAA_ERROR')
    expect(finding?.hint).toContain('0 issuewild "amazon.com" at example.com')
  })

  it('names the critical tag and the record to change', async () => {
    const [finding] = await checkCaa(
      ['example.com'],
      scriptedResolver({ 'example.com': [{ critical: 128, tbs: 'x' } as CaaRecord] })
    )
    expect(finding?.message).toContain("critical tag 'tbs'")
    expect(finding?.hint).toContain("'tbs' CAA record at example.com")
  })

  it('says which lookup failed and that it is only a warning', async () => {
    const [finding] = await checkCaa(['www.example.com'], scriptedResolver({ 'example.com': { code: 'ESERVFAIL' } }))
    expect(finding?.message).toBe(
      'Could not check CAA for www.example.com: looking up CAA records of example.com failed (ESERVFAIL).'
    )
    expect(finding?.hint).toContain('only a warning')
  })
})

describe('checkDelegation', () => {
  const zone = { name: 'dev.example.com', id: 'Z0DEV', nameServers: ['ns-1.awsdns-01.com', 'NS-2.awsdns-02.net.'] }
  const cases: { title: string; answer: string[] | { code: string }; expected: string[] }[] = [
    {
      title: 'match, ignoring case and trailing dots',
      answer: ['NS-1.awsdns-01.com.', 'ns-2.awsdns-02.net'],
      expected: []
    },
    { title: 'a subset of the zone servers matches', answer: ['ns-2.awsdns-02.net'], expected: [] },
    {
      title: 'mismatch',
      answer: ['ns1.registrar-dns.net', 'ns2.registrar-dns.net'],
      expected: ['problem dev.example.com']
    },
    {
      title: 'partly other servers',
      answer: ['ns-1.awsdns-01.com', 'ns-9.awsdns-09.org'],
      expected: ['problem dev.example.com']
    },
    { title: 'empty answer', answer: [], expected: ['problem dev.example.com'] },
    { title: 'no NS records (ENODATA)', answer: { code: 'ENODATA' }, expected: ['problem dev.example.com'] },
    { title: 'no such name (ENOTFOUND)', answer: { code: 'ENOTFOUND' }, expected: ['problem dev.example.com'] },
    { title: 'resolver error', answer: { code: 'ECONNREFUSED' }, expected: ['unknown dev.example.com'] }
  ]
  it.each(cases)('$title', async ({ answer, expected }) => {
    expect(summary(await checkDelegation([zone], scriptedResolver({ 'dev.example.com': answer })))).toEqual(expected)
  })

  it('names both server sets, the zone id and where to fix it', async () => {
    const [finding] = await checkDelegation(
      [zone],
      scriptedResolver({ 'dev.example.com': ['ns-a.example.net.', 'ns-b.example.net'] })
    )
    expect(finding).toMatchObject({ check: 'delegation', name: 'dev.example.com', severity: 'problem' })
    expect(finding?.message).toBe(
      'Public DNS delegates dev.example.com to ns-a.example.net, ns-b.example.net, but its Route 53 zone Z0DEV has ' +
        'ns-1.awsdns-01.com, ns-2.awsdns-02.net: the validation records written there are invisible to ACM, so validation will never succeed.'
    )
    expect(finding?.hint).toContain('registrar')
    expect(finding?.hint).toContain('NS record for dev.example.com in its parent zone')
  })

  it('skips a zone without name servers to compare with', async () => {
    const resolver = scriptedResolver({})
    expect(await checkDelegation([{ name: 'example.com', nameServers: [] }], resolver)).toEqual([])
    expect(resolver.asked).toEqual([])
  })
})

describe('against the simulator DNS responder', () => {
  let sim: Simulator
  beforeAll(async () => {
    sim = await Simulator.start({ dns: true })
  })
  afterAll(async () => {
    await sim.stop()
  })

  it('finds a CAA problem and a broken delegation through systemResolver', async () => {
    const account = DNS_ACCOUNT
    const parentId = sim.addHostedZone({ accountId: account, name: 'example.com' })
    const devId = sim.addHostedZone({ accountId: account, name: 'dev.example.com' })
    const apiId = sim.addHostedZone({ accountId: account, name: 'api.example.com' })
    const servers = (id: string) => sim.zones().find((z) => z.id === id)?.nameServers ?? []
    sim.putRecord(parentId, { name: 'dev.example.com', type: 'NS', values: servers(devId) })
    sim.putRecord(parentId, { name: 'api.example.com', type: 'NS', values: ['ns1.elsewhere.net', 'ns2.elsewhere.net'] })
    sim.putRecord(parentId, { name: 'example.com', type: 'CAA', values: ['0 issue "letsencrypt.org"'] })
    sim.putRecord(devId, { name: 'dev.example.com', type: 'CAA', values: ['0 issue "amazon.com"'] })
    const resolver = systemResolver([sim.dnsServer])

    const caa = await checkCaa(['www.dev.example.com', 'www.example.com'], resolver)
    expect(summary(caa)).toEqual(['problem www.example.com'])
    expect(caa[0]?.message).toContain('0 issue "letsencrypt.org"')

    const zones = [parentId, devId, apiId].map((id) => ({
      id,
      name:
        sim
          .zones()
          .find((z) => z.id === id)
          ?.name.slice(0, -1) ?? '',
      nameServers: servers(id)
    }))
    const delegation = await checkDelegation(zones, resolver)
    expect(summary(delegation)).toEqual(['problem api.example.com'])
    expect(delegation[0]?.message).toContain('to ns1.elsewhere.net, ns2.elsewhere.net')

    sim.dns.fault = { kind: 'servfail' }
    expect(summary(await checkDelegation(zones.slice(0, 1), resolver))).toEqual(['unknown example.com'])
    sim.dns.fault = undefined
  })
})
