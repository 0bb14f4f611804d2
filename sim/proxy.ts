// A forward HTTP proxy for tests, on 127.0.0.1: absolute-form requests (`GET http://host:port/path`,
// RFC 9112 §3.2.2) are forwarded, CONNECT host:port (RFC 9110 §9.3.6) opens a tunnel. It forwards only to
// loopback targets (the simulator), optionally demands Basic proxy credentials (407 with
// Proxy-Authenticate, RFC 9110 §11.7.1), and records everything it was asked to do.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Duplex } from 'node:stream'

export interface ProxyLogEntry {
  /** The request method, or CONNECT for a tunnel. */
  method: string
  host: string
  port: number
  /** Path and query of an absolute-form request; undefined for CONNECT. */
  path?: string
  /** What the proxy answered: 200 for an established tunnel, the upstream status, 407, 403 or 502. */
  status: number
}

export interface ProxyOptions {
  /** Require `Proxy-Authorization: Basic base64(username:password)`. */
  auth?: { username: string; password: string }
  /**
   * Names only the proxy resolves, to a loopback address (a proxy's own hosts file): a client behind
   * the proxy sends it the name (the request target of an absolute-form request or of CONNECT,
   * RFC 9112 §3.2.2 and §3.2.3) and the proxy connects to the host (RFC 9110 §9.3.6), so a call to
   * such a name can only succeed through the proxy.
   */
  hosts?: Record<string, string>
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  407: 'Proxy Authentication Required',
  502: 'Bad Gateway'
}

const LOOPBACK = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)

export class ForwardProxy {
  /** Every request received, in arrival order. */
  readonly requests: ProxyLogEntry[] = []
  private readonly tunnels = new Set<Duplex>()

  private constructor(
    private readonly server: Server,
    private readonly options: ProxyOptions
  ) {}

  static async start(options: ProxyOptions = {}): Promise<ForwardProxy> {
    const server = createServer()
    const proxy = new ForwardProxy(server, options)
    server.on('request', (req, res) => proxy.forward(req, res))
    server.on('connect', (req: IncomingMessage, socket: Duplex, head: Buffer) => proxy.tunnel(req, socket, head))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return proxy
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  /** The conventional proxy variables, pointing at this proxy. */
  env(): { HTTP_PROXY: string; HTTPS_PROXY: string } {
    return { HTTP_PROXY: this.url, HTTPS_PROXY: this.url }
  }

  async stop(): Promise<void> {
    for (const socket of this.tunnels) socket.destroy()
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  /** 407 without the right credentials, 403 for a target off loopback; undefined when allowed. */
  private refusal(req: IncomingMessage, host: string): number | undefined {
    const { auth } = this.options
    if (auth) {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`
      if (req.headers['proxy-authorization'] !== expected) return 407
    }
    return LOOPBACK(this.resolve(host)) ? undefined : 403
  }

  /** The address the proxy connects to for a requested host (its hosts option, else the host itself). */
  private resolve(host: string): string {
    return this.options.hosts?.[host.toLowerCase()] ?? host
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    let target: URL
    try {
      target = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end('a proxy needs an absolute-form request target')
      return
    }
    const host = target.hostname.replace(/^\[|\]$/g, '')
    const entry: ProxyLogEntry = {
      method: req.method ?? 'GET',
      host,
      port: Number(target.port || 80),
      path: `${target.pathname}${target.search}`,
      status: 0
    }
    this.requests.push(entry)
    const refused = this.refusal(req, host)
    if (refused) {
      entry.status = refused
      res.writeHead(refused, refused === 407 ? { 'proxy-authenticate': 'Basic realm="sim"' } : {}).end()
      return
    }
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const upstream = httpRequest(
      { host: this.resolve(host), port: entry.port, method: entry.method, path: entry.path, headers },
      (answer) => {
        entry.status = answer.statusCode ?? 502
        res.writeHead(entry.status, answer.headers)
        answer.pipe(res)
      }
    )
    upstream.on('error', () => {
      entry.status = 502
      if (!res.headersSent) res.writeHead(502).end()
      else res.destroy()
    })
    req.pipe(upstream)
  }

  private tunnel(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const match = /^\[?([^\]]+?)\]?:(\d+)$/.exec(req.url ?? '')
    const host = match?.[1] ?? ''
    const entry: ProxyLogEntry = { method: 'CONNECT', host, port: Number(match?.[2] ?? 0), status: 0 }
    this.requests.push(entry)
    const answer = (status: number, extra = ''): void => {
      entry.status = status
      client.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n${extra}\r\n`)
    }
    const refused = match ? this.refusal(req, host) : 400
    if (refused) return answer(refused, refused === 407 ? 'Proxy-Authenticate: Basic realm="sim"\r\n' : '')
    this.tunnels.add(client)
    const upstream: Socket = connect(entry.port, this.resolve(host), () => {
      entry.status = 200
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    this.tunnels.add(upstream)
    const close = (): void => {
      this.tunnels.delete(client)
      this.tunnels.delete(upstream)
    }
    upstream.on('error', () => {
      if (entry.status === 0) answer(502)
      else client.destroy()
    })
    client.on('error', () => upstream.destroy())
    client.on('close', close)
    upstream.on('close', () => client.end())
  }
}

/** Start a forward proxy on 127.0.0.1 (stop it with `stop()`). */
export function startProxy(options: ProxyOptions = {}): Promise<ForwardProxy> {
  return ForwardProxy.start(options)
}
