// Exportable public certificates (issue 22), the pure rules: what a passphrase may be, what ACM
// charges for a name set, which certificates a run may reuse (billed and unbilled kept apart), the
// files an export writes, and whether the exported certificate differs from the deployed one.
import { X509Certificate } from 'node:crypto'
import { join } from 'node:path'
import type { ExportedPem } from '../types.js'

/** AWS price list (ACM, 2026): per fully qualified name and per wildcard name, at issue and at every renewal. */
export const PRICE_PER_NAME_USD = 15
export const PRICE_PER_WILDCARD_USD = 149

/**
 * Why ACM would refuse the passphrase (ExportCertificateRequest: 4-128 bytes, "any ASCII character
 * except #, $, or %"), or undefined. Printable ASCII only: a control character cannot be typed at
 * OpenSSL's prompt. The words never repeat the passphrase, nor its length.
 */
export function passphraseProblem(passphrase: string): string | undefined {
  if (passphrase.length < 4) return 'is shorter than 4 characters; ACM takes 4 to 128'
  if (passphrase.length > 128) return 'is longer than 128 characters; ACM takes 4 to 128'
  if (/[^\x20-\x7e]/.test(passphrase)) return 'holds a character that is not printable ASCII'
  if (/[#$%]/.test(passphrase)) return 'holds #, $ or %, which ACM does not accept'
  return undefined
}

export interface ExportCharge {
  readonly names: number
  readonly wildcards: number
  readonly usd: number
}

/** What ACM charges for an exportable certificate of these names, at issue and again at each renewal. */
export function exportCharge(names: readonly string[]): ExportCharge {
  const wildcards = names.filter((n) => n.startsWith('*.')).length
  const plain = names.length - wildcards
  return { names: plain, wildcards, usd: plain * PRICE_PER_NAME_USD + wildcards * PRICE_PER_WILDCARD_USD }
}

/** The charge in words, for the log and the job summary. */
export function chargeText(names: readonly string[], region: string): string {
  const { names: plain, wildcards, usd } = exportCharge(names)
  const parts = [
    ...(plain > 0 ? [`${plain} name${plain === 1 ? '' : 's'} × $${PRICE_PER_NAME_USD}`] : []),
    ...(wildcards > 0 ? [`${wildcards} wildcard name${wildcards === 1 ? '' : 's'} × $${PRICE_PER_WILDCARD_USD}`] : [])
  ]
  return (
    `Exportable certificate in ${region}: ACM charges $${usd} (${parts.join(' + ')}) when it issues the ` +
    'certificate and again at every renewal.'
  )
}

/** The fields of a listed or described certificate that say whether it can be exported. */
export interface ExportFacts {
  Type?: string | undefined
  /** CertificateSummary.ExportOption. */
  ExportOption?: string | undefined
  /** CertificateDetail.Options.Export. */
  Options?: { Export?: string | undefined } | undefined
}

/**
 * Why this certificate must not be reused by a run that does (exportable true) or does not export,
 * or undefined. Public certificates: the export option is fixed at request and billed, so an export
 * run takes only an exportable one and a run without export never takes one (its renewals are
 * billed). Private certificates export anyway, at no extra charge: no rule.
 */
export function exportReuseProblem(cert: ExportFacts, exportable: boolean): string | undefined {
  if (cert.Type === 'PRIVATE') return undefined
  const enabled = (cert.ExportOption ?? cert.Options?.Export) === 'ENABLED'
  if (enabled === exportable) return undefined
  return exportable
    ? 'it was requested without export (Options.Export cannot change after the request)'
    : 'it is exportable, and its renewals are billed (export is false)'
}

export interface ExportFiles {
  readonly certificate: string
  readonly chain: string
  readonly fullchain: string
  readonly privateKey: string
}

export interface FileToWrite {
  readonly path: string
  readonly content: string
  /** 0o600 for the key, 0o644 for the certificates. */
  readonly mode: number
}

/** The four files of an export in `directory`: certificate, chain, certificate + chain, encrypted key. */
export function exportFiles(directory: string, pem: ExportedPem): { paths: ExportFiles; files: FileToWrite[] } {
  const paths: ExportFiles = {
    certificate: join(directory, 'certificate.pem'),
    chain: join(directory, 'chain.pem'),
    fullchain: join(directory, 'fullchain.pem'),
    privateKey: join(directory, 'private-key.pem')
  }
  const line = (pem: string): string => (pem.endsWith('\n') ? pem : `${pem}\n`)
  const files: FileToWrite[] = [
    { path: paths.certificate, content: line(pem.certificate), mode: 0o644 },
    { path: paths.chain, content: line(pem.chain), mode: 0o644 },
    { path: paths.fullchain, content: line(pem.certificate) + line(pem.chain), mode: 0o644 },
    { path: paths.privateKey, content: line(pem.privateKey), mode: 0o600 }
  ]
  return { paths, files }
}

/** The certificate's serial as OpenSSL prints it (`openssl x509 -serial`, without `serial=`): upper-case hex. */
export function serialOf(certificatePem: string): string {
  return normalizeSerial(new X509Certificate(certificatePem).serialNumber) ?? ''
}

/**
 * A serial as people copy it: `serial=0A1B…` (openssl), `0a:1b:…` (ACM console, DescribeCertificate),
 * any case. Upper-case hex without leading zeros; undefined when it is not a serial.
 */
export function normalizeSerial(text: string): string | undefined {
  const hex = text
    .trim()
    .replace(/^serial\s*=\s*/i, '')
    .replace(/[:\s]/g, '')
  if (!/^[0-9a-f]{1,64}$/i.test(hex)) return undefined
  return hex.toUpperCase().replace(/^0+(?=.)/, '')
}

/** Whether the exported certificate differs from the deployed one; no deployed serial: changed. */
export function serialChanged(serial: string, deployedSerial: string | undefined): boolean {
  return deployedSerial === undefined || normalizeSerial(serial) !== normalizeSerial(deployedSerial)
}
