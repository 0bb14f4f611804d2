// Public DNS as the simulator's world shows it: a tiny UDP responder (RFC 1035 wire format) for NS,
// CAA and CNAME queries, so pre-flight and audit checks can run against the simulator through node's
// dns Resolver.
// It plays a recursive resolver: answers carry RA, and come from the public zones resolvers would reach.
import { createSocket, type Socket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import { authoritativeZone } from './certificates.js'
import { isWithin, route53Name, unescapeName } from './names.js'
import type { HostedZone, RecordSet, SimState } from './state.js'

/** How a faulty resolver answers: an error code, or no answer at all (the client times out). */
export type DnsFault = 'servfail' | 'refused' | 'timeout'

export interface DnsQuery {
  /** Lower case, no trailing dot. */
  name: string
  type: string
}

const TYPE = { NS: 2, CNAME: 5, SOA: 6, CAA: 257 } as const
/** The types it serves; others get NOTIMP rather than an answer that hides data. */
const TYPE_NAMES: Record<number, string> = { [TYPE.NS]: 'NS', [TYPE.CNAME]: 'CNAME', [TYPE.CAA]: 'CAA' }
const CLASS_IN = 1
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const
const FAULT_RCODE = { servfail: RCODE.SERVFAIL, refused: RCODE.REFUSED } as const
const HEADER_LENGTH = 12
/** A compression pointer to the question name, which always starts right after the header. */
const QUESTION_NAME_POINTER = Buffer.from([0xc0, HEADER_LENGTH])

interface ResourceRecord {
  /** Undefined: the question name (written as a pointer, so the case the client sent comes back). */
  name: string | undefined
  type: number
  ttl: number
  rdata: Buffer
}

interface Resolution {
  rcode: number
  answers: ResourceRecord[]
  authority: ResourceRecord[]
}

interface Question {
  /** Route 53 form: lower case, trailing dot, `\052` escapes. */
  name: string
  type: number
  class: number
  /** End offset of the question in the query. */
  end: number
}

export class DnsResponder {
  /** Every question received, in order. */
  readonly queries: DnsQuery[] = []
  /** Answer with this fault instead: every query, or only those for `names` (lower case, no trailing dot). */
  fault: { kind: DnsFault; names?: readonly string[] } | undefined

  private constructor(
    private readonly socket: Socket,
    private readonly state: SimState
  ) {}

  static async start(state: SimState, port = 0): Promise<DnsResponder> {
    const socket = createSocket('udp4')
    const responder = new DnsResponder(socket, state)
    socket.on('message', (message, peer) => {
      const reply = responder.reply(message)
      if (reply) socket.send(reply, peer.port, peer.address)
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(port, '127.0.0.1', () => {
        socket.off('error', reject)
        resolve()
      })
    })
    return responder
  }

  /** `127.0.0.1:PORT`, the form dns.Resolver#setServers takes. */
  get address(): string {
    return `127.0.0.1:${(this.socket.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()))
  }

  /** The response to one query message; undefined drops it (unparseable, or a timeout fault). */
  private reply(query: Buffer): Buffer | undefined {
    if (query.length < HEADER_LENGTH || (query[2] ?? 0) & 0x80) return undefined // not a query
    const opcode = ((query[2] ?? 0) >> 3) & 0x0f
    if (opcode !== 0) return encodeResponse(query, undefined, { rcode: RCODE.NOTIMP, answers: [], authority: [] })
    const question = query.readUInt16BE(4) === 1 ? parseQuestion(query) : undefined
    if (!question) return encodeResponse(query, undefined, { rcode: RCODE.FORMERR, answers: [], authority: [] })
    const plain = unescapeName(question.name).slice(0, -1)
    this.queries.push({ name: plain, type: TYPE_NAMES[question.type] ?? String(question.type) })
    const fault = this.fault && (!this.fault.names || this.fault.names.includes(plain)) ? this.fault.kind : undefined
    if (fault === 'timeout') return undefined
    const resolution: Resolution = fault
      ? { rcode: FAULT_RCODE[fault], answers: [], authority: [] }
      : question.class !== CLASS_IN || !(question.type in TYPE_NAMES)
        ? { rcode: RCODE.NOTIMP, answers: [], authority: [] }
        : resolve(this.state, question.name, question.type)
    return encodeResponse(query, question, resolution)
  }
}

/**
 * What public DNS answers. NS: the delegation, i.e. the NS records at the name in the zone that
 * holds its parent (so a parent pointing elsewhere shows), or a parentless zone's own apex NS.
 * Other types (CAA, CNAME): the records in the most specific public zone resolvers reach (delegated
 * ones only), so a record in a zone that is not delegated, or in a parent zone below which a child zone
 * is delegated, is not seen. A CNAME question is answered with the CNAME itself, not followed.
 */
function resolve(state: SimState, name: string, type: number): Resolution {
  const parent = name.slice(name.indexOf('.') + 1)
  const zone =
    (type === TYPE.NS && parent !== '' ? authoritativeZone(state, parent) : undefined) ?? authoritativeZone(state, name)
  if (!zone) {
    const exists = name === '.' || state.zones.some((z) => !z.privateZone && z.delegated && isWithin(z.name, name))
    return { rcode: exists ? RCODE.NOERROR : RCODE.NXDOMAIN, answers: [], authority: [] }
  }
  const records = recordsAt(zone, name)
  const negative = { answers: [], authority: soaOf(zone) }
  if (!records) return { rcode: RCODE.NXDOMAIN, ...negative }
  const answers = records
    .filter((r) => r.type === TYPE_NAMES[type])
    .flatMap((r) => r.values.map((v) => answerRecord(type, r.ttl, v)))
  return answers.length > 0 ? { rcode: RCODE.NOERROR, answers, authority: [] } : { rcode: RCODE.NOERROR, ...negative }
}

/** The records owned by the name, with wildcard synthesis (RFC 4592); undefined if the name does not exist. */
function recordsAt(zone: HostedZone, name: string): RecordSet[] | undefined {
  const exists = (n: string): boolean =>
    n === zone.name || zone.records.some((r) => r.name === n || r.name.endsWith(`.${n}`))
  if (exists(name)) return zone.records.filter((r) => r.name === name)
  let encloser = name
  while (encloser !== zone.name && !exists(encloser)) encloser = encloser.slice(encloser.indexOf('.') + 1)
  const source = `${route53Name('*')}${encloser}`
  return exists(source) ? zone.records.filter((r) => r.name === source) : undefined
}

/** The zone's SOA for a negative answer (RFC 2308 §3), TTL capped at its minimum field. */
function soaOf(zone: HostedZone): ResourceRecord[] {
  const soa = zone.records.find((r) => r.type === 'SOA' && r.name === zone.name)
  const fields = soa?.values[0]?.split(/\s+/) ?? []
  if (!soa || fields.length !== 7) return []
  const [mname = '', rname = '', ...numbers] = fields
  const counters = Buffer.alloc(20)
  numbers.forEach((n, i) => counters.writeUInt32BE(Number(n) >>> 0, i * 4))
  const ttl = Math.min(soa.ttl, Number(numbers[4]))
  return [
    { name: zone.name, type: TYPE.SOA, ttl, rdata: Buffer.concat([encodeName(mname), encodeName(rname), counters]) }
  ]
}

/** RDATA: CAA per RFC 8659; NS and CNAME are a domain name (RFC 1035 §3.3.11 NSDNAME, §3.3.1 CNAME). */
function answerRecord(type: number, ttl: number, value: string): ResourceRecord {
  return { name: undefined, type, ttl, rdata: type === TYPE.CAA ? caaRdata(value) : encodeName(route53Name(value)) }
}

/** Route 53 presentation `0 issue "amazon.com"` → RFC 8659 §4.1 RDATA: flags, tag length, tag, value. */
function caaRdata(value: string): Buffer {
  const match = /^(\d+)\s+([A-Za-z0-9]+)\s+(.*)$/.exec(value.trim())
  const [, flags = '0', tag = '', raw = ''] = match ?? []
  const quoted = /^"(.*)"$/.exec(raw)
  const text = quoted ? (quoted[1] ?? '').replace(/\\(.)/g, '$1') : raw
  return Buffer.concat([
    Buffer.from([Number(flags) & 0xff, tag.length]),
    Buffer.from(tag, 'ascii'),
    Buffer.from(text, 'utf8')
  ])
}

function parseQuestion(query: Buffer): Question | undefined {
  const labels: string[] = []
  let offset = HEADER_LENGTH
  for (;;) {
    const length = query[offset]
    if (length === undefined || length > 63) return undefined // truncated, or a pointer where none belongs
    offset += 1
    if (length === 0) break
    labels.push(query.toString('latin1', offset, offset + length))
    offset += length
  }
  if (offset + 4 > query.length) return undefined
  return {
    name: route53Name(labels.join('.')),
    type: query.readUInt16BE(offset),
    class: query.readUInt16BE(offset + 2),
    end: offset + 4
  }
}

/** Route 53 form (`\052` escapes, trailing dot) → wire labels. */
function encodeName(name: string): Buffer {
  const labels = unescapeName(name)
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l !== '')
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])),
    Buffer.from([0])
  ])
}

function encodeRecord(record: ResourceRecord): Buffer {
  const fixed = Buffer.alloc(10)
  fixed.writeUInt16BE(record.type, 0)
  fixed.writeUInt16BE(CLASS_IN, 2)
  fixed.writeUInt32BE(record.ttl >>> 0, 4)
  fixed.writeUInt16BE(record.rdata.length, 8)
  return Buffer.concat([
    record.name === undefined ? QUESTION_NAME_POINTER : encodeName(record.name),
    fixed,
    record.rdata
  ])
}

function encodeResponse(query: Buffer, question: Question | undefined, resolution: Resolution): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH)
  query.copy(header, 0, 0, 2) // id
  const recursionDesired = (query[2] ?? 0) & 0x01
  header[2] = 0x80 | ((query[2] ?? 0) & 0x78) | recursionDesired // QR, opcode, RD
  header[3] = 0x80 | resolution.rcode // RA
  header.writeUInt16BE(question ? 1 : 0, 4)
  header.writeUInt16BE(resolution.answers.length, 6)
  header.writeUInt16BE(resolution.authority.length, 8)
  const questionBytes = question ? query.subarray(HEADER_LENGTH, question.end) : Buffer.alloc(0)
  return Buffer.concat([header, questionBytes, ...[...resolution.answers, ...resolution.authority].map(encodeRecord)])
}
