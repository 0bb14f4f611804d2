// What the user sees of an export (issue 22): the outputs, a job-summary section and the report-file
// part. Pure. Paths, serials and the charge only: never the key, never the passphrase.
import { Outputs } from '../constants.js'
import type { ExportEvent } from './events.js'

type Exported = Extract<ExportEvent, { kind: 'exported' }>

const exported = (events: readonly ExportEvent[]): Exported[] =>
  events.filter((e): e is Exported => e.kind === 'exported')

/** The file outputs, serial and changed: of the first Region exported (aws-region order). */
export function exportOutputs(events: readonly ExportEvent[], regions: readonly string[]): Record<string, string> {
  const all = exported(events)
  const first = regions.map((r) => all.find((e) => e.region === r)).find((e) => e !== undefined) ?? all[0]
  if (first === undefined) return {}
  return {
    [Outputs.CertificateFile]: first.files.certificate,
    [Outputs.ChainFile]: first.files.chain,
    [Outputs.FullchainFile]: first.files.fullchain,
    [Outputs.PrivateKeyFile]: first.files.privateKey,
    [Outputs.Serial]: first.serial,
    [Outputs.Changed]: String(first.changed)
  }
}

/** The job summary's export section: the charge, then each Region's files and serial, or why not exported. */
export function exportSummary(events: readonly ExportEvent[]): string {
  if (events.length === 0) return ''
  const lines = ['### Exported certificate', '']
  for (const e of events) if (e.kind === 'charge') lines.push(`> 💲 ${e.text}`, '>')
  if (lines.length > 2) lines.pop()
  lines.push('')
  const done = exported(events)
  if (done.length > 0) {
    lines.push('| Region | Serial | Changed | Files |', '|---|---|---|---|')
    for (const e of done) {
      const changed = e.changed ? (e.deployedSerial ? `yes (deployed: \`${e.deployedSerial}\`)` : 'yes') : 'no'
      const files = [
        `certificate \`${e.files.certificate}\``,
        `chain \`${e.files.chain}\``,
        `fullchain \`${e.files.fullchain}\``,
        `private key (encrypted, 0600) \`${e.files.privateKey}\``
      ]
      lines.push(`| ${e.region} | \`${e.serial}\` | ${changed} | ${files.join('<br>')} |`)
    }
    lines.push('')
  }
  for (const e of events) if (e.kind === 'skipped') lines.push(`- ${e.region}: ${e.reason}`)
  return `${lines.join('\n')}\n`
}

/** The report-file's `export` part: per Region, the files and serial (null when the run exported nothing). */
export function exportReport(events: readonly ExportEvent[]): {
  chargeUsd: number | null
  regions: { region: string; certificateArn: string; files: Exported['files']; serial: string; changed: boolean }[]
  skipped: { region: string; reason: string }[]
} | null {
  if (events.length === 0) return null
  const charge = events.find((e) => e.kind === 'charge')
  return {
    chargeUsd: charge?.kind === 'charge' ? charge.usd : null,
    regions: exported(events).map(({ region, certificateArn, files, serial, changed }) => ({
      region,
      certificateArn,
      files: { ...files },
      serial,
      changed
    })),
    skipped: events.flatMap((e) => (e.kind === 'skipped' ? [{ region: e.region, reason: e.reason }] : []))
  }
}
