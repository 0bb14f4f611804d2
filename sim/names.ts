// DNS name handling as Route 53 stores names.

/**
 * Route 53 stores names in lowercase with a trailing dot, and returns characters other than
 * a-z, 0-9, '-', '_' and '.' as a backslash and three octal digits, so `*` comes back as `\052`
 * (Route 53 Developer Guide, "DNS domain name format").
 */
export function route53Name(name: string): string {
  const plain = unescapeName(name).toLowerCase()
  const dotted = plain.endsWith('.') ? plain : `${plain}.`
  return dotted.replace(/[^a-z0-9\-_.]/g, (ch) => `\\${ch.charCodeAt(0).toString(8).padStart(3, '0')}`)
}

/** Turn `\052` escapes back into characters. */
export function unescapeName(name: string): string {
  return name.replace(/\\(\d{3})/g, (_m, octal: string) => String.fromCharCode(parseInt(octal, 8)))
}

/**
 * Sort key of ListHostedZonesByName: "sorts hosted zones by name with the labels reversed, for
 * example com.example.www." (Route 53 API Reference, ListHostedZonesByName). Escaped names sort
 * by their escaped value.
 */
export function reversedLabels(name: string): string {
  const labels = route53Name(name).slice(0, -1).split('.')
  return `${labels.reverse().join('.')}.`
}

export function compareReversed(a: string, b: string): number {
  const ka = reversedLabels(a)
  const kb = reversedLabels(b)
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/** True when `name` is `zone` itself or below it, on a label boundary. */
export function isWithin(name: string, zone: string): boolean {
  const n = route53Name(name)
  const z = route53Name(zone)
  return n === z || n.endsWith(`.${z}`)
}

/** `*.example.com` → `example.com`: ACM validates a wildcard through its base name. */
export function wildcardBase(name: string): string {
  const lower = name.toLowerCase().replace(/\.$/, '')
  return lower.startsWith('*.') ? lower.slice(2) : lower
}

export function labelCount(name: string): number {
  return route53Name(name).split('.').length - 1
}
