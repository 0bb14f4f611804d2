// SearchCertificates (ACM API Reference, SearchCertificates; CertificateFilterStatement, CertificateFilter,
// X509AttributeFilter, AcmCertificateMetadataFilter, CertificateSearchResult): one filter statement of
// And / Or (1-15 statements each) / Not / Filter, every union with exactly one member; MaxResults 1-500
// (default 100); an opaque NextToken; SortBy / SortOrder. Every certificate of the caller's account and
// Region is searched, whatever its key type or key pair origin (unlike ListCertificates' defaults).
import { keyPairOriginOf as originOf, keyUsagesOf } from './acm-shapes.js'
import { renewalWindowMs, settle } from './certificates.js'
import { ApiError, callerOf, num, str, type CallContext } from './protocol.js'
import type { Certificate } from './state.js'

type Json = Record<string, unknown>

function invalid(message: string): ApiError {
  return new ApiError('ValidationException', message)
}

/** The one member of a union (AWS: "Only one member of this object can be specified"). */
function member(union: unknown, shape: string): [string, unknown] {
  const entries = union && typeof union === 'object' ? Object.entries(union as Json) : []
  if (entries.length !== 1) throw invalid(`${shape} must have exactly one member, got ${entries.length}`)
  return entries[0] as [string, unknown]
}

/** RenewalStatus as SearchCertificates sees it: the scripted one, else PENDING_AUTO_RENEWAL inside the window. */
function renewalStatusOf(cert: Certificate, now: number): string | undefined {
  if (cert.renewalSummary) return cert.renewalSummary.renewalStatus
  if (cert.type !== 'AMAZON_ISSUED' || cert.status !== 'ISSUED' || cert.notAfter === undefined) return undefined
  return cert.notAfter - now <= renewalWindowMs(cert) ? 'PENDING_AUTO_RENEWAL' : undefined
}

function compareText(actual: string, filter: Json): boolean {
  const value = str(filter, 'Value')
  if (value === undefined || value.length < 1 || value.length > 256)
    throw invalid('Value must have length between 1 and 256')
  const op = str(filter, 'ComparisonOperator')
  if (op === 'EQUALS') return actual === value.toLowerCase()
  if (op === 'CONTAINS') return actual.includes(value.toLowerCase())
  throw invalid(`ComparisonOperator must be one of [EQUALS, CONTAINS], got ${String(op)}`)
}

/** TimestampRange: Start and End, both inclusive (epoch seconds on the wire). */
function inRange(ms: number | undefined, range: unknown): boolean {
  if (ms === undefined) return false
  const r = (range ?? {}) as Json
  const start = num(r, 'Start')
  const end = num(r, 'End')
  return (start === undefined || ms >= start * 1000) && (end === undefined || ms <= end * 1000)
}

function x509Matches(cert: Certificate, filter: unknown): boolean {
  const [key, value] = member(filter, 'X509AttributeFilter')
  switch (key) {
    case 'Subject':
      return compareText(cert.domainName, member(value, 'SubjectFilter')[1] as Json)
    case 'SubjectAlternativeName': {
      const dns = member(value, 'SubjectAlternativeNameFilter')[1] as Json
      return cert.names.some((n) => compareText(n, dns))
    }
    case 'KeyAlgorithm':
      return cert.keyAlgorithm === value
    case 'KeyUsage':
      return keyUsagesOf(cert).keyUsages.includes(String(value))
    case 'ExtendedKeyUsage':
      return keyUsagesOf(cert).extendedKeyUsages.includes(String(value))
    case 'NotAfter':
      return inRange(cert.notAfter, value)
    case 'NotBefore':
      return inRange(cert.notBefore, value)
    default:
      throw invalid(`X509AttributeFilter member ${key} is not supported by the simulator`)
  }
}

function metadataMatches(cert: Certificate, filter: unknown, now: number): boolean {
  const [key, value] = member(filter, 'AcmCertificateMetadataFilter')
  const actual: Record<string, unknown> = {
    Status: cert.status,
    RenewalStatus: renewalStatusOf(cert, now),
    Type: cert.type,
    InUse: cert.inUseBy.length > 0,
    Exported: false,
    ManagedBy: cert.managedBy,
    ValidationMethod: cert.type === 'AMAZON_ISSUED' ? cert.validationMethod : undefined,
    CertificateKeyPairOrigin: originOf(cert)
  }
  if (!(key in actual)) throw invalid(`AcmCertificateMetadataFilter member ${key} is not supported by the simulator`)
  return actual[key] === value
}

function matches(cert: Certificate, statement: unknown, now: number): boolean {
  const [key, value] = member(statement, 'CertificateFilterStatement')
  if (key === 'And' || key === 'Or') {
    if (!Array.isArray(value) || value.length < 1 || value.length > 15)
      throw invalid(`${key} must hold between 1 and 15 filter statements`)
    return key === 'And' ? value.every((s) => matches(cert, s, now)) : value.some((s) => matches(cert, s, now))
  }
  if (key === 'Not') return !matches(cert, value, now)
  if (key !== 'Filter') throw invalid(`CertificateFilterStatement member ${key} is not valid`)
  const [kind, filter] = member(value, 'CertificateFilter')
  if (kind === 'CertificateArn') return cert.arn === filter
  if (kind === 'X509AttributeFilter') return x509Matches(cert, filter)
  if (kind === 'AcmCertificateMetadataFilter') return metadataMatches(cert, filter, now)
  throw invalid(`CertificateFilter member ${kind} is not valid`)
}

const SORT_KEYS: Record<string, (c: Certificate, now: number) => string | number | undefined> = {
  CREATED_AT: (c) => c.createdAt,
  NOT_AFTER: (c) => c.notAfter,
  NOT_BEFORE: (c) => c.notBefore,
  ISSUED_AT: (c) => c.issuedAt,
  STATUS: (c) => c.status,
  RENEWAL_STATUS: (c, now) => renewalStatusOf(c, now),
  IN_USE: (c) => (c.inUseBy.length > 0 ? 1 : 0),
  KEY_ALGORITHM: (c) => c.keyAlgorithm,
  TYPE: (c) => c.type,
  CERTIFICATE_ARN: (c) => c.arn,
  COMMON_NAME: (c) => c.domainName,
  VALIDATION_METHOD: (c) => c.validationMethod,
  CERTIFICATE_KEY_PAIR_ORIGIN: (c) => originOf(c)
}

function sortResults(certs: Certificate[], params: Json, now: number): void {
  const by = str(params, 'SortBy')
  if (by === undefined) return
  const key = SORT_KEYS[by]
  if (!key) throw invalid(`SortBy ${by} is not supported by the simulator`)
  const direction = params.SortOrder === 'DESCENDING' ? -1 : 1
  certs.sort((a, b) => {
    const x = key(a, now)
    const y = key(b, now)
    if (x === y) return 0
    if (x === undefined) return 1
    if (y === undefined) return -1
    return (x < y ? -1 : 1) * direction
  })
}

function searchResult(cert: Certificate, now: number): Json {
  const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000)
  return {
    CertificateArn: cert.arn,
    X509Attributes: {
      Subject: { CommonName: cert.domainName },
      SubjectAlternativeNames: cert.names.map((DnsName) => ({ DnsName })),
      KeyAlgorithm: cert.keyAlgorithm,
      NotAfter: seconds(cert.notAfter),
      NotBefore: seconds(cert.notBefore)
    },
    CertificateMetadata: {
      AcmCertificateMetadata: {
        CreatedAt: seconds(cert.createdAt),
        IssuedAt: seconds(cert.issuedAt),
        Status: cert.status,
        RenewalStatus: renewalStatusOf(cert, now),
        Type: cert.type,
        InUse: cert.inUseBy.length > 0,
        ManagedBy: cert.managedBy,
        ValidationMethod: cert.type === 'AMAZON_ISSUED' ? cert.validationMethod : undefined,
        CertificateKeyPairOrigin: originOf(cert)
      }
    }
  }
}

export function searchCertificates(params: Json, context: CallContext): Json {
  const { state, now } = context
  const { credential, region } = callerOf(context)
  const maxResults = num(params, 'MaxResults') ?? 100
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 500)
    throw invalid(
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 500`
    )
  const token = str(params, 'NextToken')
  const offset =
    token === undefined
      ? 0
      : Number(
          Buffer.from(token, 'base64url')
            .toString('utf8')
            .replace(/^search:/, '')
        )
  if (!Number.isInteger(offset) || offset < 0) throw invalid('The NextToken is not valid.')
  const mine = [...state.certificates.values()].filter(
    (c) => c.accountId === credential.accountId && c.region === region
  )
  mine.forEach((c) => settle(state, c, now))
  const found =
    params.FilterStatement === undefined ? mine : mine.filter((c) => matches(c, params.FilterStatement, now))
  sortResults(found, params, now)
  const page = found.slice(offset, offset + maxResults)
  const next =
    offset + maxResults < found.length ? Buffer.from(`search:${offset + maxResults}`).toString('base64url') : undefined
  return { Results: page.map((c) => searchResult(c, now)), NextToken: next }
}
