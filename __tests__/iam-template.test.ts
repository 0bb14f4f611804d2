// docs/iam/cloudformation.yml, evaluated as CloudFormation would with a set of parameters: the OIDC
// provider and the trust policies of the two OIDC roles name the issuer of OidcIssuer (github.com by
// default, GHE.com or GitHub Enterprise Server when given), and the certificate role also trusts a
// source principal (with or without an external id) only when one is given.
import { readFileSync } from 'node:fs'
import { parse, type Tags } from 'yaml'
import { root } from '../scripts/metadata.js'

type Value = unknown
const NO_VALUE = Symbol('AWS::NoValue')
const ACCOUNT = '111111111111'

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
const template = parse(readFileSync(`${root}/docs/iam/cloudformation.yml`, 'utf8'), {
  customTags: intrinsics
}) as Template

/** Evaluates Ref (parameters, pseudo parameters, the provider's ARN), If, Sub (both forms), Equals, Not, And, Condition. */
function evaluator(parameters: Record<string, string>): {
  evaluate: (node: Value) => Value
  condition: (name: string) => boolean
} {
  const param = (name: string): string => parameters[name] ?? String(template.Parameters[name]?.Default ?? '')
  const ref = (name: string): Value =>
    ({
      'AWS::Partition': 'aws',
      'AWS::AccountId': ACCOUNT,
      'AWS::NoValue': NO_VALUE,
      // Ref of AWS::IAM::OIDCProvider is its ARN: the URL without https:// after oidc-provider/.
      GitHubOidcProvider: `arn:aws:iam::${ACCOUNT}:oidc-provider/${param('OidcIssuer')}`
    })[name] ?? param(name)
  const sub = (text: string, vars: Record<string, Value>): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, name: string) => String(name in vars ? vars[name] : ref(name)))
  const condition = (name: string): boolean => evaluate(template.Conditions[name]) === true
  const evaluate = (node: Value): Value => {
    if (Array.isArray(node)) return node.map(evaluate).filter((v) => v !== NO_VALUE)
    if (typeof node !== 'object' || node === null) return node
    const { fn, arg } = node as { fn?: string; arg?: Value }
    if (fn === undefined) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, evaluate(v)]))
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
        return typeof arg === 'string'
          ? sub(arg, {})
          : sub(args[0] as string, evaluate(args[1]) as Record<string, Value>)
      default:
        throw new Error(`!${fn} is not evaluated here`)
    }
  }
  return { evaluate, condition }
}

interface Statement {
  Sid?: string
  Effect: string
  Principal: { Federated?: string; AWS?: string }
  Action: string
  Condition?: Record<string, Record<string, string>>
}
/** The trust policy of a role, parsed from the JSON string the template builds. */
function trust(role: string, parameters: Record<string, string>): Statement[] {
  const { evaluate, condition } = evaluator(parameters)
  const resource = template.Resources[role]
  expect(resource?.Condition !== undefined && condition(resource.Condition)).toBe(true)
  const document = evaluate(resource?.Properties['AssumeRolePolicyDocument']) as string
  return (JSON.parse(document) as { Version: string; Statement: Statement[] }).Statement
}

const BASE = { GitHubOrg: 'octo-org', GitHubRepo: 'octo-repo', DomainName: 'example.com', HostedZoneId: 'Z0EXAMPLE' }

describe('docs/iam/cloudformation.yml', () => {
  it.each([
    ['github.com (the default)', undefined, 'token.actions.githubusercontent.com'],
    ['GHE.com', 'token.actions.octo.ghe.com', 'token.actions.octo.ghe.com'],
    ['GitHub Enterprise Server', 'ghes.example.com/_services/token', 'ghes.example.com/_services/token']
  ])('trusts the ID tokens of %s in both OIDC roles, and creates its provider', (_where, issuer, host) => {
    const parameters = { ...BASE, ...(issuer === undefined ? {} : { OidcIssuer: issuer }) }
    const { evaluate } = evaluator(parameters)
    expect(evaluate(template.Resources['GitHubOidcProvider']?.Properties['Url'])).toBe(`https://${host}`)
    for (const role of ['CertificateRole', 'DnsRoleForOidc']) {
      expect(trust(role, parameters)).toEqual([
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/${host}` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: {
              [`${host}:aud`]: 'sts.amazonaws.com',
              [`${host}:sub`]: 'repo:octo-org/octo-repo:ref:refs/heads/main'
            }
          }
        }
      ])
    }
  })

  it('names an existing provider by its ARN, and an exact subject when given', () => {
    const [statement] = trust('DnsRoleForOidc', {
      ...BASE,
      OidcIssuer: 'ghes.example.com/_services/token',
      CreateOidcProvider: 'false',
      GitHubSubjectOverride: 'repo:octo-org/octo-repo:environment:prod'
    })
    expect(statement?.Principal.Federated).toBe(
      `arn:aws:iam::${ACCOUNT}:oidc-provider/ghes.example.com/_services/token`
    )
    expect(statement?.Condition?.['StringEquals']?.['ghes.example.com/_services/token:sub']).toBe(
      'repo:octo-org/octo-repo:environment:prod'
    )
  })

  it('lets a source principal assume the certificate role, with the external id unless it is empty', () => {
    const source = 'arn:aws:iam::111111111111:role/runner'
    const withId = trust('CertificateRole', { ...BASE, SourcePrincipalArn: source })
    expect(withId).toHaveLength(2)
    expect(withId[1]).toEqual({
      Sid: 'AssumeRoleFromExistingCredentials',
      Effect: 'Allow',
      Principal: { AWS: source },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'sts:ExternalId': 'acm-certificate-action' } }
    })
    const withoutId = trust('CertificateRole', { ...BASE, SourcePrincipalArn: source, CertificateRoleExternalId: '' })
    expect(withoutId[1]).not.toHaveProperty('Condition')
    expect(trust('CertificateRole', BASE)).toHaveLength(1)
  })
})
