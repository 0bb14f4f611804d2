// docs/iam/cloudformation.yml, evaluated as CloudFormation would with a set of parameters: the OIDC
// provider and the trust policies of the two OIDC roles name the issuer of OidcIssuer (github.com by
// default, GHE.com or GitHub Enterprise Server when given), and the certificate role also trusts a
// source principal (with or without an external id) only when one is given.
import { evaluator, template } from '../__fixtures__/cloudformation.js'

const ACCOUNT = '111111111111'

interface Statement {
  Sid?: string
  Effect: string
  Principal: { Federated?: string; AWS?: string }
  Action: string
  Condition?: Record<string, Record<string, string>>
}
/** The trust policy of a role, parsed from the JSON string the template builds. */
function trust(role: string, parameters: Record<string, string>): Statement[] {
  const { evaluate, condition } = evaluator(parameters, ACCOUNT)
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
    const { evaluate } = evaluator(parameters, ACCOUNT)
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
