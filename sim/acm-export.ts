// Exportable certificates (issue 22), from the ACM API Reference (ExportCertificate; RequestCertificate
// Options.Export: "You cannot update the value of Export after the certificate is created";
// CertificateSummary ExportOption and Exported; Filters exportOption) and the ACM User Guide
// ("Exportable public certificates"; "Managed certificate renewal": an exportable public certificate
// is renewed only if it was exported since it was issued or last renewed).
//
// ExportCertificate returns real PEMs: a leaf for the certificate's names signed by a simulated
// intermediate (public) or private CA, the chain without the leaf, and the private key as encrypted
// PKCS#8 under the caller's passphrase. The key pair stays the same until the next renewal.
import { createHash, type KeyObject } from 'node:crypto'
import { ApiError, str } from './protocol.js'
import type { CallContext } from './protocol.js'
import type { Certificate, SimState } from './state.js'
import { buildCertificate, keyPairFor, toPem, type Party } from './x509.js'

type Json = Record<string, unknown>

/** "ACM public certificates created prior to June 17, 2025 cannot be exported" (ExportCertificate). */
export const EXPORT_CUTOFF = Date.UTC(2025, 5, 17)

const EXPORT_OPTIONS = ['ENABLED', 'DISABLED'] as const
export type ExportOption = (typeof EXPORT_OPTIONS)[number]

/** RequestCertificate Options.Export (CertificateExport enum); absent: DISABLED. */
export function requestedExportOption(options: Json): ExportOption {
  const value = options['Export'] ?? 'DISABLED'
  if (!EXPORT_OPTIONS.includes(value as ExportOption)) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${String(value)}' at 'options.export' failed to satisfy constraint: ` +
        'Member must satisfy enum value set: [ENABLED, DISABLED]'
    )
  }
  return value as ExportOption
}

/** ExportOption of a public certificate (CertificateSummary, CertificateOptions.Export); other types have none. */
export function exportOptionOf(cert: Certificate): ExportOption | undefined {
  return cert.type === 'AMAZON_ISSUED' ? (cert.exportOption ?? 'DISABLED') : undefined
}

/** Can ExportCertificate hand it out at all: private certificates always, public ones only with the option. */
function exportable(cert: Certificate): boolean {
  return cert.type === 'PRIVATE' || exportOptionOf(cert) === 'ENABLED'
}

/** CertificateSummary.Exported: whether it was ever exported (only for certificates that can be). */
export function exportedFlag(cert: Certificate): boolean | undefined {
  return exportable(cert) ? cert.exportedAt !== undefined : undefined
}

/** An exportable public certificate is renewed only if exported since issue or its last renewal. */
export function exportRenewalEligibility(cert: Certificate): 'ELIGIBLE' | 'INELIGIBLE' | undefined {
  if (cert.type !== 'AMAZON_ISSUED' || exportOptionOf(cert) !== 'ENABLED' || cert.status !== 'ISSUED') return undefined
  const since = cert.renewedAt ?? cert.issuedAt ?? cert.createdAt
  return cert.exportedAt !== undefined && cert.exportedAt >= since ? 'ELIGIBLE' : 'INELIGIBLE'
}

/** The certificate's serial (16 bytes, positive); a renewal gives a new one. */
export function serialBytes(cert: Certificate): Buffer {
  const bytes = createHash('sha256')
    .update(`${cert.arn}#${cert.renewals ?? 0}`)
    .digest()
    .subarray(0, 16)
  bytes[0] = (bytes[0] ?? 0) & 0x7f
  return bytes
}

/** DescribeCertificate Serial: lower-case hex bytes joined by colons, as ACM shows it. */
export function serialText(cert: Certificate): string {
  return serialBytes(cert)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1:')
}

/**
 * Managed renewal as it happens near the end of the validity (Simulator.renewCertificate): a new
 * serial and key, same ARN. An exportable public certificate not exported since its issue or last
 * renewal is not renewed (false).
 */
export function managedRenewal(cert: Certificate, now: number, validityMs: number): boolean {
  if (cert.status !== 'ISSUED' || exportRenewalEligibility(cert) === 'INELIGIBLE') return false
  cert.renewals = (cert.renewals ?? 0) + 1
  cert.renewedAt = now
  cert.notBefore = now
  cert.notAfter = now + validityMs
  return true
}

function validation(message: string): ApiError {
  return new ApiError('ValidationException', message)
}

/**
 * Passphrase: a blob (base64 on the wire) of 4-128 bytes, sensitive, "any ASCII character except #, $,
 * or %" (ExportCertificateRequest). Sensitive values are not echoed in the validation message.
 */
function passphraseOf(params: Json): string {
  const raw = str(params, 'Passphrase')
  if (raw === undefined) {
    throw validation(
      "1 validation error detected: Value null at 'passphrase' failed to satisfy constraint: Member must not be null"
    )
  }
  const bytes = Buffer.from(raw, 'base64')
  if (bytes.length < 4 || bytes.length > 128) {
    throw validation(
      "1 validation error detected: Value at 'passphrase' failed to satisfy constraint: Member must have length between 4 and 128"
    )
  }
  if (bytes.some((b) => b > 0x7f || b === 0x23 || b === 0x24 || b === 0x25)) {
    throw validation('The passphrase can contain any ASCII character except #, $, or %.')
  }
  return bytes.toString('latin1')
}

function checkExportable(cert: Certificate): void {
  if (cert.status === 'PENDING_VALIDATION') {
    throw new ApiError('RequestInProgressException', `Certificate ${cert.arn} has not been issued yet.`)
  }
  if (cert.status !== 'ISSUED') throw validation(`Certificate ${cert.arn} is ${cert.status} and cannot be exported.`)
  if (cert.type === 'IMPORTED')
    throw validation(`Certificate ${cert.arn} is an imported certificate and cannot be exported.`)
  if (cert.type === 'AMAZON_ISSUED' && cert.createdAt < EXPORT_CUTOFF) {
    throw validation(
      `Certificate ${cert.arn} was created before June 17, 2025; such public certificates cannot be exported.`
    )
  }
  if (!exportable(cert)) {
    throw validation(
      `Certificate ${cert.arn} was not requested with export enabled (Options.Export) and cannot be exported.`
    )
  }
}

interface Authorities {
  root: Party
  intermediate: Party
  private: Party
  rootPem: string
  intermediatePem: string
  privatePem: string
}

const authorities = new WeakMap<SimState, Authorities>()
const TEN_YEARS = 10 * 365 * 86_400_000

function party(name: string, organization: string): Party {
  return { name, organization, ...keyPairFor('RSA_2048') }
}

/** The simulated CAs of a simulator, made on first use: a public root and intermediate, and a private CA. */
function authoritiesOf(state: SimState): Authorities {
  const known = authorities.get(state)
  if (known) return known
  const root = party('Simulated Amazon Root CA 1', 'Simulated Amazon')
  const intermediate = party('Simulated Amazon RSA 2048 M01', 'Simulated Amazon')
  const privateCa = party('Simulated Private CA', 'Simulated Example Corp')
  const start = Date.UTC(2025, 0, 1)
  const caCert = (subject: Party, issuer: Party, label: string): string =>
    toPem(
      buildCertificate({
        serial: createHash('sha256').update(`${state.seed}/${label}`).digest().subarray(0, 8),
        subject,
        issuer,
        notBefore: start,
        notAfter: start + TEN_YEARS
      })
    )
  const made: Authorities = {
    root,
    intermediate,
    private: privateCa,
    rootPem: caCert(root, root, 'root'),
    intermediatePem: caCert(intermediate, root, 'intermediate'),
    privatePem: caCert(privateCa, privateCa, 'private')
  }
  authorities.set(state, made)
  return made
}

interface Material {
  renewals: number
  privateKey: KeyObject
  certificatePem: string
}

const materials = new WeakMap<Certificate, Material>()

/** The certificate's key pair and leaf for its current renewal generation. */
function materialOf(state: SimState, cert: Certificate): Material {
  const renewals = cert.renewals ?? 0
  const known = materials.get(cert)
  if (known?.renewals === renewals) return known
  const cas = authoritiesOf(state)
  const keys = keyPairFor(cert.keyAlgorithm)
  const issuedAt = cert.notBefore ?? cert.issuedAt ?? cert.createdAt
  const der = buildCertificate({
    serial: serialBytes(cert),
    subject: { name: cert.domainName, publicKey: keys.publicKey },
    issuer: cert.type === 'PRIVATE' ? cas.private : cas.intermediate,
    notBefore: issuedAt,
    notAfter: cert.notAfter ?? issuedAt + 395 * 86_400_000,
    dnsNames: cert.names
  })
  const made = { renewals, privateKey: keys.privateKey, certificatePem: toPem(der) }
  materials.set(cert, made)
  return made
}

/**
 * ExportCertificate (ACM API Reference): Certificate, CertificateChain (without the leaf) and the
 * PrivateKey as encrypted PKCS#8 PEM under the passphrase. Marks the certificate exported.
 */
export function exportCertificate(
  params: Json,
  context: CallContext,
  find: (context: CallContext, arn: string | undefined) => Certificate
): Json {
  const passphrase = passphraseOf(params)
  const cert = find(context, str(params, 'CertificateArn'))
  checkExportable(cert)
  const material = materialOf(context.state, cert)
  const cas = authoritiesOf(context.state)
  cert.exportedAt = context.now
  return {
    Certificate: material.certificatePem,
    CertificateChain: cert.type === 'PRIVATE' ? cas.privatePem : `${cas.intermediatePem}${cas.rootPem}`,
    PrivateKey: material.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase })
  }
}

/** The simulated roots, for tests that verify a chain as a client would. */
export function trustAnchors(state: SimState): { publicRoot: string; privateRoot: string } {
  const cas = authoritiesOf(state)
  return { publicRoot: cas.rootPem, privateRoot: cas.privatePem }
}
