// docs/iam/cloudformation.yml, read and evaluated as CloudFormation would with a set of parameters:
// the short-form intrinsic functions the template uses (Ref, If, Sub, Equals, Not, And, Condition),
// the pseudo parameters, and AWS::NoValue dropping the list item or property it stands for.
// Shared by the template's own tests (__tests__/iam-template.test.ts) and the e2e run of the example
// that deploys it (__tests__/e2e/cloudfront-example.test.ts).
import { readFileSync } from 'node:fs'
import { parse, type Tags } from 'yaml'
import { root } from '../scripts/metadata.js'

export type Value = unknown
export const NO_VALUE = Symbol('AWS::NoValue')

/** CloudFormation's short-form intrinsic functions, kept as `{ fn, arg }` for the evaluator. */
const intrinsics: Tags = ['Ref', 'If', 'Sub', 'Equals', 'Not', 'And', 'Condition', 'GetAtt'].flatMap((fn) =>
  (['scalar', 'seq'] as const).map((collection) => ({
    tag: `!${fn}`,
    collection: collection === 'scalar' ? undefined : collection,
    resolve: (value: Value) => ({ fn, arg: (value as { toJSON?: () => Value }).toJSON?.() ?? value })
  }))
) as Tags

export interface Template {
  Parameters: Record<string, { Default?: string | number }>
  Conditions: Record<string, Value>
  Resources: Record<string, { Condition?: string; Properties: Record<string, Value> }>
}

/** docs/iam/cloudformation.yml with its intrinsic functions kept for the evaluator. */
export const template = parse(readFileSync(`${root}/docs/iam/cloudformation.yml`, 'utf8'), {
  customTags: intrinsics
}) as Template

export interface Evaluator {
  evaluate: (node: Value) => Value
  condition: (name: string) => boolean
}

/**
 * Evaluates Ref (parameters with their defaults, pseudo parameters, the OIDC provider's ARN), If, Sub
 * (both forms), Equals, Not, And and Condition for a stack deployed in `account` with `parameters`.
 */
export function evaluator(parameters: Record<string, string>, account: string): Evaluator {
  const param = (name: string): string => parameters[name] ?? String(template.Parameters[name]?.Default ?? '')
  const ref = (name: string): Value =>
    ({
      'AWS::Partition': 'aws',
      'AWS::AccountId': account,
      'AWS::NoValue': NO_VALUE,
      // Ref of AWS::IAM::OIDCProvider is its ARN: the URL without https:// after oidc-provider/.
      GitHubOidcProvider: `arn:aws:iam::${account}:oidc-provider/${param('OidcIssuer')}`
    })[name] ?? param(name)
  const sub = (text: string, vars: Record<string, Value>): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, name: string) => String(name in vars ? vars[name] : ref(name)))
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
        return typeof arg === 'string'
          ? sub(arg, {})
          : sub(args[0] as string, evaluate(args[1]) as Record<string, Value>)
      default:
        throw new Error(`!${fn} is not evaluated here`)
    }
  }
  return { evaluate, condition }
}
