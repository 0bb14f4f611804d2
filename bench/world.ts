// Simulated worlds for the benchmark and the call-budget tests: the example accounts and zones, bulk
// certificates and zones, and runRequest() run in-process with the real SDK clients on a virtual clock.
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { EXAMPLE, seedExample, Simulator, type ExampleZones, type SimulatorOptions } from '../sim/index.js'
import { createAwsClients } from '../src/aws/clients.js'
import { readConfig } from '../src/inputs/index.js'
import type { RunResult } from '../src/modes/shared.js'
import { runRequest } from '../src/modes/request.js'
import type { Clock, Config, Identities, Logger } from '../src/types.js'

export const REGION = EXAMPLE.region

/** Time that moves only when someone sleeps: a 30-minute wait costs no real time. */
export interface VirtualClock extends Clock {
  /** The simulator's clock: the same virtual time. */
  readonly read: () => number
}

export function virtualClock(start = Date.UTC(2025, 0, 1)): VirtualClock {
  let time = start
  return {
    now: () => time,
    read: () => time,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted()
      time += ms
      // Yield, as a real timer would, so concurrent work interleaves.
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
}

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
  const saved = new Map<string, string | undefined>()
  for (const [name, value] of Object.entries(sim.env())) {
    saved.set(name, process.env[name])
    process.env[name] = value
  }
  return {
    sim,
    zones,
    stop: async () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
      await sim.stop()
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
  return readConfig((name) => all[name] ?? '', {})
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
export async function provisionInProcess(config: Config, clock: Clock): Promise<RunResult> {
  const clients = createAwsClients(config, exampleIdentities)
  try {
    return await runRequest({ config, acm: clients.acm, route53: clients.route53, clock, log: silentLog })
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
