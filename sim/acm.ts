// AWS Certificate Manager over AWS JSON 1.1: POST /, X-Amz-Target: CertificateManager.<Operation>.
import { ACME_OPERATIONS } from './acme.js'
import { certificateDetail, certificateSummary, keyPairOriginOf, keyUsagesOf } from './acm-shapes.js'
import { exportCertificate, exportOptionOf, requestedExportOption, type ExportOption } from './acm-export.js'
import { markIssued, projectedIssueTime, settle, validityMs } from './certificates.js'
import { awsJsonHandler } from './aws-json.js'
import { listCertificateDomainValidations, updateCertificateOptions } from './acm-migration.js'
import { searchCertificates } from './acm-search.js'
import { ApiError, callerOf, num, str } from './protocol.js'
import type { CallContext, ServiceHandler } from './protocol.js'
import type {
  Certificate,
  CertificateStatus,
  CertificateType,
  FailureReason,
  KeyPairOrigin,
  RenewalSummaryInit,
  ScriptedOutcome,
  SimState
} from './state.js'
import { DAY, HOUR, uuidFrom } from './util.js'

type Json = Record<string, unknown>
const TARGET_PREFIX = 'CertificateManager.'

/** DomainNameString (ACM API model, api-2.json): 1-253 characters, optional leading `*.`. */
const DOMAIN_PATTERN = /^(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$/
/** Arn (ACM API model). */
const ARN_PATTERN = /^arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(\/[\w+=,.@-]+)*$/
const KEY_ALGORITHMS = ['RSA_1024', 'RSA_2048', 'RSA_3072', 'RSA_4096', 'EC_prime256v1', 'EC_secp384r1', 'EC_secp521r1']
/** "Default filtering returns only RSA_1024 and RSA_2048 certificates" (ACM API Reference, Filters). */
const DEFAULT_KEY_TYPES = ['RSA_1024', 'RSA_2048']

/** AWS's message for a model constraint violation (AWS API common errors, ValidationException). */
function constraintError(value: unknown, field: string, constraint: string): ApiError {
  return new ApiError(
    'ValidationException',
    `1 validation error detected: Value '${String(value)}' at '${field}' failed to satisfy constraint: ${constraint}`
  )
}

function notFound(arn: string): ApiError {
  return new ApiError('ResourceNotFoundException', `Could not find certificate ${arn}.`)
}

export interface CertificateInit {
  accountId: string
  region: string
  domainName: string
  subjectAlternativeNames?: string[]
  status?: CertificateStatus
  type?: CertificateType
  keyAlgorithm?: string
  validationMethod?: 'DNS' | 'EMAIL'
  createdAt?: number
  /** Validity end (clock ms); an ISSUED certificate past it reports EXPIRED. Default: issue time + scenario.certificateValidityDays. */
  notAfter?: number
  /** Validity start (clock ms); default the issue time. */
  notBefore?: number
  /** ARNs of the AWS resources using it (InUseBy; ListCertificates InUse). */
  inUseBy?: string[]
  managedBy?: string
  renewalEligibility?: 'ELIGIBLE' | 'INELIGIBLE'
  failureReason?: FailureReason
  tags?: Record<string, string>
  certificateAuthorityArn?: string
  transparencyLogging?: 'ENABLED' | 'DISABLED'
  /** A scripted RenewalSummary (AMAZON_ISSUED only, as ACM shows it); default derived from NotAfter. */
  renewalSummary?: RenewalSummaryInit
  /** Clock ms of a revocation (RevokedAt); pair with status REVOKED. */
  revokedAt?: number
  /** ACME: issued through an ACM ACME endpoint (hidden from ListCertificates unless asked for). */
  keyPairOrigin?: KeyPairOrigin
  /** Options.Export (sim/acm-export.ts) and the last export (clock ms). */
  exportOption?: ExportOption
  exportedAt?: number
}

/** ACM puts every name, the first one included, into the SAN extension; duplicates collapse. */
function certificateNames(domainName: string, sans: string[] = []): string[] {
  return [...new Set([domainName, ...sans].map((n) => n.toLowerCase()))]
}

/** Create a certificate record (seeded or requested). Its status starts as given, default PENDING_VALIDATION. */
export function createCertificate(state: SimState, init: CertificateInit, now: number): Certificate {
  const id = uuidFrom(state.nextSeed('certificate'))
  const cert: Certificate = {
    arn: `arn:aws:acm:${init.region}:${init.accountId}:certificate/${id}`,
    accountId: init.accountId,
    region: init.region,
    domainName: init.domainName.toLowerCase(),
    names: certificateNames(init.domainName, init.subjectAlternativeNames),
    type: init.type ?? 'AMAZON_ISSUED',
    keyAlgorithm: init.keyAlgorithm ?? 'RSA_2048',
    validationMethod: init.validationMethod ?? 'DNS',
    createdAt: init.createdAt ?? now,
    status: 'PENDING_VALIDATION',
    inUseBy: init.inUseBy ?? [],
    transparencyLogging: init.transparencyLogging ?? 'ENABLED',
    tags: new Map(Object.entries(init.tags ?? {})),
    describeCount: 0,
    requested: false
  }
  if (init.managedBy !== undefined) cert.managedBy = init.managedBy
  if (init.renewalEligibility !== undefined) cert.renewalEligibility = init.renewalEligibility
  if (init.certificateAuthorityArn !== undefined) cert.certificateAuthorityArn = init.certificateAuthorityArn
  if (init.renewalSummary !== undefined) cert.renewalSummary = init.renewalSummary
  if (init.revokedAt !== undefined) cert.revokedAt = init.revokedAt
  if (init.keyPairOrigin !== undefined) cert.keyPairOrigin = init.keyPairOrigin
  if (init.exportOption !== undefined) cert.exportOption = init.exportOption
  if (init.exportedAt !== undefined) cert.exportedAt = init.exportedAt
  applyInitialStatus(state, cert, init, now)
  state.certificates.set(cert.arn, cert)
  return cert
}

function applyInitialStatus(state: SimState, cert: Certificate, init: CertificateInit, now: number): void {
  const status = init.status ?? 'PENDING_VALIDATION'
  if (status === 'PENDING_VALIDATION') return
  if (status !== 'FAILED' && status !== 'VALIDATION_TIMED_OUT') {
    // An EXPIRED certificate without a NotAfter ended a day ago.
    const notAfter = init.notAfter ?? (status === 'EXPIRED' ? now - DAY : undefined)
    const validity = validityMs(state)
    markIssued(cert, notAfter !== undefined ? notAfter - validity : now, validity)
    if (init.notBefore !== undefined) cert.notBefore = init.notBefore
  }
  cert.status = status
  if (init.failureReason !== undefined) cert.failureReason = init.failureReason
}

function findCertificate(context: CallContext, arn: string | undefined): Certificate {
  if (arn === undefined) throw constraintError(arn, 'certificateArn', 'Member must not be null')
  if (!ARN_PATTERN.test(arn)) throw new ApiError('InvalidArnException', `String '${arn}' is not a valid ARN.`)
  const { credential, region } = callerOf(context)
  const cert = context.state.certificates.get(arn)
  if (!cert || cert.accountId !== credential.accountId || cert.region !== region) throw notFound(arn)
  settle(context.state, cert, context.now)
  return cert
}

function validateDomain(name: unknown, field: string): string {
  if (typeof name !== 'string' || name.length < 1 || name.length > 253) {
    throw constraintError(name, field, 'Member must have length between 1 and 253')
  }
  if (!DOMAIN_PATTERN.test(name)) {
    throw constraintError(name, field, `Member must satisfy regular expression pattern: ${DOMAIN_PATTERN.source}`)
  }
  return name
}

interface CertificateRequest {
  domainName: string
  sans: string[]
  token: string | undefined
  validationMethod: 'DNS' | 'EMAIL'
  keyAlgorithm: string
  tags: Record<string, string>
  managedBy: string | undefined
  caArn: string | undefined
  transparency: 'ENABLED' | 'DISABLED'
  exportOption: ExportOption
}

/** Input constraints of RequestCertificate (ACM API Reference, RequestCertificate; ACM API model). */
function parseCertificateRequest(params: Json): CertificateRequest {
  const domainName = validateDomain(params.DomainName, 'domainName')
  // "The first domain name ... cannot exceed 64 octets" (RFC 5280 CN; ACM API Reference, RequestCertificate).
  if (Buffer.byteLength(domainName) > 64)
    throw constraintError(domainName, 'domainName', 'Member must have length less than or equal to 64')
  const rawSans = params.SubjectAlternativeNames
  const sans = Array.isArray(rawSans)
    ? rawSans.map((n, i) => validateDomain(n, `subjectAlternativeNames.${i + 1}.member`))
    : []
  if (Array.isArray(rawSans) && (sans.length < 1 || sans.length > 100)) {
    throw constraintError(rawSans, 'subjectAlternativeNames', 'Member must have length between 1 and 100')
  }
  const token = str(params, 'IdempotencyToken')
  if (token !== undefined && !/^\w{1,32}$/.test(token)) {
    throw constraintError(token, 'idempotencyToken', 'Member must satisfy regular expression pattern: \\w+')
  }
  const validationMethod = str(params, 'ValidationMethod') ?? 'DNS'
  if (validationMethod !== 'DNS' && validationMethod !== 'EMAIL') {
    throw constraintError(
      validationMethod,
      'validationMethod',
      'Member must satisfy enum value set: [EMAIL, DNS, HTTP]'
    )
  }
  const keyAlgorithm = str(params, 'KeyAlgorithm') ?? 'RSA_2048'
  if (!KEY_ALGORITHMS.includes(keyAlgorithm)) {
    throw constraintError(
      keyAlgorithm,
      'keyAlgorithm',
      `Member must satisfy enum value set: [${KEY_ALGORITHMS.join(', ')}]`
    )
  }
  const options = (params.Options ?? {}) as Json
  return {
    domainName,
    sans,
    token,
    validationMethod,
    keyAlgorithm,
    tags: parseTags(params.Tags ?? []),
    managedBy: str(params, 'ManagedBy'),
    caArn: str(params, 'CertificateAuthorityArn'),
    // Deprecated since 12 June 2026: "Certificate transparency logging opt-out is no longer available. All
    // public certificates are recorded in a certificate transparency log" (ACM API Reference,
    // CertificateOptions). Accepted (whether ACM now rejects DISABLED is UNCONFIRMED) and ignored for public
    // certificates; a private CA's certificates are never publicly logged, as they ask.
    transparency:
      options.CertificateTransparencyLoggingPreference === 'DISABLED' &&
      str(params, 'CertificateAuthorityArn') !== undefined
        ? 'DISABLED'
        : 'ENABLED',
    exportOption: requestedExportOption(options)
  }
}

/** Tags: 1-50 per call; keys 1-128 characters, not starting with `aws:` (ACM API Reference, Tag; AddTagsToCertificate). */
function parseTags(raw: unknown): Record<string, string> {
  if (!Array.isArray(raw)) throw constraintError(raw, 'tags', 'Member must not be null')
  if (raw.length > 50) throw constraintError(raw.length, 'tags', 'Member must have length less than or equal to 50')
  const tags: Record<string, string> = {}
  for (const tag of raw as Json[]) {
    const key = str(tag, 'Key')
    if (key === undefined || key.length < 1 || key.length > 128)
      throw constraintError(key, 'tags.member.key', 'Member must have length between 1 and 128')
    if (key.toLowerCase().startsWith('aws:'))
      throw new ApiError('InvalidTagException', `Tag key ${key} uses the reserved prefix aws:`)
    tags[key] = str(tag, 'Value') ?? ''
  }
  return tags
}

/**
 * DomainValidationOptions may only name a ValidationDomain that is the domain itself or a superdomain
 * (ACM API Reference, DomainValidationOption); otherwise InvalidDomainValidationOptionsException.
 */
function checkValidationOptions(params: Json, names: string[]): void {
  const options = params.DomainValidationOptions
  if (!Array.isArray(options)) return
  for (const option of options as Json[]) {
    const name = (str(option, 'DomainName') ?? '').toLowerCase()
    const domain = (str(option, 'ValidationDomain') ?? '').toLowerCase()
    const base = name.replace(/^\*\./, '')
    if (!names.includes(name) || !(base === domain || base.endsWith(`.${domain}`))) {
      throw new ApiError('InvalidDomainValidationOptionsException', `Invalid ValidationDomain ${domain} for ${name}.`)
    }
  }
}

/**
 * Quotas checked by RequestCertificate (ACM User Guide, "Quotas"): domain names per certificate
 * (default 10: "Certificate has too many domains.") and certificates requested in the last 365 days.
 */
function checkRequestQuotas(state: SimState, names: string[], scope: string, now: number): void {
  if (names.length > state.scenario.domainsPerCertificateQuota) {
    throw new ApiError('LimitExceededException', 'Certificate has too many domains.')
  }
  const recent = (state.certificateRequests.get(scope) ?? []).filter((t) => now - t < 365 * DAY)
  if (recent.length >= state.scenario.certificatesPerYearQuota) {
    throw new ApiError(
      'LimitExceededException',
      `Error: you have reached your limit of ${state.scenario.certificatesPerYearQuota} certificates in the last year.`
    )
  }
  state.certificateRequests.set(scope, [...recent, now])
}

function scriptedOutcome(state: SimState, names: string[], region: string): ScriptedOutcome | undefined {
  const fail = state.scenario.failCertificates
  const inRegion = fail?.region === undefined || fail.region === region
  if (fail && inRegion && (fail.domain === undefined || names.includes(fail.domain.toLowerCase()))) {
    return fail.domain === undefined
      ? { status: 'FAILED', reason: fail.reason }
      : { status: 'FAILED', reason: fail.reason, domain: fail.domain.toLowerCase() }
  }
  return state.scenario.validationTimedOut ? { status: 'VALIDATION_TIMED_OUT' } : undefined
}

/**
 * RequestCertificate (ACM API Reference). "If you call RequestCertificate multiple times with the same
 * idempotency token within one hour, ACM recognizes that you are requesting only one certificate."
 */
function requestCertificate(params: Json, context: CallContext): Json {
  const { state, now } = context
  const { credential, region } = callerOf(context)
  const request = parseCertificateRequest(params)
  const scope = `${credential.accountId}|${region}`
  const prior = request.token === undefined ? undefined : state.idempotency.get(`${scope}|${request.token}`)
  if (prior && now - prior.at < HOUR) return { CertificateArn: prior.arn }

  const names = certificateNames(request.domainName, request.sans)
  checkValidationOptions(params, names)
  checkRequestQuotas(state, names, scope, now)
  const cert = createCertificate(
    state,
    {
      accountId: credential.accountId,
      region,
      domainName: request.domainName,
      subjectAlternativeNames: request.sans,
      keyAlgorithm: request.keyAlgorithm,
      validationMethod: request.validationMethod,
      tags: request.tags,
      transparencyLogging: request.transparency,
      exportOption: request.exportOption,
      ...(request.managedBy !== undefined ? { managedBy: request.managedBy } : {}),
      ...(request.caArn !== undefined ? { type: 'PRIVATE' as const, certificateAuthorityArn: request.caArn } : {})
    },
    now
  )
  cert.requested = true
  // A private CA issues at once; there is nothing to validate (ACM User Guide, "Request a private certificate").
  if (cert.type === 'PRIVATE') markIssued(cert, now, validityMs(state))
  else {
    const outcome = scriptedOutcome(state, names, region)
    if (outcome) cert.scripted = outcome
  }
  if (request.token !== undefined) state.idempotency.set(`${scope}|${request.token}`, { arn: cert.arn, at: now })
  return { CertificateArn: cert.arn }
}

/**
 * DescribeCertificate (ACM API Reference): "there is a delay of several seconds before you can retrieve
 * information about the new certificate" (RequestCertificate), and ResourceRecord may lag behind.
 */
function describeCertificate(params: Json, context: CallContext): Json {
  const { state, now } = context
  const cert = findCertificate(context, str(params, 'CertificateArn'))
  if (cert.requested && now < cert.createdAt + state.scenario.describeNotFoundMs) throw notFound(cert.arn)
  cert.describeCount += 1
  const poll = cert.describeCount
  const absent = state.scenario.recordsAbsentPolls
  const partial = absent + state.scenario.recordsPartialPolls
  const showRecord = (index: number): boolean => poll > partial || (poll > absent && index === 0)
  return { Certificate: certificateDetail(state, cert, now, { showRecord }) }
}

interface ListFilters {
  statuses: string[]
  keyTypes: string[]
  managedBy: string | undefined
  keyUsage: string[]
  extendedKeyUsage: string[]
  origins: string[]
  exportOption: string | undefined
}

/** "Default filtering returns only certificates with key pair origin of AWS_MANAGED and CUSTOMER_PROVIDED" (ListCertificates). */
const DEFAULT_ORIGINS = ['AWS_MANAGED', 'CUSTOMER_PROVIDED']

function listFilters(params: Json): ListFilters {
  const includes = (params.Includes ?? {}) as Json
  const list = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : [])
  return {
    statuses: list(params.CertificateStatuses),
    keyTypes: list(includes.keyTypes).length > 0 ? list(includes.keyTypes) : DEFAULT_KEY_TYPES,
    managedBy: str(includes, 'managedBy'),
    keyUsage: list(includes.keyUsage).filter((u) => u !== 'ANY'),
    extendedKeyUsage: list(includes.extendedKeyUsage).filter((u) => u !== 'ANY'),
    origins:
      list(params.CertificateKeyPairOrigins).length > 0 ? list(params.CertificateKeyPairOrigins) : DEFAULT_ORIGINS,
    exportOption: str(includes, 'exportOption')
  }
}

function matchesFilters(cert: Certificate, filters: ListFilters): boolean {
  const usages = keyUsagesOf(cert)
  return (
    (filters.statuses.length === 0 || filters.statuses.includes(cert.status)) &&
    filters.keyTypes.includes(cert.keyAlgorithm) &&
    (filters.managedBy === undefined || filters.managedBy === cert.managedBy) &&
    filters.keyUsage.every((u) => usages.keyUsages.includes(u)) &&
    filters.extendedKeyUsage.every((u) => usages.extendedKeyUsages.includes(u)) &&
    filters.origins.includes(keyPairOriginOf(cert)) &&
    (filters.exportOption === undefined || filters.exportOption === exportOptionOf(cert))
  )
}

function decodeNextToken(token: string | undefined): number {
  if (token === undefined) return 0
  const offset = Number(
    Buffer.from(token, 'base64url')
      .toString('utf8')
      .replace(/^offset:/, '')
  )
  if (!Number.isInteger(offset) || offset < 0) throw new ApiError('InvalidArgsException', 'The NextToken is not valid.')
  return offset
}

/** ListCertificates (ACM API Reference): MaxItems 1-1000, opaque NextToken, Filters, SortBy CREATED_AT. */
function listCertificates(params: Json, context: CallContext): Json {
  const { state, now } = context
  const { credential, region } = callerOf(context)
  const maxItems = num(params, 'MaxItems') ?? 1000
  if (maxItems < 1 || maxItems > 1000)
    throw constraintError(maxItems, 'maxItems', 'Member must have value between 1 and 1000')
  const filters = listFilters(params)
  const mine = [...state.certificates.values()].filter(
    (c) => c.accountId === credential.accountId && c.region === region
  )
  mine.forEach((c) => settle(state, c, now))
  const matching = mine.filter((c) => matchesFilters(c, filters))
  if (params.SortBy === 'CREATED_AT') {
    const direction = params.SortOrder === 'DESCENDING' ? -1 : 1
    matching.sort((a, b) => (a.createdAt - b.createdAt) * direction)
  }
  const offset = decodeNextToken(str(params, 'NextToken'))
  const page = matching.slice(offset, offset + maxItems)
  const next =
    offset + maxItems < matching.length ? Buffer.from(`offset:${offset + maxItems}`).toString('base64url') : undefined
  return { CertificateSummaryList: page.map(certificateSummary), NextToken: next }
}

/** AddTagsToCertificate (ACM API Reference): at most 50 tags per certificate, else TooManyTagsException. */
function addTagsToCertificate(params: Json, context: CallContext): Json {
  const cert = findCertificate(context, str(params, 'CertificateArn'))
  const tags = parseTags(params.Tags)
  const merged = new Map([...cert.tags, ...Object.entries(tags)])
  if (merged.size > 50)
    throw new ApiError(
      'TooManyTagsException',
      'The request contains too many tags. A certificate can have at most 50 tags.'
    )
  cert.tags.clear()
  merged.forEach((value, key) => cert.tags.set(key, value))
  return {}
}

function listTagsForCertificate(params: Json, context: CallContext): Json {
  const cert = findCertificate(context, str(params, 'CertificateArn'))
  return { Tags: [...cert.tags].map(([Key, Value]) => ({ Key, Value })) }
}

/** DeleteCertificate (ACM API Reference): a certificate in use by another AWS resource cannot be deleted. */
function deleteCertificate(params: Json, context: CallContext): Json {
  const cert = findCertificate(context, str(params, 'CertificateArn'))
  if (cert.inUseBy.length > 0) {
    throw new ApiError('ResourceInUseException', `Certificate ${cert.arn} is in use by ${cert.inUseBy.join(', ')}.`)
  }
  context.state.certificates.delete(cert.arn)
  return {}
}

const OPERATIONS: Record<string, (params: Json, context: CallContext) => Json> = {
  UpdateCertificateOptions: (params, context) => updateCertificateOptions(params, context, findCertificate),
  ListCertificateDomainValidations: (params, context) =>
    listCertificateDomainValidations(params, context, findCertificate),
  SearchCertificates: searchCertificates,
  RequestCertificate: requestCertificate,
  DescribeCertificate: describeCertificate,
  ListCertificates: listCertificates,
  AddTagsToCertificate: addTagsToCertificate,
  ListTagsForCertificate: listTagsForCertificate,
  DeleteCertificate: deleteCertificate,
  ExportCertificate: (params, context) => exportCertificate(params, context, findCertificate),
  ...ACME_OPERATIONS
}

export const acmHandler: ServiceHandler = awsJsonHandler('acm', TARGET_PREFIX, OPERATIONS)

/** The moment a certificate is or will be ISSUED, for latency measurements; undefined if not determined yet. */
export function issueTimeOf(state: SimState, arn: string): number | undefined {
  const cert = state.certificates.get(arn)
  if (!cert) return undefined
  settle(state, cert, state.clock())
  return projectedIssueTime(state, cert)
}
