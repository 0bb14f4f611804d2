// ACM response shapes (AWS JSON 1.1: timestamps are epoch seconds as numbers).
import { updateSummary } from './acm-migration.js'
import { exportedFlag, exportOptionOf, exportRenewalEligibility, serialText } from './acm-export.js'
import { domainStatus, renewalDomainStatus, renewalWindowMs, validationRecord } from './certificates.js'
import { wildcardBase } from './names.js'
import type { Certificate, SimState } from './state.js'

type Json = Record<string, unknown>

const KEY_USAGES = ['DIGITAL_SIGNATURE', 'KEY_ENCIPHERMENT']
const EXTENDED_KEY_USAGES: [string, string][] = [
  ['TLS_WEB_SERVER_AUTHENTICATION', '1.3.6.1.5.5.7.3.1'],
  ['TLS_WEB_CLIENT_AUTHENTICATION', '1.3.6.1.5.5.7.3.2']
]

export function keyUsagesOf(cert: Certificate): { keyUsages: string[]; extendedKeyUsages: string[] } {
  const issued = cert.issuedAt !== undefined
  return {
    keyUsages: issued ? KEY_USAGES : [],
    extendedKeyUsages: issued ? EXTENDED_KEY_USAGES.map(([name]) => name) : []
  }
}

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000)

/** What DescribeCertificate shows for one name (ACM API Reference, DomainValidation). */
export interface RecordVisibility {
  /** Whether this name's ResourceRecord is shown in this response (scenario: records appear late). */
  showRecord: (index: number) => boolean
}

function domainValidation(state: SimState, cert: Certificate, name: string, show: boolean, renewal: boolean): Json {
  const base = wildcardBase(name)
  const common = {
    DomainName: name,
    ValidationDomain: name,
    ValidationStatus: renewal ? renewalDomainStatus(state, cert, name) : domainStatus(state, cert, name),
    ValidationMethod: cert.validationMethod
  }
  if (cert.validationMethod === 'EMAIL') {
    const mailboxes = ['admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster']
    return { ...common, ValidationEmails: mailboxes.map((box) => `${box}@${base}`) }
  }
  if (!show) return common
  const record = validationRecord(cert.accountId, name)
  return { ...common, ResourceRecord: { Name: record.name, Type: 'CNAME', Value: record.value } }
}

function domainValidations(
  state: SimState,
  cert: Certificate,
  visibility: RecordVisibility,
  renewal = false
): Json[] | undefined {
  // ACME-issued certificates are validated by their endpoint's domain validations, not per certificate.
  if (cert.type !== 'AMAZON_ISSUED' || cert.keyPairOrigin === 'ACME') return undefined
  return cert.names.map((name, index) => domainValidation(state, cert, name, visibility.showRecord(index), renewal))
}

/**
 * RenewalSummary "exists only when the certificate type is AMAZON_ISSUED" (ACM API Reference,
 * RenewalSummary): RenewalStatus, RenewalStatusReason, DomainValidationOptions (the renewal's own
 * validation of each name), UpdatedAt. A scripted one (Simulator.updateCertificate) wins; otherwise
 * managed renewal starts renewalWindowMs before expiry (60 days; 45 for email validation) and the
 * summary is present only while it runs (ACM API Reference, CertificateDetail).
 */
function renewalSummary(state: SimState, cert: Certificate, now: number): Json | undefined {
  // ACME clients renew ACME-issued certificates themselves (ACM User Guide, "ACME"): ACM holds no key.
  if (cert.type !== 'AMAZON_ISSUED' || cert.keyPairOrigin === 'ACME') return undefined
  const dvo = (): Json[] | undefined => domainValidations(state, cert, { showRecord: () => true }, true)
  const scripted = cert.renewalSummary
  if (scripted) {
    return {
      RenewalStatus: scripted.renewalStatus,
      DomainValidationOptions: dvo(),
      RenewalStatusReason: scripted.renewalStatusReason,
      UpdatedAt: seconds(scripted.updatedAt ?? now)
    }
  }
  if (cert.status !== 'ISSUED' || cert.notAfter === undefined) return undefined
  // "ACM renews only certificates that are in use" and eligible (ACM User Guide, "Managed certificate renewal").
  if (cert.inUseBy.length === 0 || renewalEligibility(cert) === 'INELIGIBLE') return undefined
  if (cert.notAfter - now > renewalWindowMs(cert)) return undefined
  return { RenewalStatus: 'PENDING_AUTO_RENEWAL', DomainValidationOptions: dvo(), UpdatedAt: seconds(now) }
}

/** CertificateKeyPairOrigin: ACME when issued through an ACM ACME endpoint, CUSTOMER_PROVIDED when imported. */
export function keyPairOriginOf(cert: Certificate): string {
  return cert.keyPairOrigin ?? (cert.type === 'IMPORTED' ? 'CUSTOMER_PROVIDED' : 'AWS_MANAGED')
}

export function renewalEligibility(cert: Certificate): string {
  if (cert.renewalEligibility) return cert.renewalEligibility
  return (
    exportRenewalEligibility(cert) ?? (cert.status === 'ISSUED' && cert.type !== 'IMPORTED' ? 'ELIGIBLE' : 'INELIGIBLE')
  )
}

/** CertificateDetail (ACM API Reference, CertificateDetail). */
export function certificateDetail(state: SimState, cert: Certificate, now: number, visibility: RecordVisibility): Json {
  const issued = cert.issuedAt !== undefined
  const usages = keyUsagesOf(cert)
  return {
    CertificateArn: cert.arn,
    DomainName: cert.domainName,
    SubjectAlternativeNames: cert.names,
    ManagedBy: cert.managedBy,
    DomainValidationOptions: domainValidations(state, cert, visibility),
    Serial: issued ? serialText(cert) : undefined,
    Subject: `CN=${cert.domainName}`,
    Issuer: issued ? (cert.type === 'PRIVATE' ? 'Simulated Private CA' : 'Amazon') : undefined,
    CreatedAt: seconds(cert.createdAt),
    IssuedAt: cert.type === 'IMPORTED' ? undefined : seconds(cert.issuedAt),
    ImportedAt: cert.type === 'IMPORTED' ? seconds(cert.createdAt) : undefined,
    Status: cert.status,
    NotBefore: seconds(cert.notBefore),
    NotAfter: seconds(cert.notAfter),
    KeyAlgorithm: cert.keyAlgorithm,
    SignatureAlgorithm: cert.keyAlgorithm.startsWith('EC') ? 'SHA256WITHECDSA' : 'SHA256WITHRSA',
    InUseBy: cert.inUseBy,
    RevokedAt: seconds(cert.revokedAt),
    RevocationReason: cert.revokedAt === undefined ? undefined : 'UNSPECIFIED',
    FailureReason: cert.failureReason,
    Type: cert.type,
    RenewalSummary: renewalSummary(state, cert, now),
    KeyUsages: usages.keyUsages.map((Name) => ({ Name })),
    ExtendedKeyUsages: EXTENDED_KEY_USAGES.filter(([name]) => usages.extendedKeyUsages.includes(name)).map(
      ([Name, OID]) => ({ Name, OID })
    ),
    CertificateAuthorityArn: cert.certificateAuthorityArn,
    RenewalEligibility: renewalEligibility(cert),
    CertificateKeyPairOrigin: keyPairOriginOf(cert),
    UpdateSummary: updateSummary(cert),
    Options: { CertificateTransparencyLoggingPreference: cert.transparencyLogging, Export: exportOptionOf(cert) }
  }
}

/** ListCertificates returns only the first 100 SANs, flagging the rest (ACM API Reference, CertificateSummary). */
const SUMMARY_SAN_LIMIT = 100

/** CertificateSummary (ACM API Reference, CertificateSummary). */
export function certificateSummary(cert: Certificate): Json {
  const usages = keyUsagesOf(cert)
  return {
    CertificateArn: cert.arn,
    DomainName: cert.domainName,
    SubjectAlternativeNameSummaries: cert.names.slice(0, SUMMARY_SAN_LIMIT),
    HasAdditionalSubjectAlternativeNames: cert.names.length > SUMMARY_SAN_LIMIT,
    Status: cert.status,
    Type: cert.type,
    KeyAlgorithm: cert.keyAlgorithm,
    KeyUsages: usages.keyUsages,
    ExtendedKeyUsages: usages.extendedKeyUsages,
    InUse: cert.inUseBy.length > 0,
    ExportOption: exportOptionOf(cert),
    Exported: exportedFlag(cert),
    RenewalEligibility: renewalEligibility(cert),
    NotBefore: seconds(cert.notBefore),
    NotAfter: seconds(cert.notAfter),
    CreatedAt: seconds(cert.createdAt),
    IssuedAt: cert.type === 'IMPORTED' ? undefined : seconds(cert.issuedAt),
    ImportedAt: cert.type === 'IMPORTED' ? seconds(cert.createdAt) : undefined,
    RevokedAt: seconds(cert.revokedAt),
    ManagedBy: cert.managedBy,
    CertificateKeyPairOrigin: keyPairOriginOf(cert)
  }
}
