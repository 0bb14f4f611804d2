import { request as httpRequest } from 'node:http'
import { ListCertificatesCommand, ACMClient } from '@aws-sdk/client-acm'
import { ListHostedZonesByNameCommand, Route53Client } from '@aws-sdk/client-route-53'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpProxyAgent } from 'http-proxy-agent'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { startProxy, type ForwardProxy, type SimulatorOptions } from '../../sim/index.js'
import {
  CERT_ACCOUNT,
  DNS_ACCOUNT,
  failure,
  REGION,
  startHarness,
  type World,
  keysOf
} from '../../__fixtures__/world.js'

let h: World
let simPort: number

const clients: { destroy(): void }[] = []

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await h.stop()
})

const start = async (proxy: SimulatorOptions['proxy'] = true): Promise<ForwardProxy> => {
  h = await startHarness({ proxy })
  simPort = Number(new URL(h.sim.url).port)
  return h.sim.proxy
}

/** SDK clients whose HTTP goes through an agent, as the product will configure them. */
const through = (agent: HttpProxyAgent<string> | HttpsProxyAgent<string>) => {
  const requestHandler = new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent })
  const common = (account: string) => ({
    endpoint: h.sim.url,
    region: REGION,
    credentials: keysOf(account),
    maxAttempts: 1,
    requestHandler
  })
  const made = {
    acm: new ACMClient(common(CERT_ACCOUNT)),
    route53: new Route53Client(common(DNS_ACCOUNT)),
    sts: new STSClient(common(CERT_ACCOUNT))
  }
  clients.push(made.acm, made.route53, made.sts)
  return made
}

describe('forward proxy', () => {
  it('forwards absolute-form requests (http-proxy-agent) and records each one', async () => {
    const proxy = await start()
    const { acm, route53 } = through(new HttpProxyAgent(proxy.url))
    await acm.send(new ListCertificatesCommand({}))
    await route53.send(new ListHostedZonesByNameCommand({}))
    expect(proxy.requests).toEqual([
      { method: 'POST', host: '127.0.0.1', port: simPort, path: '/', status: 200 },
      { method: 'GET', host: '127.0.0.1', port: simPort, path: '/2013-04-01/hostedzonesbyname', status: 200 }
    ])
    expect(h.sim.requests.map((r) => r.operation)).toEqual(['ListCertificates', 'ListHostedZonesByName'])
  })

  it('tunnels with CONNECT (https-proxy-agent)', async () => {
    const proxy = await start()
    const { sts, acm } = through(new HttpsProxyAgent(proxy.url))
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity.Account).toBe(CERT_ACCOUNT)
    await acm.send(new ListCertificatesCommand({}))
    expect(proxy.requests.length).toBeGreaterThanOrEqual(1)
    expect(proxy.requests.every((r) => r.method === 'CONNECT' && r.port === simPort && r.status === 200)).toBe(true)
    expect(proxy.requests[0]).toEqual({ method: 'CONNECT', host: '127.0.0.1', port: simPort, status: 200 })
    expect(h.sim.requests.map((r) => r.operation)).toEqual(['GetCallerIdentity', 'ListCertificates'])
  })

  it('demands Basic proxy credentials when configured: 407 without them', async () => {
    const proxy = await start({ auth: { username: 'u', password: 'p@ss' } })
    const bare = through(new HttpProxyAgent(proxy.url))
    const refused = await failure(bare.acm.send(new ListCertificatesCommand({})))
    expect(refused.$metadata?.httpStatusCode).toBe(407)
    await expect(through(new HttpsProxyAgent(proxy.url)).sts.send(new GetCallerIdentityCommand({}))).rejects.toThrow()
    expect(proxy.requests.map((r) => [r.method, r.status])).toEqual([
      ['POST', 407],
      ['CONNECT', 407]
    ])
    expect(h.sim.requests).toHaveLength(0)

    const withAuth = new URL(proxy.url)
    withAuth.username = 'u'
    withAuth.password = encodeURIComponent('p@ss')
    const { acm } = through(new HttpsProxyAgent(withAuth.href))
    await acm.send(new ListCertificatesCommand({}))
    await expect(
      through(new HttpProxyAgent(withAuth.href)).sts.send(new GetCallerIdentityCommand({}))
    ).resolves.toHaveProperty('Account', CERT_ACCOUNT)
    expect(h.sim.requests.map((r) => r.operation)).toEqual(['ListCertificates', 'GetCallerIdentity'])
  })

  it('refuses targets off loopback, and needs { proxy: true } to run', async () => {
    h = await startHarness()
    expect(() => h.sim.proxy).toThrow(/proxy: true/)
    const standalone = await startProxy()
    const status = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(standalone.url)
      const req = httpRequest({ host: '127.0.0.1', port, path: 'http://example.com/x', method: 'GET' }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    expect(status).toBe(403)
    expect(standalone.requests).toEqual([{ method: 'GET', host: 'example.com', port: 80, path: '/x', status: 403 }])
    expect(standalone.env().HTTPS_PROXY).toBe(standalone.url)
    await standalone.stop()
  })

  it('resolves the names of its hosts option itself, for absolute-form and CONNECT: reachable only through it', async () => {
    const proxy = await start({ hosts: { 'aws.sim.test': '127.0.0.1' } })
    const endpoint = `http://aws.sim.test:${simPort}`
    const forward = new ACMClient({
      ...commonThrough(new HttpProxyAgent(proxy.url)),
      endpoint,
      credentials: keysOf(CERT_ACCOUNT)
    })
    const tunnel = new STSClient({
      ...commonThrough(new HttpsProxyAgent(proxy.url)),
      endpoint,
      credentials: keysOf(CERT_ACCOUNT)
    })
    clients.push(forward, tunnel)
    await forward.send(new ListCertificatesCommand({}))
    await expect(tunnel.send(new GetCallerIdentityCommand({}))).resolves.toHaveProperty('Account', CERT_ACCOUNT)
    expect(proxy.requests).toEqual([
      { method: 'POST', host: 'aws.sim.test', port: simPort, path: '/', status: 200 },
      { method: 'CONNECT', host: 'aws.sim.test', port: simPort, status: 200 }
    ])
    const direct = new STSClient({ region: REGION, endpoint, credentials: keysOf(CERT_ACCOUNT), maxAttempts: 1 })
    clients.push(direct)
    await expect(direct.send(new GetCallerIdentityCommand({}))).rejects.toThrow()
  })
})

function commonThrough(agent: HttpProxyAgent<string> | HttpsProxyAgent<string>) {
  return {
    region: REGION,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler({ httpAgent: agent, httpsAgent: agent })
  }
}
