// run/deps.ts checkCertificateAccount: modes status and delete check the account before any ACM call.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/errors.js'
import { checkCertificateAccount } from '../../src/run/deps.js'

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
