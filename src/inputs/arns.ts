// ARN inputs split by the AWS SDK's ARN parser (partitions.ts) rather than partition regexes, so
// every partition the bundled SDK knows is accepted; then each ARN is held to the partition of the
// run's Region, since STS, ACM and Route 53 in one partition never reach another's resources. Pure.
import { Inputs } from '../constants.js'
import { InputError } from '../errors.js'
import { parseAwsArn, partitionMismatch, regionPartition, type Arn } from '../partitions.js'

const ACCOUNT_ID = /^\d{12}$/
/** IAM role names and paths: `[\w+=,.@-]`, path segments separated by `/` (IAM API Reference, CreateRole). */
const ROLE_RESOURCE = /^role\/[\w+=,.@/-]{1,512}$/
const CERTIFICATE_RESOURCE = /^certificate\/[\w-]{1,128}$/
const CA_RESOURCE = /^certificate-authority\/[\w-]{1,128}$/

function parsed(value: string, service: string, regional: boolean, resource: RegExp): Arn | undefined {
  const arn = parseAwsArn(value)
  if (arn === undefined || !arn.partition.startsWith('aws') || arn.service !== service) return undefined
  if (regional === (arn.region === '') || !ACCOUNT_ID.test(arn.accountId) || !resource.test(arn.resource))
    return undefined
  return arn
}

export function isRoleArn(value: string): boolean {
  return parsed(value, 'iam', false, ROLE_RESOURCE) !== undefined
}

export function isCertificateArn(value: string): boolean {
  return parsed(value, 'acm', true, CERTIFICATE_RESOURCE) !== undefined
}

export function isCertificateAuthorityArn(value: string): boolean {
  return parsed(value, 'acm-pca', true, CA_RESOURCE) !== undefined
}

/** The Region of a well-formed regional ARN. */
export function arnRegion(value: string): string | undefined {
  return parseAwsArn(value)?.region || undefined
}

/**
 * Refuses an ARN of another partition than `region`'s (a GovCloud role with a commercial Region),
 * naming both; `input` is the input that carries it.
 */
export function checkArnPartition(input: string, value: string | undefined, region: string, line?: number): void {
  const arn = value === undefined ? undefined : parseAwsArn(value)
  if (arn === undefined || value === undefined) return
  const mismatch = partitionMismatch(arn, region)
  if (mismatch === undefined) return
  const where = line === undefined ? '' : ` (line ${line})`
  throw new InputError(input, value, `${mismatch}${where}`, {
    hint:
      `Resources of one partition are out of reach from another: use an ARN of partition ${regionPartition(region)}, ` +
      `or set ${Inputs.AwsRegion} to a Region of partition ${arn.partition}.`
  })
}
