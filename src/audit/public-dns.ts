// Does public DNS answer a validation record the way ACM expects? ACM checks the CNAME over public
// DNS, so a record Route 53 holds but nobody can resolve renews nothing. One CNAME query per record
// name (shared names asked once), through the resolver the pre-flight uses (dns-resolvers).
import { sameTarget } from './plan.js'
import { mapLimit } from '../concurrency.js'
import type { ExpectedRecord, PublicLookup } from './verdict.js'

/** What the check needs of a resolver: the shape of node:dns/promises Resolver. */
export interface CnameResolver {
  resolveCname(name: string): Promise<string[]>
}

/** The name has no CNAME (ENODATA) or does not exist (ENOTFOUND: NXDOMAIN). */
const ABSENT_CODES = new Set(['ENODATA', 'ENOTFOUND'])
/** Queries in flight at once: enough to finish 1,000 names in seconds, few enough not to flood a resolver. */
export const PUBLIC_DNS_CONCURRENCY = 16

/** Classifies one resolver answer (or its error) against the expected record. */
export function publicLookupOf(
  expected: ExpectedRecord,
  answer: { values: readonly string[] } | { error: unknown }
): PublicLookup {
  if ('values' in answer) {
    if (answer.values.length === 0) return { state: 'missing' }
    return answer.values.some((v) => sameTarget(v, expected.value))
      ? { state: 'exact' }
      : { state: 'wrong', values: answer.values.map((v) => (v.endsWith('.') ? v : `${v}.`)) }
  }
  const code = (answer.error as { code?: unknown }).code
  if (typeof code === 'string' && ABSENT_CODES.has(code)) return { state: 'missing' }
  return { state: 'unknown', reason: typeof code === 'string' ? code : String(answer.error) }
}

/** Asks public DNS once per distinct record name; keyed by the record name (lower case, trailing dot as given). */
export async function checkPublicRecords(
  records: readonly ExpectedRecord[],
  resolver: CnameResolver
): Promise<Map<string, PublicLookup>> {
  const byName = new Map<string, ExpectedRecord>()
  for (const r of records) if (!byName.has(r.name.toLowerCase())) byName.set(r.name.toLowerCase(), r)
  const entries = [...byName.entries()]
  const lookups = await mapLimit(entries, PUBLIC_DNS_CONCURRENCY, async ([name, record]) => {
    const query = name.endsWith('.') ? name.slice(0, -1) : name
    try {
      return publicLookupOf(record, { values: await resolver.resolveCname(query) })
    } catch (err) {
      return publicLookupOf(record, { error: err })
    }
  })
  return new Map(entries.map(([name], i) => [name, lookups[i] as PublicLookup]))
}
