// Mode acme-endpoint's decisions, pure (table tests in __tests__/acme/decide.test.ts): which endpoint is
// ours, what to change on it, which domain validations to create, keep, replace or report, the tokens
// that make re-runs and parallel jobs converge, and what each validation failure means for the user.
import { createHash } from 'node:crypto'
import type { AcmeDomainValidationFailureReason, DomainScope } from '@aws-sdk/client-acm'
import { MANAGED_BY_TAG } from '../constants.js'
import { isWildcard, wildcardBase } from '../domains.js'
import type { Tag } from '../types.js'
import type { AcmeScope } from '../constants.js'
import type { AcmeConfig } from '../types.js'

/** The tag that marks the action's endpoint of a name: `acm-certificate-action = acme-endpoint:<name>`. */
export function endpointTag(name: string): Tag {
  return { Key: MANAGED_BY_TAG, Value: `acme-endpoint:${name}` }
}

/** An IdempotencyToken of 32 hex characters from the parts (same parts → same token). */
export function tokenOf(...parts: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32)
}

export interface EndpointFacts {
  readonly arn: string
  readonly status: string
  readonly createdAt?: Date | undefined
  readonly failureReason?: string | undefined
  readonly tags: readonly Tag[] | undefined
}

export type EndpointChoice =
  | { readonly kind: 'reuse'; readonly arn: string; readonly others: readonly string[] }
  | { readonly kind: 'create' }
  | { readonly kind: 'unusable'; readonly arn: string; readonly status: string; readonly reason: string | undefined }

/**
 * Ours: the endpoints tagged with this name. The oldest ACTIVE or CREATING one is reused (two, after
 * a race past the idempotency window, are reported); a FAILED or DELETING one alone is unusable, and
 * the run stops rather than create a second endpoint beside it.
 */
export function chooseEndpoint(endpoints: readonly EndpointFacts[], name: string): EndpointChoice {
  const tag = endpointTag(name)
  const ours = endpoints.filter((e) => e.tags?.some((t) => t.Key === tag.Key && t.Value === tag.Value))
  const usable = ours
    .filter((e) => e.status === 'ACTIVE' || e.status === 'CREATING')
    .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0) || a.arn.localeCompare(b.arn))
  const [first, ...others] = usable
  if (first) return { kind: 'reuse', arn: first.arn, others: others.map((e) => e.arn) }
  const stuck = ours[0]
  if (stuck) return { kind: 'unusable', arn: stuck.arn, status: stuck.status, reason: stuck.failureReason }
  return { kind: 'create' }
}

export interface EndpointSettings {
  readonly contact?: string | undefined
  readonly allowedKeyAlgorithms?: readonly string[] | undefined
  readonly certificateTags?: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined
}

/** What differs from the inputs: contact and key algorithms can be updated, certificate tags cannot. */
export function endpointDrift(
  actual: EndpointSettings,
  wanted: Pick<AcmeConfig, 'contact' | 'keyAlgorithms' | 'certificateTags'>
): { update: string[]; fixedAtCreation: string[] } {
  const update: string[] = []
  if ((actual.contact ?? 'NOT_REQUIRED') !== wanted.contact)
    update.push(`contact ${actual.contact ?? '-'} → ${wanted.contact}`)
  const algorithms = (list: readonly string[] | undefined): string => [...(list ?? [])].sort().join(',')
  if (algorithms(actual.allowedKeyAlgorithms) !== algorithms(wanted.keyAlgorithms))
    update.push(
      `key algorithms ${algorithms(actual.allowedKeyAlgorithms) || '-'} → ${algorithms(wanted.keyAlgorithms)}`
    )
  const tags = (list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined): string =>
    (list ?? [])
      .map((t) => `${t.Key ?? ''}=${t.Value ?? ''}`)
      .sort()
      .join(',')
  const fixedAtCreation = tags(actual.certificateTags) === tags(wanted.certificateTags) ? [] : ['certificate tags']
  return { update, fixedAtCreation }
}

/** One validation per base name: `*.example.com` is example.com with wildcards on; the scope input applies to all. */
export function wantedValidations(names: readonly string[], scope: readonly AcmeScope[]): Map<string, DomainScope> {
  const wanted = new Map<string, DomainScope>()
  const on = (yes: boolean) => (yes ? 'ENABLED' : 'DISABLED')
  for (const name of names) {
    const base = wildcardBase(name)
    const before = wanted.get(base)
    wanted.set(base, {
      ExactDomain: on(scope.includes('exact') || before?.ExactDomain === 'ENABLED'),
      Subdomains: on(scope.includes('subdomains')),
      Wildcards: on(scope.includes('wildcards') || isWildcard(name) || before?.Wildcards === 'ENABLED')
    })
  }
  return wanted
}

export function sameScope(a: DomainScope | undefined, b: DomainScope): boolean {
  const of = (s: DomainScope | undefined, k: keyof DomainScope) => s?.[k] ?? 'DISABLED'
  return (['ExactDomain', 'Subdomains', 'Wildcards'] as const).every((k) => of(a, k) === of(b, k))
}

export interface ValidationFacts {
  readonly arn: string
  readonly domainName: string
  readonly status: string
  readonly scope: DomainScope | undefined
}

export type ValidationStep =
  | { readonly kind: 'keep'; readonly domain: string; readonly arn: string; readonly status: string }
  | { readonly kind: 'rescope'; readonly domain: string; readonly arn: string }
  | { readonly kind: 'create'; readonly domain: string; readonly replaces?: string }

export interface ValidationPlan {
  readonly steps: readonly ValidationStep[]
  /** On the endpoint, but no longer in the inputs. */
  readonly dropped: readonly ValidationFacts[]
}

/**
 * Per wanted name: keep a VALID or VALIDATING validation of that scope, re-scope one of another scope,
 * replace an INVALID one (the re-run is the retry) and create what is missing. Validations being
 * deleted are left to finish; a DELETING one of a wanted name is replaced by a new one.
 */
export function planValidations(
  wanted: ReadonlyMap<string, DomainScope>,
  existing: readonly ValidationFacts[]
): ValidationPlan {
  const live = existing.filter((v) => v.status !== 'DELETING')
  const steps: ValidationStep[] = [...wanted].map(([domain, scope]) => {
    const found = live.find((v) => v.domainName === domain)
    if (!found) return { kind: 'create', domain }
    if (found.status === 'INVALID') return { kind: 'create', domain, replaces: found.arn }
    if (!sameScope(found.scope, scope)) return { kind: 'rescope', domain, arn: found.arn }
    return { kind: 'keep', domain, arn: found.arn, status: found.status }
  })
  return { steps, dropped: live.filter((v) => !wanted.has(v.domainName)) }
}

/** What to do about each failure reason (AcmeDomainValidationFailureReason; a new one fails the type-check). */
export const VALIDATION_FAILURE_HINTS: Record<AcmeDomainValidationFailureReason, string> = {
  ACCESS_DENIED:
    'ACM could not write or read the record: with acme-managed-records, the zone must be in the endpoint account and ' +
    'that account must allow ACM to change it; otherwise set acme-managed-records: false and let the DNS role write it.',
  DOMAIN_MISMATCH: 'The hosted zone does not hold this name: check hosted-zone-id / zone-overrides for it.',
  DOMAIN_NOT_ALLOWED:
    'Amazon Trust Services will not issue for this name (a CAA record, a blocked or high-risk name): check CAA allows amazon.com.',
  ENDPOINT_NOT_ACTIVE:
    'The endpoint was not ACTIVE when the validation was created: re-run; the action waits for ACTIVE first.',
  HOSTED_ZONE_NOT_FOUND:
    'The zone ACM was told to write to does not exist in the endpoint account: set acme-managed-records: false to have the DNS role write the record.',
  INTERNAL_FAILURE: 'An ACM-side failure: re-run the job; a new validation replaces the INVALID one.',
  INVALID_CHANGE_BATCH:
    'Route 53 refused the CNAME (another record type at that name?): remove the conflicting record, then re-run.',
  INVALID_PUBLIC_DOMAIN:
    'The name is not a public DNS name under a public suffix: ACME endpoints issue public certificates only.',
  TIMED_OUT:
    'ACM did not see the CNAME in public DNS in time: check that the zone it went to is the one the parent delegates to (NS), then re-run.'
}

export function failureHint(reason: string | undefined): string {
  return (
    VALIDATION_FAILURE_HINTS[reason as AcmeDomainValidationFailureReason] ??
    'Re-run the job; if it fails again, see the reason in ACM.'
  )
}

/**
 * ACM may write the record itself (HostedZoneId) only into a zone of the endpoint's own account
 * [inferred: the zone is named by id alone]. The writer's account is the role's (a zone-overrides role,
 * else dns-role-to-assume); no role means the certificate identity, the endpoint's account.
 */
export function acmMayWrite(endpointAccount: string | undefined, writerRoleArn: string | undefined): boolean {
  if (writerRoleArn === undefined) return true
  const account = /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(writerRoleArn)?.[1]
  return account !== undefined && account === endpointAccount
}

/** Per-name progress in one line, e.g. `example.com: VALID, api.example.com: VALIDATING`. */
export function progressLine(statuses: readonly { domain: string; status: string }[]): string {
  return statuses.map((s) => `${s.domain}: ${s.status}`).join(', ')
}
