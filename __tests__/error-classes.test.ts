// The SDK's classifiers as our poll loops use them: real modeled exceptions, wire codes, HTTP
// statuses, network errors and causes; and the one exception we keep (ACM's quota error).
import { describe, expect, it } from '@jest/globals'
import {
  ACMServiceException,
  InternalServerException,
  InvalidParameterException,
  LimitExceededException,
  RequestInProgressException,
  ThrottlingException
} from '@aws-sdk/client-acm'
import { PriorRequestNotComplete } from '@aws-sdk/client-route-53'
import { IDPCommunicationErrorException, IDPRejectedClaimException } from '@aws-sdk/client-sts'
import { sdkCallsThrottling, sdkCallsTransient } from '../src/error-classes.js'

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } })

function serviceError(name: string, status: number): ACMServiceException {
  return new ACMServiceException({ name, $fault: status >= 500 ? 'server' : 'client', message: name, ...meta(status) })
}

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code}`), { code })
}

describe('sdkCallsThrottling', () => {
  it.each<[string, unknown, boolean]>([
    ['ACM ThrottlingException', new ThrottlingException({ message: 'slow down', ...meta(400) }), true],
    ['Route 53 PriorRequestNotComplete', new PriorRequestNotComplete({ message: 'busy', ...meta(400) }), true],
    ['an unmodeled 429', serviceError('SomethingNew', 429), true],
    ['a wire Code only', { Code: 'Throttling', message: 'Rate exceeded' }, true],
    ['ACM LimitExceededException (a quota)', new LimitExceededException({ message: 'quota', ...meta(400) }), false],
    ['LimitExceededException by wire Code', { Code: 'LimitExceededException' }, false],
    ['a 500', new InternalServerException({ message: 'oops', ...meta(500) }), false],
    ['a validation error', new InvalidParameterException({ message: 'bad', ...meta(400) }), false],
    ['not an error', 'Throttling', false]
  ])('%s', (_what, err, expected) => {
    expect(sdkCallsThrottling(err)).toBe(expected)
  })
})

describe('sdkCallsTransient', () => {
  it.each<[string, unknown, boolean]>([
    ['throttling', new ThrottlingException({ message: 'slow down', ...meta(400) }), true],
    [
      'a modeled $retryable (ACM InternalServerException)',
      new InternalServerException({ message: 'x', ...meta(500) }),
      true
    ],
    [
      'STS IDPCommunicationError ($retryable)',
      new IDPCommunicationErrorException({ message: 'x', ...meta(400) }),
      true
    ],
    ['an unmodeled 503', serviceError('ServiceUnavailable', 503), true],
    ['an unmodeled 501 (server error)', serviceError('NotImplemented', 501), true],
    ['a TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' }), true],
    ['ECONNRESET', systemError('ECONNRESET'), true],
    ['ENOTFOUND', systemError('ENOTFOUND'), true],
    ['a network error as cause', new Error('request failed', { cause: systemError('ETIMEDOUT') }), true],
    ['an AbortError', Object.assign(new Error('aborted'), { name: 'AbortError' }), false],
    ['ACM quota', new LimitExceededException({ message: 'quota', ...meta(400) }), false],
    ['STS IDPRejectedClaim', new IDPRejectedClaimException({ message: 'no', ...meta(403) }), false],
    ['ACM RequestInProgressException', new RequestInProgressException({ message: 'x', ...meta(400) }), false],
    ['a plain Error', new Error('boom'), false],
    ['undefined', undefined, false]
  ])('%s', (_what, err, expected) => {
    expect(sdkCallsTransient(err)).toBe(expected)
  })
})
