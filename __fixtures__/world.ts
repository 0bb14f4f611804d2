// The one simulator world of the tests and the benchmark: one set of accounts and Regions
// (accounts.ts, re-exported here), one way to start a simulator on a clock the test drives
// (clock.ts), and what each kind of test needs of it: the action's own clients and runRequest() (the
// reliability suite, budgets, bench), plain SDK clients (the simulator's own tests), the bundled action
// as the runner runs it (e2e, real time: the action is another process). One in-process world at a
// time: the SDK's endpoint variables it sets are global.
import { ACMClient } from '@aws-sdk/client-acm'
import { Route53Client } from '@aws-sdk/client-route-53'
import { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { Simulator, type ExampleZones, type SimulatorOptions } from '../sim/index.js'
import { createAwsClients, type AwsClients } from '../src/aws/clients.js'
import type { Clock, Config, Identities, Logger } from '../src/types.js'
import { fakeClock, virtualClock, type FakeClock } from './clock.js'
import { configFrom } from './config.js'
import { requestOutcome, type Finished } from './outcome.js'
import { recordingLogger, type RecordingLogger } from './logger.js'
import { CERT_ACCOUNT, CERT_KEYS, DNS_ACCOUNT, DNS_KEYS, EXAMPLE, keysOf, REGION, seedWorld } from './accounts.js'

export * from './accounts.js'
export { fakeClock, fastForwardClock, virtualClock, type FakeClock } from './clock.js'

// ---------------------------------------------------------------------------------------------
// Starting a world

export interface WorldOptions extends Omit<SimulatorOptions, 'clock'> {
  /** What the simulator holds at start: the example (roles, keys, zones) or only the two accounts' keys. */
  holds?: 'example' | 'accounts'
  /** The clock the simulator reads and the action sleeps on (default: a virtual clock from 1 June 2025). */
  clock?: FakeClock
}

export interface World {
  readonly sim: Simulator
  /** The example's zones (holds 'example'); with holds 'accounts' reading one throws. */
  readonly zones: ExampleZones
  readonly clock: FakeClock
  readonly log: RecordingLogger
  /** The Config readConfig derives from BASE_INPUTS and these inputs. */
  config(inputs?: Record<string, string>): Config
  /** The action's clients (createAwsClients) with the static keys of the two accounts; closed by stop(). */
  clients(config?: Config): AwsClients
  /** runRequest() with the action's clients, as run() would after resolving identities. */
  runRequest(inputs?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<Finished>
  /** Plain SDK clients at the simulator (one attempt unless told); keys default to the service's account. */
  acm(keys?: AwsCredentialIdentity, maxAttempts?: number, region?: string): ACMClient
  route53(keys?: AwsCredentialIdentity, maxAttempts?: number): Route53Client
  sts(keys?: AwsCredentialIdentity, maxAttempts?: number): STSClient
  /** Closes every client, ends the simulator and restores the environment. */
  stop(): Promise<void>
}

/** ACM issuing 300 ms and Route 53 changes processed 50 ms after they are asked for (the reliability suite's pace). */
export const QUICK_SERVICES = { issuanceDelayMs: 300, changeProcessingMs: 50 } as const

export const BASE_INPUTS: Readonly<Record<string, string>> = {
  'domain-name': 'example.com',
  'subject-alternative-names': 'www.example.com',
  'aws-region': REGION,
  'timeout-minutes': '30'
}

const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_ACM',
  'AWS_ENDPOINT_URL_ROUTE_53',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API'
] as const

/**
 * A simulator on a driven clock, seeded, with the SDK's AWS_ENDPOINT_URL_* pointing at it (src/ never
 * knows a simulator exists: the SDK reads them when a client is built).
 */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const { holds = 'example', clock = virtualClock(Date.UTC(2025, 5, 1)), ...scenario } = options
  const sim = await Simulator.start({ clock: clock.read, ...scenario })
  const zones = seedWorld(sim, holds)
  const restore = pointSdkAt(sim, ENDPOINT_VARIABLES)
  const log = recordingLogger()
  const made: { destroy(): void }[] = []
  const track = <T extends { destroy(): void }>(client: T): T => (made.push(client), client)
  const config = (inputs: Record<string, string> = {}): Config => configFrom({ ...BASE_INPUTS, ...inputs })
  const clients = (cfg: Config = config()): AwsClients => {
    const pair = createAwsClients(cfg, staticIdentities)
    track(pair.acm)
    track(pair.route53)
    return pair
  }
  const plain = (keys: AwsCredentialIdentity, maxAttempts: number, region: string = REGION) => ({
    endpoint: sim.url,
    region,
    credentials: keys,
    maxAttempts
  })
  return {
    sim,
    zones,
    clock,
    log,
    config,
    clients,
    runRequest: (inputs = {}, runOptions = {}) => {
      const cfg = config(inputs)
      const { acm, route53 } = clients(cfg)
      return requestOutcome({ config: cfg, acm, route53, clock, log, ...runOptions })
    },
    acm: (keys = keysOf(CERT_ACCOUNT), maxAttempts = 1, region: string = REGION) =>
      track(new ACMClient(plain(keys, maxAttempts, region))),
    route53: (keys = keysOf(DNS_ACCOUNT), maxAttempts = 1) => track(new Route53Client(plain(keys, maxAttempts))),
    sts: (keys = keysOf(CERT_ACCOUNT), maxAttempts = 1) => track(new STSClient(plain(keys, maxAttempts))),
    stop: async () => {
      for (const client of made.splice(0)) client.destroy()
      restore()
      await sim.stop()
    }
  }
}

/**
 * The simulator's own tests: only the two accounts (no roles, no zones), a clock that moves only when
 * the test advances it, ACM issuing 2 s and Route 53 changes going INSYNC 1 s after they are asked for.
 */
export function startHarness(options: WorldOptions = {}): Promise<World> {
  return startWorld({
    holds: 'accounts',
    clock: fakeClock(Date.UTC(2025, 0, 1)),
    issuanceDelayMs: 2000,
    changeInsyncDelayMs: 1000,
    ...options
  })
}

/**
 * Points the SDK's AWS_ENDPOINT_URL_* (and the OIDC variables, unless `only` narrows them) at the
 * simulator, as a runner's environment would. Returns what puts the environment back.
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

// ---------------------------------------------------------------------------------------------
// The action in process

const staticKeys =
  (keys: AwsCredentialIdentity): AwsCredentialIdentityProvider =>
  async () => ({ ...keys })

/** The two accounts' static keys, as resolved identities: certificates in one account, DNS in the other. */
export const staticIdentities: Identities = {
  certificate: {
    credentials: staticKeys(CERT_KEYS),
    accountId: CERT_ACCOUNT,
    description: `account ${CERT_ACCOUNT}, static keys`
  },
  dns: { credentials: staticKeys(DNS_KEYS), accountId: DNS_ACCOUNT, description: `account ${DNS_ACCOUNT}, static keys` }
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
  return configFrom({ ...actionInputs(names), 'role-to-assume': '', 'dns-role-to-assume': '', ...inputs })
}

export const silentLog: Logger = { info: () => undefined, warning: () => undefined, debug: () => undefined }

/** runRequest() as the action runs it, with the real SDK clients (retries, timeouts) against the simulator. */
export async function runInProcess(config: Config, clock: Clock): Promise<Finished> {
  const clients = createAwsClients(config, staticIdentities)
  try {
    return await requestOutcome({ config, acm: clients.acm, route53: clients.route53, clock, log: silentLog })
  } finally {
    clients.acm.destroy()
    clients.route53.destroy()
  }
}

// ---------------------------------------------------------------------------------------------
// Reading back what happened

/** Every request the simulator saw for a service operation, with its parameters. */
export function requestsOf(sim: Simulator, service: 'acm' | 'route53' | 'sts' | 'oidc', operation: string) {
  return sim.requests.filter((r) => r.service === service && r.operation === operation)
}

/** Error codes the simulator answered an operation with, in order (undefined = success). */
export function outcomesOf(sim: Simulator, service: 'acm' | 'route53', operation: string): (string | undefined)[] {
  return requestsOf(sim, service, operation).map((r) => r.errorCode)
}

/** Times of the simulator's requests for one operation, in order. */
export function callTimes(sim: Simulator, operation: string): number[] {
  return sim.requests.filter((r) => r.operation === operation).map((r) => r.time)
}

/** What a promise was rejected with, for asserting on the error's class, message and hint. */
export async function failure(
  promise: Promise<unknown>
): Promise<Error & { hint?: string; status?: string; $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise
  } catch (err) {
    return err as Error
  }
  throw new Error('expected a failure, but the promise resolved')
}

// ---------------------------------------------------------------------------------------------
// Bulk seeding

/**
 * `count` certificates in the certificate account that must NOT be reused for `names`: other names,
 * a superset and a subset of them, another key algorithm, expired, imported, managed by CloudFront.
 */
export function seedDecoyCertificates(sim: Simulator, count: number, names: readonly string[]): void {
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
    if (variant) sim.addCertificate({ accountId: CERT_ACCOUNT, region: REGION, ...variant(i) })
  }
}

/** `count` hosted zones in the DNS account (the example's three included): unrelated names, plus `team-N.example.com`. */
export function seedZones(sim: Simulator, count: number): void {
  const existing = sim.zones().length
  for (let i = existing; i < count; i++) {
    const name = i % 5 === 0 ? `team-${i}.example.com` : `zone-${i}.example-${i % 7}.net`
    sim.addHostedZone({ accountId: DNS_ACCOUNT, name })
  }
}
