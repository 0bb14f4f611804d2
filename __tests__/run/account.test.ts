// Mode status and delete: the account check before any ACM call, and status wording for a missing certificate.
import { afterEach, describe, expect, it } from '@jest/globals'
import { ActionError, InputError } from '../../src/errors.js'
import { readConfig } from '../../src/inputs/index.js'
import { checkCertificateAccount } from '../../src/run/deps.js'
import { runStatus as reportStatus } from '../../src/status/flow.js'
import { recordingLogger } from '../../__fixtures__/logger.js'
import { CERT_ACCOUNT, CERT_KEYS, startWorld, type World } from '../../__fixtures__/world.js'

const arnIn = (account: string): string =>
  `arn:aws:acm:us-east-1:${account}:certificate/00000000-0000-0000-0000-000000000001`

describe('checkCertificateAccount', () => {
  const role = 'arn:aws:iam::111111111111:role/certs'
  type Case = ['status' | 'delete', string, { roleArn?: string; accountId?: string }, RegExp]
  it.each<Case>([
    ['status', arnIn('222222222222'), { roleArn: role, accountId: '111111111111' }, /ACM there would only answer/],
    ['delete', arnIn('222222222222'), { roleArn: role, accountId: '111111111111' }, /cannot be deleted from there/],
    ['delete', arnIn('222222222222'), { roleArn: role }, /role-to-assume arn:aws:iam::111111111111:role\/certs/],
    [
      'status',
      arnIn('333333333333'),
      { accountId: '111111111111' },
      /acts in account 1{12} \(the ambient credentials\)/
    ]
  ])('mode %s, %s as %j: refused, naming both accounts', (mode, arn, identity, says) => {
    let err: unknown
    try {
      checkCertificateAccount({ mode, certificateArn: arn }, identity)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(InputError)
    const message = (err as InputError).message
    expect(message).toContain(accountOf(arn))
    expect(message).toContain('111111111111')
    expect(message).toMatch(says)
    expect((err as InputError).hint).toContain(`role in account ${accountOf(arn)}`)
  })

  it.each([
    ['same account', arnIn('111111111111'), { roleArn: 'arn:aws:iam::111111111111:role/certs' }],
    ['account unknown (ambient without one)', arnIn('222222222222'), {}],
    ['no certificate-arn (delete by names)', undefined, { accountId: '111111111111' }]
  ])('passes: %s', (_what, certificateArn, identity) => {
    expect(() => checkCertificateAccount({ mode: 'delete', certificateArn }, identity)).not.toThrow()
  })

  function accountOf(arn: string): string {
    return arn.split(':')[4] ?? ''
  }
})

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
