// The one simulator world of the in-process tests and the benchmark: a simulator on the virtual clock
// (clock.ts), the SDK's endpoint variables pointing at it, the example accounts and zones (or a seed of
// the caller's), bulk certificates and zones, and runRequest() with the real SDK clients.
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { EXAMPLE, seedExample, Simulator, type ExampleZones, type SimulatorOptions } from '../sim/index.js'
import { createAwsClients } from '../src/aws/clients.js'
import { requestOutcome, type Finished } from './outcome.js'
import type { Clock, Config, Identities, Logger } from '../src/types.js'

import { configFrom } from './config.js'

export { virtualClock, type FakeClock } from './clock.js'

export const REGION = EXAMPLE.region

export interface World {
  readonly sim: Simulator
  readonly zones: ExampleZones
  /** Ends the simulator and restores the environment. */
  stop(): Promise<void>
}

/**
 * A simulator seeded with the example world (see sim/example.ts), with the SDK's endpoint variables
 * pointing at it for in-process clients. One in-process world at a time: the variables are global.
 */
export async function startWorld(options: SimulatorOptions = {}): Promise<World> {
  const sim = await Simulator.start(options)
  const zones = seedExample(sim)
  const restore = pointSdkAt(sim)
  return {
    sim,
    zones,
    stop: async () => {
      restore()
      await sim.stop()
    }
  }
}

/**
 * Points the SDK's AWS_ENDPOINT_URL_* (and the OIDC variables) at the simulator, as a runner's
 * environment would: src/ never knows a simulator exists. Returns what puts the environment back.
 */
export function pointSdkAt(sim: Simulator, only?: readonly string[]): () => void {
  const saved = new Map<string, string | undefined>()
  for (const [name, value] of Object.entries(sim.env())) {
    if (only && !only.includes(name)) continue
    saved.set(name, process.env[name])
    process.env[name] = value
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** The action's inputs for these names, with the example roles (as a workflow would pass them). */
export function actionInputs(names: readonly string[]): Record<string, string> {
  const [primary = '', ...sans] = names
  return {
    'domain-name': primary,
    'subject-alternative-names': sans.join('\n'),
    'aws-region': REGION,
    'role-to-assume': EXAMPLE.certificateRole,
    'dns-role-to-assume': EXAMPLE.dnsRole
  }
}

/** The Config the action would derive for these names (no roles: in-process runs use static keys). */
export function configFor(names: readonly string[], inputs: Record<string, string> = {}): Config {
  const all: Record<string, string> = {
    ...actionInputs(names),
    'role-to-assume': '',
    'dns-role-to-assume': '',
    ...inputs
  }
  return configFrom(all)
}

const staticKeys =
  (keys: { accessKeyId: string; secretAccessKey: string }): AwsCredentialIdentityProvider =>
  async () => ({
    ...keys
  })

/** The example accounts' static keys, as resolved identities: certificates in one account, DNS in the other. */
export const exampleIdentities: Identities = {
  certificate: {
    credentials: staticKeys(EXAMPLE.certificateKeys),
    description: `account ${EXAMPLE.certificateAccount}`
  },
  dns: { credentials: staticKeys(EXAMPLE.dnsKeys), description: `account ${EXAMPLE.dnsAccount}` }
}

export const silentLog: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined }

/** runRequest() as the action runs it, with the real SDK clients (retries, timeouts) against the simulator. */
export async function runInProcess(config: Config, clock: Clock): Promise<Finished> {
  const clients = createAwsClients(config, exampleIdentities)
  try {
    return await requestOutcome({ config, acm: clients.acm, route53: clients.route53, clock, log: silentLog })
  } finally {
    clients.acm.destroy()
    clients.route53.destroy()
  }
}

// ---------------------------------------------------------------------------------------------
// Bulk seeding

/**
 * `count` certificates in the certificate account that must NOT be reused for `names`: other names,
 * a superset and a subset of them, another key algorithm, expired, imported, managed by CloudFront.
 */
export function seedDecoyCertificates(sim: Simulator, count: number, names: readonly string[]): void {
  const accountId = EXAMPLE.certificateAccount
  const [primary = 'example.com'] = names
  const variants = [
    (i: number) => ({ domainName: `svc-${i}.example.net`, subjectAlternativeNames: [`alt-${i}.example.net`] }),
    () => ({ domainName: primary, subjectAlternativeNames: [...names, `extra.${primary}`] }),
    () => ({ domainName: primary, subjectAlternativeNames: names.slice(0, -1) }),
    () => ({ domainName: primary, subjectAlternativeNames: [...names], keyAlgorithm: 'EC_prime256v1' }),
    () => ({ domainName: primary, subjectAlternativeNames: [...names], status: 'EXPIRED' as const }),
    () => ({ domainName: primary, subjectAlternativeNames: [...names], type: 'IMPORTED' as const }),
    () => ({ domainName: primary, subjectAlternativeNames: [...names], managedBy: 'CLOUDFRONT' }),
    (i: number) => ({ domainName: `pending-${i}.example.org`, status: 'PENDING_VALIDATION' as const })
  ]
  const [unrelated, ...nearMisses] = variants
  for (let i = 0; i < count; i++) {
    // Mostly unrelated names, as in a real account; every 25th a near miss.
    const variant = (i % 25 === 0 ? nearMisses[(i / 25) % nearMisses.length] : undefined) ?? unrelated
    if (variant) sim.addCertificate({ accountId, region: REGION, ...variant(i) })
  }
}

/** `count` hosted zones in the DNS account (the example's three included): unrelated names, plus `team-N.example.com`. */
export function seedZones(sim: Simulator, count: number): void {
  const existing = sim.zones().length
  for (let i = existing; i < count; i++) {
    const name = i % 5 === 0 ? `team-${i}.example.com` : `zone-${i}.example-${i % 7}.net`
    sim.addHostedZone({ accountId: EXAMPLE.dnsAccount, name })
  }
}

/** Times of the simulator's requests for one operation, in order. */
export function callTimes(sim: Simulator, operation: string): number[] {
  return sim.requests.filter((r) => r.operation === operation).map((r) => r.time)
}
