// Outbound HTTP proxy for every AWS call: the `http-proxy` input (configure-aws-credentials' name),
// else HTTPS_PROXY / HTTP_PROXY by the scheme of each request, with NO_PROXY exemptions, as curl
// reads them. The decision is a pure function of the settings and the URL; the agents only route
// each connection by it: through HttpsProxyAgent (CONNECT) for https targets, HttpProxyAgent
// (absolute-form requests) for http targets, or straight to the host. No tunnelling is written here.
import * as net from 'node:net'
import * as tls from 'node:tls'
import type * as http from 'node:http'
import type * as https from 'node:https'
import type { Duplex } from 'node:stream'
import { Agent, type AgentConnectOpts } from 'agent-base'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'

export type Env = Readonly<Record<string, string | undefined>>

/** One NO_PROXY entry, normalized (lower case, no leading dot or `*.`, no brackets). */
export interface NoProxyEntry {
  /** A host name suffix, an IP address, or a CIDR block (`10.0.0.0/8`). `*` matches every host. */
  readonly host: string
  /** Only this port is exempt (`host:port`); undefined: every port. */
  readonly port: number | undefined
}

export interface ProxySettings {
  /** Proxy for https:// targets. */
  readonly httpsProxy: URL | undefined
  /** Proxy for http:// targets. */
  readonly httpProxy: URL | undefined
  readonly noProxy: readonly NoProxyEntry[]
  /** Where the proxies came from, for the log: "input http-proxy", "env HTTPS_PROXY", ... */
  readonly source: string
}

/** `proxy:3128` and `http://proxy:3128` are both accepted, as curl and @actions/http-client accept them. */
export function parseProxyUrl(value: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw new Error('is not a URL: expected http://host:port, with a port from 1 to 65535')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    const scheme = url.protocol.slice(0, -1)
    throw new Error(`proxy ${redactProxyUrl(url)} uses ${scheme}; only http:// and https:// proxies are supported`)
  }
  return url
}

/**
 * A proxy value as given (it may not parse) with everything between the scheme and the last `@`
 * (user name, password, even one holding `/` or `@`) and any query written as ***, for error messages.
 */
export function redactProxyInput(value: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? ''
  const rest = value.slice(scheme.length)
  const at = rest.lastIndexOf('@')
  return scheme + (at < 0 ? rest : `***@${rest.slice(at + 1)}`).replace(/\?.*$/, '?***')
}

/** The proxy URL without its user name and password, for log lines. */
export function redactProxyUrl(url: URL): string {
  return `${url.protocol}//${url.username || url.password ? '***@' : ''}${url.host}`
}

/** Lower case wins over upper case (curl, the AWS CLI); an empty value counts as unset. */
function envValue(env: Env, name: string): { name: string; value: string } | undefined {
  for (const key of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[key]?.trim()
    if (value) return { name: key, value }
  }
  return undefined
}

/**
 * The proxy settings of this run, or undefined when no proxy applies. `input` (the http-proxy input)
 * serves both schemes and takes precedence over the environment; NO_PROXY applies either way.
 * Throws on a proxy URL that does not parse.
 */
export function proxySettings(input: string | undefined, env: Env): ProxySettings | undefined {
  const noProxy = parseNoProxy(envValue(env, 'no_proxy')?.value ?? '')
  if (input !== undefined && input.trim() !== '') {
    const url = parseProxyUrl(input.trim())
    return { httpsProxy: url, httpProxy: url, noProxy, source: 'input http-proxy' }
  }
  const https = envValue(env, 'https_proxy')
  const http = envValue(env, 'http_proxy')
  if (https === undefined && http === undefined) return undefined
  return {
    httpsProxy: https && parseProxyUrl(https.value),
    httpProxy: http && parseProxyUrl(http.value),
    noProxy,
    source: [https, http].flatMap((found) => (found ? [`env ${found.name}`] : [])).join(', ')
  }
}

/** NO_PROXY as curl reads it: entries separated by commas (or white space), case-insensitive. */
export function parseNoProxy(value: string): NoProxyEntry[] {
  return value
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      let host = entry.toLowerCase()
      let port: number | undefined
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host)
      const withPort = /^([^:]+):(\d+)$/.exec(host)
      if (bracketed) {
        host = bracketed[1] ?? host
        port = bracketed[2] === undefined ? undefined : Number(bracketed[2])
      } else if (withPort) {
        host = withPort[1] ?? host
        port = Number(withPort[2])
      }
      if (host.startsWith('*.')) host = host.slice(2)
      else if (host.startsWith('.')) host = host.slice(1)
      return { host: host.replace(/\.$/, ''), port }
    })
}

/** True when NO_PROXY exempts `hostname:port`: `*`, the host itself or a parent domain, an IP or CIDR block. */
export function isNoProxyHost(hostname: string, port: number, entries: readonly NoProxyEntry[]): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
  const hostIp = net.isIP(host)
  return entries.some((entry) => {
    if (entry.port !== undefined && entry.port !== port) return false
    if (entry.host === '*') return true
    const slash = entry.host.indexOf('/')
    if (slash > 0) return hostIp !== 0 && inCidr(host, hostIp, entry.host.slice(0, slash), entry.host.slice(slash + 1))
    if (net.isIP(entry.host) !== 0) return hostIp !== 0 && sameIp(host, entry.host)
    return host === entry.host || host.endsWith(`.${entry.host}`)
  })
}

function sameIp(a: string, b: string): boolean {
  const list = new net.BlockList()
  list.addAddress(b, net.isIP(b) === 6 ? 'ipv6' : 'ipv4')
  return list.check(a, net.isIP(a) === 6 ? 'ipv6' : 'ipv4')
}

function inCidr(host: string, hostFamily: number, network: string, prefixText: string): boolean {
  const family = net.isIP(network)
  const prefix = Number(prefixText)
  if (family === 0 || !/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128)) return false
  const list = new net.BlockList()
  list.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6')
  return list.check(host, hostFamily === 6 ? 'ipv6' : 'ipv4')
}

/** The proxy a request to `url` goes through, or undefined to connect directly. */
export function proxyFor(url: URL, settings: ProxySettings | undefined): URL | undefined {
  if (settings === undefined) return undefined
  const secure = url.protocol === 'https:'
  const proxy = secure ? settings.httpsProxy : settings.httpProxy
  if (proxy === undefined) return undefined
  const port = url.port ? Number(url.port) : secure ? 443 : 80
  return isNoProxyHost(url.hostname, port, settings.noProxy) ? undefined : proxy
}

/** Routes each connection by `proxyFor`: one proxy agent per proxy URL, kept for reuse. */
class RoutingAgent extends Agent {
  private readonly proxied = new Map<string, Agent>()

  constructor(private readonly settings: ProxySettings) {
    super({ keepAlive: true })
  }

  override connect(_req: http.ClientRequest, opts: AgentConnectOpts): Duplex | http.Agent {
    const host = opts.host ?? 'localhost'
    const target = new URL(`${opts.secureEndpoint ? 'https' : 'http'}://${net.isIPv6(host) ? `[${host}]` : host}`)
    target.port = String(opts.port)
    const proxy = proxyFor(target, this.settings)
    if (proxy === undefined) {
      if (!opts.secureEndpoint) return net.connect(opts)
      // SNI for a host name, as https.Agent sends it (never for an IP address).
      const servername = opts.servername ?? (net.isIP(host) === 0 ? host : undefined)
      return tls.connect(servername === undefined ? opts : { ...opts, servername })
    }
    const key = `${opts.secureEndpoint ? 'CONNECT' : 'forward'} ${proxy.href}`
    let agent = this.proxied.get(key)
    if (agent === undefined) {
      // No keep-alive for absolute-form requests: HttpProxyAgent rewrites the request line only when it
      // connects, so a request handed over on a reused socket would go out in origin-form.
      agent = opts.secureEndpoint
        ? new HttpsProxyAgent(proxy, { keepAlive: true })
        : new HttpProxyAgent(proxy, { keepAlive: false })
      this.proxied.set(key, agent)
    }
    return agent
  }

  override destroy(): void {
    this.proxied.forEach((agent) => agent.destroy())
    super.destroy()
  }
}

/** What NodeHttpHandler takes (httpAgent, httpsAgent), or undefined when no proxy applies. */
export function proxyAgents(
  settings: ProxySettings | undefined
): { httpAgent: http.Agent; httpsAgent: https.Agent } | undefined {
  if (settings === undefined) return undefined
  // agent-base agents serve both schemes (the request's protocol decides); NodeHttpHandler types httpsAgent as https.Agent.
  return { httpAgent: new RoutingAgent(settings), httpsAgent: new RoutingAgent(settings) as unknown as https.Agent }
}

/** One line for the log, without proxy credentials. */
export function describeProxy(settings: ProxySettings): string {
  const parts = [
    settings.httpsProxy && `https via ${redactProxyUrl(settings.httpsProxy)}`,
    settings.httpProxy && `http via ${redactProxyUrl(settings.httpProxy)}`
  ].filter((part) => part !== undefined)
  const exempt = settings.noProxy.length > 0 ? `; NO_PROXY: ${settings.noProxy.map(describeEntry).join(', ')}` : ''
  return `${parts.join(', ')} (${settings.source})${exempt}`
}

function describeEntry(entry: NoProxyEntry): string {
  return entry.port === undefined ? entry.host : `${entry.host}:${entry.port}`
}

/**
 * What the OIDC token request needs to take the http-proxy input too: @actions/http-client (behind
 * core.getIDToken) reads only https_proxy/http_proxy (lower case first). Empty when the proxy came
 * from those variables already, or there is none.
 */
export function proxyEnvForToolkit(settings: ProxySettings | undefined): Record<string, string> {
  if (settings?.source !== 'input http-proxy' || settings.httpsProxy === undefined) return {}
  return { https_proxy: settings.httpsProxy.href, http_proxy: settings.httpsProxy.href }
}

/** The user name and password of the proxy URLs (decoded), to mask in the log. */
export function proxySecrets(settings: ProxySettings | undefined): string[] {
  const urls = [settings?.httpsProxy, settings?.httpProxy].filter((url) => url !== undefined)
  return [...new Set(urls.flatMap((url) => [url.username, url.password]).filter((part) => part !== ''))].flatMap(
    (part) => [part, decodeURIComponent(part)]
  )
}
