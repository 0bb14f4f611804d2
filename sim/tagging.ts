// The Resource Groups Tagging API's GetResources over AWS JSON 1.1 (POST /, X-Amz-Target:
// ResourceGroupsTaggingAPI_20170126.GetResources; Resource Groups Tagging API Reference, GetResources):
// "Returns all the tagged or previously tagged resources that are located in the specified Region for the
// account", filtered by ResourceTypeFilters (service[:resourceType], as in the ARN) and TagFilters (up to
// 50 keys, each with up to 20 values: every filter must match, any value of one; a filter without values
// matches any value of its key); ResourcesPerPage 1-100; PaginationToken empty on the first call, absent
// once there are no more results. The simulator's taggable resources are its ACM certificates.
import { awsJsonHandler } from './aws-json.js'
import { ApiError, callerOf, num, str, type CallContext, type ServiceHandler } from './protocol.js'
import type { Certificate } from './state.js'

type Json = Record<string, unknown>
const TARGET_PREFIX = 'ResourceGroupsTaggingAPI_20170126.'
export const TAGGING_ACTION = 'tag:GetResources'

function invalid(message: string): ApiError {
  return new ApiError('InvalidParameterException', message)
}

interface TagFilter {
  key: string
  values: string[]
}

function tagFilters(raw: unknown): TagFilter[] {
  if (raw === undefined) return []
  if (!Array.isArray(raw) || raw.length > 50) throw invalid('TagFilters must be a list of at most 50 filters.')
  return (raw as Json[]).map((f) => {
    const key = str(f, 'Key')
    if (key === undefined || key.length < 1 || key.length > 128)
      throw invalid('A TagFilter Key must have 1 to 128 characters.')
    const values = Array.isArray(f.Values) ? (f.Values as string[]) : []
    if (values.length > 20) throw invalid('A TagFilter may hold at most 20 values.')
    return { key, values }
  })
}

/** `acm` or `acm:certificate` selects ACM certificates (the type is the ARN's service[:resourceType]). */
function selectsCertificates(types: unknown): boolean {
  if (types === undefined) return true
  if (!Array.isArray(types)) throw invalid('ResourceTypeFilters must be a list.')
  return types.length === 0 || types.some((t) => t === 'acm' || t === 'acm:certificate')
}

function tagged(cert: Certificate, filters: readonly TagFilter[]): boolean {
  if (cert.tags.size === 0) return false
  return filters.every(
    (f) => cert.tags.has(f.key) && (f.values.length === 0 || f.values.includes(cert.tags.get(f.key) ?? ''))
  )
}

function getResources(params: Json, context: CallContext): Json {
  const { credential, region } = callerOf(context)
  if (context.state.scenario.deniedActions?.includes(TAGGING_ACTION)) {
    throw new ApiError(
      'AccessDeniedException',
      `User: ${credential.arn} is not authorized to perform: ${TAGGING_ACTION}`
    )
  }
  const perPage = num(params, 'ResourcesPerPage') ?? 100
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
    throw invalid('ResourcesPerPage must be between 1 and 100.')
  const filters = tagFilters(params.TagFilters)
  const token = str(params, 'PaginationToken') ?? ''
  const offset =
    token === ''
      ? 0
      : Number(
          Buffer.from(token, 'base64url')
            .toString('utf8')
            .replace(/^page:/, '')
        )
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The PaginationToken is not valid.')
  const found = selectsCertificates(params.ResourceTypeFilters)
    ? [...context.state.certificates.values()].filter(
        (c) => c.accountId === credential.accountId && c.region === region && tagged(c, filters)
      )
    : []
  const page = found.slice(offset, offset + perPage)
  const more = offset + perPage < found.length
  return {
    ResourceTagMappingList: page.map((c) => ({
      ResourceARN: c.arn,
      Tags: [...c.tags].map(([Key, Value]) => ({ Key, Value: Value ?? '' }))
    })),
    ...(more && { PaginationToken: Buffer.from(`page:${offset + perPage}`).toString('base64url') })
  }
}

export const taggingHandler: ServiceHandler = awsJsonHandler('tagging', TARGET_PREFIX, { GetResources: getResources })
