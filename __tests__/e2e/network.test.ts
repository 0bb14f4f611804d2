// Proxies, partitions and Regions end to end, through dist/index.js. The proxy resolves names the
// runner cannot (aws.sim.test, oidc.sim.test), so a call to them succeeds only through the proxy.
import { EXAMPLE, explain, roles, startWorld, visibleLog, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

const HOSTS = { 'aws.sim.test': '127.0.0.1', 'oidc.sim.test': '127.0.0.1' }

function ok(result: Awaited<ReturnType<World['run']>>): void {
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
}

/** The simulator's endpoints under names only the proxy resolves; `direct` services keep 127.0.0.1. */
function endpointsBehindProxy(w: World, direct: ('sts' | 'oidc')[] = []): Record<string, string> {
  const env = w.sim.env()
  const port = new URL(w.sim.url).port
  const aws = `http://aws.sim.test:${port}`
  return {
    AWS_ENDPOINT_URL_ACM: aws,
    AWS_ENDPOINT_URL_ROUTE_53: aws,
    AWS_ENDPOINT_URL_STS: direct.includes('sts') ? env.AWS_ENDPOINT_URL_STS : aws,
    ACTIONS_ID_TOKEN_REQUEST_URL: direct.includes('oidc')
      ? env.ACTIONS_ID_TOKEN_REQUEST_URL
      : env.ACTIONS_ID_TOKEN_REQUEST_URL.replace('127.0.0.1', 'oidc.sim.test')
  }
}

describe('HTTP proxy', () => {
  it.each([
    ['HTTPS_PROXY / HTTP_PROXY', (url: string) => ({ env: { HTTPS_PROXY: url, HTTP_PROXY: url } })],
    ['https_proxy / http_proxy (lower case)', (url: string) => ({ env: { https_proxy: url, http_proxy: url } })],
    ['the http-proxy input', (url: string) => ({ inputs: { 'http-proxy': url } })]
  ])('sends every AWS call and the OIDC token request through %s', async (_how, setting) => {
    world = await startWorld({ proxy: { hosts: HOSTS } })
    const { env = {}, inputs = {} } = setting(world.sim.proxy.url) as {
      env?: Record<string, string>
      inputs?: Record<string, string>
    }
    const result = await world.run(
      { 'domain-name': 'example.com', ...roles, ...inputs },
      { env: { ...endpointsBehindProxy(world), ...env } }
    )
    ok(result)
    const simCalls = world.sim.requests.length
    const proxied = world.sim.proxy.requests
    expect(simCalls).toBeGreaterThan(5)
    expect(proxied).toHaveLength(simCalls)
    expect(proxied.every((r) => r.status === 200 && r.host.endsWith('.sim.test'))).toBe(true)
    expect(proxied.filter((r) => r.host === 'oidc.sim.test').length).toBe(world.sim.calls('oidc'))
    expect(world.sim.calls('oidc')).toBe(2)
    expect(visibleLog(result)).toMatch(/Proxy: https via http:\/\/127\.0\.0\.1:\d+, http via http:\/\/127\.0\.0\.1:\d+/)
  })

  it('goes straight to NO_PROXY hosts, and through the proxy to the rest', async () => {
    world = await startWorld({ proxy: { hosts: HOSTS } })
    const url = world.sim.proxy.url
    const result = await world.run(
      { 'domain-name': 'example.com', ...roles },
      { env: { ...endpointsBehindProxy(world, ['sts']), HTTP_PROXY: url, HTTPS_PROXY: url, NO_PROXY: '127.0.0.1' } }
    )
    ok(result)
    const stsCalls = world.sim.calls('sts')
    expect(stsCalls).toBe(2)
    expect(world.sim.proxy.requests.filter((r) => r.host === '127.0.0.1')).toEqual([])
    expect(world.sim.proxy.requests).toHaveLength(world.sim.requests.length - stsCalls)
  })

  it('gets nowhere when the proxy refuses (no call reaches AWS around it)', async () => {
    world = await startWorld({ proxy: { hosts: HOSTS, auth: { username: 'u', password: 'p' } } })
    const url = world.sim.proxy.url
    const result = await world.run(
      { 'domain-name': 'example.com', ...roles },
      { env: { ...endpointsBehindProxy(world, ['oidc']), HTTPS_PROXY: url, HTTP_PROXY: url } }
    )
    expect(result.exitCode).toBe(1)
    expect(world.sim.calls('sts')).toBe(0)
    expect(world.sim.calls('acm')).toBe(0)
    expect(world.sim.proxy.requests.length).toBeGreaterThan(0)
    expect(world.sim.proxy.requests.every((r) => r.status === 407)).toBe(true)
  })
})

describe('partitions and Regions', () => {
  it.each([
    ['aws-us-gov', 'us-gov-west-1'],
    ['aws-eusc', 'eusc-de-east-1']
  ])('accepts role ARNs of partition %s in %s', async (partition, region) => {
    world = await startWorld()
    const certificateRole = `arn:${partition}:iam::${EXAMPLE.certificateAccount}:role/certs`
    const dnsRole = `arn:${partition}:iam::${EXAMPLE.dnsAccount}:role/dns`
    const trust = { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] }
    world.sim.addRole({ arn: certificateRole, trust })
    world.sim.addRole({ arn: dnsRole, trust })
    const result = await world.run({
      'domain-name': 'example.com',
      'aws-region': region,
      'role-to-assume': certificateRole,
      'dns-role-to-assume': dnsRole
    })
    ok(result)
    expect(world.sim.requests.find((r) => r.operation === 'RequestCertificate')?.region).toBe(region)
  })

  it('refuses a role ARN of another partition than the Region, before any call', async () => {
    world = await startWorld()
    const result = await world.run({
      'domain-name': 'example.com',
      'aws-region': 'us-east-1',
      'role-to-assume': `arn:aws-us-gov:iam::${EXAMPLE.certificateAccount}:role/certs`
    })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=Invalid input::Input 'role-to-assume' .* is in partition aws-us-gov, but Region us-east-1 is in partition aws/
    )
    expect(world.sim.requests).toEqual([])
  })

  it('refuses a typo Region with a suggestion, before any call', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'example.com', 'aws-region': 'us-east-9', ...roles })
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toMatch(
      /::error title=Invalid input::Input 'aws-region' = "us-east-9": .*Did you mean us-east-1/
    )
    expect(world.sim.requests).toEqual([])
  })

  it('warns about a well-formed Region the SDK does not list, and goes on', async () => {
    world = await startWorld()
    const result = await world.run({ 'domain-name': 'example.com', 'aws-region': 'us-east-3', ...roles })
    ok(result)
    expect(result.stdout).toMatch(/::warning title=AWS Region::Region us-east-3 is not in the AWS SDK's Region list/)
  })
})
