// Orchestrates one pass of request mode: reuse or request → validation records → zones (overrides
// first) → UPSERT, or publish them for external DNS, or none for a private certificate → wait.
// Pure of @actions/core: it takes clients, the Config, a Clock, a Logger and hooks, and returns a
// Result. Hooks fire as soon as a fact is known (the ARN above all), so a failure or a cancel later
// still leaves the user with what was done.
import { createHash } from 'node:crypto'
import type { ACMClient, CertificateDetail } from '@aws-sdk/client-acm'
import type { Route53Client } from '@aws-sdk/client-route-53'
import {
  certificateRenewalProblem,
  describeCertificate,
  findReusableCertificate,
  requestCertificate,
  waitForIssued,
  waitForValidationRecords,
  type CertificateSpec
} from './acm.js'
import { Inputs } from './constants.js'
import { wildcardBase } from './domains.js'
import { ActionError, DnsError, PreflightError } from './errors.js'
import { checkCaa, checkDelegation, type DnsResolver, type Finding, type ZoneDelegation } from './preflight.js'
import {
  hostedZoneDelegation,
  resolveHostedZones,
  upsertValidationRecords,
  type ReadOptions,
  type ZoneBatch,
  type ZoneCache
} from './route53.js'
import type { Clock, Config, DomainProgress, Logger, ValidationRecord } from './types.js'
import { routeValidationRecords, zoneOverrideForName } from './zone-overrides.js'

/** How long ACM may take to publish validation records before we give up (it is usually seconds). */
export const RECORDS_PHASE_CAP_MS = 5 * 60_000

/** A validation CNAME as reported: with its zone when the action wrote it, without when the user must. */
export interface PublishedRecord {
  readonly name: string
  readonly type: 'CNAME'
  readonly value: string
  readonly hostedZoneId?: string
  readonly hostedZoneName?: string
  readonly domains: readonly string[]
}

export interface WrittenRecord extends PublishedRecord {
  readonly hostedZoneId: string
  readonly hostedZoneName: string
}

export interface ProvisionHooks {
  /** reused: undefined in status and delete modes. */
  onCertificate?(arn: string, reused: boolean | undefined): void
  onRecords?(records: readonly PublishedRecord[]): void
  onProgress?(progress: readonly DomainProgress[]): void
  /** Why the certificate was reused or requested, in words. */
  onDecision?(decision: string): void
  /** The pre-flight findings, problems and failed lookups alike (called only when the checks ran). */
  onFindings?(findings: readonly Finding[]): void
  /** How long a phase took, also when it failed. */
  onPhaseTime?(phase: keyof PhaseTimings, ms: number): void
}

/** Milliseconds per phase; a phase the run never reached is absent. */
export interface PhaseTimings {
  readonly findOrRequestMs?: number
  readonly recordsMs?: number
  readonly waitMs?: number
}

export interface ProvisionDeps {
  readonly config: Config
  readonly acm: ACMClient
  /** The DNS identity's client; unused (may be absent) when the run makes no Route 53 call. */
  readonly route53?: Route53Client
  /** One client per zone-overrides role, by role ARN. */
  readonly route53ByRole?: ReadonlyMap<string, Route53Client>
  readonly clock: Clock
  readonly log: Logger
  /** Public DNS as the pre-flight checks see it; absent: no pre-flight checks. */
  readonly resolver?: DnsResolver
  readonly signal?: AbortSignal
  readonly hooks?: ProvisionHooks
  /** Runs a named phase (core.group in the action; a plain call in tests). */
  readonly phase?: <T>(name: string, fn: () => Promise<T>) => Promise<T>
}

export interface ProvisionResult {
  readonly certificateArn: string
  readonly status: string
  /** undefined in status and delete modes. */
  readonly reused: boolean | undefined
  /** The certificate's names, primary first (from the certificate itself in status and delete modes). */
  readonly names: readonly string[]
  readonly records: readonly PublishedRecord[]
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
    idempotencyToken: config.idempotencyToken,
    certificateAuthorityArn: config.certificateAuthorityArn,
    minDaysRemaining: config.minDaysRemaining
  }
}

const direct = <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn()

export async function provision(deps: ProvisionDeps): Promise<ProvisionResult> {
  const { config, acm, clock, log, signal, hooks = {} } = deps
  const phase = deps.phase ?? direct
  const startedAt = clock.now()
  const deadline = startedAt + config.timeoutMs
  const spec = certificateSpec(config)
  const wait = { clock, log, ...(signal ? { signal } : {}) }

  const timed = async <T>(key: keyof PhaseTimings, name: string, fn: () => Promise<T>): Promise<T> => {
    const begun = clock.now()
    try {
      return await phase(name, fn)
    } finally {
      hooks.onPhaseTime?.(key, clock.now() - begun)
    }
  }
  // Zones listed for the pre-flight delegation check serve the record write too.
  const zoneCache: ZoneCache = new Map()

  const { arn, reused } = await timed('findOrRequestMs', 'Find or request the certificate', async () => {
    const existing = await findReusableCertificate(acm, spec, log, clock.now(), readOptions(deps))
    if (existing?.status === 'ISSUED') {
      hooks.onDecision?.(`Reused ${existing.arn}: ISSUED, with exactly these names, key algorithm and DNS validation`)
      return { arn: existing.arn, reused: true }
    }
    // Before a request, or before the records of a pending certificate are written again.
    await runPreflightChecks(deps, zoneCache)
    if (existing) {
      hooks.onDecision?.(
        `Reused ${existing.arn}: PENDING_VALIDATION, with exactly these names, key algorithm and DNS validation`
      )
      return { arn: existing.arn, reused: true }
    }
    const requested = await requestNewCertificate(acm, spec, log, clock.now())
    hooks.onDecision?.(
      `Requested ${requested}: no ISSUED or PENDING_VALIDATION certificate with exactly these names, key algorithm and validation was reusable`
    )
    return { arn: requested, reused: false }
  })
  hooks.onCertificate?.(arn, reused)

  let records: readonly PublishedRecord[] = []
  if (config.certificateAuthorityArn === undefined) {
    const external = config.dnsProvider === 'external'
    records = await timed(
      'recordsMs',
      external ? 'Publish the validation records' : 'Write the validation records',
      async () => {
        const validation = await waitForValidationRecords(acm, arn, spec, {
          ...wait,
          deadline: Math.min(deadline, clock.now() + RECORDS_PHASE_CAP_MS)
        })
        if (!external) return writeValidationRecords(deps, validation, zoneCache)
        logRecordsToCreate(log, validation)
        return validation.map(({ name, type, value, domains }) => ({ name, type, value, domains }))
      }
    )
    hooks.onRecords?.(records)
  } else {
    log.info(`Private certificate from ${config.certificateAuthorityArn}: no DNS validation`)
  }

  if (!config.wait) {
    const detail = await describeCertificate(acm, arn)
    log.info(`wait is false: certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
    return result(detail, arn, reused, records, startedAt, clock)
  }

  const detail = await timed('waitMs', 'Wait for ACM to issue the certificate', () =>
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
 * CAA for every name and, when the action writes the records, NS delegation of each zone they go
 * to. Problems are warnings, or with preflight: fail, one error before anything is requested;
 * failed lookups are always warnings (the runner's resolver is not the one ACM uses).
 */
async function runPreflightChecks(deps: ProvisionDeps, zoneCache: ZoneCache): Promise<void> {
  const { config, log, resolver, hooks = {} } = deps
  if (config.preflight === 'off' || resolver === undefined || config.certificateAuthorityArn !== undefined) return
  const [caa, delegation] = await Promise.all([
    checkCaa(config.allNames, resolver),
    config.dnsProvider === 'route53' ? delegationFindings(deps, zoneCache, resolver) : Promise.resolve([])
  ])
  const findings = [...caa, ...delegation]
  hooks.onFindings?.(findings)
  const problems = findings.filter((f) => f.severity === 'problem')
  for (const finding of findings) {
    if (config.preflight === 'fail' && finding.severity === 'problem') continue
    log.warning(
      `${finding.message}\n${finding.hint}`,
      finding.check === 'caa' ? 'Pre-flight CAA check' : 'Pre-flight delegation check'
    )
  }
  if (problems.length === 0) {
    const checks = `CAA${config.dnsProvider === 'route53' ? ' and NS delegation' : ''} for ${config.allNames.join(', ')}`
    log.info(
      findings.length === 0
        ? `Pre-flight checks passed: ${checks}`
        : `Pre-flight checks found no problem, but ${findings.length} lookup(s) failed (see the warnings): ${checks}`
    )
    return
  }
  if (config.preflight === 'fail') {
    throw new PreflightError(
      `Pre-flight checks found ${problems.length} problem(s), so the action stopped before requesting a certificate or writing any record:\n${problems.map((p) => `- ${p.message}`).join('\n')}`,
      { hint: `${problems.map((p) => p.hint).join('\n')}\nTo request anyway, set ${Inputs.Preflight}: warn.` }
    )
  }
}

/** The clock and signal every AWS read waits on when it absorbs throttling. */
export function readOptions({ clock, signal }: ProvisionDeps): ReadOptions {
  return { clock, ...(signal ? { signal } : {}) }
}

/** First label of the stand-in record names the delegation check looks zones up for. */
const PREFLIGHT_LABEL = '_preflight'

/** The zones the records will go to (overrides first), with their name servers, checked against public DNS. */
async function delegationFindings(
  deps: ProvisionDeps,
  zoneCache: ZoneCache,
  resolver: DnsResolver
): Promise<Finding[]> {
  const { config, log } = deps
  const reads = readOptions(deps)
  const zones = new Map<string, Promise<ZoneDelegation>>()
  const rest: ValidationRecord[] = []
  for (const name of config.allNames) {
    const base = wildcardBase(name)
    const override = zoneOverrideForName(base, config.zoneOverrides)
    if (override) {
      const client = override.roleArn === undefined ? deps.route53 : deps.route53ByRole?.get(override.roleArn)
      if (client && !zones.has(override.hostedZoneId))
        zones.set(override.hostedZoneId, hostedZoneDelegation(client, override.hostedZoneId, reads))
    } else {
      // Shaped like the validation record `_<token>.<base>.`, so the zone lookups are the ones the
      // record write makes (and finds cached).
      rest.push({ name: `${PREFLIGHT_LABEL}.${base}.`, type: 'CNAME', value: '', domains: [name] })
    }
  }
  try {
    const route53 = deps.route53
    if (rest.length > 0 && route53 && config.hostedZoneId !== undefined) {
      // A pinned zone: its one GetHostedZone gives the name servers (the record write checks the rest).
      const pinned = config.hostedZoneId
      if (!zones.has(pinned)) zones.set(pinned, hostedZoneDelegation(route53, pinned, reads))
    } else if (rest.length > 0 && route53) {
      const batches = await resolveHostedZones(route53, rest, { ...reads, log, zoneCache })
      for (const { zone } of batches)
        if (!zones.has(zone.id)) zones.set(zone.id, hostedZoneDelegation(route53, zone.id, reads))
    }
    return await checkDelegation(await Promise.all(zones.values()), resolver)
  } catch (err) {
    // The record write meets the same error with its own message; here it only says the check could not run.
    if (err instanceof DnsError) {
      const message = err.message.split(`${PREFLIGHT_LABEL}.`).join('').replace('for the validation record(s)', 'for')
      return [
        {
          check: 'delegation',
          name: rest.flatMap((r) => r.domains).join(', '),
          severity: 'problem',
          message,
          hint: err.hint ?? ''
        }
      ]
    }
    log.debug(`Pre-flight delegation check skipped: ${err instanceof Error ? err.message : String(err)}`)
    return [
      {
        check: 'delegation',
        name: config.allNames.join(', '),
        severity: 'unknown',
        message: `Could not check the delegation of the hosted zones: ${err instanceof Error ? err.message : String(err)}`,
        hint:
          err instanceof ActionError && err.hint
            ? err.hint
            : 'This is only a warning; the record write below needs the same permissions.'
      }
    ]
  }
}

/** The CNAMEs for the user to create, one line each, in the form DNS consoles ask for. */
export function logRecordsToCreate(log: Logger, records: readonly ValidationRecord[]): void {
  log.info(
    `Create ${records.length === 1 ? 'this CNAME record' : `these ${records.length} CNAME records`} at your DNS provider (ACM validates over public DNS):`
  )
  for (const record of records)
    log.info(`  ${record.name} CNAME ${record.value}   (validates ${record.domains.join(', ')})`)
}

/**
 * UPSERTs the records: those a zone-overrides line covers into its zone with its role's client,
 * the rest into the zone found (or hosted-zone-id) with the DNS identity. One batch per zone and role.
 */
async function writeValidationRecords(
  deps: ProvisionDeps,
  validation: readonly ValidationRecord[],
  zoneCache: ZoneCache
): Promise<WrittenRecord[]> {
  const { config, clock, log, signal } = deps
  const reads = readOptions(deps)
  const clientFor = (roleArn: string | undefined): Route53Client => {
    const client = roleArn === undefined ? deps.route53 : deps.route53ByRole?.get(roleArn)
    if (!client)
      throw new ActionError(
        `No Route 53 client for ${roleArn ?? 'the DNS identity'}: this is a bug in acm-certificate-action`
      )
    return client
  }
  const { pinned, rest } = routeValidationRecords(validation, config.zoneOverrides)
  const targets = new Map<string, { roleArn: string | undefined; batch: ZoneBatch }>()
  const add = (roleArn: string | undefined, batch: ZoneBatch): void => {
    const key = `${batch.zone.id} ${roleArn ?? ''}`
    const earlier = targets.get(key)
    targets.set(key, {
      roleArn,
      batch: earlier ? { zone: batch.zone, records: [...earlier.batch.records, ...batch.records] } : batch
    })
  }
  for (const group of pinned) {
    const line = config.zoneOverrides.find(
      (o) => o.hostedZoneId === group.hostedZoneId && o.roleArn === group.roleArn
    )?.line
    try {
      const batches = await resolveHostedZones(clientFor(group.roleArn), group.records, {
        ...reads,
        hostedZoneId: group.hostedZoneId,
        log
      })
      batches.forEach((batch) => add(group.roleArn, batch))
    } catch (err) {
      if (!(err instanceof DnsError)) throw err
      throw new DnsError(`${Inputs.ZoneOverrides} line ${line ?? '?'}: ${err.message}`, {
        cause: err,
        hint: `Check the zone id${group.roleArn ? ` and that ${group.roleArn} belongs to the account that owns it` : ''}. ${err.hint ?? ''}`.trim()
      })
    }
  }
  if (rest.length > 0) {
    const batches = await resolveHostedZones(clientFor(undefined), rest, {
      ...reads,
      hostedZoneId: config.hostedZoneId,
      log,
      zoneCache
    })
    batches.forEach((batch) => add(undefined, batch))
  }
  const written: WrittenRecord[] = []
  for (const { roleArn, batch } of targets.values()) {
    const { changeId } = await upsertValidationRecords(clientFor(roleArn), batch, config.allNames, {
      clock,
      ...(signal ? { signal } : {})
    })
    log.info(`UPSERT ${describeBatch(batch)}${roleArn ? ` as ${roleArn}` : ''} (change ${changeId})`)
    written.push(...toWrittenRecords(batch))
  }
  return written
}

/**
 * RequestCertificate with the deterministic token. Within ACM's one-hour idempotency window the same
 * token returns the same certificate, even one that has since FAILED (e.g. CAA_ERROR fixed since) or
 * turned INACTIVE or REVOKED, or one reuse just turned down as too close to expiry: such a
 * certificate is never handed back. We ask
 * once more with a token derived from the refused ARN, so parallel re-runs still converge on one new
 * certificate.
 */
async function requestNewCertificate(acm: ACMClient, spec: CertificateSpec, log: Logger, now: number): Promise<string> {
  const arn = await requestCertificate(acm, spec)
  const refusal = await whyNotNew(acm, arn, spec, now)
  if (refusal !== undefined) {
    const retry = await requestCertificate(acm, {
      ...spec,
      idempotencyToken: successorToken(spec.idempotencyToken, arn)
    })
    log.info(`Certificate ${arn} for these names ${refusal}; requested a new one: ${retry}`)
    return retry
  }
  log.info(
    `Requested ${spec.certificateAuthorityArn === undefined ? 'certificate' : 'private certificate'} ${arn} for ${spec.names.join(', ')}`
  )
  return arn
}

/** Why the certificate RequestCertificate returned is not a usable new one; undefined while ACM can't show it yet. */
async function whyNotNew(acm: ACMClient, arn: string, spec: CertificateSpec, now: number): Promise<string | undefined> {
  let detail: CertificateDetail
  try {
    detail = await describeCertificate(acm, arn)
  } catch {
    // A brand-new certificate answers ResourceNotFound for a few seconds: it is not a refused one.
    return undefined
  }
  const status = detail.Status
  if (status === 'FAILED' || status === 'VALIDATION_TIMED_OUT' || status === 'REVOKED' || status === 'INACTIVE')
    return `is ${status}`
  const problem = certificateRenewalProblem(detail, spec.minDaysRemaining ?? 0, now)
  return problem === undefined ? undefined : `is not reusable (${problem})`
}

export function successorToken(token: string, failedArn: string): string {
  return createHash('sha256').update(`${token}:${failedArn}`).digest('hex').slice(0, 32)
}

export function result(
  detail: CertificateDetail,
  arn: string,
  reused: boolean | undefined,
  records: readonly PublishedRecord[],
  startedAt: number,
  clock: Clock
): ProvisionResult {
  return {
    certificateArn: arn,
    status: detail.Status ?? 'UNKNOWN',
    reused,
    names: certificateNames(detail),
    records,
    domains: (detail.DomainValidationOptions ?? []).map((o) => ({
      domain: o.DomainName ?? '',
      validationStatus: o.ValidationStatus ?? 'UNKNOWN'
    })),
    notAfter: detail.Status === 'ISSUED' ? detail.NotAfter : undefined,
    elapsedMs: clock.now() - startedAt
  }
}

/** DomainName first, then the other SANs (ACM lists the primary name among the SANs too). */
export function certificateNames(detail: Pick<CertificateDetail, 'DomainName' | 'SubjectAlternativeNames'>): string[] {
  const names = [detail.DomainName, ...(detail.SubjectAlternativeNames ?? [])].filter(
    (n): n is string => n !== undefined
  )
  return [...new Set(names.map((n) => n.toLowerCase()))]
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
