// Resource Groups Tagging API adapter: the ARNs of the ACM certificates carrying a tag key, from
// GetResources (up to 100 ARNs a call), instead of one ListTagsForCertificate per certificate.
import { paginateGetResources, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api'
import { awsErrorCode, wrapAwsError } from '../errors.js'

export const TAGGING_SERVICE = 'Resource Groups Tagging API'
/** ResourcesPerPage maximum (Resource Groups Tagging API Reference, GetResources). */
const RESOURCES_PER_PAGE = 100

/**
 * GetResources, every page (PaginationToken): the ACM certificates (acm:certificate) tagged with `tagKey`,
 * any value. Throttling is left to the SDK's retries: a failure here only sends the audit back to one
 * ListTagsForCertificate per certificate.
 */
export async function certificateArnsTagged(client: ResourceGroupsTaggingAPIClient, tagKey: string): Promise<string[]> {
  const arns: string[] = []
  const input = { ResourceTypeFilters: ['acm:certificate'], TagFilters: [{ Key: tagKey }] }
  try {
    for await (const page of paginateGetResources({ client, pageSize: RESOURCES_PER_PAGE }, input))
      for (const mapping of page.ResourceTagMappingList ?? []) if (mapping.ResourceARN) arns.push(mapping.ResourceARN)
  } catch (err) {
    const denied = awsErrorCode(err) === 'AccessDeniedException'
    throw wrapAwsError(TAGGING_SERVICE, 'GetResources', err, {
      ...(denied && { hint: 'Allow tag:GetResources for the certificate role.' })
    })
  }
  return arns
}
