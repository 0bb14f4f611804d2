// The case a plain AWS-compatible emulator supports too (no OIDC, no scripted faults): request a
// certificate with ambient keys, write its validation records, return without waiting.
// By default it runs against the simulator; E2E_AWS_ENDPOINT_URL=http://127.0.0.1:4566 points the
// same test at an external endpoint instead (e.g. LocalStack), with keys from E2E_AWS_ACCESS_KEY_ID
// and E2E_AWS_SECRET_ACCESS_KEY (default test/test).
import { CreateHostedZoneCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53'
import { Simulator } from '../../sim/index.js'
import { runAction } from '../../sim/runner.js'
import { externalEndpoint } from './world.js'

interface Target {
  env: Record<string, string>
  createPublicZone(name: string): Promise<string>
  stop(): Promise<void>
}

const keys = {
  accessKeyId: process.env['E2E_AWS_ACCESS_KEY_ID'] ?? 'test',
  secretAccessKey: process.env['E2E_AWS_SECRET_ACCESS_KEY'] ?? 'test'
}

async function startTarget(): Promise<Target> {
  const credentialsEnv = {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_REGION: 'us-east-1'
  }
  if (externalEndpoint) {
    const route53 = new Route53Client({ endpoint: externalEndpoint, region: 'us-east-1', credentials: keys })
    return {
      env: { ...credentialsEnv, AWS_ENDPOINT_URL: externalEndpoint },
      createPublicZone: async (name) => {
        const out = await route53.send(
          new CreateHostedZoneCommand({ Name: name, CallerReference: `e2e-${Date.now()}` })
        )
        return (out.HostedZone?.Id ?? '').replace('/hostedzone/', '')
      },
      stop: async () => route53.destroy()
    }
  }
  const sim = await Simulator.start({ issuanceDelayMs: 500 })
  sim.addStaticCredentials({ ...keys, accountId: '333333333333' })
  const { ACTIONS_ID_TOKEN_REQUEST_URL: _u, ACTIONS_ID_TOKEN_REQUEST_TOKEN: _t, ...endpoints } = sim.env()
  return {
    env: { ...credentialsEnv, ...endpoints },
    createPublicZone: async (name) => sim.addHostedZone({ accountId: '333333333333', name }),
    stop: () => sim.stop()
  }
}

let target: Target
afterEach(async () => target?.stop())

it(`requests a certificate and writes its validation record with ambient keys (${externalEndpoint ?? 'simulator'})`, async () => {
  target = await startTarget()
  const zone = `portable-${Date.now()}.example.org`
  const zoneId = await target.createPublicZone(zone)
  const result = await runAction({
    inputs: { 'domain-name': `www.${zone}`, wait: 'false' },
    env: target.env,
    killAfterMs: 60_000
  })

  expect(result.exitCode).toBe(0)
  expect(result.outputs['certificate-arn']).toMatch(/^arn:aws:acm:us-east-1:\d{12}:certificate\//)
  expect(['PENDING_VALIDATION', 'ISSUED']).toContain(result.outputs['status'])
  const written = JSON.parse(result.outputs['validation-records'] ?? '[]') as {
    name: string
    value: string
    hostedZoneId: string
  }[]
  expect(written).toHaveLength(1)
  expect(written[0]?.hostedZoneId).toBe(zoneId)

  const route53 = new Route53Client({
    endpoint: target.env['AWS_ENDPOINT_URL_ROUTE_53'] ?? target.env['AWS_ENDPOINT_URL'] ?? '',
    region: 'us-east-1',
    credentials: keys
  })
  const { ResourceRecordSets = [] } = await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }))
  route53.destroy()
  expect(
    ResourceRecordSets.filter((r) => r.Type === 'CNAME').map((r) => [r.Name, r.ResourceRecords?.[0]?.Value])
  ).toEqual([[written[0]?.name, written[0]?.value]])
})
