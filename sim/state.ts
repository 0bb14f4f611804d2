// The simulator's world: accounts' credentials, roles, hosted zones, certificates, scenario knobs.
import { idFrom, seededRandom, type Clock } from './util.js'

/** The role the container credentials endpoint (sim/container.ts) serves sessions of. */
export interface ContainerRole {
  roleArn: string
  /** RoleSessionName of the sessions (ECS uses the task id); default `container-task`. */
  sessionName?: string
  /** Session lifetime; default six hours (scenario.credentialLifetimeSeconds still caps it). */
  seconds?: number
}

/** `container`: the container credentials endpoint (sim/container.ts). */
export type ServiceName = 'acm' | 'route53' | 'sts' | 'oidc' | 'container' | 'tagging'

export type FailureReason =
  | 'NO_AVAILABLE_CONTACTS'
  | 'ADDITIONAL_VERIFICATION_REQUIRED'
  | 'DOMAIN_NOT_ALLOWED'
  | 'INVALID_PUBLIC_DOMAIN'
  | 'DOMAIN_VALIDATION_DENIED'
  | 'CAA_ERROR'
  | 'PCA_LIMIT_EXCEEDED'
  | 'PCA_INVALID_ARN'
  | 'PCA_INVALID_STATE'
  | 'PCA_REQUEST_FAILED'
  | 'PCA_NAME_CONSTRAINTS_VALIDATION'
  | 'PCA_RESOURCE_NOT_FOUND'
  | 'PCA_INVALID_ARGS'
  | 'PCA_INVALID_DURATION'
  | 'PCA_ACCESS_DENIED'
  | 'SLR_NOT_FOUND'
  | 'OTHER'

export type CertificateStatus =
  'PENDING_VALIDATION' | 'ISSUED' | 'INACTIVE' | 'EXPIRED' | 'VALIDATION_TIMED_OUT' | 'REVOKED' | 'FAILED'

export type CertificateType = 'AMAZON_ISSUED' | 'PRIVATE' | 'IMPORTED'

/** API rate quotas, in requests per second (token buckets refilled at that rate). */
export interface Quotas {
  /** ACM, per account per Region, by operation (ACM User Guide, "Quotas → API rate quotas"). */
  acm: Record<string, number>
  /** ACM operations not listed in `acm`. */
  acmDefault: number
  /** Route 53, per account: 10 requests/s refill, burst 50 (Route 53 DG, "Throttling for Amazon Route 53 API requests"). */
  route53: { perSecond: number; burst: number }
}

/** Mutable knobs; tests change them between calls. Times are milliseconds of the injected clock. */
export interface Scenario {
  /** A DNS-validated certificate is ISSUED this long after its last validation record was written. */
  issuanceDelayMs: number
  /**
   * Per-Region override of issuanceDelayMs (e.g. `{ 'eu-central-1': 600_000 }`): ACM certificates are
   * regional resources, each validated and issued on its own (ACM User Guide, "Supported Regions"), so
   * one Region may issue while another has not yet.
   */
  issuanceDelayMsByRegion?: Record<string, number> | undefined
  /** DescribeCertificate answers ResourceNotFoundException this long after RequestCertificate. */
  describeNotFoundMs: number
  /** ResourceRecord is omitted from the first N DescribeCertificate responses of each certificate. */
  recordsAbsentPolls: number
  /** After that, only the first name carries a ResourceRecord for N more responses. */
  recordsPartialPolls: number
  /** GetChange reports PENDING for this long, then INSYNC. */
  changeInsyncDelayMs: number
  /** A zone stays busy this long after a change; changes to it meanwhile fail with PriorRequestNotComplete. */
  changeProcessingMs: number
  /** Caps the lifetime of STS credentials (seconds), to exercise refresh with short sessions. */
  credentialLifetimeSeconds?: number | undefined
  /** Lifetime of GitHub ID tokens (GitHub's are ~300 s). */
  idTokenLifetimeSeconds: number
  /** `sub` claim of minted ID tokens. */
  oidcSubject: string
  /** Extra or overriding claims of minted ID tokens. */
  oidcClaims: Record<string, unknown>
  /**
   * Certificates requested while set go FAILED with this reason instead of ISSUED; with `region`,
   * only those requested in that Region (ACM certificates are regional resources, each validated
   * and issued on its own: ACM User Guide, "Supported Regions" and "Troubleshoot certificate requests").
   */
  failCertificates?: { reason: FailureReason; domain?: string; region?: string } | undefined
  /** Certificates requested while set go VALIDATION_TIMED_OUT instead of ISSUED. */
  validationTimedOut: boolean
  /** Domain names per certificate (ACM default quota 10). */
  domainsPerCertificateQuota: number
  /** Validity of issued certificates in days (ACM: 198; CA/B SC-081: 100 from 2027-03-15, 47 from 2029-03-15). */
  certificateValidityDays: number
  /** Certificates requested per account per Region in the last 365 days (default: twice 2,500). */
  certificatesPerYearQuota: number
  /** Apply the API rate quotas below (off by default so ordinary tests never throttle). */
  enforceQuotas: boolean
  quotas: Quotas
  /** Real (wall-clock) milliseconds every answer is held back, for performance work; 0 = none. */
  latencyMs: number
  /** Per-service override of latencyMs (e.g. `{ acm: 50 }`). */
  latencyByService: Partial<Record<ServiceName, number>>
  /** IAM actions every caller is denied (AccessDeniedException), e.g. `tag:GetResources` (sim/tagging.ts). */
  deniedActions?: string[] | undefined
  /** The role whose sessions the container credentials endpoint serves (ambient "instance/container role"). */
  containerRole?: ContainerRole | undefined
}

export function defaultScenario(): Scenario {
  return {
    issuanceDelayMs: 2000,
    describeNotFoundMs: 0,
    recordsAbsentPolls: 0,
    recordsPartialPolls: 0,
    changeInsyncDelayMs: 1000,
    changeProcessingMs: 100,
    idTokenLifetimeSeconds: 300,
    oidcSubject: 'repo:octo-org/octo-repo:ref:refs/heads/main',
    oidcClaims: {},
    validationTimedOut: false,
    domainsPerCertificateQuota: 10,
    certificateValidityDays: 198,
    certificatesPerYearQuota: 5000,
    enforceQuotas: false,
    quotas: {
      acm: {
        RequestCertificate: 5,
        DescribeCertificate: 10,
        ListCertificates: 8,
        AddTagsToCertificate: 5,
        DeleteCertificate: 10
      },
      acmDefault: 10,
      route53: { perSecond: 10, burst: 50 }
    },
    latencyMs: 0,
    latencyByService: {}
  }
}

export interface RoleTrust {
  /** Required `aud` of the web identity token (trust-policy condition); default sts.amazonaws.com. */
  audience?: string
  /** Globs the `sub` claim must match (any of them); unset: any subject. */
  subjects?: string[]
  /** Principals allowed to sts:AssumeRole: role ARNs, or `arn:aws:iam::ACCOUNT:root` for a whole account. */
  principals?: string[]
  /** sts:ExternalId the caller of AssumeRole must pass. */
  externalId?: string
  /** Whether the GitHub OIDC provider may assume the role; default true. */
  webIdentity?: boolean
}

export interface Role {
  arn: string
  accountId: string
  name: string
  trust: RoleTrust
  maxSessionSeconds: number
}

export interface Credential {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  accountId: string
  /** The principal: a user ARN for static keys, `arn:aws:sts::ACCT:assumed-role/NAME/SESSION` for sessions. */
  arn: string
  userId: string
  /** The role behind an assumed-role session (for trust checks and role chaining). */
  roleArn?: string
  /** Injected-clock ms; static credentials never expire. */
  expiresAt?: number
  /** How it was obtained: static keys, an STS call, or the container-credentials endpoint. */
  origin?: CredentialOrigin
}

export type CredentialOrigin = 'static' | 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'container'

export interface RecordSet {
  name: string
  type: string
  ttl: number
  values: string[]
  /** When the current values were written (injected clock). */
  writtenAt: number
}

export interface HostedZone {
  id: string
  accountId: string
  name: string
  callerReference: string
  comment?: string
  privateZone: boolean
  vpcs: { region: string; id: string }[]
  linkedService?: { servicePrincipal: string; description?: string }
  /** False simulates a zone its parent does not delegate to: public DNS never sees its records. */
  delegated: boolean
  nameServers: string[]
  records: RecordSet[]
  /** Changes to the zone fail with PriorRequestNotComplete until then. */
  busyUntil: number
}

export interface Change {
  id: string
  accountId: string
  submittedAt: number
  comment?: string
}

/** The outcome a certificate was destined for when it was requested (scenario knobs). */
export type ScriptedOutcome =
  { status: 'FAILED'; reason: FailureReason; domain?: string } | { status: 'VALIDATION_TIMED_OUT' }

export interface Certificate {
  arn: string
  accountId: string
  region: string
  domainName: string
  /** All names, DomainName first (ACM puts every name in the SAN extension). */
  names: string[]
  type: CertificateType
  keyAlgorithm: string
  validationMethod: 'DNS' | 'EMAIL'
  createdAt: number
  /** Settled status; PENDING_VALIDATION is re-evaluated against DNS on every read. */
  status: CertificateStatus
  issuedAt?: number
  notBefore?: number
  notAfter?: number
  failureReason?: FailureReason
  failedDomain?: string
  inUseBy: string[]
  managedBy?: string
  renewalEligibility?: 'ELIGIBLE' | 'INELIGIBLE'
  transparencyLogging: 'ENABLED' | 'DISABLED'
  tags: Map<string, string | undefined>
  certificateAuthorityArn?: string
  scripted?: ScriptedOutcome
  /** Scripted managed-renewal state; unset: derived (PENDING_AUTO_RENEWAL in the last 60 days). */
  renewalSummary?: RenewalSummaryInit
  revokedAt?: number
  /** CertificateKeyPairOrigin (ACM API Reference, CertificateDetail); unset: AWS_MANAGED, or CUSTOMER_PROVIDED if imported. */
  keyPairOrigin?: KeyPairOrigin
  /** The latest UpdateCertificateOptions change of validation method (sim/acm-migration.ts; UpdateSummary). */
  update?: CertificateUpdate
  /** DescribeCertificate calls so far (drives recordsAbsentPolls / recordsPartialPolls). */
  describeCount: number
  /** Requested through the API (counts for the not-found window and the yearly quota). */
  requested: boolean
  /** Options.Export at request (fixed at creation); unset: DISABLED. Exports: sim/acm-export.ts. */
  exportOption?: 'ENABLED' | 'DISABLED'
  /** Last ExportCertificate (clock ms). */
  exportedAt?: number
  /** Managed renewals so far and the last one's time: each gives a new serial and key pair. */
  renewals?: number
  renewedAt?: number
}

export type KeyPairOrigin = 'AWS_MANAGED' | 'CUSTOMER_PROVIDED' | 'ACME'

/** UpdateSummary (ACM API Reference): an email → DNS migration and its state; times are clock ms. */
export interface CertificateUpdate {
  status: 'PENDING_DOMAIN_VALIDATION' | 'SUCCESS' | 'FAILED'
  from: 'EMAIL' | 'DNS'
  to: 'DNS'
  requestedAt: number
  updatedAt: number
}

export type RenewalStatus = 'PENDING_AUTO_RENEWAL' | 'PENDING_VALIDATION' | 'SUCCESS' | 'FAILED'
export type DomainValidationStatus = 'PENDING_VALIDATION' | 'SUCCESS' | 'FAILED'

/** A scripted RenewalSummary (ACM API Reference, RenewalSummary). */
export interface RenewalSummaryInit {
  renewalStatus: RenewalStatus
  /** A FailureReason, "the reason that a renewal request was unsuccessful". */
  renewalStatusReason?: FailureReason
  /** Per-name ValidationStatus of the renewal; names not listed: SUCCESS while their CNAME resolves. */
  validationStatuses?: Record<string, DomainValidationStatus>
  /** Injected-clock ms; default: the time of the read. */
  updatedAt?: number
}

export interface IdempotencyEntry {
  arn: string
  at: number
}

export class SimState {
  readonly scenario: Scenario
  readonly clock: Clock
  readonly random: () => number
  readonly roles = new Map<string, Role>()
  readonly credentials = new Map<string, Credential>()
  readonly zones: HostedZone[] = []
  readonly changes = new Map<string, Change>()
  readonly certificates = new Map<string, Certificate>()
  readonly idempotency = new Map<string, IdempotencyEntry>()
  /** RequestCertificate times per account+Region, for the yearly quota (deleting does not refund). */
  readonly certificateRequests = new Map<string, number[]>()
  private sequence = 0

  constructor(
    scenario: Scenario,
    clock: Clock,
    readonly seed: number
  ) {
    this.scenario = scenario
    this.clock = clock
    this.random = seededRandom(seed)
  }

  /** A fresh deterministic id: same seed, same sequence of ids. */
  nextId(kind: string, length: number, alphabet?: string): string {
    this.sequence += 1
    return idFrom(`${this.seed}/${kind}/${this.sequence}`, length, alphabet)
  }

  nextSeed(kind: string): string {
    this.sequence += 1
    return `${this.seed}/${kind}/${this.sequence}`
  }

  zone(id: string): HostedZone | undefined {
    return this.zones.find((z) => z.id === id)
  }

  zonesOf(accountId: string): HostedZone[] {
    return this.zones.filter((z) => z.accountId === accountId)
  }
}

export function accountOfArn(arn: string): string | undefined {
  return /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/.exec(arn)?.[1]
}
