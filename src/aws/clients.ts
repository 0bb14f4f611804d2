// SDK clients, one per service and account, all with HTTP timeouts (a dead connection must fail,
// not hang the job) and the standard retry mode. No `endpoint` is passed, so the SDK's own
// resolution applies, including AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> (ACM, ROUTE_53, STS,
// RESOURCE_GROUPS_TAGGING_API).
import { ACMClient } from '@aws-sdk/client-acm'
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { Route53Client } from '@aws-sdk/client-route-53'
import { STSClient } from '@aws-sdk/client-sts'
import { StandardRetryStrategy } from '@smithy/core/retry'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { AwsCredentialIdentityProvider, RetryStrategyV2 } from '@smithy/types'
import { QUOTA_CODES } from '../error-classes.js'
import { awsErrorCode } from '../errors.js'
import { proxyAgents, type ProxySettings } from '../proxy.js'
import type { Config, Identities } from '../types.js'

export interface AwsClients {
  acm: ACMClient
  route53: Route53Client
  /** One Route 53 client per distinct zone-overrides role, by role ARN. */
  route53ByRole?: ReadonlyMap<string, Route53Client>
  /** Several Regions: an ACM client per Region (the first is `acm`). */
  acmByRegion?: ReadonlyMap<string, ACMClient>
  /** The Resource Groups Tagging API in a Region (certificate identity), made on first use (mode audit). */
  tagging: (region: string) => ResourceGroupsTaggingAPIClient
  /** The tagging clients made so far, by Region (to close them). */
  taggingByRegion: ReadonlyMap<string, ResourceGroupsTaggingAPIClient>
}

export const HTTP_TIMEOUTS = { connectionTimeout: 5000, requestTimeout: 30000 } as const
export const MAX_ATTEMPTS = 5
/**
 * ACM answers LimitExceededException for quotas (certificates per year, names per certificate):
 * permanent, though the SDK classifies the code as throttling and would retry it.
 */
export const ACM_NON_RETRYABLE_CODES: ReadonlySet<string> = QUOTA_CODES

/** Delegates to `inner`, except that errors with one of `codes` are never retried. */
export function withNonRetryableCodes(inner: RetryStrategyV2, codes: ReadonlySet<string>): RetryStrategyV2 {
  return {
    acquireInitialRetryToken: (scope) => inner.acquireInitialRetryToken(scope),
    refreshRetryTokenForRetry: (token, errorInfo) => {
      const code = awsErrorCode(errorInfo.error)
      // Rejecting here makes the retry middleware rethrow the original service error.
      if (code !== undefined && codes.has(code)) return Promise.reject(new Error(`${code} is not retried`))
      return inner.refreshRetryTokenForRetry(token, errorInfo)
    },
    recordSuccess: (token) => inner.recordSuccess(token)
  }
}

function commonConfig(
  region: string,
  credentials: AwsCredentialIdentityProvider | undefined,
  proxy: ProxySettings | undefined
) {
  return {
    region,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    // requestTimeout alone only warns; throwOnRequestTimeout and socketTimeout make a stalled call fail.
    // With a proxy, agents route each connection through it or (NO_PROXY) straight to the host.
    requestHandler: new NodeHttpHandler({
      ...HTTP_TIMEOUTS,
      socketTimeout: HTTP_TIMEOUTS.requestTimeout,
      throwOnRequestTimeout: true,
      ...proxyAgents(proxy)
    }),
    // Absent credentials mean the SDK default chain (ambient mode).
    ...(credentials !== undefined && { credentials })
  }
}

export function createStsClient(
  region: string,
  credentials?: AwsCredentialIdentityProvider,
  proxy?: ProxySettings
): STSClient {
  return new STSClient(commonConfig(region, credentials, proxy))
}

export function createAwsClients(config: Config, identities: Identities): AwsClients {
  // ACM is regional: one client per Region, sharing the certificate identity's credentials.
  const acmIn = (region: string): ACMClient =>
    new ACMClient({
      ...commonConfig(region, identities.certificate.credentials, config.proxy),
      retryStrategy: withNonRetryableCodes(new StandardRetryStrategy(MAX_ATTEMPTS), ACM_NON_RETRYABLE_CODES)
    })
  const acm = acmIn(config.region)
  const taggingClients = new Map<string, ResourceGroupsTaggingAPIClient>()
  const tagging = (region: string): ResourceGroupsTaggingAPIClient => {
    const client =
      taggingClients.get(region) ??
      new ResourceGroupsTaggingAPIClient(commonConfig(region, identities.certificate.credentials, config.proxy))
    taggingClients.set(region, client)
    return client
  }
  const others = (config.regions ?? []).filter((r) => r !== config.region)
  return {
    acm,
    tagging,
    taggingByRegion: taggingClients,
    ...(others.length > 0 && {
      acmByRegion: new Map([[config.region, acm], ...others.map((r) => [r, acmIn(r)] as const)])
    }),
    // Route 53 is global: the SDK's endpoint rules map any Region of a partition to its global
    // endpoint (route53.amazonaws.com, signed for us-east-1), so the input Region serves every partition.
    route53: new Route53Client(commonConfig(config.region, identities.dns.credentials, config.proxy)),
    route53ByRole: new Map(
      [...(identities.zoneRoles ?? [])].map(([roleArn, identity]) => [
        roleArn,
        new Route53Client(commonConfig(config.region, identity.credentials, config.proxy))
      ])
    )
  }
}

/** Closes every client's sockets. */
export function destroyAwsClients(clients: AwsClients): void {
  clients.acm.destroy()
  clients.acmByRegion?.forEach((client) => client !== clients.acm && client.destroy())
  clients.route53.destroy()
  clients.route53ByRole?.forEach((client) => client.destroy())
  clients.taggingByRegion.forEach((client) => client.destroy())
}
