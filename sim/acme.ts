// ACM's ACME control-plane operations over AWS JSON 1.1 (X-Amz-Target CertificateManager.<Op>). With an
// endpoint override every op reaches one host (acm-2026 §0: the SDK sends *Acme* ops to acm-acme.<region>
// only through its own endpoint rules), so acm.ts hands these to this table. Shapes and constraints:
// ACM API Reference, API_CreateAcmeEndpoint … API_ListAcmeAccounts; lifecycles in acme-store.ts.
import { acmeBindingOperations } from './acme-eab.js'
import {
  acmeStore,
  prevalidationRecord,
  settleEndpoint,
  settleValidation,
  writeManagedRecord,
  type AcmeEndpointRecord,
  type AcmeStore,
  type DomainValidationRecord,
  type ScopeOption
} from './acme-store.js'
import {
  findEndpoint,
  idempotent,
  notFound,
  page,
  parseTags,
  remember,
  required,
  validation,
  type Json
} from './acme-wire.js'
import { ApiError, callerOf, str, type CallContext } from './protocol.js'
import { uuidFrom } from './util.js'

/** DomainName pattern (API_CreateAcmeDomainValidation): lower case, no `*.` (wildcards are a scope switch). */
const DOMAIN = /^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$/
const KEY_ALGORITHMS = ['RSA_2048', 'EC_prime256v1', 'EC_secp384r1']
const HOSTED_ZONE_ID = /^Z[A-Z0-9]+$/

function endpointShape(e: AcmeEndpointRecord): Json {
  return {
    AcmeEndpointArn: e.arn,
    EndpointUrl: e.url,
    Status: e.status,
    ...(e.status === 'FAILED' && { FailureReason: e.failureReason }),
    AuthorizationBehavior: 'PRE_APPROVED',
    Contact: e.contact,
    CertificateAuthority: {
      PublicCertificateAuthority: e.allowedKeyAlgorithms ? { AllowedKeyAlgorithms: e.allowedKeyAlgorithms } : {}
    },
    CertificateTags: e.certificateTags,
    CreatedAt: e.createdAt / 1000,
    UpdatedAt: e.updatedAt / 1000
  }
}

function readAuthority(raw: unknown): string[] | undefined {
  const member = (raw as Json | undefined)?.['PublicCertificateAuthority'] as Json | undefined
  if (!member) throw validation(raw, 'certificateAuthority', 'Member must be a PublicCertificateAuthority')
  const algorithms = member['AllowedKeyAlgorithms']
  if (algorithms === undefined) return undefined
  if (!Array.isArray(algorithms) || algorithms.some((a) => !KEY_ALGORITHMS.includes(String(a))))
    throw validation(
      algorithms,
      'allowedKeyAlgorithms',
      `Member must satisfy enum value set: [${KEY_ALGORITHMS.join(', ')}]`
    )
  return algorithms as string[]
}

function readContact(raw: unknown): 'REQUIRED' | 'NOT_REQUIRED' {
  if (raw === undefined || raw === 'NOT_REQUIRED' || raw === 'REQUIRED') return raw ?? 'NOT_REQUIRED'
  throw validation(raw, 'contact', 'Member must satisfy enum value set: [REQUIRED, NOT_REQUIRED]')
}

/** API_CreateAcmeEndpoint: starts CREATING; its URL is the RFC 8555 directory (ACM User Guide, ACME endpoints). */
function createAcmeEndpoint(params: Json, context: CallContext): Json {
  const token = str(params, 'IdempotencyToken')
  const known = idempotent(context, 'CreateAcmeEndpoint', token)
  if (known) return { AcmeEndpointArn: known }
  if (required(params, 'AuthorizationBehavior') !== 'PRE_APPROVED')
    throw validation(
      params['AuthorizationBehavior'],
      'authorizationBehavior',
      'Member must satisfy enum value set: [PRE_APPROVED]'
    )
  const allowed = readAuthority(params['CertificateAuthority'])
  const { credential, region } = callerOf(context)
  const store = acmeStore(context.state)
  const id = uuidFrom(context.state.nextSeed('acme-endpoint'))
  const endpoint: AcmeEndpointRecord = {
    arn: `arn:aws:acm:${region}:${credential.accountId}:acme-endpoint/${id}`,
    accountId: credential.accountId,
    region,
    url: `https://acm-acme-enroll.${region}.api.aws/${id}/directory`,
    status: 'CREATING',
    contact: readContact(params['Contact']),
    allowedKeyAlgorithms: allowed,
    certificateTags: [...parseTags(params['CertificateTags'])].map(([Key, Value]) => ({ Key, Value })),
    tags: parseTags(params['Tags']),
    createdAt: context.now,
    updatedAt: context.now
  }
  if (store.knobs.endpointFailure !== undefined) endpoint.failureReason = store.knobs.endpointFailure
  store.endpoints.set(endpoint.arn, endpoint)
  remember(context, 'CreateAcmeEndpoint', token, endpoint.arn)
  return { AcmeEndpointArn: endpoint.arn }
}

function describeAcmeEndpoint(params: Json, context: CallContext): Json {
  return { AcmeEndpoint: endpointShape(findEndpoint(context, required(params, 'AcmeEndpointArn'))) }
}

function listAcmeEndpoints(params: Json, context: CallContext): Json {
  const { credential, region } = callerOf(context)
  const store = acmeStore(context.state)
  const mine = [...store.endpoints.values()].filter(
    (e) => e.accountId === credential.accountId && e.region === region && settleEndpoint(store, e, context.now)
  )
  const { items, next } = page(mine, params)
  return { AcmeEndpoints: items.map(endpointShape), ...(next && { NextToken: next }) }
}

/** API_UpdateAcmeEndpoint: Contact and CertificateAuthority of an ACTIVE endpoint ([inferred]: else Conflict). */
function updateAcmeEndpoint(params: Json, context: CallContext): Json {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  if (endpoint.status !== 'ACTIVE')
    throw new ApiError('ConflictException', `ACME endpoint ${endpoint.arn} is ${endpoint.status}, not ACTIVE.`)
  if (params['Contact'] !== undefined) endpoint.contact = readContact(params['Contact'])
  if (params['CertificateAuthority'] !== undefined)
    endpoint.allowedKeyAlgorithms = readAuthority(params['CertificateAuthority'])
  endpoint.updatedAt = context.now
  return {}
}

/** API_DeleteAcmeEndpoint: the URL stops working; its EABs and domain validations go with it. */
function deleteAcmeEndpoint(params: Json, context: CallContext): Json {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const store = acmeStore(context.state)
  endpoint.status = 'DELETING'
  endpoint.goneAt = context.now + store.knobs.deletingMs
  for (const v of store.validations.values()) if (v.endpointArn === endpoint.arn) store.validations.delete(v.arn)
  for (const b of store.bindings.values()) if (b.endpointArn === endpoint.arn) store.bindings.delete(b.arn)
  return {}
}

function readScope(raw: unknown): { options: Json; hostedZoneId?: string } {
  const dns = (raw as Json | undefined)?.['DnsPrevalidation'] as Json | undefined
  if (!dns) throw validation(raw, 'prevalidationOptions', 'Member must be a DnsPrevalidation')
  const scope = (dns['DomainScope'] ?? {}) as Json
  for (const key of ['ExactDomain', 'Subdomains', 'Wildcards'])
    if (scope[key] !== undefined && scope[key] !== 'ENABLED' && scope[key] !== 'DISABLED')
      throw validation(scope[key], `domainScope.${key}`, 'Member must satisfy enum value set: [ENABLED, DISABLED]')
  const zone = str(dns, 'HostedZoneId')
  if (zone !== undefined && (!HOSTED_ZONE_ID.test(zone) || zone.length > 32))
    throw validation(zone, 'hostedZoneId', 'Member must satisfy regular expression pattern: Z[A-Z0-9]+')
  return { options: scope, ...(zone !== undefined && { hostedZoneId: zone }) }
}

function validationShape(v: DomainValidationRecord): Json {
  return {
    AcmeDomainValidationArn: v.arn,
    AcmeEndpointArn: v.endpointArn,
    DomainName: v.domainName,
    PrevalidationType: 'DNS_PREVALIDATION',
    PrevalidationDetails: {
      DnsPrevalidation: {
        DomainScope: v.scope,
        ...(v.hostedZoneId !== undefined && { HostedZoneId: v.hostedZoneId }),
        ResourceRecord: { Name: v.record.name, Type: 'CNAME', Value: v.record.value }
      }
    },
    Status: v.status,
    ...(v.failure && { FailureDetails: { Reason: v.failure.reason, Message: v.failure.message } }),
    CreatedAt: v.createdAt / 1000,
    UpdatedAt: v.updatedAt / 1000
  }
}

/**
 * API_CreateAcmeDomainValidation. An endpoint not ACTIVE gives an INVALID validation with
 * ENDPOINT_NOT_ACTIVE [inferred from the failure reason]; with HostedZoneId ACM writes the CNAME.
 */
function createAcmeDomainValidation(params: Json, context: CallContext): Json {
  const token = str(params, 'IdempotencyToken')
  const known = idempotent(context, 'CreateAcmeDomainValidation', token)
  if (known) return { AcmeDomainValidationArn: known }
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const domainName = required(params, 'DomainName')
  if (domainName.length > 253 || !DOMAIN.test(domainName))
    throw validation(domainName, 'domainName', `Member must satisfy regular expression pattern: ${DOMAIN.source}`)
  const { options, hostedZoneId } = readScope(params['PrevalidationOptions'])
  const store = acmeStore(context.state)
  const v: DomainValidationRecord = {
    arn: `${endpoint.arn}/acme-domain-validation/${uuidFrom(context.state.nextSeed('acme-validation'))}`,
    endpointArn: endpoint.arn,
    domainName,
    scope: options as Record<string, ScopeOption>,
    record: prevalidationRecord(endpoint.arn, domainName),
    status: 'VALIDATING',
    tags: parseTags(params['Tags']),
    createdAt: context.now,
    updatedAt: context.now
  }
  if (hostedZoneId !== undefined) v.hostedZoneId = hostedZoneId
  if (endpoint.status !== 'ACTIVE') {
    v.status = 'INVALID'
    v.failure = { reason: 'ENDPOINT_NOT_ACTIVE', message: `ACME endpoint ${endpoint.arn} is ${endpoint.status}` }
  } else writeManagedRecord(context.state, v, endpoint.accountId, context.now)
  store.validations.set(v.arn, v)
  remember(context, 'CreateAcmeDomainValidation', token, v.arn)
  return { AcmeDomainValidationArn: v.arn }
}

function findValidation(context: CallContext, arn: string): DomainValidationRecord {
  const store = acmeStore(context.state)
  const v = store.validations.get(arn)
  if (!v) throw notFound('ACME domain validation', arn)
  findEndpoint(context, v.endpointArn)
  if (!settleValidation(context.state, store, v, context.now)) throw notFound('ACME domain validation', arn)
  return v
}

function describeAcmeDomainValidation(params: Json, context: CallContext): Json {
  return { AcmeDomainValidation: validationShape(findValidation(context, required(params, 'AcmeDomainValidationArn'))) }
}

function listAcmeDomainValidations(params: Json, context: CallContext): Json {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const store: AcmeStore = acmeStore(context.state)
  const of = [...store.validations.values()].filter(
    (v) => v.endpointArn === endpoint.arn && settleValidation(context.state, store, v, context.now)
  )
  const { items, next } = page(of, params)
  return { AcmeDomainValidations: items.map(validationShape), ...(next && { NextToken: next }) }
}

/** API_UpdateAcmeDomainValidation: new options; validation starts again [inferred]. */
function updateAcmeDomainValidation(params: Json, context: CallContext): Json {
  const v = findValidation(context, required(params, 'AcmeDomainValidationArn'))
  const { options, hostedZoneId } = readScope(params['PrevalidationOptions'])
  v.scope = options as Record<string, ScopeOption>
  if (hostedZoneId !== undefined) v.hostedZoneId = hostedZoneId
  v.updatedAt = context.now
  return {}
}

/** API_DeleteAcmeDomainValidation: DELETING, then gone; the endpoint can no longer issue for the name. */
function deleteAcmeDomainValidation(params: Json, context: CallContext): Json {
  const v = findValidation(context, required(params, 'AcmeDomainValidationArn'))
  v.status = 'DELETING'
  v.goneAt = context.now + acmeStore(context.state).knobs.deletingMs
  return {}
}

/** Tags of an ACME resource (API_ListTagsForResource, API_TagResource, API_UntagResource). */
function taggable(context: CallContext, arn: string): Map<string, string> {
  const store = acmeStore(context.state)
  if (store.bindings.has(arn)) return (store.bindings.get(arn) as { tags: Map<string, string> }).tags
  if (store.validations.has(arn)) return findValidation(context, arn).tags
  return findEndpoint(context, arn).tags
}

export const ACME_OPERATIONS: Record<string, (params: Json, context: CallContext) => Json> = {
  CreateAcmeEndpoint: createAcmeEndpoint,
  DescribeAcmeEndpoint: describeAcmeEndpoint,
  ListAcmeEndpoints: listAcmeEndpoints,
  UpdateAcmeEndpoint: updateAcmeEndpoint,
  DeleteAcmeEndpoint: deleteAcmeEndpoint,
  CreateAcmeDomainValidation: createAcmeDomainValidation,
  DescribeAcmeDomainValidation: describeAcmeDomainValidation,
  ListAcmeDomainValidations: listAcmeDomainValidations,
  UpdateAcmeDomainValidation: updateAcmeDomainValidation,
  DeleteAcmeDomainValidation: deleteAcmeDomainValidation,
  ListTagsForResource: (params, context) => ({
    Tags: [...taggable(context, required(params, 'ResourceArn'))].map(([Key, Value]) => ({ Key, Value }))
  }),
  TagResource: (params, context) => {
    const tags = taggable(context, required(params, 'ResourceArn'))
    for (const [key, value] of parseTags(params['Tags'])) tags.set(key, value)
    return {}
  },
  UntagResource: (params, context) => {
    const tags = taggable(context, required(params, 'ResourceArn'))
    for (const key of (params['TagKeys'] ?? []) as string[]) tags.delete(key)
    return {}
  },
  ...acmeBindingOperations
}
