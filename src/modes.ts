// The modes besides request: status (report on a certificate, optionally wait for it) and delete
// (delete a certificate this action created, once nothing uses it). Neither touches Route 53:
// validation records are shared between certificates and ACM's renewal needs them.
import type { CertificateDetail } from '@aws-sdk/client-acm'
import {
  deleteUnusedCertificate,
  describeCertificate,
  findCertificatesNamed,
  listCertificateTags,
  publishedValidationRecords,
  waitForIssued
} from './acm.js'
import { DELETED_STATUS, Inputs, MANAGED_BY_TAG, NOT_FOUND_STATUS } from './constants.js'
import { ActionError, AwsApiError, InputError } from './errors.js'
import { accountIdFromArn } from './identity.js'
import {
  certificateNames,
  certificateSpec,
  logRecordsToCreate,
  provision,
  readOptions,
  result,
  type ProvisionDeps,
  type ProvisionResult
} from './provision.js'
import type { Config } from './types.js'

/** Runs the configured mode. */
export function runMode(deps: ProvisionDeps): Promise<ProvisionResult> {
  switch (deps.config.mode) {
    case 'status':
      return reportStatus(deps)
    case 'delete':
      return deleteManagedCertificates(deps)
    default:
      return provision(deps)
  }
}

/** status: the certificate's status, validation records and expiry; with wait, until it is ISSUED. */
export async function reportStatus(deps: ProvisionDeps): Promise<ProvisionResult> {
  const { config, acm, clock, log, signal, hooks = {} } = deps
  const arn = requireArn(deps)
  const startedAt = clock.now()
  hooks.onCertificate?.(arn, undefined)
  let detail = await describeCertificate(acm, arn).catch((err: unknown) => {
    throw statusLookupError(err, arn)
  })
  const records = publishedValidationRecords(detail)
  if (records.length > 0) {
    hooks.onRecords?.(records)
    if (detail.Status === 'PENDING_VALIDATION') logRecordsToCreate(log, records)
  }
  log.info(`Certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
  if (config.wait && detail.Status !== 'ISSUED') {
    const phase = deps.phase ?? ((_name, fn) => fn())
    detail = await phase('Wait for ACM to issue the certificate', () =>
      waitForIssued(acm, arn, {
        clock,
        log,
        deadline: startedAt + config.timeoutMs,
        ...(signal ? { signal } : {}),
        onProgress: (progress) => hooks.onProgress?.(progress)
      })
    )
  }
  return result(detail, arn, undefined, records, startedAt, clock)
}

/**
 * delete: certificate-arn, or every certificate with exactly the configured names (and key
 * algorithm), provided this action created it (managed-by tag). Each is deleted once no AWS
 * resource uses it, waiting up to timeout-minutes (no wait with wait: false).
 */
export async function deleteManagedCertificates(deps: ProvisionDeps): Promise<ProvisionResult> {
  const { config, acm, clock, log, signal, hooks = {} } = deps
  const startedAt = clock.now()
  const candidates = config.certificateArn !== undefined ? [config.certificateArn] : await namedCertificates(deps)
  const gone = (): ProvisionResult => ({
    certificateArn: config.certificateArn ?? '',
    status: NOT_FOUND_STATUS,
    reused: undefined,
    names: config.allNames,
    records: [],
    domains: [],
    notAfter: undefined,
    elapsedMs: clock.now() - startedAt
  })

  const managed: string[] = []
  const foreign: string[] = []
  for (const arn of candidates) {
    const tags = await tagsUnlessGone(deps, arn)
    if (tags === undefined) log.info(`Certificate ${arn} does not exist (already deleted?)`)
    else if (tags.some((t) => t.Key === MANAGED_BY_TAG)) managed.push(arn)
    else foreign.push(arn)
  }
  if (managed.length === 0 && foreign.length > 0) {
    throw new ActionError(
      `Certificate ${foreign.join(', ')} was not created by acm-certificate-action (no '${MANAGED_BY_TAG}' tag); ` +
        'delete it yourself if you mean it',
      {
        hint: `This action deletes only certificates it requested. Delete it in the ACM console or with: aws acm delete-certificate --certificate-arn ${foreign[0]}`
      }
    )
  }
  for (const arn of foreign)
    log.warning(
      `Left ${arn} alone: it was not created by acm-certificate-action (no '${MANAGED_BY_TAG}' tag)`,
      'Not deleted'
    )
  const [first] = managed
  if (first === undefined) {
    log.info(`Nothing to delete for ${config.certificateArn ?? config.allNames.join(', ')}`)
    return gone()
  }

  hooks.onCertificate?.(first, undefined)
  let firstDetail: CertificateDetail | undefined
  const deadline = config.wait ? startedAt + config.timeoutMs : clock.now()
  for (const arn of managed) {
    const detail = await describeCertificate(acm, arn).catch(() => undefined)
    firstDetail ??= detail
    await deleteUnusedCertificate(acm, arn, { clock, log, deadline, ...(signal ? { signal } : {}) })
    log.info(
      `Deleted ${arn}${detail ? ` (${certificateNames(detail).join(', ')})` : ''}; its validation records stay in DNS`
    )
  }
  return {
    ...gone(),
    certificateArn: first,
    status: DELETED_STATUS,
    names: firstDetail ? certificateNames(firstDetail) : config.allNames
  }
}

/** mode status requests nothing: a missing certificate's hint must not promise that a re-run requests one. */
function statusLookupError(err: unknown, arn: string): unknown {
  if (!(err instanceof AwsApiError) || err.code !== 'ResourceNotFoundException') return err
  return new ActionError(
    `Certificate ${arn} does not exist in this account and Region (ACM DescribeCertificate: ResourceNotFoundException)`,
    {
      cause: err,
      hint:
        `${Inputs.Mode} status only reads a certificate and never requests one. Check ${Inputs.CertificateArn} ` +
        `(the certificate-arn output of the step that requested it; deleted since?), or run ${Inputs.Mode} request ` +
        'with the names to get a certificate.'
    }
  )
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
  const arnAccount = accountIdFromArn(arn)
  const actingAccount = identity.accountId ?? (identity.roleArn ? accountIdFromArn(identity.roleArn) : undefined)
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

function requireArn(deps: ProvisionDeps): string {
  const arn = deps.config.certificateArn
  if (arn === undefined) throw new ActionError(`${Inputs.Mode} ${deps.config.mode} needs ${Inputs.CertificateArn}`)
  return arn
}

async function namedCertificates(deps: ProvisionDeps): Promise<string[]> {
  const found = await findCertificatesNamed(deps.acm, certificateSpec(deps.config), readOptions(deps))
  return found.flatMap((s) => (s.CertificateArn ? [s.CertificateArn] : []))
}

async function tagsUnlessGone(deps: ProvisionDeps, arn: string): Promise<{ Key: string }[] | undefined> {
  try {
    return await listCertificateTags(deps.acm, arn)
  } catch (err) {
    if (err instanceof AwsApiError && err.code === 'ResourceNotFoundException') return undefined
    throw err
  }
}
