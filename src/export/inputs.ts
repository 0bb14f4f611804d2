// The export inputs (issue 22), read before any call: export, export-passphrase (checked here, never
// repeated in an error: main.ts has masked it already), export-directory and deployed-serial. Pure.
import { Inputs, type Mode } from '../constants.js'
import { InputError } from '../errors.js'
import { readBoolean } from '../inputs/fields.js'
import type { ExportSettings } from '../types.js'
import { normalizeSerial, passphraseProblem } from './rules.js'

/** What an input error shows in place of the passphrase. */
const HIDDEN = '***'

const PASSPHRASE_HINT =
  'Keep a passphrase of 4 to 128 printable ASCII characters, none of # $ %, in a secret and pass it as ' +
  `${Inputs.ExportPassphrase}: \${{ secrets.CERTIFICATE_PASSPHRASE }}.`

/** The export settings, or undefined when export is false (then export-directory and deployed-serial are refused). */
export function readExport(read: (name: string) => string, mode: Mode): ExportSettings | undefined {
  const wanted = readBoolean(Inputs.Export, read(Inputs.Export), false)
  const directory = read(Inputs.ExportDirectory)
  const deployed = read(Inputs.DeployedSerial)
  if (!wanted) {
    const stray = [Inputs.ExportDirectory, Inputs.DeployedSerial].find((name) => read(name) !== '')
    if (stray === undefined) return undefined
    throw new InputError(stray, read(stray), `takes effect only with ${Inputs.Export}: true`, {
      hint: `Set ${Inputs.Export}: true to export the certificate, or remove ${stray}.`
    })
  }
  if (mode !== 'request') {
    throw new InputError(Inputs.Export, 'true', `works in mode request only (mode is ${mode})`, {
      hint: `Use ${Inputs.Mode}: request with the certificate's names: it reuses the certificate and exports it.`
    })
  }
  const passphrase = read(Inputs.ExportPassphrase)
  if (passphrase === '') {
    throw new InputError(Inputs.ExportPassphrase, '', `is required with ${Inputs.Export}: true`, {
      hint: PASSPHRASE_HINT
    })
  }
  const problem = passphraseProblem(passphrase)
  if (problem !== undefined) throw new InputError(Inputs.ExportPassphrase, HIDDEN, problem, { hint: PASSPHRASE_HINT })
  if (/\p{Cc}/u.test(directory)) {
    throw new InputError(Inputs.ExportDirectory, directory, 'contains a control character (a line break, tab, ...)', {
      hint: 'Give a single-line path, e.g. ${{ runner.temp }}/certificate.'
    })
  }
  const deployedSerial = deployed === '' ? undefined : normalizeSerial(deployed)
  if (deployed !== '' && deployedSerial === undefined) {
    throw new InputError(Inputs.DeployedSerial, deployed, 'is not a certificate serial number (hex digits)', {
      hint: 'Pass the serial the servers have now, e.g. the output of `openssl x509 -noout -serial` (serial=0A1B…).'
    })
  }
  return { passphrase, directory: directory || undefined, deployedSerial }
}
