// docs/examples/cloudfront-static-site.yml against the DNS role that docs/iam/cloudformation.yml
// creates: the template is evaluated with the parameters the example's comment names, its trust
// policy becomes the simulator role's trust, an earlier configure-aws-credentials step is played by
// a web-identity session of the deploy role, and the example's own `with:` block runs dist/index.js.
import { readFileSync } from 'node:fs'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { parse } from 'yaml'
import { root } from '../../scripts/metadata.js'
import { evaluator, template } from '../../__fixtures__/cloudformation.js'
import { EXAMPLE, explain, startWorld, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

it('the example runs against the DNS role the CloudFormation template creates for it', async () => {
  const workflow = parse(readFileSync(`${root}/docs/examples/cloudfront-static-site.yml`, 'utf8')) as {
    env: Record<string, string>
    jobs: { deploy: { steps: { id?: string; with?: Record<string, string> }[] } }
  }
  const env = workflow.env
  const deployRole = env['DEPLOY_ROLE_ARN'] ?? ''
  const dnsRole = env['ROUTE53_ROLE_ARN'] ?? ''

  // The stack in the DNS account, as the example's comment says to deploy it.
  const { evaluate, condition } = evaluator(
    {
      GitHubOrg: 'octo-org',
      GitHubRepo: 'octo-repo',
      DomainName: 'example.com',
      HostedZoneId: 'Z0EXAMPLE',
      CreateCertificateRole: 'false',
      CertificateRoleArn: deployRole
    },
    EXAMPLE.dnsAccount
  )
  const resource = template.Resources['DnsRoleChained']
  expect(resource?.Condition !== undefined && condition(resource.Condition)).toBe(true)
  expect(condition('MakeDnsRoleForOidc')).toBe(false)
  const trust = evaluate(resource?.Properties['AssumeRolePolicyDocument']) as {
    Statement: {
      Effect: string
      Principal: { AWS: string }
      Action: string
      Condition?: Record<string, Record<string, string>>
    }[]
  }
  expect(trust.Statement).toHaveLength(1)
  const [statement] = trust.Statement
  expect(statement).toMatchObject({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { AWS: deployRole } })
  const externalId = statement?.Condition?.['StringEquals']?.['sts:ExternalId']

  world = await startWorld()
  world.sim.addRole({ arn: deployRole, trust: { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] } })
  world.sim.addRole({
    arn: dnsRole,
    trust: { principals: [deployRole], webIdentity: false, ...(externalId !== undefined && { externalId }) }
  })

  // The configure-aws-credentials step: a web-identity session of the deploy role, exported as env.
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: world.sim.url,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' }
  })
  const { Credentials } = await sts.send(
    new AssumeRoleWithWebIdentityCommand({
      RoleArn: deployRole,
      RoleSessionName: 'GitHubActions',
      WebIdentityToken: world.sim.mintIdToken()
    })
  )
  sts.destroy()

  const step = workflow.jobs.deploy.steps.find((s) => s.id === 'cert')
  const inputs = Object.fromEntries(
    Object.entries(step?.with ?? {}).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\{\s*env\.(\w+)\s*\}\}/g, (_, key: string) => env[key] ?? '')
    ])
  )
  expect(inputs).toMatchObject({ 'dns-role-to-assume': dnsRole, 'aws-region': 'us-east-1' })
  expect(inputs).not.toHaveProperty('role-to-assume')
  const result = await world.run(inputs, {
    env: {
      AWS_ACCESS_KEY_ID: Credentials?.AccessKeyId ?? '',
      AWS_SECRET_ACCESS_KEY: Credentials?.SecretAccessKey ?? '',
      AWS_SESSION_TOKEN: Credentials?.SessionToken ?? ''
    }
  })
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
  const assume = world.sim.requests.find((r) => r.operation === 'AssumeRole')
  expect(assume).toMatchObject({ status: 200, principal: expect.stringContaining(':assumed-role/site-deploy/') })
  // The deploy role's session is a role session: the DNS session is chained, so at most one hour.
  expect(Number(assume?.params['DurationSeconds'])).toBeLessThanOrEqual(3600)
  expect(world.sim.requests.find((r) => r.operation === 'ChangeResourceRecordSets')?.principal).toContain(
    ':assumed-role/acm-dns-validation/'
  )
})
