// Pure DNS-name logic: normalization and validation of certificate names, label-boundary suffix
// matching, Route 53 name escapes, and the write-set invariant for validation records. No I/O.
import { domainToASCII } from 'node:url'
import { ACM_VALIDATION_SUFFIX } from './constants.js'

/** A name that cannot go into an ACM certificate. The message is a plain reason; callers add context. */
export class DomainNameError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DomainNameError'
  }
}

const MAX_NAME_LENGTH = 253
const MAX_LABEL_LENGTH = 63
const LDH_LABEL = /^[a-z0-9-]+$/
// IDNA treats these as dots too; splitting on them keeps `bücher。example` from becoming one label.
const LABEL_SEPARATORS = /[.\u3002\uff0e\uff61]/
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/
/** An ASCII character other than a-z, 0-9 and '-' (everything from U+0080 up is left to IDNA). */
const NON_LDH_ASCII = /[^a-z0-9\-\u0080-\uffff]/

/**
 * Lower-cases, strips one trailing dot, converts Unicode labels to punycode and validates the
 * result against ACM's DomainNameString rules. Returns e.g. `*.xn--bcher-kva.example`.
 * @throws DomainNameError naming the offending label and what is allowed
 */
export function normalizeDomainName(raw: string): string {
  let name = raw.trim().toLowerCase()
  if (name.endsWith('.')) name = name.slice(0, -1)
  if (name === '') throw new DomainNameError('the name is empty')
  if (IPV4.test(name)) {
    throw new DomainNameError(`'${name}' is an IP address; IP addresses can't be in ACM certificates, use a DNS name`)
  }
  if (name === '*')
    throw new DomainNameError(`'*' alone is not a name; a wildcard needs a domain after it, e.g. *.example.com`)

  if (URL_LIKE.test(name)) throw new DomainNameError(urlProblem(name))

  const wildcard = name.startsWith('*.')
  const labels = (wildcard ? name.slice(2) : name).split(LABEL_SEPARATORS).map(toAsciiLabel)
  if (labels.length < 2) {
    throw new DomainNameError(
      wildcard
        ? `'${name}' has a single label after the wildcard; a wildcard covers the names directly under a ` +
            `registered domain, e.g. *.example.com (not a whole top-level domain)`
        : `'${name}' has a single label; a certificate name needs at least two, e.g. example.com`
    )
  }
  const last = labels[labels.length - 1] ?? ''
  if (/^\d+$/.test(last)) {
    throw new DomainNameError(`the last label '${last}' is all digits, which is not a valid top-level domain`)
  }
  const result = (wildcard ? '*.' : '') + labels.join('.')
  if (result.length > MAX_NAME_LENGTH) {
    throw new DomainNameError(`the name is ${result.length} characters long; at most ${MAX_NAME_LENGTH} are allowed`)
  }
  return result
}

/** A scheme (`https://`) or a path: a URL pasted where a name belongs. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|\//

/** What to write instead of a URL: its host name (never its user name or password). */
function urlProblem(name: string): string {
  let host = ''
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(name) ? name : `http://${name}`).hostname
  } catch {
    // Not even a URL: the advice stands without an example.
  }
  const example = host.includes('.') ? ` (${host})` : ''
  return `this is a URL, not a DNS name: drop the scheme (https://) and the path, and give the host name alone${example}`
}

/** Validates one label (already lower case) and returns its ASCII (punycode) form. */
function toAsciiLabel(label: string): string {
  if (label === '') {
    throw new DomainNameError('the name has an empty label (a leading dot or two dots in a row)')
  }
  if (label.includes('*')) {
    throw new DomainNameError(
      `label '${label}' contains '*'; a wildcard is allowed only once, as the whole leftmost label (*.example.com)`
    )
  }
  if (label.startsWith('-')) {
    throw new DomainNameError(`label '${label}' starts with a hyphen; labels must start with a letter or digit`)
  }
  if (label.endsWith('-')) {
    throw new DomainNameError(`label '${label}' ends with a hyphen; labels must end with a letter or digit`)
  }
  // domainToASCII parses a URL host, so a '/', '?' or '#' would silently cut the label short
  // ('bücher/x' → 'xn--bcher-kva'): only labels whose ASCII characters are all LDH go through it.
  // eslint-disable-next-line no-control-regex
  const ascii = /[^\x00-\x7f]/.test(label) && !NON_LDH_ASCII.test(label) ? domainToASCII(label) : label
  if (ascii === '' || ascii.includes('.')) {
    throw new DomainNameError(`label '${label}' is not a valid internationalized label (punycode conversion failed)`)
  }
  if (!LDH_LABEL.test(ascii)) {
    const bad = [...ascii].find((c) => NON_LDH_ASCII.test(c)) ?? ''
    const why = bad === '_' ? ' (underscores are not allowed in certificate names)' : ''
    throw new DomainNameError(
      `label '${label}' contains ${JSON.stringify(bad)}${why}; labels may contain only letters a-z, digits 0-9 and '-'`
    )
  }
  if (ascii.length > MAX_LABEL_LENGTH) {
    throw new DomainNameError(
      `label '${ascii}' is ${ascii.length} characters long; a label may have at most ${MAX_LABEL_LENGTH}`
    )
  }
  return ascii
}

export function isWildcard(name: string): boolean {
  return name.startsWith('*.')
}

/** `*.example.com` → `example.com`; other names unchanged. */
export function wildcardBase(name: string): string {
  return isWildcard(name) ? name.slice(2) : name
}

/** Lower case without a trailing dot: the form names are compared in. */
export function canonicalName(name: string): string {
  const lower = name.toLowerCase()
  return lower.endsWith('.') ? lower.slice(0, -1) : lower
}

/** Lower case with a trailing dot, as ACM and Route 53 write record names and values. */
export function absoluteName(name: string | undefined): string {
  const lower = (name ?? '').trim().toLowerCase()
  return lower.endsWith('.') ? lower : `${lower}.`
}

/** A certificate's names in lower case, DomainName first, once each (ACM lists it among the SANs too). */
export function certificateNames(cert: {
  DomainName?: string | undefined
  SubjectAlternativeNames?: string[] | undefined
}): string[] {
  const names = [cert.DomainName, ...(cert.SubjectAlternativeNames ?? [])].filter((n): n is string => n !== undefined)
  return [...new Set(names.map((n) => n.toLowerCase()))]
}

/** True if `name` is `zone` or a subdomain of it, on a label boundary (`notexample.com` is not within `example.com`). */
export function isWithin(name: string, zone: string): boolean {
  const n = canonicalName(name)
  const z = canonicalName(zone)
  if (z === '') return false
  return n === z || n.endsWith(`.${z}`)
}

/** Proper suffixes of a name, most specific first: `_x.www.example.com` → [`www.example.com`, `example.com`, `com`]. */
export function parentSuffixes(name: string): string[] {
  const labels = canonicalName(name).split('.')
  return labels.slice(1).map((_, i) => labels.slice(i + 1).join('.'))
}

// Route 53 DomainNameFormat: characters other than a-z, 0-9, '-', '_' (and the '.' separator) are
// written as \ooo octal escapes, so `*.example.com` is stored and returned as `\052.example.com.`.
const ROUTE53_PLAIN = /[a-z0-9\-_.]/

/** `*.Example.com` → `\052.example.com.` */
export function toRoute53Name(name: string): string {
  const lower = name.toLowerCase()
  const withDot = lower.endsWith('.') ? lower : `${lower}.`
  let out = ''
  for (const ch of withDot) {
    if (ROUTE53_PLAIN.test(ch)) out += ch
    else for (const byte of Buffer.from(ch, 'utf8')) out += `\\${byte.toString(8).padStart(3, '0')}`
  }
  return out
}

/** `\052.Example.com.` → `*.example.com` */
export function fromRoute53Name(name: string): string {
  const bytes: number[] = []
  for (let i = 0; i < name.length; i++) {
    const escape = /^\\([0-7]{3})/.exec(name.slice(i, i + 4))
    if (escape?.[1] !== undefined) {
      bytes.push(parseInt(escape[1], 8))
      i += 3
    } else {
      bytes.push(...Buffer.from(name.charAt(i), 'utf8'))
    }
  }
  return canonicalName(Buffer.from(bytes).toString('utf8'))
}

const VALIDATION_NAME_LABEL = /^_[a-z0-9_-]{1,62}$/
const VALIDATION_VALUE = new RegExp(
  `^_[a-z0-9_-]{1,62}\\.[a-z0-9-]{1,63}${ACM_VALIDATION_SUFFIX.replace(/\.$/, '').replace(/\./g, '\\.')}\\.?$`
)

/**
 * The write-set invariant: a validation record may be written to Route 53 only if it is a CNAME
 * named `_<token>.<base>` for the wildcard base of a requested name, pointing at
 * `_<token>.<label>.acm-validations.aws`. Anything else (even from ACM's own answer) is refused.
 * @returns the reason the record must not be written, or undefined if it may be
 */
export function checkValidationRecord(
  record: { readonly name: string; readonly type: string; readonly value: string },
  requestedNames: readonly string[]
): string | undefined {
  if (record.type !== 'CNAME') return `record type '${record.type}' is not CNAME`
  const name = canonicalName(record.name)
  const dot = name.indexOf('.')
  const firstLabel = dot < 0 ? name : name.slice(0, dot)
  if (!VALIDATION_NAME_LABEL.test(firstLabel)) {
    return `record name '${record.name}' does not start with a single '_' label of [a-z0-9_-]`
  }
  const parent = name.slice(dot + 1)
  const bases = requestedNames.map((n) => wildcardBase(canonicalName(n)))
  if (dot < 0 || !bases.includes(parent)) {
    return `record name '${record.name}' is not directly under a requested name (${bases.join(', ')})`
  }
  if (!VALIDATION_VALUE.test(record.value.toLowerCase())) {
    return `record value '${record.value}' is not of the form _<token>.<label>${ACM_VALIDATION_SUFFIX}`
  }
  return undefined
}

/**
 * Splits a list input on commas, newlines and whitespace, dropping empty entries. A line written as a
 * YAML list item (`- www.example.com` inside a `|` block) counts as its name: the `- ` is dropped.
 */
export function splitNameList(raw: string): string[] {
  return raw
    .replace(/^\s*-\s+/gm, '')
    .split(/[\s,]+/)
    .filter((s) => s !== '')
}
