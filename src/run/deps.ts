// What every mode takes (RunDeps) and how it tells what it learns (emitIn: events for run/outcome.ts),
// and the small pieces the modes share: the certificate spec of a Config, the records to log.
import type { ACMClient, CertificateDetail } from '@aws-sdk/client-acm'
import type { Route53Client } from '@aws-sdk/client-route-53'
import type { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { Inputs } from '../constants.js'
import type { CertificateSpec } from '../types.js'
import { certificateNames } from '../domains.js'
import { ActionError, InputError } from '../errors.js'
import { arnAccountId } from '../partitions.js'
import type { DnsResolver } from '../preflight.js'
import type { Emit, PublishedRecord, RegionEvent } from './outcome.js'
import type { SharedAcrossRegions } from './regions-records.js'
import type { CallContext, Clock, Config, Context, Logger, ValidationRecord } from '../types.js'

export interface WrittenRecord extends PublishedRecord {
  readonly hostedZoneId: string
  readonly hostedZoneName: string
}

/** What every mode takes: the Config, the clients, the context pieces and the hooks. Pure of @actions/core. */
export interface RunDeps {
  readonly config: Config
  readonly acm: ACMClient
  /** The DNS identity's client; unused (may be absent) when the run makes no Route 53 call. */
  readonly route53?: Route53Client
  /** One client per zone-overrides role, by role ARN. */
  readonly route53ByRole?: ReadonlyMap<string, Route53Client>
  /** The Resource Groups Tagging API in a Region (mode audit's tag scope); absent: ListTagsForCertificate only. */
  readonly tagging?: (region: string) => ResourceGroupsTaggingAPIClient
  readonly clock: Clock
  readonly log: Logger
  /** Public DNS as the pre-flight checks see it; absent: no pre-flight checks. */
  readonly resolver?: DnsResolver
  readonly signal?: AbortSignal | undefined
  /** Hears each fact as soon as it is known (the ARN above all), so a failure or cancel later still reports it. */
  readonly emit?: Emit
  /**
   * Mode acme-endpoint: the account binding's credentials, handed to the shell alone (never an event,
   * so never in the Outcome, the summary or report-file). The shell masks the MAC key before anything else.
   */
  readonly handOverBinding?: (credentials: { readonly keyId: string; readonly macKey: string }) => void
  /** Runs a named phase (core.group in the action; a plain call in tests). */
  readonly phase?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
  /** The account the DNS identity looks zones up in, for messages (undefined: not known). */
  readonly dnsAccount?: string | undefined
  /** Several Regions: what this Region shares with the others (one record write, one pre-flight). */
  readonly shared?: SharedAcrossRegions<PublishedRecord>
}

/** A mode: a flow of named steps over its ports, telling what it learns as events. */
export type Flow = (deps: RunDeps) => Promise<void>

/** Tells a fact of this Region (deps.config.region). */
export function emitIn(deps: Pick<RunDeps, 'config' | 'emit'>, event: RegionEvent): void {
  deps.emit?.({ ...event, region: deps.config.region })
}

/** The context of single AWS calls: they absorb throttling on their own patience, not the run's deadline. */
export function callContext({ clock, log, signal }: RunDeps): CallContext & { log: Logger } {
  return { clock, log, signal }
}

/** The context of a wait that ends at `deadline`. */
export function waitContext({ clock, log, signal }: RunDeps, deadline: number): Context {
  return { clock, log, signal, deadline }
}

/** deps.phase, or a plain call. */
export function phaseOf(deps: RunDeps): <T>(name: string, fn: () => Promise<T>) => Promise<T> {
  return deps.phase ?? ((_name, fn) => fn())
}

export function certificateSpec(config: Config): CertificateSpec {
  return {
    names: config.allNames,
    keyAlgorithm: config.keyAlgorithm,
    certificateTransparencyLogging: config.certificateTransparencyLogging,
    tags: config.tags,
    idempotencyToken: config.idempotencyToken,
    certificateAuthorityArn: config.certificateAuthorityArn,
    minDaysRemaining: config.minDaysRemaining,
    exportable: config.export !== undefined
  }
}

/** The CNAMEs for the user to create, one line each, in the form DNS consoles ask for. */
export function logRecordsToCreate(log: Logger, records: readonly ValidationRecord[]): void {
  const these = records.length === 1 ? 'this CNAME record' : `these ${records.length} CNAME records`
  log.info(`Create ${these} at your DNS provider (ACM validates over public DNS):`)
  for (const record of records)
    log.info(`  ${record.name} CNAME ${record.value}   (validates ${record.domains.join(', ')})`)
}

/** The status event of a described certificate: its status, names, per-name validation and expiry. */
export function statusEvent(detail: CertificateDetail): RegionEvent {
  return {
    type: 'status',
    status: detail.Status ?? 'UNKNOWN',
    names: certificateNames(detail),
    progress: (detail.DomainValidationOptions ?? []).map((o) => ({
      domain: o.DomainName ?? '',
      validationStatus: o.ValidationStatus ?? 'UNKNOWN'
    })),
    notAfter: detail.Status === 'ISSUED' ? detail.NotAfter : undefined
  }
}

/** certificate-arn, which status mode cannot do without. */
export function requireCertificateArn(config: Config): string {
  const arn = config.certificateArn
  if (arn === undefined) throw new ActionError(`${Inputs.Mode} ${config.mode} needs ${Inputs.CertificateArn}`)
  return arn
}

/**
 * certificate-arn names its account, and the ACM client acts in the certificate identity's account
 * (role-to-assume's, or the ambient credentials'). ACM certificates are not shared across accounts,
 * so another account's ARN reads as "does not exist": status would call it missing, and delete
 * would end NOT_FOUND while the certificate still exists. Refused before any ACM call.
 */
export function checkCertificateAccount(
  config: Pick<Config, 'mode' | 'certificateArn'>,
  identity: { accountId?: string | undefined; roleArn?: string | undefined }
): void {
  const arn = config.certificateArn
  if (arn === undefined) return
  const arnAccount = arnAccountId(arn)
  const actingAccount = identity.accountId ?? (identity.roleArn ? arnAccountId(identity.roleArn) : undefined)
  if (arnAccount === undefined || actingAccount === undefined || arnAccount === actingAccount) return
  const who = identity.roleArn ? `${Inputs.RoleToAssume} ${identity.roleArn}` : 'the ambient credentials'
  const consequence =
    config.mode === 'delete'
      ? 'it cannot be deleted from there (and may still exist), so nothing is done'
      : 'ACM there would only answer that it does not exist'
  throw new InputError(
    Inputs.CertificateArn,
    arn,
    `is in account ${arnAccount}, but the action acts in account ${actingAccount} (${who}): ${consequence}`,
    {
      hint:
        `Set ${Inputs.RoleToAssume} to a role in account ${arnAccount} (the certificate's account), ` +
        `or pass the ARN of a certificate in account ${actingAccount}.`
    }
  )
}
