// What to do when ACM or STS says no: the ACM FailureReason → hint table, the hints for a refused
// RequestCertificate, for a certificate that left PENDING_VALIDATION without being issued, and for a
// failed STS call. Data and pure functions only, so a reviewer reads every failure text in one place.
import { Inputs, MANAGED_BY_TAG, Outputs } from '../constants.js'

/** FailureReason values of the ACM API reference (CertificateDetail.FailureReason). */
export const FAILURE_HINTS = {
  NO_AVAILABLE_CONTACTS:
    'ACM found no contact to validate the domain; with DNS validation this is unexpected: contact AWS Support.',
  ADDITIONAL_VERIFICATION_REQUIRED:
    'ACM needs additional verification for this name (fraud protection, e.g. a high-profile site): contact AWS ' +
    'Support.',
  DOMAIN_NOT_ALLOWED:
    'ACM refused a name: VirusTotal reports it as unsafe, or it is an Amazon-owned name (amazonaws.com, ' +
    'cloudfront.net, elasticbeanstalk.com). Clear the VirusTotal report or use another name.',
  INVALID_PUBLIC_DOMAIN: 'A name does not end in a valid public top-level domain: check the spelling of every name.',
  DOMAIN_VALIDATION_DENIED:
    'The domain owner or an AWS check denied validation for a name: confirm you control the domain.',
  CAA_ERROR:
    'A CAA record forbids Amazon from issuing: add `0 issue "amazon.com"` (amazon.com, amazontrust.com, ' +
    'awstrust.com or amazonaws.com) to the CAA records of the names, or their closest parent, and request again.',
  PCA_LIMIT_EXCEEDED: 'The AWS Private CA reached its issuance quota: raise the Private CA quota or use another CA.',
  PCA_INVALID_ARN: 'The AWS Private CA ARN is invalid: check the certificate authority ARN.',
  PCA_INVALID_STATE: 'The AWS Private CA is not ACTIVE: enable or restore the certificate authority.',
  PCA_REQUEST_FAILED: 'AWS Private CA failed the issuance request: check the CA in the Private CA console and retry.',
  PCA_NAME_CONSTRAINTS_VALIDATION:
    'A name violates the name constraints of the AWS Private CA: change the names or the CA.',
  PCA_RESOURCE_NOT_FOUND: 'The AWS Private CA does not exist (deleted?): check the certificate authority ARN.',
  PCA_INVALID_ARGS: 'AWS Private CA rejected the request arguments: check the CA configuration and its templates.',
  PCA_INVALID_DURATION:
    'The requested validity exceeds what the AWS Private CA allows: check the CA certificate expiry.',
  PCA_ACCESS_DENIED:
    'ACM may not use the AWS Private CA: grant ACM permission on the CA (resource policy or RAM share).',
  SLR_NOT_FOUND:
    'The ACM service-linked role (AWSServiceRoleForCertificateManager) is missing: create it, e.g. ' +
    'aws iam create-service-linked-role --aws-service-name acm.amazonaws.com.',
  OTHER: 'ACM gave no specific reason; typically a typo in one of the names: check the spelling of every name.'
} as const satisfies Record<string, string>

export const NEW_REQUEST_TAIL =
  'ACM does not retry a failed request: fix the cause, then re-run: the action requests a new certificate (even ' +
  'within the hour in which ACM would hand this one back for the same inputs).'

/** One line saying what to do about an ACM FailureReason. */
export function failureHint(reason: string | undefined): string {
  return reason !== undefined && Object.hasOwn(FAILURE_HINTS, reason)
    ? FAILURE_HINTS[reason as keyof typeof FAILURE_HINTS]
    : `ACM reported ${reason ?? 'no failure reason'}: see "Troubleshoot failed certificate requests" in the ACM ` +
        `User Guide.`
}

/** Message and hint for a certificate that left PENDING_VALIDATION without being issued. */
export function notIssuedText(
  arn: string,
  status: string,
  failureReason: string | undefined
): { message: string; hint: string } {
  switch (status) {
    case 'FAILED':
      return {
        message: `ACM could not issue certificate ${arn}: FAILED (${failureReason ?? 'no reason given'})`,
        hint: `${failureHint(failureReason)} ${NEW_REQUEST_TAIL}`
      }
    case 'VALIDATION_TIMED_OUT':
      return {
        message:
          `Certificate ${arn} was never validated: ACM gives up 72 hours after the request ` + `(VALIDATION_TIMED_OUT)`,
        hint:
          'The validation CNAMEs did not resolve publicly in time: check the NS delegation of the zone holding them. ' +
          'A re-run requests a new certificate.'
      }
    default:
      return {
        message: `Certificate ${arn} is ${status}, so it cannot be used`,
        hint:
          'A re-run requests a new certificate (reuse skips certificates that are not ISSUED or ' +
          'PENDING_VALIDATION).'
      }
  }
}

/** What to do when RequestCertificate answers with this error code (and message). */
export function requestFailureHint(
  code: string | undefined,
  message: string,
  spec: { names: readonly string[]; certificateAuthorityArn?: string | undefined }
): string {
  switch (code) {
    // The SDK classifies LimitExceededException as throttling, but for ACM it is always a quota.
    case 'LimitExceededException':
      return /too many domains/i.test(message)
        ? `This certificate has ${spec.names.length} names; ACM allows 10 names per certificate by default. ` +
            'Request an increase of "Domain names per ACM certificate" (up to 100) in Service Quotas, or split the ' +
            'names across certificates.'
        : 'The account reached its ACM certificate quota (certificates at a time, or per year). Request an increase ' +
            'in Service Quotas and reuse certificates; deleting certificates does not give back the yearly allowance.'
    case 'InvalidDomainValidationOptionsException':
    case 'InvalidParameterException':
    case 'ValidationException':
      return (
        'ACM rejected the request parameters: check the spelling of every name (public DNS names, wildcard only as ' +
        'the whole first label) and the key algorithm.'
      )
    case 'InvalidTagException':
    case 'TooManyTagsException':
    case 'TagPolicyException':
      return (
        `Check the tags input: ACM allows 50 tags (49 besides the action's own ${MANAGED_BY_TAG} tag), keys may not ` +
        'start with "aws:", and your organization tag policies apply.'
      )
    case 'AccessDeniedException':
      return `Allow acm:RequestCertificate and acm:AddTagsToCertificate (the request carries tags) for the certificate role${
        spec.certificateAuthorityArn === undefined
          ? ''
          : `, and acm-pca:IssueCertificate / acm-pca:GetCertificate on ${spec.certificateAuthorityArn} (or share ` +
            `the CA with the account)`
      }.`
    default:
      return (
        'Re-run the job: the same inputs reuse the idempotency token, so a retry does not create a second ' +
        'certificate.'
      )
  }
}

/** What is known when the wait for ISSUED runs out: the input, each name's validation, the pre-flight. */
export interface IssueTimeoutFacts {
  readonly timeoutMs: number
  /** The wait of mode status (it only reads): wait: false reports the status at once. */
  readonly statusMode?: boolean
  /** dns-provider external: the user writes the validation records, the pre-flight checks only CAA. */
  readonly externalDns?: boolean
  readonly progress: readonly { readonly domain: string; readonly validationStatus: string }[]
  /** The pre-flight findings; undefined: the checks did not run (preflight off, mode status, a private CA). */
  readonly preflight?:
    | readonly {
        readonly check: 'caa' | 'delegation'
        readonly severity: 'problem' | 'unknown'
        readonly message: string
      }[]
    | undefined
}

/**
 * The hint of a wait for ISSUED that ran out: the timeout-minutes value and how to wait longer or not
 * at all; DNS delegation or CAA blamed only where the evidence points there: a pre-flight problem, or
 * names still pending that the checks could not vouch for. Every name SUCCESS with no CAA problem:
 * ACM is simply still issuing.
 */
export function issueTimeoutHint(facts: IssueTimeoutFacts): string {
  const minutes = Number((facts.timeoutMs / 60_000).toFixed(2))
  const instead = facts.statusMode
    ? 'to report the status without waiting'
    : `to get the ARN at once and check on it later with ${Inputs.Mode}: status`
  const tail =
    `${Inputs.TimeoutMinutes} is ${minutes}: raise it to wait longer, or set ${Inputs.Wait}: false ${instead} (ACM ` +
    'can take minutes to hours). A re-run with the same inputs resumes this certificate.'
  const problems = (facts.preflight ?? []).filter((f) => f.severity === 'problem')
  const caa = problems.filter((f) => f.check === 'caa')
  const validated = facts.progress.length > 0 && facts.progress.every((p) => p.validationStatus === 'SUCCESS')
  if (validated && caa.length === 0) {
    return `Every name is validated (SUCCESS): DNS is not the problem, ACM is simply still issuing. ${tail}`
  }
  const found = validated ? caa : problems
  if (found.length > 0) {
    return `The pre-flight checks found what holds it up: ${found.map((f) => f.message).join('; ')}. Fix that. ${tail}`
  }
  if (facts.externalDns) {
    return (
      `With ${Inputs.DnsProvider} external the validation CNAMEs are yours to create: check that every record of ` +
      `the ${Outputs.ValidationRecords} output exists in the DNS that serves the names and resolves publicly. ${tail}`
    )
  }
  if (facts.preflight !== undefined && facts.preflight.length === 0) {
    return (
      'The pre-flight checks found the NS delegation and CAA in order, so the validation records are public: ' +
      `ACM validates on its own schedule (often within 30 minutes, sometimes hours). ${tail}`
    )
  }
  const why = facts.preflight === undefined ? 'the pre-flight checks did not run' : 'a pre-flight lookup failed'
  return (
    `If a name stays PENDING_VALIDATION, check that the zone holding its validation CNAME is delegated from its ` +
    `parent (NS records) and that no CAA record forbids amazon.com (${why}, so this is unchecked). ${tail}`
  )
}

/** AWS caps a session reached by role chaining at one hour, whatever the role allows. */
export const ROLE_CHAINING_MAX_SECONDS = 3600

export const OIDC_HINT =
  "Add `permissions: id-token: write` to the job (or workflow). Workflows triggered from a forked repository's " +
  'pull request get no OIDC token; run them on pull_request_target only with care, or skip this step for forks.'

/** Wire codes (the SDK's `Code`) of a token STS would not accept for the role. */
const WEB_IDENTITY_REJECTIONS = new Set([
  'AccessDenied',
  'InvalidIdentityToken',
  'IDPRejectedClaim',
  'ExpiredTokenException'
])

/** The STS call that failed, as far as its hint needs to know. */
export interface StsCallFacts {
  readonly operation: 'AssumeRoleWithWebIdentity' | 'AssumeRole' | 'GetCallerIdentity'
  readonly roleArn?: string
  readonly audience: string
  readonly externalId?: boolean
  /** The input that carries the external id of this AssumeRole (role-external-id or dns-role-external-id). */
  readonly externalIdInput?: string
  /** GetCallerIdentity made to assume this role-to-assume from the ambient credentials. */
  readonly roleToAssume?: string
}

/** What to do about a failed STS call, from its code and message; `transient`: retries ran out. */
export function stsHint(call: StsCallFacts, code: string, message: string, transient: boolean): string {
  if (code === 'ValidationError' && /duration/i.test(message)) {
    return (
      `${Inputs.RoleDurationSeconds} exceeds what ${call.roleArn ?? 'the role'} allows: lower it, or raise the ` +
      `role's ` +
      `MaxSessionDuration (1-12 hours). A session reached by role chaining (${Inputs.DnsRoleChaining}, or AssumeRole ` +
      `from role credentials) is capped at ${ROLE_CHAINING_MAX_SECONDS} seconds whatever the role allows.`
    )
  }
  if (call.operation === 'AssumeRoleWithWebIdentity' && WEB_IDENTITY_REJECTIONS.has(code)) {
    return (
      roleExistsHint(call.roleArn, code) +
      `The trust policy of ${call.roleArn} must allow sts:AssumeRoleWithWebIdentity for the federated principal ` +
      `token.actions.githubusercontent.com (an IAM OIDC identity provider for ` +
      `https://token.actions.githubusercontent.com ` +
      `must exist in that account) with token.actions.githubusercontent.com:aud = ${call.audience} ` +
      `(the '${Inputs.Audience}' input) and a 'sub' matching this workflow, e.g. ` +
      `repo:ORG/REPO:ref:refs/heads/BRANCH, ` +
      `repo:ORG/REPO:environment:NAME, or for repositories created after July 2026 the immutable form ` +
      `repo:OWNER@OWNER_ID/REPO@REPO_ID:... See docs/iam/.`
    )
  }
  if (call.operation === 'AssumeRole' && code === 'AccessDenied') {
    const input = call.externalIdInput ?? Inputs.DnsRoleExternalId
    const externalId = call.externalId
      ? ` with an sts:ExternalId condition equal to the '${input}' input`
      : ` (if it requires an sts:ExternalId, pass it in the '${input}' input)`
    return (
      roleExistsHint(call.roleArn, code) +
      `The trust policy of ${call.roleArn} must trust the source principal (the credentials already in the job, or ` +
      `the certificate role's session) for sts:AssumeRole${externalId}, and the source principal needs ` +
      `sts:AssumeRole on ${call.roleArn}. See docs/iam/trust-policy-assume-role-external-id.json and ` +
      `docs/iam/trust-policy-dns-from-certificate-role.json.`
    )
  }
  if (call.operation === 'GetCallerIdentity' && !transient && call.roleToAssume !== undefined) {
    return (
      `${call.roleToAssume} is assumed with AssumeRole from the credentials already in the job (no GitHub OIDC, or ` +
      `${Inputs.RoleChaining}: true), and none were found. Add 'permissions: id-token: write' to the job to use ` +
      `GitHub OIDC (a pull request from a fork never gets an OIDC token), or configure credentials before this ` +
      `step (an instance or container role, aws-actions/configure-aws-credentials, ` +
      `AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).`
    )
  }
  if (call.operation === 'GetCallerIdentity' && !transient) {
    return (
      `No '${Inputs.RoleToAssume}' was given, so the action uses the credentials already in the job (environment, ` +
      `profile, instance role). Set '${Inputs.RoleToAssume}' to use GitHub OIDC, or configure credentials before ` +
      `this step.`
    )
  }
  if (transient)
    return 'STS (or the OIDC provider behind it) stayed unavailable after several attempts; re-run the job.'
  return (
    `Check that ${call.roleArn ?? 'the credentials'} exist and that the trust and permission policies match ` +
    `docs/iam/.`
  )
}

/**
 * STS answers AccessDenied alike for a role that does not exist, one in another account, and one whose
 * trust policy says no: name the role's name and account, so a typo in either is the first thing checked.
 */
function roleExistsHint(roleArn: string | undefined, code: string): string {
  if (code !== 'AccessDenied' || roleArn === undefined) return ''
  const [, account, name] = /^arn:[^:]+:iam::([^:]*):role\/(?:.*\/)?([^/]+)$/.exec(roleArn) ?? []
  if (account === undefined || name === undefined) return ''
  return (
    `Check the role's name and account first: STS gives the same AccessDenied for a role that does not exist, ` +
    `so confirm that a role named ${name} exists in account ${account} (IAM console, or aws iam get-role ` +
    `--role-name ${name} in that account). `
  )
}
