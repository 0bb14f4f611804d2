// A UDP relay in front of the simulator's DNS responder that holds every answer back by a round trip
// and logs each query with its start and end, like the simulator's request log: the pre-flight DNS
// queries then cost what they cost on a network and show in the critical path (sim/timing.ts).
import { createSocket, type Socket } from 'node:dgram'
import type { AddressInfo } from 'node:net'
import type { TimedCall } from '../sim/index.js'

export interface DnsRelay {
  /** host:port, for the dns-resolvers input. */
  readonly address: string
  /** One entry per query: service 'dns', operation `<TYPE> <name>`, real monotonic start and end. */
  readonly queries: TimedCall[]
  stop(): Promise<void>
}

const TYPES: Record<number, string> = { 2: 'NS', 6: 'SOA', 257: 'CAA' }

/** `<TYPE> <name>` of the query's question (RFC 1035 §4.1.2), for the log. */
function describeQuestion(message: Buffer): string {
  const labels: string[] = []
  let at = 12
  while (at < message.length) {
    const length = message[at] ?? 0
    if (length === 0) break
    labels.push(message.subarray(at + 1, at + 1 + length).toString('latin1'))
    at += 1 + length
  }
  const type = message.readUInt16BE(Math.min(at + 1, message.length - 2))
  return `${TYPES[type] ?? `TYPE${type}`} ${labels.join('.')}`
}

export async function startDnsRelay(upstream: string, latencyMs: number): Promise<DnsRelay> {
  const [host = '127.0.0.1', port = '53'] = upstream.split(':')
  const socket: Socket = createSocket('udp4')
  const queries: TimedCall[] = []
  const open = new Set<Socket>()
  socket.on('message', (message, client) => {
    const entry: TimedCall = { service: 'dns', operation: describeQuestion(message), startMs: performance.now() }
    queries.push(entry)
    const forward = createSocket('udp4')
    open.add(forward)
    forward.on('message', (answer) => {
      const elapsed = performance.now() - (entry.startMs ?? 0)
      setTimeout(
        () => {
          entry.endMs = performance.now()
          socket.send(answer, client.port, client.address)
          forward.close()
          open.delete(forward)
        },
        Math.max(0, latencyMs - elapsed)
      )
    })
    forward.send(message, Number(port), host)
  })
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    queries,
    stop: async () => {
      for (const s of open) s.close()
      await new Promise<void>((resolve) => socket.close(() => resolve()))
    }
  }
}
