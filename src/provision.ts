// Orchestrates one pass: reuse or request → validation records → zones → UPSERT → wait.
// Pure of @actions/core: it takes clients, the Config, a Clock, a Logger and hooks, and returns a
// Result. Hooks fire as soon as a fact is known (the ARN above all), so a failure or a cancel later
// still leaves the user with what was done.
import { createHash } from 'node:crypto'
import type { ACMClient, CertificateDetail } from '@aws-sdk/client-acm'
import type { Route53Client } from '@aws-sdk/client-route-53'
import {
  describeCertificate,
  findReusableCertificate,
  requestCertificate,
  waitForIssued,
  waitForValidationRecords,
  type CertificateSpec
} from './acm.js'
import { resolveHostedZones, upsertValidationRecords, type ZoneBatch } from './route53.js'
import type { Clock, Config, DomainProgress, Logger } from './types.js'

/** How long ACM may take to publish validation records before we give up (it is usually seconds). */
export const RECORDS_PHASE_CAP_MS = 5 * 60_000

export interface WrittenRecord {
  readonly name: string
  readonly type: 'CNAME'
  readonly value: string
  readonly hostedZoneId: string
  readonly hostedZoneName: string
  readonly domains: readonly string[]
}

export interface ProvisionHooks {
  onCertificate?(arn: string, reused: boolean): void
  onRecords?(records: readonly WrittenRecord[]): void
  onProgress?(progress: readonly DomainProgress[]): void
}

export interface ProvisionDeps {
  readonly config: Config
  readonly acm: ACMClient
  readonly route53: Route53Client
  readonly clock: Clock
  readonly log: Logger
  readonly signal?: AbortSignal
  readonly hooks?: ProvisionHooks
  /** Runs a named phase (core.group in the action; a plain call in tests). */
  readonly phase?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

export interface ProvisionResult {
  readonly certificateArn: string
  readonly status: string
  readonly reused: boolean
  readonly records: readonly WrittenRecord[]
  readonly domains: readonly DomainProgress[]
  readonly notAfter: Date | undefined
  readonly elapsedMs: number
}

export function certificateSpec(config: Config): CertificateSpec {
  return {
    names: config.allNames,
    keyAlgorithm: config.keyAlgorithm,
    certificateTransparencyLogging: config.certificateTransparencyLogging,
    tags: config.tags,
    idempotencyToken: config.idempotencyToken
  }
}

const direct = <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn()

export async function provision(deps: ProvisionDeps): Promise<ProvisionResult> {
  const { config, acm, route53, clock, log, signal, hooks = {} } = deps
  const phase = deps.phase ?? direct
  const startedAt = clock.now()
  const deadline = startedAt + config.timeoutMs
  const spec = certificateSpec(config)
  const wait = { clock, log, ...(signal ? { signal } : {}) }

  const { arn, reused } = await phase('Find or request the certificate', async () => {
    const existing = await findReusableCertificate(acm, spec, log, clock.now())
    if (existing) return { arn: existing.arn, reused: true }
    return { arn: await requestNewCertificate(acm, spec, log), reused: false }
  })
  hooks.onCertificate?.(arn, reused)

  const records = await phase('Write the validation records', async () => {
    const validation = await waitForValidationRecords(acm, arn, spec, {
      ...wait,
      deadline: Math.min(deadline, clock.now() + RECORDS_PHASE_CAP_MS)
    })
    const batches = await resolveHostedZones(route53, validation, { hostedZoneId: config.hostedZoneId, log })
    const written: WrittenRecord[] = []
    for (const batch of batches) {
      const { changeId } = await upsertValidationRecords(route53, batch, config.allNames, {
        clock,
        ...(signal ? { signal } : {})
      })
      log.info(`UPSERT ${describeBatch(batch)} (change ${changeId})`)
      written.push(...toWrittenRecords(batch))
    }
    return written
  })
  hooks.onRecords?.(records)

  if (!config.wait) {
    const detail = await describeCertificate(acm, arn)
    log.info(`wait is false: certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
    return result(detail, arn, reused, records, startedAt, clock)
  }

  const detail = await phase('Wait for ACM to issue the certificate', () =>
    waitForIssued(acm, arn, {
      ...wait,
      deadline,
      onProgress: (progress) => {
        log.info(progress.map((p) => `${p.domain}: ${p.validationStatus}`).join(', '))
        hooks.onProgress?.(progress)
      }
    })
  )
  return result(detail, arn, reused, records, startedAt, clock)
}

/**
 * RequestCertificate with the deterministic token. Within ACM's one-hour idempotency window the same
 * token returns the same certificate, even one that has since FAILED (e.g. CAA_ERROR fixed since):
 * such a certificate is never handed back. We ask once more with a token derived from the dead ARN,
 * so parallel re-runs still converge on one new certificate.
 */
async function requestNewCertificate(acm: ACMClient, spec: CertificateSpec, log: Logger): Promise<string> {
  const arn = await requestCertificate(acm, spec)
  const status = await currentStatus(acm, arn)
  if (status === 'FAILED' || status === 'VALIDATION_TIMED_OUT' || status === 'REVOKED') {
    const retry = await requestCertificate(acm, { ...spec, idempotencyToken: successorToken(spec.idempotencyToken, arn) })
    log.info(`Certificate ${arn} for these names is ${status}; requested a new one: ${retry}`)
    return retry
  }
  log.info(`Requested certificate ${arn} for ${spec.names.join(', ')}`)
  return arn
}

/** Status of a certificate just returned by RequestCertificate; undefined while ACM can't show it yet. */
async function currentStatus(acm: ACMClient, arn: string): Promise<string | undefined> {
  try {
    return (await describeCertificate(acm, arn)).Status
  } catch {
    // A brand-new certificate answers ResourceNotFound for a few seconds: it is not a failed one.
    return undefined
  }
}

export function successorToken(token: string, failedArn: string): string {
  return createHash('sha256').update(`${token}:${failedArn}`).digest('hex').slice(0, 32)
}

function result(
  detail: CertificateDetail,
  arn: string,
  reused: boolean,
  records: readonly WrittenRecord[],
  startedAt: number,
  clock: Clock
): ProvisionResult {
  return {
    certificateArn: arn,
    status: detail.Status ?? 'UNKNOWN',
    reused,
    records,
    domains: (detail.DomainValidationOptions ?? []).map((o) => ({
      domain: o.DomainName ?? '',
      validationStatus: o.ValidationStatus ?? 'UNKNOWN'
    })),
    notAfter: detail.Status === 'ISSUED' ? detail.NotAfter : undefined,
    elapsedMs: clock.now() - startedAt
  }
}

function toWrittenRecords(batch: ZoneBatch): WrittenRecord[] {
  return batch.records.map((r) => ({
    name: r.name,
    type: r.type,
    value: r.value,
    hostedZoneId: batch.zone.id,
    hostedZoneName: batch.zone.name,
    domains: r.domains
  }))
}

function describeBatch(batch: ZoneBatch): string {
  const n = batch.records.length
  return `${n} validation record${n === 1 ? '' : 's'} in zone ${batch.zone.name} (${batch.zone.id})`
}
