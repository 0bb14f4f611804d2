// ACM SearchCertificates adapter (ACM API Reference, SearchCertificates): the ACM-issued certificates
// holding any of some names, in one paged search (500 a page) of every key type and key pair origin,
// with every SAN in the result (a ListCertificates summary shows only the first 100).
import {
  paginateSearchCertificates,
  type ACMClient,
  type CertificateFilterStatement,
  type CertificateSearchResult
} from '@aws-sdk/client-acm'
import { wrapAwsError } from '../errors.js'
import { SERVICE, permissionHint } from './acm.js'

/** MaxResults maximum of SearchCertificates. */
const SEARCH_PAGE_SIZE = 500
/** And / Or take 1-15 statements (CertificateFilterStatement). */
const STATEMENTS_PER_LIST = 15

/** The listing fields the audit reads, from a search result. */
export interface FoundCertificate {
  readonly CertificateArn?: string | undefined
  readonly DomainName?: string | undefined
  readonly SubjectAlternativeNameSummaries?: string[] | undefined
  readonly Type?: string | undefined
}

/** Or of SAN EQUALS filters, nested 15 by 15 (so up to 225 names). */
export function namesFilter(names: readonly string[]): CertificateFilterStatement {
  const one = (name: string): CertificateFilterStatement => ({
    Filter: {
      X509AttributeFilter: { SubjectAlternativeName: { DnsName: { Value: name, ComparisonOperator: 'EQUALS' } } }
    }
  })
  const groups: CertificateFilterStatement[] = []
  for (let i = 0; i < names.length; i += STATEMENTS_PER_LIST)
    groups.push({ Or: names.slice(i, i + STATEMENTS_PER_LIST).map(one) })
  if (groups.length > STATEMENTS_PER_LIST) throw new RangeError(`at most ${STATEMENTS_PER_LIST ** 2} names`)
  const anyName = groups.length === 1 ? (groups[0] as CertificateFilterStatement) : { Or: groups }
  return { And: [{ Filter: { AcmCertificateMetadataFilter: { Type: 'AMAZON_ISSUED' } } }, anyName] }
}

function found(result: CertificateSearchResult): FoundCertificate {
  const x509 = result.X509Attributes
  const sans = (x509?.SubjectAlternativeNames ?? []).flatMap((n) => (n.DnsName ? [n.DnsName] : []))
  return {
    CertificateArn: result.CertificateArn,
    DomainName: x509?.Subject?.CommonName ?? sans[0],
    SubjectAlternativeNameSummaries: sans,
    Type: result.CertificateMetadata?.AcmCertificateMetadata?.Type
  }
}

/** SearchCertificates, every page: the ACM-issued certificates holding any of `names`. */
export async function searchCertificatesNamed(
  client: ACMClient,
  names: readonly string[]
): Promise<FoundCertificate[]> {
  const out: FoundCertificate[] = []
  try {
    const input = { FilterStatement: namesFilter(names) }
    for await (const page of paginateSearchCertificates({ client, pageSize: SEARCH_PAGE_SIZE }, input))
      out.push(...(page.Results ?? []).map(found))
  } catch (err) {
    throw wrapAwsError(SERVICE, 'SearchCertificates', err, { hint: permissionHint(err, 'acm:SearchCertificates') })
  }
  return out
}
