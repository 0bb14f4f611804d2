// Certificates for the renewal guard's tests (mode: audit) as ACM holds them: issued in the example's
// certificate account and Region, in use by a CloudFront distribution, tagged as the action's, with
// their validation CNAMEs in Route 53. Each test breaks one thing the way people and time do. Shared
// by the e2e audits (__tests__/e2e/audit*.test.ts, which run dist/index.js and so import nothing of
// src/) and the in-process audit at scale (__tests__/audit/scale.test.ts).
import { EXAMPLE, validationRecord, type Simulator } from '../sim/index.js'

const DAY = 86_400_000
/** The tag that marks the certificates the action created (README: `tags`, and the DNS role's policy). */
export const ACTION_TAG = 'acm-certificate-action'
export const DISTRIBUTION = `arn:aws:cloudfront::${EXAMPLE.certificateAccount}:distribution/E2EXAMPLE`

export interface Seed {
  names: string[]
  /** Days until NotAfter (default 150). */
  notAfterDays?: number
  /** In use by DISTRIBUTION (default), or by nothing. */
  inUse?: boolean
  /** Tagged as the action's (default), or not. */
  managed?: boolean
  /** Default: what ACM answers for the certificate. */
  renewalEligibility?: 'ELIGIBLE' | 'INELIGIBLE'
  /** Validated by email: no records. */
  email?: boolean
  /** Issued through an ACM ACME endpoint. */
  acme?: boolean
  /** Leave the records out of DNS. */
  withoutRecords?: boolean
}

/** The validation CNAME of `name` in a zone, with ACM's value unless `value` is given. */
export function putValidationRecord(sim: Simulator, zoneId: string, name: string, value?: string): void {
  const r = validationRecord(EXAMPLE.certificateAccount, name)
  sim.putRecord(zoneId, { name: r.name, type: 'CNAME', ttl: 300, values: [value ?? r.value] })
}

/** An issued certificate as ACM holds it, its records in `zoneId` (at `now`); returns its ARN. */
export function seedCertificate(sim: Simulator, zoneId: string, s: Seed, now = Date.now()): string {
  const arn = sim.addCertificate({
    accountId: EXAMPLE.certificateAccount,
    region: EXAMPLE.region,
    domainName: s.names[0] as string,
    subjectAlternativeNames: s.names,
    status: 'ISSUED',
    notAfter: now + (s.notAfterDays ?? 150) * DAY,
    inUseBy: s.inUse === false ? [] : [DISTRIBUTION],
    ...(s.renewalEligibility && { renewalEligibility: s.renewalEligibility }),
    ...(s.managed !== false && { tags: { [ACTION_TAG]: 'seeded' } }),
    ...(s.email && { validationMethod: 'EMAIL' as const }),
    ...(s.acme && { keyPairOrigin: 'ACME' as const })
  })
  if (!s.withoutRecords && !s.email) for (const name of s.names) putValidationRecord(sim, zoneId, name)
  return arn
}

/** `count` certificates of two names each (`cN.zoneZ.test`, `www.cN.zoneZ.test`) spread over `zoneCount` new zones. */
export function seedFleet(sim: Simulator, count: number, zoneCount: number, now = Date.now()): void {
  const zones = Array.from({ length: zoneCount }, (_, z) =>
    sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name: `zone${z}.test` })
  )
  for (let i = 0; i < count; i++) {
    const z = i % zoneCount
    const names = [`c${i}.zone${z}.test`, `www.c${i}.zone${z}.test`]
    seedCertificate(sim, zones[z] as string, { names, renewalEligibility: 'ELIGIBLE' }, now)
  }
}

/** How many calls of an operation the simulator answered with 200. */
export function okCalls(sim: Simulator, service: string, operation: string): number {
  return sim.requests.filter((r) => r.service === service && r.operation === operation && r.status === 200).length
}

/** The calls the simulator throttled (ACM's ThrottlingException, Route 53's Throttling). */
export function throttledCalls(sim: Simulator): number {
  return sim.requests.filter((r) => r.errorCode === 'Throttling' || r.errorCode === 'ThrottlingException').length
}
