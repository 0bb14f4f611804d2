// The SDK's retry backoff in in-process tests (jest only: bench/ never imports this file).
import { jest } from '@jest/globals'

/**
 * The SDK's retry backoff is `random × base × 2^attempt` on real timers (throttling base 1 s): pin
 * the random factor low (0.001: 15 ms for the four retries of a throttled call) so exhausting five
 * attempts takes milliseconds, not seconds. Attempt counts and retry decisions are unchanged. The action's own poll jitter reads the same Math.random.
 */
export function pinSdkBackoff(): void {
  jest.spyOn(Math, 'random').mockReturnValue(0.001)
}
