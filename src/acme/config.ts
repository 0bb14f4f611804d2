// The acme-* inputs of mode acme-endpoint, read into one frozen AcmeConfig. Pure: each failure is an
// InputError naming the input, the value and what is allowed.
import { InputError } from '../errors.js'
import { readBoolean, readChoice, readRoleArn } from '../inputs/fields.js'
import { readTags } from '../inputs/lists.js'
import { splitNameList } from '../domains.js'

import { ACME_CONTACTS, ACME_KEY_ALGORITHMS, ACME_SCOPES, Inputs } from '../constants.js'
import type { AcmeConfig } from '../types.js'

/** Tag values allow letters, digits, spaces and _.:/=+-@ (TagList pattern); 1–64 keeps it readable. */
const ENDPOINT_NAME = /^[A-Za-z0-9_.:/=+@-]{1,64}$/
const MAX_EXPIRY_HOURS = 24 * 365

export function readAcmeConfig(
  read: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>
): AcmeConfig {
  const endpointName = read(Inputs.AcmeEndpointName) || 'default'
  if (!ENDPOINT_NAME.test(endpointName))
    throw new InputError(Inputs.AcmeEndpointName, endpointName, 'must be 1 to 64 characters of A-Z a-z 0-9 _.:/=+@-')
  const contact = readChoice(Inputs.AcmeContact, read(Inputs.AcmeContact), ACME_CONTACTS, 'not-required')
  const runId = env['GITHUB_RUN_ID']
  return Object.freeze({
    endpointName,
    contact: contact === 'required' ? 'REQUIRED' : 'NOT_REQUIRED',
    keyAlgorithms: Object.freeze(
      readList(Inputs.AcmeKeyAlgorithms, read(Inputs.AcmeKeyAlgorithms), ACME_KEY_ALGORITHMS, [...ACME_KEY_ALGORITHMS])
    ),
    certificateTags: Object.freeze(readTags(read(Inputs.AcmeCertificateTags), Inputs.AcmeCertificateTags)),
    scope: Object.freeze(readList(Inputs.AcmeDomainScope, read(Inputs.AcmeDomainScope), ACME_SCOPES, ['exact'])),
    managedRecords: readBoolean(Inputs.AcmeManagedRecords, read(Inputs.AcmeManagedRecords), false),
    deleteDropped: readBoolean(Inputs.AcmeDeleteDropped, read(Inputs.AcmeDeleteDropped), false),
    eabRoleArn: readRoleArn(Inputs.AcmeEabRoleArn, read(Inputs.AcmeEabRoleArn)),
    eabExpiryHours: readExpiryHours(read(Inputs.AcmeEabExpiryHours)),
    runAttempt: runId ? `${runId}-${env['GITHUB_RUN_ATTEMPT'] ?? '1'}` : undefined
  })
}

/** A comma/space list of choices (case-insensitive, duplicates dropped); empty → the default. */
function readList<T extends string>(input: string, raw: string, choices: readonly T[], fallback: T[]): T[] {
  const entries = splitNameList(raw)
  if (entries.length === 0) return fallback
  const picked = entries.map((entry) => {
    const found = choices.find((c) => c.toLowerCase() === entry.toLowerCase())
    if (found === undefined) throw new InputError(input, raw, `entry '${entry}' is not one of ${choices.join(', ')}`)
    return found
  })
  return [...new Set(picked)]
}

function readExpiryHours(raw: string): number {
  if (raw === '') return 24
  const hours = Number(raw)
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_EXPIRY_HOURS)
    throw new InputError(
      Inputs.AcmeEabExpiryHours,
      raw,
      `must be a whole number of hours from 1 to ${MAX_EXPIRY_HOURS}`,
      {
        hint: 'The binding is only needed while ACME clients register; a day (24) is usually enough.'
      }
    )
  return hours
}
