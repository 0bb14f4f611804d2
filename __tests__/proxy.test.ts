// Proxy settings (http-proxy input, HTTPS_PROXY/HTTP_PROXY/NO_PROXY in either case) as pure
// decisions, then the agents under a real SDK client and a real forward proxy: which requests went
// through it (absolute-form for http, CONNECT for https) and which went straight to the host.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import {
  describeProxy,
  isNoProxyHost,
  parseNoProxy,
  proxyAgents,
  proxyFor,
  proxySettings,
  redactProxyUrl
} from '../src/proxy.js'
import { startProxy, type ForwardProxy } from '../sim/proxy.js'

describe('proxySettings', () => {
  it('is undefined with no input and no proxy variable', () => {
    expect(proxySettings(undefined, {})).toBeUndefined()
    expect(proxySettings('', { HTTPS_PROXY: '  ', NO_PROXY: 'example.com' })).toBeUndefined()
  })

  it('takes HTTPS_PROXY for https and HTTP_PROXY for http, lower case winning over upper case', () => {
    const settings = proxySettings(undefined, {
      HTTPS_PROXY: 'http://upper-s:1',
      https_proxy: 'http://lower-s:2',
      HTTP_PROXY: 'http://upper:3'
    })
    expect(settings?.httpsProxy?.host).toBe('lower-s:2')
    expect(settings?.httpProxy?.host).toBe('upper:3')
    expect(settings?.source).toBe('env https_proxy, env HTTP_PROXY')
  })

  it('does not send https through HTTP_PROXY (curl: each scheme has its own variable)', () => {
    const settings = proxySettings(undefined, { http_proxy: 'proxy:3128' })
    expect(proxyFor(new URL('https://sts.amazonaws.com'), settings)).toBeUndefined()
    expect(proxyFor(new URL('http://sts.amazonaws.com'), settings)?.href).toBe('http://proxy:3128/')
  })

  it('lets the http-proxy input serve both schemes over the environment, NO_PROXY still applying', () => {
    const settings = proxySettings('corp-proxy:8080', { HTTPS_PROXY: 'http://env:1', no_proxy: '.internal' })
    expect(settings?.source).toBe('input http-proxy')
    expect(proxyFor(new URL('https://acm.us-east-1.amazonaws.com'), settings)?.host).toBe('corp-proxy:8080')
    expect(proxyFor(new URL('http://127.0.0.1:9000'), settings)?.host).toBe('corp-proxy:8080')
    expect(proxyFor(new URL('https://sts.eu.internal'), settings)).toBeUndefined()
  })

  it('refuses a proxy scheme it cannot speak', () => {
    expect(() => proxySettings('socks5://proxy:1080', {})).toThrow(
      'proxy socks5://proxy:1080 uses socks5; only http:// and https:// proxies are supported'
    )
  })

  it('never shows proxy credentials', () => {
    const settings = proxySettings('http://user:s3cret@proxy:3128', {})
    expect(settings && describeProxy(settings)).toBe(
      'https via http://***@proxy:3128, http via http://***@proxy:3128 (input http-proxy)'
    )
    expect(redactProxyUrl(new URL('http://proxy:3128'))).toBe('http://proxy:3128')
  })
})

describe('NO_PROXY (curl rules)', () => {
  const cases: [string, string, number, boolean][] = [
    ['*', 'anything.example', 443, true],
    ['example.com', 'example.com', 443, true],
    ['example.com', 'sts.example.com', 443, true],
    ['example.com', 'badexample.com', 443, false],
    ['.example.com', 'example.com', 443, true],
    ['.example.com', 'a.b.example.com', 443, true],
    ['*.example.com', 'a.example.com', 443, true],
    ['EXAMPLE.com', 'Sts.Example.COM.', 443, true],
    ['example.com:8443', 'example.com', 443, false],
    ['example.com:8443', 'example.com', 8443, true],
    ['10.0.0.0/8', '10.1.2.3', 443, true],
    ['10.0.0.0/8', '11.1.2.3', 443, false],
    ['10.0.0.0/8', 'ten.example', 443, false],
    ['169.254.169.254', '169.254.169.254', 80, true],
    ['::1', '[::1]', 80, true],
    ['[::1]:80', '::1', 80, true],
    ['fd00::/8', 'fd12::5', 443, true],
    ['localhost', '127.0.0.1', 80, false],
    ['a.com, b.com  c.com', 'c.com', 443, true],
    ['', 'example.com', 443, false]
  ]
  it.each(cases)('NO_PROXY=%j exempts %s:%d: %s', (noProxy, host, port, exempt) => {
    expect(isNoProxyHost(host, port, parseNoProxy(noProxy))).toBe(exempt)
  })

  it('reads no_proxy before NO_PROXY', () => {
    const settings = proxySettings(undefined, { HTTPS_PROXY: 'p:1', NO_PROXY: 'upper.test', no_proxy: 'lower.test' })
    expect(proxyFor(new URL('https://lower.test'), settings)).toBeUndefined()
    expect(proxyFor(new URL('https://upper.test'), settings)?.host).toBe('p:1')
  })
})

describe('proxy agents under a real SDK client', () => {
  let target: http.Server
  let proxy: ForwardProxy
  let targetPort: number
  const proxied = (): string[] =>
    proxy.requests.map((r) =>
      r.method === 'CONNECT' ? `CONNECT ${r.host}:${r.port}` : `${r.method} ${r.host}:${r.port}${r.path ?? ''}`
    )
  const direct: string[] = []

  beforeAll(async () => {
    target = http.createServer((req, res) => {
      direct.push(`${req.headers.host}${req.url}`)
      req.resume()
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' })
        res.end(
          '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
            '<Arn>arn:aws:iam::111111111111:user/ci</Arn><UserId>AIDA</UserId><Account>111111111111</Account>' +
            '</GetCallerIdentityResult></GetCallerIdentityResponse>'
        )
      })
    })
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
    targetPort = (target.address() as AddressInfo).port
    proxy = await startProxy()
  })

  afterAll(async () => {
    await proxy.stop()
    target.closeAllConnections()
    await new Promise((resolve) => target.close(resolve))
  })

  beforeEach(() => {
    proxy.requests.length = 0
    direct.length = 0
  })

  function sts(endpoint: string, env: Record<string, string>): STSClient {
    const agents = proxyAgents(proxySettings(undefined, env))
    return new STSClient({
      region: 'us-east-1',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: new NodeHttpHandler({ ...agents, connectionTimeout: 2000, requestTimeout: 5000 }),
      maxAttempts: 1
    })
  }

  it('sends every http call as an absolute-form request through HTTP_PROXY, one after another', async () => {
    const client = sts(`http://localhost:${targetPort}`, { HTTP_PROXY: proxy.url })
    for (let i = 0; i < 3; i++)
      expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe('111111111111')
    client.destroy()
    // A request handed over on a reused connection would go out in origin-form and the proxy refuse it.
    expect(proxied()).toEqual(Array(3).fill(`POST localhost:${targetPort}/`))
    expect(direct).toEqual(Array(3).fill(`localhost:${targetPort}/`))
  })

  it('goes straight to a NO_PROXY host, and through the proxy to the others', async () => {
    const exempt = sts(`http://localhost:${targetPort}`, { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost' })
    const other = sts(`http://127.0.0.1:${targetPort}`, { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost' })
    await exempt.send(new GetCallerIdentityCommand({}))
    await other.send(new GetCallerIdentityCommand({}))
    exempt.destroy()
    other.destroy()
    expect(proxied()).toEqual([`POST 127.0.0.1:${targetPort}/`])
    expect(direct).toHaveLength(2)
  })

  it('tunnels an https call with CONNECT through HTTPS_PROXY', async () => {
    // A TLS handshake against a plain HTTP server fails; what matters is the tunnel the proxy was asked for.
    const client = sts(`https://127.0.0.1:${targetPort}`, { HTTPS_PROXY: proxy.url })
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toThrow()
    client.destroy()
    expect(proxied()).toEqual([`CONNECT 127.0.0.1:${targetPort}`])
  })
})
