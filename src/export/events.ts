// What the export step reports (issue 22), one event per fact, for the outputs, the job summary and
// the report-file. None carries the key or the passphrase: only paths, the serial and the charge.
import type { ExportFiles } from './rules.js'

export type ExportEvent =
  /** Before the certificate is looked for or requested: what ACM charges for it. */
  | { readonly kind: 'charge'; readonly region: string; readonly text: string; readonly usd: number }
  /** The certificate was not exported, and why (wait: false and not ISSUED yet). */
  | { readonly kind: 'skipped'; readonly region: string; readonly certificateArn: string; readonly reason: string }
  | {
      readonly kind: 'exported'
      readonly region: string
      readonly certificateArn: string
      readonly directory: string
      readonly files: ExportFiles
      /** Upper-case hex, as `openssl x509 -noout -serial` prints it. */
      readonly serial: string
      /** serial differs from deployed-serial (true when none was given). */
      readonly changed: boolean
      readonly deployedSerial: string | undefined
    }
