// ACM's ACME control plane (CreateAcmeEndpoint, …DomainValidation, …ExternalAccountBinding): one SDK
// call per function, throttling absorbed as for every call, errors wrapped once. No decisions here:
// src/acme/ decides what to call. The SDK sends these ops to acm-acme.<region>.api.aws on its own.
import {
  CreateAcmeDomainValidationCommand,
  CreateAcmeEndpointCommand,
  CreateAcmeExternalAccountBindingCommand,
  DeleteAcmeDomainValidationCommand,
  DescribeAcmeDomainValidationCommand,
  DescribeAcmeEndpointCommand,
  GetAcmeExternalAccountBindingCredentialsCommand,
  ListAcmeDomainValidationsCommand,
  ListAcmeEndpointsCommand,
  ListTagsForResourceCommand,
  UpdateAcmeDomainValidationCommand,
  UpdateAcmeEndpointCommand,
  type ACMClient,
  type AcmeDomainValidation,
  type AcmeEndpoint,
  type AcmeExternalAccountBinding,
  type DomainScope,
  type PublicKeyAlgorithm
} from '@aws-sdk/client-acm'
import { awsErrorCode, wrapAwsError } from '../errors.js'
import { patiently } from '../poll.js'
import type { CallContext, Tag } from '../types.js'

const SERVICE = 'ACM'

async function call<T>(
  operation: string,
  detail: string,
  send: () => Promise<T>,
  ctx: CallContext,
  ifGone?: () => T
): Promise<T> {
  try {
    return await patiently(send, ctx, {
      phase: `${operation} (${detail})`,
      timeoutMessage: (last) => `ACM kept throttling ${operation} for ${detail}: ${last}`,
      timeoutHint: 'Re-run the job. If it persists, run fewer jobs at once in this account and Region.'
    })
  } catch (err) {
    if (ctx.signal?.aborted) throw err
    if (ifGone && awsErrorCode(err) === 'ResourceNotFoundException') return ifGone()
    const denied = awsErrorCode(err) === 'AccessDeniedException'
    throw wrapAwsError(SERVICE, operation, err, {
      detail,
      hint: denied ? `Allow acm:${operation} for the certificate role (docs/iam/README.md, ACME endpoints).` : undefined
    })
  }
}

/** Every item of a listing, page after page (NextToken), 100 at a time. */
async function allPages<P extends { NextToken?: string | undefined }, T>(
  fetch: (NextToken: string | undefined) => Promise<P>,
  items: (page: P) => T[] | undefined
): Promise<T[]> {
  const all: T[] = []
  let token: string | undefined
  do {
    const page = await fetch(token)
    all.push(...(items(page) ?? []))
    token = page.NextToken
  } while (token)
  return all
}

/** Every ACME endpoint of the account in the client's Region. */
export function listAcmeEndpoints(client: ACMClient, ctx: CallContext): Promise<AcmeEndpoint[]> {
  const list = (NextToken: string | undefined) =>
    client.send(new ListAcmeEndpointsCommand({ NextToken, MaxResults: 100 }))
  return allPages(
    (token) => call('ListAcmeEndpoints', 'this Region', () => list(token), ctx),
    (p) => p.AcmeEndpoints
  )
}

/** Tags of an ACME resource (endpoint, domain validation, binding); undefined when it is gone. */
export async function acmeResourceTags(client: ACMClient, arn: string, ctx: CallContext): Promise<Tag[] | undefined> {
  const send = () => client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))
  const answer = await call('ListTagsForResource', arn, send, ctx, () => undefined)
  return answer === undefined ? undefined : (answer.Tags ?? []).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }))
}

export interface EndpointRequest {
  readonly idempotencyToken: string
  readonly contact: 'REQUIRED' | 'NOT_REQUIRED'
  readonly allowedKeyAlgorithms: readonly PublicKeyAlgorithm[]
  readonly tags: readonly Tag[]
  readonly certificateTags: readonly Tag[]
}

export async function createAcmeEndpoint(
  client: ACMClient,
  request: EndpointRequest,
  ctx: CallContext
): Promise<string> {
  const command = new CreateAcmeEndpointCommand({
    IdempotencyToken: request.idempotencyToken,
    AuthorizationBehavior: 'PRE_APPROVED',
    Contact: request.contact,
    CertificateAuthority: { PublicCertificateAuthority: { AllowedKeyAlgorithms: [...request.allowedKeyAlgorithms] } },
    Tags: [...request.tags],
    ...(request.certificateTags.length > 0 && { CertificateTags: [...request.certificateTags] })
  })
  const { AcmeEndpointArn } = await call('CreateAcmeEndpoint', 'a new ACME endpoint', () => client.send(command), ctx)
  if (!AcmeEndpointArn) throw wrapAwsError(SERVICE, 'CreateAcmeEndpoint', new Error('no AcmeEndpointArn in the answer'))
  return AcmeEndpointArn
}

export async function describeAcmeEndpoint(client: ACMClient, arn: string, ctx: CallContext): Promise<AcmeEndpoint> {
  const { AcmeEndpoint } = await call(
    'DescribeAcmeEndpoint',
    arn,
    () => client.send(new DescribeAcmeEndpointCommand({ AcmeEndpointArn: arn })),
    ctx
  )
  return AcmeEndpoint ?? {}
}

/** The endpoint's contact rule and key algorithms as given (its certificate tags are fixed at creation). */
export function updateAcmeEndpoint(
  client: ACMClient,
  update: { arn: string } & Pick<EndpointRequest, 'contact' | 'allowedKeyAlgorithms'>,
  ctx: CallContext
): Promise<unknown> {
  const command = new UpdateAcmeEndpointCommand({
    AcmeEndpointArn: update.arn,
    Contact: update.contact,
    CertificateAuthority: { PublicCertificateAuthority: { AllowedKeyAlgorithms: [...update.allowedKeyAlgorithms] } }
  })
  return call('UpdateAcmeEndpoint', update.arn, () => client.send(command), ctx)
}

/** Every domain validation of the endpoint. */
export function listDomainValidations(
  client: ACMClient,
  arn: string,
  ctx: CallContext
): Promise<AcmeDomainValidation[]> {
  const list = (NextToken: string | undefined) =>
    client.send(new ListAcmeDomainValidationsCommand({ AcmeEndpointArn: arn, NextToken, MaxResults: 100 }))
  return allPages(
    (token) => call('ListAcmeDomainValidations', arn, () => list(token), ctx),
    (p) => p.AcmeDomainValidations
  )
}

export interface DomainValidationRequest {
  readonly endpointArn: string
  readonly domainName: string
  readonly scope: DomainScope
  /** ACM writes the CNAME into this zone itself. */
  readonly hostedZoneId?: string | undefined
  readonly idempotencyToken: string
  readonly tags: readonly Tag[]
}

function prevalidation(request: Pick<DomainValidationRequest, 'scope' | 'hostedZoneId'>) {
  return {
    DnsPrevalidation: {
      DomainScope: request.scope,
      ...(request.hostedZoneId !== undefined && { HostedZoneId: request.hostedZoneId })
    }
  }
}

export async function createDomainValidation(
  client: ACMClient,
  request: DomainValidationRequest,
  ctx: CallContext
): Promise<string> {
  const command = new CreateAcmeDomainValidationCommand({
    AcmeEndpointArn: request.endpointArn,
    DomainName: request.domainName,
    IdempotencyToken: request.idempotencyToken,
    PrevalidationOptions: prevalidation(request),
    Tags: [...request.tags]
  })
  const { AcmeDomainValidationArn } = await call(
    'CreateAcmeDomainValidation',
    request.domainName,
    () => client.send(command),
    ctx
  )
  if (!AcmeDomainValidationArn)
    throw wrapAwsError(
      SERVICE,
      'CreateAcmeDomainValidation',
      new Error(`no ARN in the answer for ${request.domainName}`)
    )
  return AcmeDomainValidationArn
}

export async function describeDomainValidation(
  client: ACMClient,
  arn: string,
  ctx: CallContext
): Promise<AcmeDomainValidation> {
  const command = new DescribeAcmeDomainValidationCommand({ AcmeDomainValidationArn: arn })
  const { AcmeDomainValidation } = await call('DescribeAcmeDomainValidation', arn, () => client.send(command), ctx)
  return AcmeDomainValidation ?? {}
}

/** New prevalidation options for a validation (its scope, or who writes its CNAME). */
export function updateDomainValidation(
  client: ACMClient,
  arn: string,
  options: Pick<DomainValidationRequest, 'scope' | 'hostedZoneId'>,
  ctx: CallContext
): Promise<unknown> {
  const send = () =>
    client.send(
      new UpdateAcmeDomainValidationCommand({
        AcmeDomainValidationArn: arn,
        PrevalidationOptions: prevalidation(options)
      })
    )
  return call('UpdateAcmeDomainValidation', arn, send, ctx)
}

export async function deleteDomainValidation(client: ACMClient, arn: string, ctx: CallContext): Promise<void> {
  await call(
    'DeleteAcmeDomainValidation',
    arn,
    () => client.send(new DeleteAcmeDomainValidationCommand({ AcmeDomainValidationArn: arn })),
    ctx
  )
}

export interface BindingRequest {
  readonly endpointArn: string
  readonly roleArn: string
  readonly expiryHours: number
  readonly idempotencyToken: string | undefined
  readonly tags: readonly Tag[]
}

export async function createBinding(
  client: ACMClient,
  request: BindingRequest,
  ctx: CallContext
): Promise<AcmeExternalAccountBinding> {
  const command = new CreateAcmeExternalAccountBindingCommand({
    AcmeEndpointArn: request.endpointArn,
    RoleArn: request.roleArn,
    Tags: [...request.tags],
    ...(request.idempotencyToken !== undefined && { IdempotencyToken: request.idempotencyToken }),
    Expiration: { Value: request.expiryHours, Type: 'HOURS' }
  })
  const answer = await call('CreateAcmeExternalAccountBinding', request.roleArn, () => client.send(command), ctx)
  return answer.ExternalAccountBinding ?? {}
}

/** KeyId and MacKey of a binding. The MacKey is a secret: the caller masks it before anything else. */
export async function bindingCredentials(
  client: ACMClient,
  arn: string,
  ctx: CallContext
): Promise<{ keyId: string; macKey: string }> {
  const command = new GetAcmeExternalAccountBindingCredentialsCommand({ AcmeExternalAccountBindingArn: arn })
  const { KeyId, MacKey } = await call('GetAcmeExternalAccountBindingCredentials', arn, () => client.send(command), ctx)
  return { keyId: KeyId ?? '', macKey: MacKey ?? '' }
}
