// docs/examples/cloudfront-static-site.yml against the DNS role that docs/iam/cloudformation.yml
// creates: the template is evaluated with the parameters the example's comment names, its trust
// policy becomes the simulator role's trust, an earlier configure-aws-credentials step is played by
// a web-identity session of the deploy role, and the example's own `with:` block runs dist/index.js.
import { readFileSync } from 'node:fs'
import { AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { parse, type Tags } from 'yaml'
import { root } from '../../scripts/metadata.js'
import { EXAMPLE, explain, startWorld, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

type Value = unknown
/** CloudFormation's short-form intrinsic functions, kept as `{ fn, arg }` for the evaluator. */
const intrinsics: Tags = ['Ref', 'If', 'Sub', 'Equals', 'Not', 'And', 'Condition', 'GetAtt'].flatMap((fn) =>
  (['scalar', 'seq'] as const).map((collection) => ({
    tag: `!${fn}`,
    collection: collection === 'scalar' ? undefined : collection,
    resolve: (value: Value) => ({ fn, arg: (value as { toJSON?: () => Value }).toJSON?.() ?? value })
  }))
) as Tags

interface Template {
  Parameters: Record<string, { Default?: string | number }>
  Conditions: Record<string, Value>
  Resources: Record<string, { Condition?: string; Properties: Record<string, Value> }>
}

/** Evaluates Ref (parameters, pseudo parameters), If, Sub, Equals, Not, And, Condition; drops AWS::NoValue. */
function evaluator(template: Template, parameters: Record<string, string>) {
  const ref = (name: string): Value =>
    ({ 'AWS::Partition': 'aws', 'AWS::AccountId': EXAMPLE.dnsAccount, 'AWS::NoValue': NO_VALUE })[name] ??
    parameters[name] ??
    String(template.Parameters[name]?.Default ?? '')
  const condition = (name: string): boolean => evaluate(template.Conditions[name]) === true
  const evaluate = (node: Value): Value => {
    if (Array.isArray(node)) return node.map(evaluate).filter((v) => v !== NO_VALUE)
    if (typeof node !== 'object' || node === null) return node
    const { fn, arg } = node as { fn?: string; arg?: Value }
    if (fn === undefined) {
      const entries = Object.entries(node).map(([k, v]) => [k, evaluate(v)] as const)
      return Object.fromEntries(entries.filter(([, v]) => v !== NO_VALUE))
    }
    const args = arg as Value[]
    switch (fn) {
      case 'Ref':
        return ref(arg as string)
      case 'Condition':
        return condition(arg as string)
      case 'If':
        return evaluate(condition(args[0] as string) ? args[1] : args[2])
      case 'Equals':
        return evaluate(args[0]) === evaluate(args[1])
      case 'Not':
        return !evaluate(args[0])
      case 'And':
        return args.every((a) => evaluate(a) === true)
      case 'Sub':
        return (arg as string).replace(/\$\{([^}]+)\}/g, (_, name: string) => String(ref(name)))
      default:
        throw new Error(`!${fn} is not evaluated here`)
    }
  }
  return { evaluate, condition }
}
const NO_VALUE = Symbol('AWS::NoValue')

it('the example runs against the DNS role the CloudFormation template creates for it', async () => {
  const workflow = parse(readFileSync(`${root}/docs/examples/cloudfront-static-site.yml`, 'utf8')) as {
    env: Record<string, string>
    jobs: { deploy: { steps: { id?: string; with?: Record<string, string> }[] } }
  }
  const env = workflow.env
  const deployRole = env['DEPLOY_ROLE_ARN'] ?? ''
  const dnsRole = env['ROUTE53_ROLE_ARN'] ?? ''

  // The stack in the DNS account, as the example's comment says to deploy it.
  const template = parse(readFileSync(`${root}/docs/iam/cloudformation.yml`, 'utf8'), {
    customTags: intrinsics
  }) as Template
  const { evaluate, condition } = evaluator(template, {
    GitHubOrg: 'octo-org',
    GitHubRepo: 'octo-repo',
    DomainName: 'example.com',
    HostedZoneId: 'Z0EXAMPLE',
    CreateCertificateRole: 'false',
    CertificateRoleArn: deployRole
  })
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
