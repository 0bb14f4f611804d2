// Local AWS (ACM, Route 53, STS) and GitHub OIDC simulator: the public surface.
export { Simulator } from './server.js'
export type {
  CertificatePatch,
  RecordInit,
  RequestLogEntry,
  SimulatorEnv,
  SimulatorOptions,
  StaticCredentialsInit
} from './server.js'
export type { CertificateInit } from './acm.js'
export type { HostedZoneInit } from './route53.js'
export type { RoleInit } from './sts.js'
export type { FaultKind, FaultSpec } from './faults.js'
export type { Claims } from './oidc.js'
export { validationRecord } from './certificates.js'
export { route53Name } from './names.js'
export type {
  Certificate,
  CertificateStatus,
  CertificateType,
  ContainerRole,
  DomainValidationStatus,
  Credential,
  CredentialOrigin,
  FailureReason,
  HostedZone,
  Quotas,
  RecordSet,
  RenewalStatus,
  RenewalSummaryInit,
  Role,
  RoleTrust,
  Scenario,
  ServiceName
} from './state.js'
export { seedExample, EXAMPLE } from './example.js'
export { criticalPath, rounds } from './timing.js'
export { ForwardProxy, startProxy } from './proxy.js'
export type { ProxyLogEntry, ProxyOptions } from './proxy.js'
export type { CriticalPath, TimedCall } from './timing.js'
export type { ExampleZones } from './example.js'
