// Which certificates the guard audits, and their descriptions. The managed scope (the action's tag)
// comes from one GetResources listing (up to 100 tagged ARNs a call) when the role may call it; otherwise
// from one ListTagsForCertificate per listed certificate, said once in a notice.
import { mapLimit } from '../concurrency.js'
import { MANAGED_BY_TAG } from '../constants.js'
import { errorMessage } from '../errors.js'
import type { Logger } from '../types.js'
import {
  describedInScope,
  listedInScope,
  describedNames,
  isManaged,
  type AuditScope,
  type DescribedName,
  type DetailLike,
  type SummaryLike
} from './collect.js'

export interface ScopePorts {
  /** One ListCertificates pass, every key type and key pair origin (ACME too). */
  listCertificates(): Promise<readonly SummaryLike[]>
  /** SearchCertificates for certificates holding any of the names; absent: not available. */
  searchNamed?(names: readonly string[]): Promise<readonly SummaryLike[]>
  /** ListTagsForCertificate; undefined when the certificate is gone. */
  listTags(arn: string): Promise<readonly { readonly Key?: string | undefined }[] | undefined>
  /** DescribeCertificate; undefined when the certificate is gone. */
  describe(arn: string): Promise<DetailLike | undefined>
  /** GetResources: the ARNs of the certificates carrying the action's tag; absent: not available. */
  listManagedArns?(): Promise<readonly string[]>
  log: Logger
}

export interface Described {
  readonly detail: DetailLike
  readonly arn: string
  readonly status: string
  readonly names: DescribedName[]
}

/** SearchCertificates's And / Or lists nest 15 by 15: more names are listed and filtered instead. */
const SEARCHABLE_NAMES = 225

/**
 * The certificates to consider: narrowed by names, one SearchCertificates search (every SAN in its
 * results, so no certificate is described only to learn its names) instead of listing every certificate;
 * otherwise, or if the search is refused, one ListCertificates pass.
 */
export async function listCandidates(ports: ScopePorts, names: readonly string[]): Promise<SummaryLike[]> {
  // How SearchCertificates matches a wildcard SAN is UNCONFIRMED (acm-2026.md §3): wildcards are listed.
  const searchable = names.length > 0 && names.length <= SEARCHABLE_NAMES && !names.some((n) => n.includes('*'))
  if (searchable && ports.searchNamed) {
    try {
      return [...(await ports.searchNamed(names))].filter((s) => listedInScope(s, names))
    } catch (err) {
      ports.log.info(`SearchCertificates failed (${errorMessage(err)}); listing every certificate instead`)
    }
  }
  return (await ports.listCertificates()).filter((s) => listedInScope(s, names))
}

/** The action's certificates by GetResources, or undefined (then each certificate's tags are read). */
async function managedArns(ports: ScopePorts): Promise<ReadonlySet<string> | undefined> {
  if (!ports.listManagedArns) return undefined
  try {
    const arns = new Set(await ports.listManagedArns())
    ports.log.info(`GetResources: ${arns.size} certificate(s) carry the ${MANAGED_BY_TAG} tag`)
    return arns
  } catch (err) {
    const message =
      `Could not list the ${MANAGED_BY_TAG} tag with the Resource Groups Tagging API (${errorMessage(err)}); ` +
      'reading the tags of each certificate instead (one ListTagsForCertificate per certificate). Allow ' +
      'tag:GetResources for the certificate role to spare those calls and the ACM quota they use.'
    if (ports.log.notice) ports.log.notice(message, 'Renewal guard')
    else ports.log.info(message)
    return undefined
  }
}

export async function describeInScope(
  ports: ScopePorts,
  options: { readonly scope: AuditScope; readonly names: readonly string[]; readonly concurrency: number },
  listed: readonly SummaryLike[]
): Promise<Described[]> {
  const managed = options.scope === 'managed' ? await managedArns(ports) : undefined
  const candidates = managed ? listed.filter((s) => managed.has(s.CertificateArn as string)) : listed
  const described = await mapLimit(candidates, options.concurrency, async (summary) => {
    const arn = summary.CertificateArn as string
    if (options.scope === 'managed' && !managed) {
      const tags = await ports.listTags(arn)
      if (!tags || !isManaged(tags)) return undefined
    }
    const detail = await ports.describe(arn)
    if (!detail || !describedInScope(detail, options.names)) return undefined
    return { detail, arn, status: detail.Status ?? 'UNKNOWN', names: describedNames(detail) }
  })
  return described.filter((d): d is Described => d !== undefined)
}
