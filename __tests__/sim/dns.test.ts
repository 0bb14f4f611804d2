import { createSocket } from 'node:dgram'
import type { CaaRecord } from 'node:dns'
import { Resolver } from 'node:dns/promises'
import { Simulator, type ExampleZones } from '../../sim/index.js'
import { caaPropertyOf } from '../../src/preflight.js'
import { DNS_ACCOUNT, seedWorld } from '../../__fixtures__/accounts.js'

let sim: Simulator
let zones: ExampleZones
let resolver: Resolver
const account = DNS_ACCOUNT

beforeEach(async () => {
  sim = await Simulator.start({ dns: true })
  zones = seedWorld(sim)
  resolver = new Resolver({ timeout: 300, tries: 1 })
  resolver.setServers([sim.dnsServer])
})
afterEach(async () => {
  await sim.stop()
})

const servers = (zoneId: string) => sim.zones().find((z) => z.id === zoneId)?.nameServers ?? []
const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered',
    (error: { code?: string }) => error.code
  )

describe('NS', () => {
  it("answers a parentless zone's own name servers", async () => {
    expect(await resolver.resolveNs('example.com')).toEqual(servers(zones.publicZoneId))
  })

  it("answers a child zone's delegation from the NS records in its parent", async () => {
    expect(await resolver.resolveNs('dev.example.com')).toEqual(servers(zones.devZoneId))
    sim.putRecord(zones.publicZoneId, { name: 'dev.example.com', type: 'NS', values: ['ns1.elsewhere.net.'] })
    expect(await resolver.resolveNs('dev.example.com')).toEqual(['ns1.elsewhere.net'])
  })

  it('answers no delegation for a zone its parent has no NS records for', async () => {
    sim.addHostedZone({ accountId: account, name: 'orphan.example.com' })
    expect(await codeOf(resolver.resolveNs('orphan.example.com'))).toBe('ENOTFOUND')
  })

  it('answers NODATA for a name that exists without NS records, NXDOMAIN for one that does not', async () => {
    expect(await codeOf(resolver.resolveNs('www.example.com'))).toBe('ENODATA')
    expect(await codeOf(resolver.resolveNs('nope.example.com'))).toBe('ENOTFOUND')
    expect(await codeOf(resolver.resolveNs('example.org'))).toBe('ENOTFOUND')
    expect(await codeOf(resolver.resolveNs('com'))).toBe('ENODATA')
  })

  it('ignores private zones and zones that are not delegated', async () => {
    sim.addHostedZone({ accountId: account, name: 'internal.test', privateZone: true })
    sim.addHostedZone({ accountId: account, name: 'hidden.test', delegated: false })
    expect(await codeOf(resolver.resolveNs('internal.test'))).toBe('ENOTFOUND')
    expect(await codeOf(resolver.resolveNs('hidden.test'))).toBe('ENOTFOUND')
  })
})

/** The records as presentation text, read with the action's own parser (Node's object shape varies by version). */
const caa = (records: CaaRecord[]): string[] =>
  records.map(caaPropertyOf).map((p) => `${p.critical ? 128 : 0} ${p.tag} "${p.value}"`)

describe('CAA', () => {
  it('answers the RFC 8659 RDATA node decodes, critical flag and unknown tags included', async () => {
    const values = ['0 issue "amazon.com"', '0 issuewild ";"', '0 iodef "mailto:sec@example.com"', '128 tbs "x y"']
    sim.putRecord(zones.publicZoneId, { name: 'example.com', type: 'CAA', values })
    expect(caa(await resolver.resolveCaa('example.com'))).toEqual([
      '0 issue "amazon.com"',
      '0 issuewild ";"',
      '0 iodef "mailto:sec@example.com"',
      '128 tbs "x y"'
    ])
  })

  it('answers from the most specific public zone, whatever the case of the question', async () => {
    sim.putRecord(zones.publicZoneId, {
      name: 'dev.example.com',
      type: 'CAA',
      values: ['0 issue "parent-view.example"']
    })
    sim.putRecord(zones.devZoneId, { name: 'dev.example.com', type: 'CAA', values: ['0 issue "amazon.com"'] })
    sim.putRecord(zones.privateZoneId, { name: 'www.example.com', type: 'CAA', values: ['0 issue "private.example"'] })
    expect(caa(await resolver.resolveCaa('DEV.Example.com'))).toEqual(['0 issue "amazon.com"'])
    expect(await codeOf(resolver.resolveCaa('www.example.com'))).toBe('ENODATA')
  })

  it('synthesizes from a wildcard record for names that do not exist (RFC 4592)', async () => {
    sim.putRecord(zones.publicZoneId, { name: '*.example.com', type: 'CAA', values: ['0 issue "wild.example"'] })
    expect(caa(await resolver.resolveCaa('anything.example.com'))).toEqual(['0 issue "wild.example"'])
    expect(await codeOf(resolver.resolveCaa('www.example.com'))).toBe('ENODATA') // exists: no synthesis
  })
})

describe('CNAME', () => {
  const target = '_0123abcd.xyzzy.acm-validations.aws.'

  it('answers the canonical name (RFC 1035 §3.3.1 RDATA), whatever the case of the question', async () => {
    sim.putRecord(zones.publicZoneId, { name: '_abc.www.example.com', type: 'CNAME', ttl: 300, values: [target] })
    expect(await resolver.resolveCname('_ABC.Www.example.com')).toEqual(['_0123abcd.xyzzy.acm-validations.aws'])
  })

  it('answers from the most specific delegated public zone, so a record shadowed by a child zone is not seen', async () => {
    sim.putRecord(zones.publicZoneId, { name: '_abc.dev.example.com', type: 'CNAME', values: [target] })
    sim.putRecord(zones.privateZoneId, { name: '_abc.www.example.com', type: 'CNAME', values: [target] })
    expect(await codeOf(resolver.resolveCname('_abc.dev.example.com'))).toBe('ENOTFOUND')
    expect(await codeOf(resolver.resolveCname('_abc.www.example.com'))).toBe('ENOTFOUND')
    sim.putRecord(zones.devZoneId, { name: '_abc.dev.example.com', type: 'CNAME', values: ['other.example.net.'] })
    expect(await resolver.resolveCname('_abc.dev.example.com')).toEqual(['other.example.net'])
  })

  it('does not see a zone that is not delegated', async () => {
    const hidden = sim.addHostedZone({ accountId: account, name: 'hidden.test', delegated: false })
    sim.putRecord(hidden, { name: '_abc.hidden.test', type: 'CNAME', values: [target] })
    expect(await codeOf(resolver.resolveCname('_abc.hidden.test'))).toBe('ENOTFOUND')
  })

  it('answers NODATA for a name that exists without a CNAME, NXDOMAIN for one that does not', async () => {
    expect(await codeOf(resolver.resolveCname('www.example.com'))).toBe('ENODATA')
    expect(await codeOf(resolver.resolveCname('_nope.www.example.com'))).toBe('ENOTFOUND')
  })
})

describe('faults and protocol', () => {
  it('answers SERVFAIL or REFUSED, or not at all, for all names or the chosen ones', async () => {
    sim.dns.fault = { kind: 'servfail', names: ['dev.example.com'] }
    expect(await codeOf(resolver.resolveNs('dev.example.com'))).toBe('ESERVFAIL')
    expect(await codeOf(resolver.resolveNs('example.com'))).toBe('answered')
    sim.dns.fault = { kind: 'refused' }
    expect(await codeOf(resolver.resolveCaa('example.com'))).toBe('EREFUSED')
    sim.dns.fault = { kind: 'timeout' }
    expect(await codeOf(resolver.resolveCaa('example.com'))).toBe('ETIMEOUT')
  })

  it('logs each question', async () => {
    await resolver.resolveCaa('Example.com.').catch(() => undefined)
    await resolver.resolveNs('dev.example.com')
    expect(sim.dns.queries).toEqual([
      { name: 'example.com', type: 'CAA' },
      { name: 'dev.example.com', type: 'NS' }
    ])
  })

  it('answers NOTIMP for types it does not serve, echoing id and question', async () => {
    // id 0x1234, RD, one question: www.example.com A IN
    const question = Buffer.from([
      3,
      ...Buffer.from('www'),
      7,
      ...Buffer.from('example'),
      3,
      ...Buffer.from('com'),
      0,
      0,
      1,
      0,
      1
    ])
    const query = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), question])
    const reply = await exchange(sim.dnsServer, query)
    expect(reply.readUInt16BE(0)).toBe(0x1234)
    expect(reply[2]! & 0x80).toBe(0x80) // QR
    expect(reply[3]! & 0x0f).toBe(4) // NOTIMP
    expect(reply.subarray(12)).toEqual(question)
  })

  it('answers on the UDP port given as dnsPort (npm run sim gives it SIM_PORT, so a .env survives a restart)', async () => {
    const first = await Simulator.start()
    const port = Number(new URL(first.url).port) // a port just free on TCP; UDP has its own port space
    await first.stop()
    const fixed = await Simulator.start({ dns: true, dnsPort: port })
    try {
      seedWorld(fixed)
      expect(fixed.dnsServer).toBe(`127.0.0.1:${port}`)
      const onPort = new Resolver({ timeout: 300, tries: 1 })
      onPort.setServers([`127.0.0.1:${port}`])
      expect((await onPort.resolveNs('example.com')).length).toBeGreaterThan(0)
    } finally {
      await fixed.stop()
    }
  })

  it('says how to enable it when the simulator runs without DNS', async () => {
    const plain = await Simulator.start()
    try {
      expect(() => plain.dnsServer).toThrow('{ dns: true }')
    } finally {
      await plain.stop()
    }
  })
})

async function exchange(server: string, query: Buffer): Promise<Buffer> {
  const [host = '', port = ''] = server.split(':')
  const socket = createSocket('udp4')
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      socket.once('message', resolve)
      socket.once('error', reject)
      socket.send(query, Number(port), host)
    })
  } finally {
    socket.close()
  }
}
