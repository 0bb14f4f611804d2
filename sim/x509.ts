// A small DER encoder and X.509 v3 certificate builder (RFC 5280), enough for the simulator to hand
// out real certificates from ExportCertificate: a leaf for the certificate's names (SAN extension)
// signed by a simulated intermediate, itself signed by a simulated root. node:crypto signs and
// makes the keys; nothing here is a runtime dependency of src/.
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n])
  const bytes: number[] = []
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256)
  return Buffer.from([0x80 | bytes.length, ...bytes])
}

/** One DER TLV (X.690 §8.1). */
function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content)
  return Buffer.concat([Buffer.from([tag]), length(body.length), body])
}

const seq = (...content: Buffer[]): Buffer => tlv(0x30, ...content)
const set = (...content: Buffer[]): Buffer => tlv(0x31, ...content)
const octets = (content: Buffer): Buffer => tlv(0x04, content)
const bits = (content: Buffer, unused = 0): Buffer => tlv(0x03, Buffer.from([unused]), content)
const explicit = (n: number, content: Buffer): Buffer => tlv(0xa0 + n, content)
const bool = (value: boolean): Buffer => tlv(0x01, Buffer.from([value ? 0xff : 0]))

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number)
  const out = [40 * a + b]
  for (const arc of rest) {
    const base128: number[] = []
    for (let v = arc; ; v = Math.floor(v / 128)) {
      base128.unshift((v % 128) | (base128.length > 0 ? 0x80 : 0))
      if (v < 128) break
    }
    out.push(...base128)
  }
  return tlv(0x06, Buffer.from(out))
}

/** A non-negative INTEGER from big-endian bytes (a leading 0 keeps it positive). */
function integer(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1
  const trimmed = bytes.subarray(start)
  return tlv(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

/** UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const year = Number(iso.slice(0, 4))
  return year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`))
}

function name(commonName: string, organization?: string): Buffer {
  const rdn = (type: string, value: string): Buffer => set(seq(oid(type), tlv(0x0c, Buffer.from(value))))
  return seq(...(organization ? [rdn('2.5.4.6', 'US'), rdn('2.5.4.10', organization)] : []), rdn('2.5.4.3', commonName))
}

const extension = (id: string, critical: boolean, value: Buffer): Buffer =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value))

/** A SHA-1 key identifier of the public key (RFC 5280 §4.2.1.2 allows any method that is unique). */
function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest()
}

export interface Party {
  readonly name: string
  readonly organization?: string
  readonly publicKey: KeyObject
  readonly privateKey: KeyObject
}

export interface CertificateSpec {
  readonly serial: Buffer
  readonly subject: Party | { name: string; organization?: string; publicKey: KeyObject }
  readonly issuer: Party
  readonly notBefore: number
  readonly notAfter: number
  /** DNS names for the SAN extension (a leaf); absent: a CA certificate. */
  readonly dnsNames?: readonly string[]
}

const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05))
const ECDSA_WITH_SHA256 = seq(oid('1.2.840.10045.4.3.2'))

function extensions(spec: CertificateSpec): Buffer {
  const leaf = spec.dnsNames !== undefined
  const list = [
    extension('2.5.29.19', true, leaf ? seq() : seq(bool(true))),
    // digitalSignature + keyEncipherment (leaf); digitalSignature + keyCertSign + cRLSign (CA).
    extension('2.5.29.15', true, leaf ? bits(Buffer.from([0xa0]), 5) : bits(Buffer.from([0x86]), 1)),
    extension('2.5.29.14', false, octets(keyId(spec.subject.publicKey))),
    extension('2.5.29.35', false, seq(tlv(0x80, keyId(spec.issuer.publicKey))))
  ]
  if (leaf) {
    list.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'), oid('1.3.6.1.5.5.7.3.2'))))
    list.push(extension('2.5.29.17', false, seq(...(spec.dnsNames ?? []).map((n) => tlv(0x82, Buffer.from(n))))))
  }
  return explicit(3, seq(...list))
}

/** A DER X.509 v3 certificate, signed with the issuer's key (SHA-256 with RSA or ECDSA). */
export function buildCertificate(spec: CertificateSpec): Buffer {
  const algorithm = spec.issuer.privateKey.asymmetricKeyType === 'ec' ? ECDSA_WITH_SHA256 : SHA256_WITH_RSA
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(spec.serial),
    algorithm,
    name(spec.issuer.name, spec.issuer.organization),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject.name, spec.subject.organization),
    spec.subject.publicKey.export({ type: 'spki', format: 'der' }),
    extensions(spec)
  )
  return seq(tbs, algorithm, bits(sign('sha256', tbs, spec.issuer.privateKey)))
}

export function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`
}

/** A key pair of one of ACM's KeyAlgorithm values (RSA_2048, EC_prime256v1, ...). */
export function keyPairFor(keyAlgorithm: string): { publicKey: KeyObject; privateKey: KeyObject } {
  const [kind, size = '2048'] = keyAlgorithm.split('_')
  if (kind === 'EC') return generateKeyPairSync('ec', { namedCurve: size })
  return generateKeyPairSync('rsa', { modulusLength: Number(size) })
}
