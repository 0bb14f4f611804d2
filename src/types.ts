// Shared types: the typed Config that inputs.ts produces, and the small interfaces the core takes
// injected (clock, logger/reporter). No logic here.
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import type { ProxySettings } from './proxy.js'
import type {
  AuditScope,
  DnsProvider,
  KeyAlgorithm,
  Mode,
  PreflightMode,
  FailOn,
  AcmeKeyAlgorithm,
  AcmeScope
} from './constants.js'

export interface Tag {
  Key: string
  Value: string
}

/** One zone-overrides line: names at or under `suffix` get their validation record in this zone. */
export interface ZoneOverride {
  /** Normalized name; matches itself and every name below it on a label boundary. */
  readonly suffix: string
  /** Zone id without the `/hostedzone/` prefix. */
  readonly hostedZoneId: string
  /** Role that may write the zone; absent: the DNS identity (dns-role-to-assume). */
  readonly roleArn: string | undefined
  /** 1-based line of the input, for messages. */
  readonly line: number
}

/** Everything the action needs, parsed and validated before any network call. Frozen. */
export interface Config {
  /** request: reuse or request; status: report on certificateArn; delete: delete a certificate this action created. */
  readonly mode: Mode
  /** status and delete modes: the certificate to act on (its Region is the run's Region). */
  readonly certificateArn: string | undefined
  /** Normalized primary name (lower case, punycode, no trailing dot). Becomes the certificate CN. '' when only certificateArn is given. */
  readonly domainName: string
  /** Normalized SANs, without the primary name, deduplicated, in input order. */
  readonly subjectAlternativeNames: readonly string[]
  /** domainName followed by subjectAlternativeNames: the full name set of the certificate. */
  readonly allNames: readonly string[]
  /** The Region of the certificate; with several Regions, the first (certificate-arn's Region). */
  readonly region: string
  /** Every Region of aws-region, in input order, at least one (the first is `region`). */
  readonly regions: readonly string[]
  readonly roleToAssume: string | undefined
  readonly dnsRoleToAssume: string | undefined
  /** Assume role-to-assume (and the DNS roles) with AssumeRole from the ambient credentials even with OIDC. */
  readonly roleChaining: boolean
  /** Reach the DNS role with AssumeRole from the certificate role's session (1-hour cap) instead of web identity. */
  readonly dnsRoleChaining: boolean
  readonly roleSessionName: string
  readonly roleDurationSeconds: number
  readonly roleExternalId: string | undefined
  readonly dnsRoleExternalId: string | undefined
  readonly audience: string
  /** Register every account id with the runner's masker (mask-aws-account-id). */
  readonly maskAwsAccountId: boolean
  /** The proxy for AWS calls (http-proxy input, else HTTPS_PROXY/HTTP_PROXY), NO_PROXY; undefined: none. */
  readonly proxy: ProxySettings | undefined
  readonly hostedZoneId: string | undefined
  /** route53: the action writes the validation CNAMEs; external: it only publishes them (outputs, log, summary). */
  readonly dnsProvider: DnsProvider
  /** Per-name zones (and roles), most specific suffix wins; names not covered are looked up as usual. */
  readonly zoneOverrides: readonly ZoneOverride[]
  /** Request a private certificate from this AWS Private CA (no DNS validation). */
  readonly certificateAuthorityArn: string | undefined
  /** A certificate expiring within this many days is not reused. */
  readonly minDaysRemaining: number
  /** CAA and NS-delegation checks before a certificate is requested. */
  readonly preflight: PreflightMode
  /** Name servers (`ip` or `ip:port`, `[ipv6]:port`) the pre-flight checks ask; empty: the runner's own. */
  readonly dnsResolvers: readonly string[]
  /** Where to write the JSON report of the run; undefined: no report file. */
  readonly reportFile: string | undefined
  /** Mode audit: which certificates (managed: this action's own tag; all: every ACM-issued one). */
  readonly auditScope: AuditScope
  /** Mode audit: re-UPSERT missing or wrong validation records. */
  readonly repair: boolean
  /** Mode audit: fail the step on findings (at-risk) or never (none). */
  readonly failOn: FailOn
  readonly wait: boolean
  /** Overall budget for the run, in milliseconds (from timeout-minutes). */
  readonly timeoutMs: number
  readonly keyAlgorithm: KeyAlgorithm
  readonly certificateTransparencyLogging: 'ENABLED' | 'DISABLED'
  readonly tags: readonly Tag[]
  /** Deterministic RequestCertificate IdempotencyToken: 32 chars of [A-Za-z0-9_]. */
  readonly idempotencyToken: string
  /** export: true (request mode): an exportable certificate, exported into the job; undefined: not. */
  readonly export?: ExportSettings | undefined
  /** Mode acme-endpoint: the acme-* inputs (absent in every other mode). */
  readonly acme?: AcmeConfig | undefined
}

/** What ExportCertificate returns. privateKey is encrypted PKCS#8 PEM: it is written as it comes. */
export interface ExportedPem {
  readonly certificate: string
  readonly chain: string
  readonly privateKey: string
}

/** How the certificate is exported (docs/export.md). */
export interface ExportSettings {
  /** ACM encrypts the private key with it; main.ts masks it before anything else. Never logged. */
  readonly passphrase: string
  /** Where the files go; undefined: a new directory under RUNNER_TEMP. */
  readonly directory: string | undefined
  /** The serial the servers have now (deployed-serial), upper-case hex; undefined: not given. */
  readonly deployedSerial: string | undefined
}

export interface CertificateSpec {
  /** Normalized names, primary first (Config.allNames). */
  names: readonly string[]
  keyAlgorithm: KeyAlgorithm
  certificateTransparencyLogging: 'ENABLED' | 'DISABLED'
  tags: readonly Tag[]
  idempotencyToken: string
  /** A private certificate from this AWS Private CA instead of a public, DNS-validated one. */
  certificateAuthorityArn?: string | undefined
  /** A certificate expiring within this many days is not reused (default 0: any unexpired one). */
  minDaysRemaining?: number
  /** Options.Export = ENABLED (export: true); reuse takes only such a certificate, and only then. */
  exportable?: boolean
}

/** Time, injected so tests drive it (fake timers or a scripted clock). */
export interface Clock {
  now(): number
  /** Resolves after ms, or rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason)
        return
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, ms)
      const onAbort = (): void => {
        clearTimeout(timer)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
}

/** Log sink for the core. main.ts implements it with @actions/core; tests with a recorder. */
export interface Logger {
  info(message: string): void
  warning(message: string, title?: string): void
  /** A notice annotation (core.notice); loggers without one fall back to info. */
  notice?(message: string, title?: string): void
  debug(message: string): void
}

/** The one context passed down to every adapter call and wait: time, logging, cancellation, deadline. */
export interface Context {
  readonly clock: Clock
  readonly log: Logger
  /** The runner's cancel (SIGINT/SIGTERM); undefined where nothing cancels. */
  readonly signal?: AbortSignal | undefined
  /** Absolute deadline (clock ms). */
  readonly deadline: number
}

/** The context of a single call: the system clock when no clock is given, the call's own patience when no deadline. */
export type CallContext = Partial<Context>

/** One validation CNAME as ACM publishes it (names with trailing dot, as ACM returns them). */
export interface ValidationRecord {
  /** Record name, lower case, with trailing dot: `_abc.example.com.` */
  readonly name: string
  readonly type: 'CNAME'
  /** Record value with trailing dot: `_def.xyz.acm-validations.aws.` */
  readonly value: string
  /** The certificate names this record validates (`example.com` and `*.example.com` share one). */
  readonly domains: readonly string[]
}

export interface HostedZoneRef {
  /** Zone id without the `/hostedzone/` prefix. */
  readonly id: string
  /** Zone name, lower case, no trailing dot. */
  readonly name: string
}

/** Per-name validation state, for progress lines and the summary. */
export interface DomainProgress {
  readonly domain: string
  readonly validationStatus: string
}

/** Who the action is in one account: the credentials its SDK clients sign with. */
export interface AccountIdentity {
  /** undefined: the SDK default credential chain (ambient mode). */
  credentials: AwsCredentialIdentityProvider | undefined
  roleArn?: string
  accountId?: string
  /** For log lines and the summary, e.g. "account 111111111111, role arn:... (web identity)". */
  description: string
}

/** The identities of one run: certificate account, DNS account, zone-overrides roles. */
export interface Identities {
  certificate: AccountIdentity
  dns: AccountIdentity
  /** Identities of the zone-overrides roles, by role ARN (absent or empty: none). */
  zoneRoles?: ReadonlyMap<string, AccountIdentity>
}

/** Mode acme-endpoint: the acme-* inputs (acme/config.ts reads them). */
export interface AcmeConfig {
  /** Which of the action's endpoints in the Region: its tag value, part of the idempotency token. */
  readonly endpointName: string
  readonly contact: 'REQUIRED' | 'NOT_REQUIRED'
  readonly keyAlgorithms: readonly AcmeKeyAlgorithm[]
  readonly certificateTags: readonly { readonly Key: string; readonly Value: string }[]
  /** Applied to every name; `*.name` also turns on wildcards for name. */
  readonly scope: readonly AcmeScope[]
  /** Let ACM write the CNAME (HostedZoneId) where the zone is in the endpoint's account. */
  readonly managedRecords: boolean
  /** Delete the endpoint's validations of names no longer in the inputs (else they are only reported). */
  readonly deleteDropped: boolean
  readonly eabRoleArn: string | undefined
  readonly eabExpiryHours: number
  /** The run attempt (GITHUB_RUN_ID-GITHUB_RUN_ATTEMPT): a retried call in one attempt gets the same binding. */
  readonly runAttempt: string | undefined
}
