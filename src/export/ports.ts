// What the export step needs from the world (issue 22): ACM's ExportCertificate and a place for the
// files. The flow (flow.ts) decides; these do the I/O. Tests inject their own.
import { tmpdir } from 'node:os'
import type { ACMClient } from '@aws-sdk/client-acm'
import { exportCertificate } from '../aws/acm-export.js'
import type { CallContext, ExportedPem } from '../types.js'
import { exportDirectory, writeExportFiles } from './files.js'
import type { FileToWrite } from './rules.js'

export interface ExportPorts {
  exportCertificate(arn: string, passphrase: string): Promise<ExportedPem>
  /** `path` made with mode 0700, or a new directory under the runner's temp when undefined. */
  directory(path: string | undefined): Promise<string>
  writeFiles(files: readonly FileToWrite[]): Promise<void>
}

/** The real ports: the run's ACM client, and files under RUNNER_TEMP (else the system's temp). */
export function exportPorts(
  acm: ACMClient,
  ctx: CallContext,
  tempRoot: string = process.env['RUNNER_TEMP'] || tmpdir()
): ExportPorts {
  return {
    exportCertificate: (arn, passphrase) => exportCertificate(acm, arn, passphrase, ctx),
    directory: (path) => exportDirectory(path, tempRoot),
    writeFiles: writeExportFiles
  }
}
