// The export flow (issue 22), around request mode: state the charge before the certificate is looked
// for or requested, run the mode (reuse keeps exportable and plain certificates apart, the request
// carries Options.Export), then export the ISSUED certificate into the job and say whether it differs
// from the deployed one. Every re-run of an ISSUED certificate exports it again: that is what keeps
// ACM renewing it, and how a renewal reaches the files.
import { join } from 'node:path'
import type { ACMClient } from '@aws-sdk/client-acm'
import { ActionError, errorMessage } from '../errors.js'
import type { RunEvent } from '../run/outcome.js'
import type { Clock, Config, Logger } from '../types.js'
import type { ExportEvent } from './events.js'
import { exportPorts, type ExportPorts } from './ports.js'
import { chargeText, exportCharge, exportFiles, serialChanged, serialOf } from './rules.js'

/** What the flow takes of a mode's deps (RunDeps has all of it). */
export interface ExportDeps {
  readonly config: Pick<Config, 'export' | 'region' | 'allNames' | 'wait'>
  readonly acm: ACMClient
  readonly log: Logger
  readonly clock: Clock
  readonly signal?: AbortSignal | undefined
  readonly emit?: ((event: RunEvent) => void) | undefined
  /** What the Regions of the run share: the export directory is made once for all. */
  readonly shared?: { readonly regions: readonly string[]; once<T>(key: string, make: () => T): T } | undefined
}

export interface ModeResult {
  readonly certificateArn: string
  readonly status: string
}

/** Tells an export fact of this Region. */
function emitExport(deps: ExportDeps, event: ExportEvent): void {
  deps.emit?.({ type: 'export', export: event, region: deps.config.region })
}

/**
 * `flow` (request mode), with the export around it when the Config asks for one: the charge before,
 * and after, the export of the certificate the flow ended with (its last certificate and status events).
 */
export function withExport<D extends ExportDeps>(
  flow: (deps: D) => Promise<void>,
  ports: (deps: D) => ExportPorts = (deps) =>
    exportPorts(deps.acm, { clock: deps.clock, log: deps.log, signal: deps.signal })
): (deps: D) => Promise<void> {
  return async (deps) => {
    if (deps.config.export === undefined) return flow(deps)
    const { config, log } = deps
    const text = chargeText(config.allNames, config.region)
    log.info(text)
    emitExport(deps, { kind: 'charge', region: config.region, text, usd: exportCharge(config.allNames).usd })
    let certificateArn: string | undefined
    let status: string | undefined
    const emit = (event: RunEvent): void => {
      if (event.type === 'certificate' && event.region === config.region) certificateArn = event.arn
      if (event.type === 'status' && event.region === config.region) status = event.status
      deps.emit?.(event)
    }
    await flow({ ...deps, emit })
    if (certificateArn === undefined || status === undefined) return
    emitExport(deps, await exportIssued(deps, ports(deps), { certificateArn, status }))
  }
}

/** Exports an ISSUED certificate into its directory; anything else is skipped, with the reason logged. */
export async function exportIssued(deps: ExportDeps, ports: ExportPorts, result: ModeResult): Promise<ExportEvent> {
  const { config, log } = deps
  const settings = config.export
  const { certificateArn, status } = result
  if (settings === undefined) throw new Error('exportIssued needs export settings')
  if (status !== 'ISSUED') {
    const why = config.wait ? `it is ${status}` : `wait is false and it is ${status}`
    const reason = `Not exported: ${why}. A later run with the same inputs exports it once it is ISSUED.`
    log.info(reason)
    return { kind: 'skipped', region: config.region, certificateArn, reason }
  }
  const pem = await ports.exportCertificate(certificateArn, settings.passphrase).catch((err: unknown) => {
    throw withoutSecret(err, settings.passphrase)
  })
  // Several Regions: one directory for the step, a subdirectory per Region.
  const made = (): Promise<string> => ports.directory(settings.directory)
  const { shared } = deps
  const directory =
    shared && shared.regions.length > 1
      ? await ports.directory(join(await shared.once('export-directory', made), config.region))
      : await made()
  const { paths, files } = exportFiles(directory, pem)
  await ports.writeFiles(files)
  const serial = serialOf(pem.certificate)
  const changed = serialChanged(serial, settings.deployedSerial)
  const versus =
    settings.deployedSerial === undefined
      ? 'no deployed-serial given'
      : changed
        ? `changed: deployed-serial is ${settings.deployedSerial}`
        : 'unchanged: the deployed one'
  log.info(`Exported ${certificateArn} (serial ${serial}, ${versus}) to ${directory}; the key is encrypted (mode 0600)`)
  const { deployedSerial } = settings
  return {
    kind: 'exported',
    region: config.region,
    certificateArn,
    directory,
    files: paths,
    serial,
    changed,
    deployedSerial
  }
}

/** An error whose text would carry the passphrase (no AWS message should): replaced by one that does not. */
function withoutSecret(err: unknown, passphrase: string): unknown {
  if (!errorMessage(err).includes(passphrase)) return err
  return new ActionError('ACM ExportCertificate failed; its message held the passphrase, so it is not shown.', {
    hint: 'Re-run the job; if it persists, export it once with the AWS CLI (aws acm export-certificate).'
  })
}
