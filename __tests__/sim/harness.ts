// Test harness: a simulator on a driven clock, and real SDK clients pointed at it.
import { ACMClient } from '@aws-sdk/client-acm'
import { Route53Client } from '@aws-sdk/client-route-53'
import { STSClient } from '@aws-sdk/client-sts'
import { Simulator, type SimulatorOptions } from '../../sim/index.js'

export const CERT_ACCOUNT = '111111111111'
export const DNS_ACCOUNT = '222222222222'
export const REGION = 'us-east-1'

export interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface Harness {
  sim: Simulator
  /** Current simulated time (ms). */
  now(): number
  advance(ms: number): void
  /** Static keys registered for an account. */
  keys(accountId: string): Keys
  acm(keys?: Keys, maxAttempts?: number, region?: string): ACMClient
  route53(keys?: Keys, maxAttempts?: number): Route53Client
  sts(keys?: Keys, maxAttempts?: number): STSClient
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  let time = Date.UTC(2025, 0, 1)
  const sim = await Simulator.start({ clock: () => time, issuanceDelayMs: 2000, changeInsyncDelayMs: 1000, ...options })
  const keys = (accountId: string): Keys => ({ accessKeyId: `AKIATEST${accountId}`, secretAccessKey: 'secret' })
  for (const account of [CERT_ACCOUNT, DNS_ACCOUNT]) sim.addStaticCredentials({ ...keys(account), accountId: account })
  const common = (k: Keys, maxAttempts: number) => ({ endpoint: sim.url, region: REGION, credentials: k, maxAttempts })
  return {
    sim,
    now: () => time,
    advance: (ms: number) => {
      time += ms
    },
    keys,
    acm: (k = keys(CERT_ACCOUNT), maxAttempts = 1, region = REGION) =>
      new ACMClient({ ...common(k, maxAttempts), region }),
    route53: (k = keys(DNS_ACCOUNT), maxAttempts = 1) => new Route53Client(common(k, maxAttempts)),
    sts: (k = keys(CERT_ACCOUNT), maxAttempts = 1) => new STSClient(common(k, maxAttempts))
  }
}

/** The error a rejected promise carries, for asserting name and message. */
export async function errorOf(
  promise: Promise<unknown>
): Promise<Error & { $metadata?: { httpStatusCode?: number; attempts?: number } }> {
  try {
    await promise
  } catch (error) {
    return error as Error
  }
  throw new Error('expected the call to fail')
}
