// Pre-flight checks before a certificate is requested: would CAA let Amazon issue it, and does public
// DNS delegate each zone to the Route 53 zone the records go to? Both fail only late (CAA_ERROR after
// validation; a validation timeout after 72 hours), so finding them first saves a wasted request.
// Checks return findings and never throw: the caller decides between a warning and a failure.
import type { CaaRecord } from 'node:dns'
import { Resolver } from 'node:dns/promises'
import { Inputs } from './constants.js'
import { canonicalName, isWildcard, parentSuffixes, wildcardBase } from './domains.js'

/** What the checks need of a resolver: the shape of node:dns/promises Resolver. */
export interface DnsResolver {
  resolveCaa(name: string): Promise<CaaRecord[]>
  resolveNs(name: string): Promise<string[]>
  /** Mode audit asks for the validation CNAMEs too (a resolver without it skips that check). */
  resolveCname?(name: string): Promise<string[]>
}

export interface Finding {
  readonly check: 'caa' | 'delegation'
  /** The requested certificate name (caa) or the zone name (delegation). */
  readonly name: string
  /** problem: ACM will not issue as things stand; unknown: the lookup failed, so nothing is known. */
  readonly severity: 'problem' | 'unknown'
  readonly message: string
  readonly hint: string
}

export interface ZoneDelegation {
  /** Zone name, no trailing dot. */
  readonly name: string
  /** Hosted zone id, for the message. */
  readonly id?: string | undefined
  /** The zone's Route 53 name servers (GetHostedZone DelegationSet). */
  readonly nameServers: readonly string[]
}

/** CA identifiers ACM accepts in a CAA issue/issuewild value (ACM User Guide, "CAA problems"). */
const AMAZON_CAS = new Set(['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'])
/** Tags RFC 8659 §4.2-4.4 defines; an unknown one with the critical flag forbids issuance (§4.1). */
const KNOWN_TAGS = new Set(['issue', 'issuewild', 'iodef'])
const CRITICAL_FLAG = 128
/** "Nothing here": the name has no CAA records, or does not exist. Either way, keep climbing. */
const ABSENT_CODES = new Set(['ENODATA', 'ENOTFOUND'])
// Short: the checks are advisory, and a CAA climb makes a few lookups in a row.
const DNS_TIMEOUT_MS = 2000
const DNS_TRIES = 2

/** A resolver with short timeouts; `servers` (`host[:port]`) replaces the system's name servers. */
export function systemResolver(servers?: readonly string[]): DnsResolver {
  const resolver = new Resolver({ timeout: DNS_TIMEOUT_MS, tries: DNS_TRIES })
  if (servers && servers.length > 0) resolver.setServers([...servers])
  return resolver
}

type Lookup<T> = { found: T } | { failed: string }

async function lookup<T>(query: () => Promise<T>): Promise<Lookup<T> | undefined> {
  try {
    return { found: await query() }
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (typeof code === 'string' && ABSENT_CODES.has(code)) return undefined
    return { failed: typeof code === 'string' ? code : String(err) }
  }
}

/**
 * RFC 8659 §3: the relevant CAA set of each name is the first non-empty one climbing from the name
 * (a wildcard's base) toward the TLD. One finding per name that Amazon may not be allowed to issue for.
 */
export async function checkCaa(names: readonly string[], resolver: DnsResolver): Promise<Finding[]> {
  const cache = new Map<string, Promise<Lookup<CaaRecord[]> | undefined>>()
  const caaAt = (name: string): Promise<Lookup<CaaRecord[]> | undefined> => {
    let pending = cache.get(name)
    if (!pending) {
      pending = lookup(() => resolver.resolveCaa(name))
      cache.set(name, pending)
    }
    return pending
  }
  const findings = await Promise.all(
    names.map(async (domain) => {
      const base = wildcardBase(domain)
      const owners = [base, ...parentSuffixes(base)]
      // Every level at once (DNS queries are cheap; a climb one query at a time is one round trip per label).
      owners.forEach((owner) => void caaAt(owner))
      for (const owner of owners) {
        const result = await caaAt(owner)
        if (result && 'failed' in result) return caaUnknown(domain, owner, result.failed)
        if (result && result.found.length > 0) return caaVerdict(domain, owner, result.found)
      }
      return undefined
    })
  )
  return findings.filter((f): f is Finding => f !== undefined)
}

export interface CaaProperty {
  critical: boolean
  tag: string
  value: string
}

/**
 * Node gives each record as `{ critical, <tag>: value }`, unknown tags included, and Node 22+ adds
 * `type: 'CAA'` (the resolveAny shape). So the tag is picked by name, never by key order: a known tag
 * first, else the one key that is neither `critical` nor the record type (an unknown tag; a tag
 * literally named `type` shows as a `type` whose value is not `CAA`).
 */
export function caaPropertyOf(record: CaaRecord): CaaProperty {
  const entries = Object.entries(record as unknown as Record<string, unknown>)
  const known = entries.find(([key]) => KNOWN_TAGS.has(key.toLowerCase()))
  const unknown = entries.find(([key, value]) => key !== 'critical' && !(key === 'type' && value === 'CAA'))
  const [tag = '', value = ''] = known ?? unknown ?? []
  return { critical: (Number(record.critical) & CRITICAL_FLAG) !== 0, tag: tag.toLowerCase(), value: String(value) }
}

function caaVerdict(domain: string, owner: string, records: readonly CaaRecord[]): Finding | undefined {
  const properties = records.map(caaPropertyOf)
  const shown = properties.map((p) => `${p.critical ? CRITICAL_FLAG : 0} ${p.tag} "${p.value}"`).join(', ')
  const where = owner === wildcardBase(domain) ? owner : `${owner} (which covers ${domain})`
  const unknownCritical = properties.find((p) => p.critical && !KNOWN_TAGS.has(p.tag))
  if (unknownCritical) {
    return caaProblem(
      domain,
      `The CAA records at ${where} (${shown}) include the critical tag '${unknownCritical.tag}', which forbids ` +
        `every CA that does not know it from issuing for ${domain}`,
      `Remove the critical flag (128) from the '${unknownCritical.tag}' CAA record at ${owner}, or remove that ` +
        `record, then run again.`
    )
  }
  const wild = isWildcard(domain) && properties.some((p) => p.tag === 'issuewild')
  const tag = wild ? 'issuewild' : 'issue'
  const relevant = properties.filter((p) => p.tag === tag)
  if (relevant.length === 0 || relevant.some((p) => AMAZON_CAS.has(issuerOf(p.value)))) return undefined
  return caaProblem(
    domain,
    `The CAA records at ${where} (${shown}) do not allow Amazon to issue a certificate for ${domain}`,
    `Add the CAA record 0 ${tag} "amazon.com" at ${owner} (next to the existing ones), then run again.`
  )
}

/** The issuer domain of an issue/issuewild value: the part before any `;` parameters (empty: no CA). */
function issuerOf(value: string): string {
  return (value.split(';')[0] ?? '').trim().toLowerCase()
}

function caaProblem(domain: string, reason: string, hint: string): Finding {
  return {
    check: 'caa',
    name: domain,
    severity: 'problem',
    message: `${reason}: ACM would validate the name and then fail the certificate with CAA_ERROR.`,
    hint
  }
}

function caaUnknown(domain: string, owner: string, code: string): Finding {
  return {
    check: 'caa',
    name: domain,
    severity: 'unknown',
    message: `Could not check CAA for ${domain}: looking up CAA records of ${owner} failed (${code}).`,
    hint:
      `This runner's DNS resolver is not the one ACM uses, so this is only a warning. If the certificate fails ` +
      `with CAA_ERROR, check the CAA records of ${owner} and its parent domains.`
  }
}

/**
 * Each zone's Route 53 name servers must be the ones public DNS delegates the zone name to, or ACM
 * never sees the validation records. A match: a non-empty answer, all of it the zone's servers.
 */
export async function checkDelegation(zones: readonly ZoneDelegation[], resolver: DnsResolver): Promise<Finding[]> {
  const findings = await Promise.all(
    zones.map(async (zone) => {
      const expected = new Set(zone.nameServers.map(nameServer))
      if (expected.size === 0) return undefined // nothing to compare with
      const result = await lookup(() => resolver.resolveNs(zone.name))
      if (result && 'failed' in result) return delegationUnknown(zone, result.failed)
      const actual = [...new Set((result?.found ?? []).map(nameServer))]
      if (actual.length > 0 && actual.every((ns) => expected.has(ns))) return undefined
      return delegationProblem(zone, actual, [...expected])
    })
  )
  return findings.filter((f): f is Finding => f !== undefined)
}

function nameServer(server: string): string {
  return canonicalName(server.trim())
}

function zoneLabel(zone: ZoneDelegation): string {
  return zone.id ? `its Route 53 zone ${zone.id}` : 'its Route 53 zone'
}

function delegationProblem(zone: ZoneDelegation, actual: readonly string[], expected: readonly string[]): Finding {
  const publicView =
    actual.length === 0
      ? `Public DNS has no NS records for ${zone.name}`
      : `Public DNS delegates ${zone.name} to ${actual.join(', ')}`
  return {
    check: 'delegation',
    name: zone.name,
    severity: 'problem',
    message:
      `${publicView}, but ${zoneLabel(zone)} has ${expected.join(', ')}: the validation records written ` +
      `there are invisible to ACM, so validation will never succeed.`,
    hint:
      `Set the name servers of ${zone.name} to ${expected.join(', ')}: at the domain registrar for a registered ` +
      `domain, or in the NS record for ${zone.name} in its parent zone. Or, if another hosted zone is the one ` +
      `delegated to, pass its id as ${Inputs.HostedZoneId}.`
  }
}

function delegationUnknown(zone: ZoneDelegation, code: string): Finding {
  return {
    check: 'delegation',
    name: zone.name,
    severity: 'unknown',
    message: `Could not check the delegation of ${zone.name}: looking up its NS records failed (${code}).`,
    hint:
      `This is only a warning. If validation does not complete, check that public DNS delegates ${zone.name} to ` +
      `the name servers of ${zoneLabel(zone)}.`
  }
}
