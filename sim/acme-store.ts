// ACM's ACME control plane, its state and lifecycles: endpoints, domain validations, external account
// bindings (EAB) and ACME accounts, kept beside the certificate state of one SimState. Written from the
// ACM API Reference (API_CreateAcmeEndpoint, API_AcmeEndpoint, API_CreateAcmeDomainValidation,
// API_AcmeDomainValidation, API_CreateAcmeExternalAccountBinding, API_AcmeAccount) and the ACM User
// Guide's ACME pages; where they are silent the behaviour chosen is marked [inferred].
import { authoritativeZone, validationCname } from './certificates.js'
import { isWithin, route53Name } from './names.js'
import { applyChangeBatch } from './route53-changes.js'
import type { SimState } from './state.js'
import { HOUR } from './util.js'

export type EndpointStatus = 'CREATING' | 'ACTIVE' | 'DELETING' | 'FAILED'
export type ValidationStatus = 'VALIDATING' | 'VALID' | 'INVALID' | 'DELETING'
/** AcmeDomainValidationFailureReason (SDK enums). */
export type ValidationFailureReason =
  | 'ACCESS_DENIED'
  | 'DOMAIN_MISMATCH'
  | 'DOMAIN_NOT_ALLOWED'
  | 'ENDPOINT_NOT_ACTIVE'
  | 'HOSTED_ZONE_NOT_FOUND'
  | 'INTERNAL_FAILURE'
  | 'INVALID_CHANGE_BATCH'
  | 'INVALID_PUBLIC_DOMAIN'
  | 'TIMED_OUT'
export type ScopeOption = 'ENABLED' | 'DISABLED'

export interface AcmeEndpointRecord {
  arn: string
  accountId: string
  region: string
  url: string
  status: EndpointStatus
  failureReason?: string
  contact: 'REQUIRED' | 'NOT_REQUIRED'
  allowedKeyAlgorithms: string[] | undefined
  certificateTags: { Key: string; Value: string }[]
  tags: Map<string, string>
  createdAt: number
  updatedAt: number
  /** Clock ms at which DELETING ends and the endpoint is gone. */
  goneAt?: number
}

export interface DomainValidationRecord {
  arn: string
  endpointArn: string
  domainName: string
  scope: { ExactDomain?: ScopeOption; Subdomains?: ScopeOption; Wildcards?: ScopeOption }
  hostedZoneId?: string
  record: { name: string; value: string }
  status: ValidationStatus
  failure?: { reason: ValidationFailureReason; message: string }
  tags: Map<string, string>
  createdAt: number
  updatedAt: number
  goneAt?: number
}

export interface BindingRecord {
  arn: string
  endpointArn: string
  roleArn: string
  expiresAt?: number
  revokedAt?: number
  lastUsedAt?: number
  createdAt: number
  updatedAt: number
  keyId: string
  macKey: string
  tags: Map<string, string>
}

export interface AcmeAccountRecord {
  endpointArn: string
  accountUrl: string
  thumbprint: string
  status: 'VALID' | 'DEACTIVATED' | 'REVOKED'
  createdAt: number
  bindingArn?: string
  contacts: string[]
}

/** Knobs for ACME scenarios; tests change them between calls. */
export interface AcmeKnobs {
  /** An endpoint stays CREATING this long (how long AWS takes: UNCONFIRMED). */
  endpointCreatingMs: number
  /** Endpoints created while set end FAILED with this reason instead of ACTIVE. */
  endpointFailure?: string | undefined
  /** DELETING lasts this long, then the resource is gone (ResourceNotFoundException). */
  deletingMs: number
  /** A validation turns VALID this long after its CNAME is visible in public DNS. */
  validationDelayMs: number
  /** Validations of these names end INVALID with this reason after validationDelayMs. */
  invalid?: { domain: string; reason: ValidationFailureReason; message?: string } | undefined
  /** A validation whose CNAME is never seen ends TIMED_OUT after this long ([inferred]: the 72 h of certificates). */
  timeoutMs: number
}

export class AcmeStore {
  readonly endpoints = new Map<string, AcmeEndpointRecord>()
  readonly validations = new Map<string, DomainValidationRecord>()
  readonly bindings = new Map<string, BindingRecord>()
  readonly accounts: AcmeAccountRecord[] = []
  /** IdempotencyToken → the ARN it created, per operation, account and Region (window: 1 hour [inferred]). */
  readonly idempotency = new Map<string, { arn: string; at: number }>()
  readonly knobs: AcmeKnobs = {
    endpointCreatingMs: 1000,
    deletingMs: 1000,
    validationDelayMs: 500,
    timeoutMs: 72 * HOUR
  }
}

const stores = new WeakMap<SimState, AcmeStore>()

/** The ACME state of a simulator world (created on first use). */
export function acmeStore(state: SimState): AcmeStore {
  let store = stores.get(state)
  if (!store) {
    store = new AcmeStore()
    stores.set(state, store)
  }
  return store
}

/** Same token, same operation, account and Region within the window → the same resource ([inferred] as RequestCertificate). */
export const IDEMPOTENCY_WINDOW_MS = HOUR

/**
 * The prevalidation CNAME: "same kind as standard ACM DNS validation" and per endpoint, so two endpoints
 * need two records even for one name (ACM User Guide, "ACME domain validation").
 */
export function prevalidationRecord(endpointArn: string, domainName: string): { name: string; value: string } {
  return validationCname(`${endpointArn}|${domainName}`, domainName, 'acme-')
}

/** Brings an endpoint's status up to now: CREATING → ACTIVE (or FAILED), DELETING → gone. */
export function settleEndpoint(store: AcmeStore, endpoint: AcmeEndpointRecord, now: number): boolean {
  if (endpoint.status === 'DELETING' && endpoint.goneAt !== undefined && now >= endpoint.goneAt) {
    store.endpoints.delete(endpoint.arn)
    return false
  }
  if (endpoint.status === 'CREATING' && now >= endpoint.createdAt + store.knobs.endpointCreatingMs) {
    endpoint.status = endpoint.failureReason !== undefined ? 'FAILED' : 'ACTIVE'
    endpoint.updatedAt = endpoint.createdAt + store.knobs.endpointCreatingMs
  }
  return true
}

/** When public DNS started answering this validation's CNAME exactly, or undefined. */
function visibleSince(state: SimState, v: DomainValidationRecord): number | undefined {
  const zone = authoritativeZone(state, v.record.name)
  const found = zone?.records.find((r) => r.type === 'CNAME' && r.name === route53Name(v.record.name))
  const value = found?.values[0]
  return found && value !== undefined && route53Name(value) === route53Name(v.record.value)
    ? found.writtenAt
    : undefined
}

/**
 * VALIDATING → VALID once the CNAME resolves (validationDelayMs later), INVALID for a scripted name,
 * TIMED_OUT when never seen; DELETING → gone. A VALID validation stays VALID: how often ACM re-checks is
 * UNCONFIRMED (ACM User Guide, "ACME domain validation": the CNAME lets ACM re-validate over time).
 */
export function settleValidation(state: SimState, store: AcmeStore, v: DomainValidationRecord, now: number): boolean {
  if (v.status === 'DELETING') {
    if (v.goneAt !== undefined && now >= v.goneAt) store.validations.delete(v.arn)
    return now < (v.goneAt ?? Infinity)
  }
  if (v.status !== 'VALIDATING') return true
  const { invalid, validationDelayMs, timeoutMs } = store.knobs
  const fail = (reason: ValidationFailureReason, message: string, at: number): void => {
    v.status = 'INVALID'
    v.failure = { reason, message }
    v.updatedAt = at
  }
  if (invalid && invalid.domain === v.domainName) {
    if (now >= v.createdAt + validationDelayMs)
      fail(invalid.reason, invalid.message ?? `Validation of ${v.domainName} failed`, now)
    return true
  }
  const since = visibleSince(state, v)
  if (since !== undefined && now >= Math.max(since, v.createdAt) + validationDelayMs) {
    v.status = 'VALID'
    v.updatedAt = Math.max(since, v.createdAt) + validationDelayMs
  } else if (since === undefined && now >= v.createdAt + timeoutMs) {
    fail('TIMED_OUT', `The CNAME ${v.record.name} was not found in public DNS`, now)
  }
  return true
}

/**
 * With HostedZoneId, ACM writes the CNAME itself ("automatic DNS record management": CloudFormation and
 * CDK, DnsPrevalidationOptions). The zone must be a public zone of the endpoint's account that holds the
 * name [inferred from HOSTED_ZONE_NOT_FOUND and DOMAIN_MISMATCH]; otherwise the validation ends INVALID.
 */
export function writeManagedRecord(state: SimState, v: DomainValidationRecord, accountId: string, now: number): void {
  if (v.hostedZoneId === undefined) return
  const zone = state.zone(v.hostedZoneId)
  const invalid = (reason: ValidationFailureReason, message: string): void => {
    v.status = 'INVALID'
    v.failure = { reason, message }
  }
  if (!zone || zone.accountId !== accountId || zone.privateZone)
    return invalid('HOSTED_ZONE_NOT_FOUND', `Hosted zone ${v.hostedZoneId} was not found`)
  if (!isWithin(v.domainName, zone.name))
    return invalid('DOMAIN_MISMATCH', `${v.domainName} is not in hosted zone ${zone.name}`)
  const change = { action: 'UPSERT' as const, name: v.record.name, type: 'CNAME', ttl: 300, values: [v.record.value] }
  const problems = applyChangeBatch(state, zone, [change], now)
  if (problems.length > 0) invalid('INVALID_CHANGE_BATCH', problems.join('; '))
}
