// The AWS JSON 1.1 protocol (Smithy awsJson1_1) shared by the simulator's JSON services, ACM and the
// Resource Groups Tagging API: POST / with `X-Amz-Target: <prefix><Operation>` and a JSON body; a
// reply `application/x-amz-json-1.1`; errors `{"__type": code, "message": …}` ("Operation error
// serialization"); the signature errors of the JSON services (UnrecognizedClientException,
// ExpiredTokenException, MissingAuthenticationTokenException).
import { EXPIRED_TOKEN_MESSAGE, firstHeader, INVALID_TOKEN_MESSAGE } from './auth.js'
import { ApiError, type CallContext, type Decoded, type Reply, type ServiceHandler } from './protocol.js'

type Json = Record<string, unknown>
export type JsonOperation = (params: Json, context: CallContext) => unknown

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1'

/** A handler for `service`, whose operations are `X-Amz-Target` = `targetPrefix` + their name. */
export function awsJsonHandler(
  service: ServiceHandler['service'],
  targetPrefix: string,
  operations: Readonly<Record<string, JsonOperation>>
): ServiceHandler {
  const target = (headers: Parameters<ServiceHandler['matches']>[0]['headers']): string =>
    firstHeader(headers['x-amz-target']) ?? ''
  return {
    service,
    matches: (request) => target(request.headers).startsWith(targetPrefix),
    decode(request): Decoded {
      const operation = target(request.headers).slice(targetPrefix.length)
      try {
        return { operation, params: request.body.trim() === '' ? {} : (JSON.parse(request.body) as Json) }
      } catch {
        throw new ApiError('SerializationException', 'The request body is not valid JSON.')
      }
    },
    isAnonymous: () => false,
    authErrors: {
      invalid: new ApiError('UnrecognizedClientException', INVALID_TOKEN_MESSAGE),
      expired: new ApiError('ExpiredTokenException', EXPIRED_TOKEN_MESSAGE),
      missing: new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token')
    },
    execute({ operation, params }: Decoded, context: CallContext): Reply {
      const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined
      if (!run) throw new ApiError('UnknownOperationException', `Unknown operation ${operation}`)
      return { status: 200, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(run(params, context)) }
    },
    renderError: (error: ApiError): Reply => ({
      status: error.status,
      contentType: JSON_CONTENT_TYPE,
      body: JSON.stringify({ __type: error.code, message: error.message })
    })
  }
}
