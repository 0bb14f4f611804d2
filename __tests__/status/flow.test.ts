// status/flow.ts: the wording for a certificate that does not exist.
import { afterEach, describe, expect, it } from '@jest/globals'
import { ActionError } from '../../src/errors.js'
import { readConfig } from '../../src/inputs/index.js'
import { runStatus as reportStatus } from '../../src/status/flow.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { CERT_ACCOUNT, CERT_KEYS, startWorld, type World } from '../../__fixtures__/world.js'

const arnIn = (account: string): string =>
  `arn:aws:acm:us-east-1:${account}:certificate/00000000-0000-0000-0000-000000000001`

describe('reportStatus of a certificate that does not exist', () => {
  let world: World | undefined
  afterEach(async () => world?.stop())

  it('says it does not exist, and not that a re-run requests one', async () => {
    world = await startWorld()
    const arn = arnIn(CERT_ACCOUNT)
    const inputs: Record<string, string> = { mode: 'status', 'certificate-arn': arn }
    const config = readConfig((name) => inputs[name] ?? '', { AWS_REGION: 'us-east-1' })
    const err = await reportStatus({
      config,
      acm: world.acm(CERT_KEYS),
      route53: world.route53(CERT_KEYS),
      clock: world.clock,
      log: recordingLogger()
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ActionError)
    expect((err as ActionError).message).toContain(`Certificate ${arn} does not exist`)
    expect((err as ActionError).hint).toContain('never requests one')
    expect((err as ActionError).hint).not.toMatch(/re-run requests/i)
  })
})
