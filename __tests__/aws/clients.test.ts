// The clients against a tiny local HTTP server: the real SDK retry path and endpoint resolution
// (AWS_ENDPOINT_URL_*), which a mocked `send` cannot see.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { ACMServiceException, ListCertificatesCommand, type ACMClient } from '@aws-sdk/client-acm'
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53'
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api'
import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import type { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider, RetryErrorInfo, RetryStrategyV2, RetryToken } from '@smithy/types'
import {
  ACM_NON_RETRYABLE_CODES,
  HTTP_TIMEOUTS,
  MAX_ATTEMPTS,
  createAwsClients,
  createStsClient,
  destroyAwsClients,
  withNonRetryableCodes
} from '../../src/aws/clients.js'
import { refreshingSession } from '../../src/identity/sessions.js'
import type { Config, Identities } from '../../src/types.js'
import { fakeClock } from '../../__fixtures__/clock.js'

interface Seen {
  method: string
  url: string
  target: string | undefined
  authorization: string | undefined
}
type Answer = { status: number; headers?: Record<string, string>; body: string }

let server: http.Server
let answers: Answer[] = []
let seen: Seen[] = []

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        target: req.headers['x-amz-target'] as string | undefined,
        authorization: req.headers.authorization
      })
      const answer = answers.shift() ?? { status: 500, body: '{}' }
      res.writeHead(answer.status, answer.headers ?? {})
      res.end(answer.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  process.env.AWS_ENDPOINT_URL_ACM = url
  process.env.AWS_ENDPOINT_URL_ROUTE_53 = url
  process.env.AWS_ENDPOINT_URL_STS = url
  process.env.AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API = url
})

afterAll(async () => {
  delete process.env.AWS_ENDPOINT_URL_ACM
  delete process.env.AWS_ENDPOINT_URL_ROUTE_53
  delete process.env.AWS_ENDPOINT_URL_STS
  delete process.env.AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  answers = []
  seen = []
})

const staticCredentials =
  (accessKeyId: string): AwsCredentialIdentityProvider =>
  async () => ({ accessKeyId, secretAccessKey: 'secret' })

function identities(certificate = staticCredentials('AKIACERT'), dns = staticCredentials('AKIADNS')): Identities {
  return {
    certificate: { credentials: certificate, description: 'certificate' },
    dns: { credentials: dns, description: 'dns' }
  }
}

const config = { region: 'eu-west-1' } as Config

function acmError(code: string): Answer {
  return {
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': code },
    body: JSON.stringify({ __type: code, message: `${code} from the test server` })
  }
}
const route53Ok: Answer = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: '<ListHostedZonesByNameResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><HostedZones/><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>'
}
const callerIdentityOk: Answer = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>111111111111</Account></GetCallerIdentityResult></GetCallerIdentityResponse>'
}
const acmOk: Answer = {
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: '{"CertificateSummaryList":[]}'
}

async function listCertificates(acm: ACMClient): Promise<unknown> {
  try {
    return await acm.send(new ListCertificatesCommand({}))
  } catch (err) {
    return err
  } finally {
    acm.destroy()
  }
}

describe('createAwsClients', () => {
  it('Resource Groups Tagging API: the certificate identity, its Region, AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API; made once, closed with the rest', async () => {
    const clients = createAwsClients(config, identities())
    answers = [
      { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"ResourceTagMappingList":[]}' }
    ]
    const tagging = clients.tagging('eu-central-1')
    expect(clients.tagging('eu-central-1')).toBe(tagging)
    await tagging.send(new GetResourcesCommand({ ResourceTypeFilters: ['acm:certificate'] }))
    expect(seen[0]?.target).toBe('ResourceGroupsTaggingAPI_20170126.GetResources')
    expect(seen[0]?.authorization).toContain('Credential=AKIACERT/')
    expect(seen[0]?.authorization).toContain('/eu-central-1/tagging/')
    expect((tagging.config.requestHandler as NodeHttpHandler).httpHandlerConfigs()).toMatchObject(HTTP_TIMEOUTS)
    destroyAwsClients(clients)
  })

  it('ACM: LimitExceededException (a quota) fails after one request', async () => {
    answers = [acmError('LimitExceededException'), acmOk]
    const err = await listCertificates(createAwsClients(config, identities()).acm)
    expect(err).toMatchObject({ name: 'LimitExceededException' })
    expect(seen).toHaveLength(1)
    expect(seen[0]?.target).toBe('CertificateManager.ListCertificates')
  })

  it('ACM: ThrottlingException is retried by the SDK', async () => {
    answers = [acmError('ThrottlingException'), acmOk]
    const out = await listCertificates(createAwsClients(config, identities()).acm)
    expect(out).toMatchObject({ CertificateSummaryList: [], $metadata: { attempts: 2 } })
    expect(seen).toHaveLength(2)
  })

  it('ACM signs with the certificate identity, Route 53 with the DNS identity, both via AWS_ENDPOINT_URL_*', async () => {
    const clients = createAwsClients(config, identities())
    answers = [acmOk, route53Ok]
    await clients.acm.send(new ListCertificatesCommand({}))
    await clients.route53.send(new ListHostedZonesByNameCommand({ DNSName: 'example.com' }))
    clients.acm.destroy()
    clients.route53.destroy()
    expect(seen[0]?.authorization).toContain('Credential=AKIACERT/')
    expect(seen[0]?.authorization).toContain('/eu-west-1/acm/')
    expect(seen[1]?.url).toMatch(/^\/2013-04-01\/hostedzonesbyname\?dnsname=example\.com/)
    expect(seen[1]?.authorization).toContain('Credential=AKIADNS/')
  })

  it('gives every client the region, 5 standard attempts and HTTP timeouts that throw', async () => {
    const clients = createAwsClients(config, identities())
    const sts = createStsClient('eu-west-1', staticCredentials('AKIASTS'))
    answers = [acmOk, route53Ok, callerIdentityOk]
    // The handler resolves its options on first use.
    await clients.acm.send(new ListCertificatesCommand({}))
    await clients.route53.send(new ListHostedZonesByNameCommand({}))
    await sts.send(new GetCallerIdentityCommand({}))
    for (const client of [clients.acm, clients.route53, sts]) {
      expect(await client.config.region()).toBe('eu-west-1')
      expect(await client.config.maxAttempts()).toBe(MAX_ATTEMPTS)
      expect((client.config.requestHandler as NodeHttpHandler).httpHandlerConfigs()).toMatchObject({
        ...HTTP_TIMEOUTS,
        socketTimeout: HTTP_TIMEOUTS.requestTimeout,
        throwOnRequestTimeout: true
      })
      client.destroy()
    }
  })
})

describe('createStsClient', () => {
  it('sends AssumeRoleWithWebIdentity unsigned to AWS_ENDPOINT_URL_STS', async () => {
    const refuse: AwsCredentialIdentityProvider = () => Promise.reject(new Error('must not sign'))
    const sts = createStsClient('eu-west-1', refuse)
    answers = [
      {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body:
          '<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>' +
          '<Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>' +
          '<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>'
      }
    ]
    const out = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: 'arn:aws:iam::111111111111:role/r',
        RoleSessionName: 's',
        WebIdentityToken: 'jwt'
      })
    )
    sts.destroy()
    expect(out.Credentials?.AccessKeyId).toBe('ASIA1')
    expect(seen).toHaveLength(1)
    expect(seen[0]?.authorization).toBeUndefined()
  })

  it('the SDK picks up renewed credentials from a refreshing session', async () => {
    const clock = fakeClock()
    let n = 0
    const session = refreshingSession(async () => {
      n++
      return {
        credentials: {
          accessKeyId: `ASIAKEY${n}`,
          secretAccessKey: 's',
          sessionToken: 't',
          expiration: new Date(clock.now() + 20_000)
        },
        principalArn: 'arn:aws:sts::111111111111:assumed-role/r/s'
      }
    }, clock)
    const sts = createStsClient('eu-west-1', session.provider)
    answers = [callerIdentityOk, callerIdentityOk, callerIdentityOk]
    await sts.send(new GetCallerIdentityCommand({}))
    clock.advance(10_000)
    await sts.send(new GetCallerIdentityCommand({}))
    clock.advance(6_000)
    await sts.send(new GetCallerIdentityCommand({}))
    sts.destroy()
    expect(seen.map((s) => s.authorization?.match(/Credential=(\w+)\//)?.[1])).toEqual([
      'ASIAKEY1',
      'ASIAKEY1',
      'ASIAKEY2'
    ])
  })
})

describe('withNonRetryableCodes', () => {
  const token: RetryToken = { getRetryCount: () => 0, getRetryDelay: () => 0 }
  function recordingStrategy(): RetryStrategyV2 & { calls: string[] } {
    const calls: string[] = []
    return {
      calls,
      acquireInitialRetryToken: async (scope) => {
        calls.push(`acquire:${scope}`)
        return token
      },
      refreshRetryTokenForRetry: async (_token, info) => {
        calls.push(`refresh:${info.errorType}`)
        return token
      },
      recordSuccess: () => {
        calls.push('success')
      }
    }
  }
  const info = (name: string): RetryErrorInfo => ({
    errorType: 'THROTTLING',
    // The SDK's own error class; the cast bridges an exactOptionalPropertyTypes quirk of SdkError.
    error: new ACMServiceException({ name, $fault: 'client', $metadata: {}, message: name }) as NonNullable<
      RetryErrorInfo['error']
    >
  })

  it.each([
    ['LimitExceededException', false],
    ['ThrottlingException', true],
    ['RequestLimitExceeded', true]
  ])('%s retried: %s', async (code, retried) => {
    const inner = recordingStrategy()
    const strategy = withNonRetryableCodes(inner, ACM_NON_RETRYABLE_CODES)
    const refresh = strategy.refreshRetryTokenForRetry(token, info(code))
    if (retried) {
      await expect(refresh).resolves.toBe(token)
      expect(inner.calls).toEqual(['refresh:THROTTLING'])
    } else {
      await expect(refresh).rejects.toThrow(`${code} is not retried`)
      expect(inner.calls).toEqual([])
    }
  })

  it('delegates acquiring tokens and recording success', async () => {
    const inner = recordingStrategy()
    const strategy = withNonRetryableCodes(inner, ACM_NON_RETRYABLE_CODES)
    await strategy.acquireInitialRetryToken('aws')
    strategy.recordSuccess(token)
    expect(inner.calls).toEqual(['acquire:aws', 'success'])
  })
})
