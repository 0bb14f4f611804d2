// Status mode: the certificate's status, validation records and expiry; with wait, until it is ISSUED.
// It touches no DNS: the records are only reported.
import { describeCertificate } from '../aws/acm.js'
import { findReusableCertificate } from '../certificate/reuse.js'
import { Inputs } from '../constants.js'
import { ActionError, AwsApiError } from '../errors.js'
import { issueTimeoutHint } from '../decisions/hints.js'
import { publishedValidationRecords, waitForIssued } from '../certificate/waits.js'
import {
  callContext,
  certificateSpec,
  requireCertificateArn,
  logRecordsToCreate,
  emitIn,
  phaseOf,
  statusEvent,
  waitContext,
  type RunDeps
} from '../run/deps.js'

export async function runStatus(deps: RunDeps): Promise<void> {
  const { config, acm, clock, log } = deps
  const arn = await certificateToReport(deps)
  const startedAt = clock.now()
  emitIn(deps, { type: 'certificate', arn, reused: undefined })
  let detail = await describeCertificate(acm, arn).catch((err: unknown) => {
    throw statusLookupError(err, arn)
  })
  const records = publishedValidationRecords(detail)
  if (records.length > 0) {
    emitIn(deps, { type: 'records', records })
    if (detail.Status === 'PENDING_VALIDATION') logRecordsToCreate(log, records)
  }
  log.info(`Certificate ${arn} is ${detail.Status ?? 'in an unknown state'}`)
  if (config.wait && detail.Status !== 'ISSUED') {
    detail = await phaseOf(deps)('Wait for ACM to issue the certificate', () =>
      waitForIssued(acm, arn, {
        ...waitContext(deps, startedAt + config.timeoutMs),
        onProgress: (progress) => emitIn(deps, { type: 'progress', progress }),
        timeoutHint: (progress) => issueTimeoutHint({ timeoutMs: config.timeoutMs, progress, statusMode: true })
      })
    )
  }
  emitIn(deps, statusEvent(detail))
}

/** certificate-arn; with several Regions (no certificate-arn), the certificate request mode would reuse here. */
async function certificateToReport(deps: RunDeps): Promise<string> {
  const { config, acm, clock } = deps
  if (config.certificateArn !== undefined || config.allNames.length === 0) return requireCertificateArn(config)
  const found = await findReusableCertificate(acm, certificateSpec(config), callContext(deps), clock.now())
  if (found) return found.arn
  throw new ActionError(
    `No ISSUED or PENDING_VALIDATION certificate with exactly ${config.allNames.join(', ')} (${config.keyAlgorithm}) ` +
      `in ${config.region} to report on`,
    {
      hint:
        `Run the action with ${Inputs.Mode} request and the same inputs to get one, or check ${Inputs.AwsRegion} ` +
        'and the names.'
    }
  )
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
