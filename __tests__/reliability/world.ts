// Shared set-up for the reliability suite: a simulator and the action's OWN clients (createAwsClients:
// real SDK, real retry strategy, real HTTP handler) pointed at it through AWS_ENDPOINT_URL_*, and one
// virtual clock that both the simulator and the action read. The action's sleeps advance virtual
// time at once, so an hour of ACM waiting costs milliseconds; only the SDK's own backoff runs on
// real timers (its jitter is pinned low with pinSdkBackoff so the suite stays fast).
import { jest } from '@jest/globals'
import type { AwsCredentialIdentity } from '@smithy/types'
import { createAwsClients, type AwsClients } from '../../src/aws/clients.js'
import { requestOutcome, type Finished } from '../../__fixtures__/outcome.js'
import type { Config, Identities } from '../../src/types.js'
import { Simulator, type SimulatorOptions } from '../../sim/index.js'
import { virtualClock, type FakeClock } from '../../__fixtures__/clock.js'
import { recordingLogger, type RecordingLogger } from '../../__fixtures__/logger.js'
import { configFrom } from '../../__fixtures__/config.js'
import { pointSdkAt } from '../../__fixtures__/world.js'

export const CERT_ACCOUNT = '111111111111'
export const DNS_ACCOUNT = '222222222222'
export const REGION = 'us-east-1'
export const CERT_KEYS = { accessKeyId: 'AKIARELIABILITYCERT1', secretAccessKey: 'reliability-cert-secret' }
export const DNS_KEYS = { accessKeyId: 'AKIARELIABILITYDNS01', secretAccessKey: 'reliability-dns-secret' }

export interface World {
  sim: Simulator
  clock: FakeClock
  /** The public zone example.com in the DNS account. */
  zoneId: string
  /** Runs runRequest() with the action's clients, as run() would after resolving identities. */
  runRequest(inputs?: Record<string, string>, options?: { signal?: AbortSignal }): Promise<Finished>
  config(inputs?: Record<string, string>): Config
  /** The action's clients (createAwsClients) for the two accounts; destroyed by stop(). */
  clients(config?: Config): AwsClients
  log: RecordingLogger
  stop(): Promise<void>
}

const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL_ACM', 'AWS_ENDPOINT_URL_ROUTE_53', 'AWS_ENDPOINT_URL_STS'] as const

const staticIdentity = (keys: AwsCredentialIdentity, account: string) => ({
  credentials: async () => keys,
  accountId: account,
  description: `account ${account}, static keys`
})

export const IDENTITIES: Identities = {
  certificate: staticIdentity(CERT_KEYS, CERT_ACCOUNT),
  dns: staticIdentity(DNS_KEYS, DNS_ACCOUNT)
}

export const BASE_INPUTS: Readonly<Record<string, string>> = {
  'domain-name': 'example.com',
  'subject-alternative-names': 'www.example.com',
  'aws-region': REGION,
  'timeout-minutes': '30'
}

/** Starts a simulator (short ACM delays) with the two accounts and a public example.com zone. */
export async function startWorld(options: SimulatorOptions = {}): Promise<World> {
  const clock = virtualClock(Date.UTC(2025, 5, 1))
  const sim = await Simulator.start({ clock: clock.now, issuanceDelayMs: 300, changeProcessingMs: 50, ...options })
  sim.addStaticCredentials({ ...CERT_KEYS, accountId: CERT_ACCOUNT })
  sim.addStaticCredentials({ ...DNS_KEYS, accountId: DNS_ACCOUNT })
  const zoneId = sim.addHostedZone({ accountId: DNS_ACCOUNT, name: 'example.com' })
  // The SDK reads AWS_ENDPOINT_URL_<SERVICE> when a client is built: src/ never knows a simulator exists.
  const restore = pointSdkAt(sim, ENDPOINT_VARIABLES)
  const log = recordingLogger()
  const made: AwsClients[] = []
  const config = (inputs: Record<string, string> = {}): Config => configFrom({ ...BASE_INPUTS, ...inputs })
  const clients = (cfg: Config = config()): AwsClients => {
    const pair = createAwsClients(cfg, IDENTITIES)
    made.push(pair)
    return pair
  }
  return {
    sim,
    clock,
    zoneId,
    log,
    config,
    clients,
    runRequest: (inputs = {}, options = {}) => {
      const cfg = config(inputs)
      const { acm, route53 } = clients(cfg)
      return requestOutcome({ config: cfg, acm, route53, clock, log, ...options })
    },
    stop: async () => {
      for (const pair of made) {
        pair.acm.destroy()
        pair.route53.destroy()
      }
      restore()
      await sim.stop()
    }
  }
}

/**
 * The SDK's retry backoff is `random × base × 2^attempt` on real timers (throttling base 1 s): pin
 * the random factor low so exhausting five attempts takes milliseconds, not seconds. Attempt counts
 * and retry decisions are unchanged. The action's own poll jitter reads the same Math.random.
 */
export function pinSdkBackoff(): void {
  jest.spyOn(Math, 'random').mockReturnValue(0.01)
}

/** What was rejected, for asserting on the error's class, message and hint. */
export async function failure(promise: Promise<unknown>): Promise<Error & { hint?: string; status?: string }> {
  try {
    await promise
  } catch (err) {
    return err as Error & { hint?: string }
  }
  throw new Error('expected a failure, but the promise resolved')
}

/** Every request the simulator saw for a service operation, with its parameters. */
export function requestsOf(sim: Simulator, service: 'acm' | 'route53' | 'sts' | 'oidc', operation: string) {
  return sim.requests.filter((r) => r.service === service && r.operation === operation)
}

/** Error codes the simulator answered an operation with, in order (undefined = success). */
export function outcomesOf(sim: Simulator, service: 'acm' | 'route53', operation: string): (string | undefined)[] {
  return requestsOf(sim, service, operation).map((r) => r.errorCode)
}
