// The one set of accounts and Regions of the tests and the benchmark: the simulator's example world
// (sim/example.ts: roles `certs` and `dns` trusting GitHub OIDC, the zones example.com, its private
// twin and dev.example.com) and what a simulator holds of it. Imports nothing of src/, so the e2e
// suite (which runs dist/) and bench/ can use it without loading the action.
import type { AwsCredentialIdentity } from '@smithy/types'
import { EXAMPLE, seedExample, type ExampleZones, type Simulator } from '../sim/index.js'

export { EXAMPLE }

/** Certificates live here (role `certs`, static keys CERT_KEYS). */
export const CERT_ACCOUNT = EXAMPLE.certificateAccount
/** Route 53 lives here (role `dns`, static keys DNS_KEYS). */
export const DNS_ACCOUNT = EXAMPLE.dnsAccount
/** A third account: another team's zones (zone-overrides with its own role), a child zone elsewhere. */
export const ORG_ACCOUNT = '333333333333'
/** The Region of every single-Region case. */
export const REGION = EXAMPLE.region
/** The second Region of the several-Regions cases. */
export const OTHER_REGION = 'eu-central-1'
export const CERT_KEYS = EXAMPLE.certificateKeys
export const DNS_KEYS = EXAMPLE.dnsKeys

/** Static keys of an account: the example's for its two accounts, made-up ones for any other. */
export function keysOf(accountId: string): AwsCredentialIdentity {
  if (accountId === CERT_ACCOUNT) return { ...CERT_KEYS }
  if (accountId === DNS_ACCOUNT) return { ...DNS_KEYS }
  return { accessKeyId: `AKIATEST${accountId}`, secretAccessKey: `secret-${accountId}` }
}

/** The two accounts' static keys on a simulator, and the example's roles and zones unless only the accounts are asked for. */
export function seedWorld(sim: Simulator, seed: 'example' | 'accounts' = 'example'): ExampleZones {
  if (seed === 'example') return seedExample(sim)
  for (const account of [CERT_ACCOUNT, DNS_ACCOUNT])
    sim.addStaticCredentials({ ...keysOf(account), accountId: account })
  const none = (): never => {
    throw new Error('this world holds only the two accounts (holds: accounts): no example zones')
  }
  return Object.defineProperties({} as ExampleZones, {
    publicZoneId: { get: none },
    privateZoneId: { get: none },
    devZoneId: { get: none }
  })
}
