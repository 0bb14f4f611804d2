// Injected faults and API rate quotas.
import { ApiError } from './protocol.js'
import type { Quotas, ServiceName } from './state.js'

export type FaultKind =
  | 'throttle'
  | 'server-error'
  | 'connection-reset'
  | 'lost-response'
  | 'prior-request-not-complete'
  | 'clock-skew'
  /** Accept the request and never answer (the socket stays open until the client gives up). */
  | 'hang'

export interface FaultSpec {
  service: ServiceName
  /** Only this operation (e.g. 'DescribeCertificate'); all operations of the service if unset. */
  operation?: string
  kind: FaultKind
  /** Hit the next N matching requests, then retire. */
  times?: number
  /** Hit each matching request with this probability (seeded PRNG). */
  rate?: number
}

interface ActiveFault extends FaultSpec {
  remaining: number
}

/** Pending faults. With neither `times` nor `rate`, a fault hits every matching request until cleared. */
export class Faults {
  private active: ActiveFault[] = []

  constructor(private readonly random: () => number) {}

  add(spec: FaultSpec): void {
    this.active.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY })
  }

  clear(): void {
    this.active = []
  }

  /** The fault to apply to this request, consuming one use of it. */
  take(service: ServiceName, operation: string): FaultKind | undefined {
    const fault = this.active.find(
      (f) => f.service === service && (f.operation === undefined || f.operation === operation) && f.remaining > 0
    )
    if (!fault) return undefined
    if (fault.rate !== undefined && this.random() >= fault.rate) return undefined
    fault.remaining -= 1
    return fault.kind
  }
}

const SIGNATURE_EXPIRED = 'Signature expired: the request time is now earlier than the server time minus 5 min.'

/**
 * The error a fault surfaces as, per service. Throttling: ACM ThrottlingException; Route 53 and STS
 * `Throttling` / "Rate exceeded" (Route 53 DG, "Throttling for Amazon Route 53 API requests").
 * Server errors: 503 ServiceUnavailable (AWS API common errors). Route 53 busy zone:
 * PriorRequestNotComplete (Route 53 DG, "Quotas on API requests"). Clock skew: the signature-expired
 * errors the SDK corrects its clock for (InvalidSignatureException / SignatureDoesNotMatch).
 */
export function faultError(service: ServiceName, kind: FaultKind): ApiError {
  switch (kind) {
    case 'throttle':
      if (service === 'oidc') return new ApiError('TooManyRequests', 'Too many requests', 429)
      return service === 'acm'
        ? new ApiError('ThrottlingException', 'Rate exceeded', 400)
        : new ApiError('Throttling', 'Rate exceeded', 400)
    case 'prior-request-not-complete':
      return priorRequestNotComplete()
    case 'clock-skew':
      return service === 'acm'
        ? new ApiError('InvalidSignatureException', SIGNATURE_EXPIRED, 400)
        : new ApiError('SignatureDoesNotMatch', SIGNATURE_EXPIRED, 403)
    default:
      return new ApiError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503)
  }
}

export function priorRequestNotComplete(): ApiError {
  return new ApiError(
    'PriorRequestNotComplete',
    'The request was rejected because Route 53 was still processing a prior request.',
    400
  )
}

interface Bucket {
  tokens: number
  at: number
}

/** Token buckets keyed by quota scope (account, Region, operation), refilled by the injected clock. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  /** Take one token; false when the bucket is empty. */
  take(key: string, perSecond: number, burst: number, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return false
    bucket.tokens -= 1
    return true
  }
}

/**
 * The bucket a request draws from, or undefined when unmetered. ACM quotas are per account per Region
 * per operation (ACM User Guide, "API rate quotas"); Route 53 has one account-level bucket
 * (Route 53 DG, "Throttling for Amazon Route 53 API requests").
 */
export function quotaFor(
  quotas: Quotas,
  service: ServiceName,
  operation: string,
  accountId: string,
  region: string
): { key: string; perSecond: number; burst: number } | undefined {
  if (service === 'acm') {
    const perSecond = quotas.acm[operation] ?? quotas.acmDefault
    return { key: `acm/${accountId}/${region}/${operation}`, perSecond, burst: perSecond }
  }
  if (service === 'route53') {
    return { key: `route53/${accountId}`, perSecond: quotas.route53.perSecond, burst: quotas.route53.burst }
  }
  return undefined
}
