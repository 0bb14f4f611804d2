// Delete mode: delete certificate-arn, or every certificate with exactly the configured names (and key
// algorithm), provided this action created it (managed-by tag), once no AWS resource uses it. It never
// touches Route 53: validation records are shared between certificates and ACM's renewal needs them.
import type { CertificateDetail } from '@aws-sdk/client-acm'
import { describeCertificate, listCertificateTags } from '../aws/acm.js'
import { findCertificatesNamed } from '../certificate/reuse.js'
import { deleteUnusedCertificate } from '../certificate/waits.js'
import { DELETED_STATUS, MANAGED_BY_TAG, NOT_FOUND_STATUS } from '../constants.js'
import { certificateNames } from '../domains.js'
import { ActionError, AwsApiError } from '../errors.js'
import { callContext, certificateSpec, emitIn, waitContext, type RunDeps } from '../run/deps.js'

/** Each certificate is deleted once nothing uses it, waiting up to timeout-minutes (no wait with wait: false). */
export async function runDelete(deps: RunDeps): Promise<void> {
  const { config, acm, clock, log } = deps
  const startedAt = clock.now()
  const candidates = config.certificateArn !== undefined ? [config.certificateArn] : await namedCertificates(deps)

  const managed: string[] = []
  const foreign: string[] = []
  for (const arn of candidates) {
    const tags = await tagsUnlessGone(deps, arn)
    if (tags === undefined) log.info(`Certificate ${arn} does not exist (already deleted?)`)
    else if (tags.some((t) => t.Key === MANAGED_BY_TAG)) managed.push(arn)
    else foreign.push(arn)
  }
  const notOurs = `it was not created by acm-certificate-action (no '${MANAGED_BY_TAG}' tag)`
  if (managed.length === 0 && foreign.length > 0) {
    throw new ActionError(
      `Certificate ${foreign.join(', ')} was not created by acm-certificate-action (no '${MANAGED_BY_TAG}' tag); ` +
        'delete it yourself if you mean it',
      {
        hint:
          'This action deletes only certificates it requested. Delete it in the ACM console or with: ' +
          `aws acm delete-certificate --certificate-arn ${foreign[0]}`
      }
    )
  }
  for (const arn of foreign) log.warning(`Left ${arn} alone: ${notOurs}`, 'Not deleted')
  const [first] = managed
  if (first === undefined) {
    log.info(`Nothing to delete for ${config.certificateArn ?? config.allNames.join(', ')}`)
    emitIn(deps, { type: 'status', status: NOT_FOUND_STATUS, names: config.allNames, progress: [] })
    return
  }

  emitIn(deps, { type: 'certificate', arn: first, reused: undefined })
  let firstDetail: CertificateDetail | undefined
  const deadline = config.wait ? startedAt + config.timeoutMs : clock.now()
  for (const arn of managed) {
    const detail = await describeCertificate(acm, arn).catch(() => undefined)
    firstDetail ??= detail
    await deleteUnusedCertificate(acm, arn, waitContext(deps, deadline))
    const names = detail ? ` (${certificateNames(detail).join(', ')})` : ''
    log.info(`Deleted ${arn}${names}; its validation records stay in DNS`)
  }
  const names = firstDetail ? certificateNames(firstDetail) : config.allNames
  emitIn(deps, { type: 'status', status: DELETED_STATUS, names, progress: [] })
}

async function namedCertificates(deps: RunDeps): Promise<string[]> {
  const found = await findCertificatesNamed(deps.acm, certificateSpec(deps.config), callContext(deps))
  return found.flatMap((s) => (s.CertificateArn ? [s.CertificateArn] : []))
}

async function tagsUnlessGone(deps: RunDeps, arn: string): Promise<{ Key: string }[] | undefined> {
  try {
    return await listCertificateTags(deps.acm, arn)
  } catch (err) {
    if (err instanceof AwsApiError && err.code === 'ResourceNotFoundException') return undefined
    throw err
  }
}
