// The aws-region input (else the certificate ARN's Region, AWS_REGION, AWS_DEFAULT_REGION), checked
// against the AWS SDK's Region list (partitions.ts): a malformed code or a typo (a misspelt word, a
// number out of its group's sequence) is refused with a suggestion before any call; a well-formed
// Region the list lacks and that misspells nothing passes (main.ts warns). Pure.
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { classifyRegion } from '../partitions.js'
import { arnRegion } from './arns.js'

export function readRegion(
  given: string,
  env: Readonly<Record<string, string | undefined>>,
  certificateArn: string | undefined
): string {
  const fromEnv = (key: string): { value: string; source: string } | undefined => {
    const value = env[key]?.trim()
    return value ? { value, source: ` (from env ${key})` } : undefined
  }
  const certificateRegion = certificateArn === undefined ? undefined : arnRegion(certificateArn)
  if (given && certificateRegion !== undefined && given !== certificateRegion) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      `differs from the Region of ${Inputs.CertificateArn} (${certificateRegion})`,
      {
        hint:
          `ACM certificates are regional: set ${Inputs.AwsRegion} to ${certificateRegion}, or leave it empty to take it ` +
          `from the ARN.`
      }
    )
  }
  const found = given
    ? { value: given, source: '' }
    : certificateRegion !== undefined
      ? { value: certificateRegion, source: ` (from ${Inputs.CertificateArn})` }
      : (fromEnv('AWS_REGION') ?? fromEnv('AWS_DEFAULT_REGION'))
  if (found === undefined) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      'is required: no Region in the input, AWS_REGION or AWS_DEFAULT_REGION',
      {
        hint: `Set ${Inputs.AwsRegion}, e.g. us-east-1 (certificates for CloudFront must be in us-east-1).`
      }
    )
  }
  const verdict = classifyRegion(found.value)
  const suggestion =
    'suggestions' in verdict && verdict.suggestions.length > 0 ? ` Did you mean ${orList(verdict.suggestions)}?` : ''
  if (verdict.kind === 'malformed') {
    const problem = `is not an AWS Region code${found.source}; expected e.g. us-east-1 or eu-central-2`
    throw new InputError(Inputs.AwsRegion, found.value, problem, {
      hint: `Use the Region code, not its name (certificates for CloudFront must be in us-east-1).${suggestion}`
    })
  }
  if (verdict.kind === 'typo') {
    const why =
      verdict.misspelt === undefined
        ? `it lists ${verdict.siblings.join(', ')}`
        : `no Region has the word '${verdict.misspelt[0]}' (a misspelling of '${verdict.misspelt[1]}'?)`
    const problem = `is not a Region the AWS SDK knows${found.source}: ${why}`
    throw new InputError(Inputs.AwsRegion, found.value, problem, {
      hint: `Check the Region code.${suggestion}`
    })
  }
  return found.value
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}`
}
