// Every input and output name in one place (no stray string literals): action.yml, README and
// a test compare against these.
export const Inputs = {
  DomainName: 'domain-name',
  SubjectAlternativeNames: 'subject-alternative-names',
  AwsRegion: 'aws-region',
  RoleToAssume: 'role-to-assume',
  RoleChaining: 'role-chaining',
  DnsRoleToAssume: 'dns-role-to-assume',
  DnsRoleChaining: 'dns-role-chaining',
  RoleSessionName: 'role-session-name',
  RoleDurationSeconds: 'role-duration-seconds',
  RoleExternalId: 'role-external-id',
  DnsRoleExternalId: 'dns-role-external-id',
  Audience: 'audience',
  MaskAwsAccountId: 'mask-aws-account-id',
  HttpProxy: 'http-proxy',
  HostedZoneId: 'hosted-zone-id',
  Wait: 'wait',
  TimeoutMinutes: 'timeout-minutes',
  KeyAlgorithm: 'key-algorithm',
  CertificateTransparencyLogging: 'certificate-transparency-logging',
  Tags: 'tags',
  Mode: 'mode',
  CertificateArn: 'certificate-arn',
  DnsProvider: 'dns-provider',
  ZoneOverrides: 'zone-overrides',
  CertificateAuthorityArn: 'certificate-authority-arn',
  MinDaysRemaining: 'min-days-remaining',
  Preflight: 'preflight',
  DnsResolvers: 'dns-resolvers',
  ReportFile: 'report-file',
  AuditScope: 'audit-scope',
  Repair: 'repair',
  FailOn: 'fail-on',
  Export: 'export',
  ExportPassphrase: 'export-passphrase',
  ExportDirectory: 'export-directory',
  DeployedSerial: 'deployed-serial'
} as const

export const Outputs = {
  CertificateArn: 'certificate-arn',
  Status: 'status',
  Reused: 'reused',
  ValidationRecords: 'validation-records',
  NotAfter: 'not-after',
  DomainName: 'domain-name',
  Report: 'report',
  AtRisk: 'at-risk',
  /** Several Regions only: JSON object Region → ARN; certificate-arn is the first Region's. */
  CertificateArns: 'certificate-arns',
  /** Several Regions only: JSON object Region → status; status is the first Region's. */
  Statuses: 'statuses',
  /** export: true, the exported files (the first Region's with several) and the certificate's serial. */
  CertificateFile: 'certificate-file',
  ChainFile: 'chain-file',
  FullchainFile: 'fullchain-file',
  PrivateKeyFile: 'private-key-file',
  Serial: 'serial',
  /** export: true, whether serial differs from deployed-serial (true when none was given). */
  Changed: 'changed'
} as const

/** Value of the audience claim AWS STS expects in a GitHub ID token. */
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com'
/** TTL of the validation CNAMEs we write (seconds). */
export const VALIDATION_RECORD_TTL = 60
/** The suffix every ACM validation CNAME value ends in (ACM User Guide, DNS validation). */
export const ACM_VALIDATION_SUFFIX = '.acm-validations.aws.'
/** Tag put on every certificate this action requests, so a later run (or delete mode) knows its own. */
export const MANAGED_BY_TAG = 'acm-certificate-action'

/** What a run does: get a certificate (default), report on one, or delete one this action created. */
export const MODES = ['request', 'status', 'delete', 'audit'] as const
export type Mode = (typeof MODES)[number]
/** Pre-flight CAA and delegation checks: problems as warnings (default), as a failure before the request, or not at all. */
/** Mode audit: the certificates this action created (its tag), or every ACM-issued one. */
export const AUDIT_SCOPES = ['managed', 'all'] as const
export type AuditScope = (typeof AUDIT_SCOPES)[number]
/** Mode audit: fail the step when a certificate is at risk or expired, or never on findings. */
export const FAIL_ON = ['at-risk', 'none'] as const
export type FailOn = (typeof FAIL_ON)[number]
export const PREFLIGHT_MODES = ['warn', 'fail', 'off'] as const
export type PreflightMode = (typeof PREFLIGHT_MODES)[number]
/** Who writes the validation CNAMEs: this action in Route 53 (default), or the user elsewhere. */
export const DNS_PROVIDERS = ['route53', 'external'] as const
export type DnsProvider = (typeof DNS_PROVIDERS)[number]
/** Status output of delete mode once the certificate is gone, and when there was none to delete. */
export const DELETED_STATUS = 'DELETED'
export const NOT_FOUND_STATUS = 'NOT_FOUND'

export const KEY_ALGORITHMS = [
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'EC_prime256v1',
  'EC_secp384r1',
  'EC_secp521r1'
] as const
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number]
