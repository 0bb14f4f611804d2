// The container credentials endpoint the AWS SDKs read through AWS_CONTAINER_CREDENTIALS_FULL_URI
// (ECS task roles, EKS Pod Identity): GET it with `Authorization: <AWS_CONTAINER_AUTHORIZATION_TOKEN>`,
// get `{AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}` for a session of the container's role
// (Amazon ECS Developer Guide, "Task IAM role": credentials at the agent's endpoint; AWS SDKs and Tools
// Reference Guide, "Container credential provider": FULL_URI may be a loopback http URL, the token goes
// in the Authorization header). Here the endpoint serves sessions of `scenario.containerRole`.
import { firstHeader } from './auth.js'
import {
  ApiError,
  type CallContext,
  type Decoded,
  type Reply,
  type ServiceHandler,
  type SimRequest
} from './protocol.js'
import { issueSession } from './sts.js'
import { isoSeconds } from './util.js'

export const CONTAINER_CREDENTIALS_PATH = '/container-credentials'

/** ECS task-role credentials last about six hours before the agent rotates them (ECS Developer Guide). */
export const CONTAINER_SESSION_SECONDS = 6 * 3600

export function containerHandler(authorizationToken: string): ServiceHandler {
  const unauthorized = new ApiError('AccessDenied', 'The authorization token is missing or not valid', 401)
  return {
    service: 'container',
    matches: (request: SimRequest) => request.path === CONTAINER_CREDENTIALS_PATH,
    decode: (): Decoded => ({ operation: 'GetCredentials', params: {} }),
    isAnonymous: () => true,
    authErrors: { invalid: unauthorized, expired: unauthorized, missing: unauthorized },
    execute(_decoded: Decoded, context: CallContext): Reply {
      const { state, now, request } = context
      if (request.method !== 'GET' || firstHeader(request.headers.authorization) !== authorizationToken)
        throw unauthorized
      const container = state.scenario.containerRole
      const role = container === undefined ? undefined : state.roles.get(container.roleArn)
      if (!container || !role) {
        throw new ApiError(
          'NotFound',
          `No role is attached to this container (${container?.roleArn ?? 'none set'})`,
          404
        )
      }
      const session = container.sessionName ?? 'container-task'
      const seconds = container.seconds ?? CONTAINER_SESSION_SECONDS
      const credential = issueSession(state, role, session, seconds, now, 'container')
      const body = {
        RoleArn: role.arn,
        AccessKeyId: credential.accessKeyId,
        SecretAccessKey: credential.secretAccessKey,
        Token: credential.sessionToken,
        Expiration: isoSeconds(credential.expiresAt ?? now)
      }
      return { status: 200, contentType: 'application/json', body: JSON.stringify(body) }
    },
    renderError: (error: ApiError): Reply => ({
      status: error.status,
      contentType: 'application/json',
      body: JSON.stringify({ code: error.code, message: error.message })
    })
  }
}
