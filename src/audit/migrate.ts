// The renewal guard's email → DNS migration, in place (ACM User Guide, "Updating a certificate's
// validation method"): UpdateCertificateOptions (ValidationMethod DNS; the ARN stays) →
// ListCertificateDomainValidations (the CNAMEs) → the audit's own record check and repair write them
// through request mode's zone rule and roles → DescribeCertificate's UpdateSummary says where it stands.
// Never twice: a migration under way is continued (its CNAMEs published), never started again, and
// only within ACM's 72-hour window; a failed one is reported with what to do.
import { errorMessage } from '../errors.js'
import type { Logger } from '../types.js'
import type { DescribedName, DetailLike } from './collect.js'
import type { MigrationFacts } from './facts.js'
import { MIGRATION_WINDOW_MS } from './validation-findings.js'

/** What ListCertificateDomainValidations gives per name (structural: the SDK's DomainValidationSummary fits). */
export interface DomainValidationLike {
  readonly DomainName?: string | undefined
  readonly RequestedValidationConfiguration?:
    | {
        readonly ValidationMethod?: string | undefined
        readonly ValidationChallenge?:
          | {
              readonly DnsValidationChallenge?:
                | {
                    readonly ResourceRecord?:
                      { readonly Name?: string | undefined; readonly Value?: string | undefined } | undefined
                  }
                | undefined
            }
          | undefined
      }
    | undefined
}

export interface MigrationPorts {
  /** DescribeCertificate; undefined when the certificate is gone. */
  describe(arn: string): Promise<DetailLike | undefined>
  now(): number
  /** UpdateCertificateOptions with ValidationMethod DNS; absent: the guard cannot migrate. */
  startDnsValidation?(arn: string): Promise<void>
  /** ListCertificateDomainValidations, every page. */
  listDomainValidations?(arn: string): Promise<readonly DomainValidationLike[]>
  log: Logger
}

export type MigrationStep = 'start' | 'continue' | 'window-passed' | 'failed' | 'done' | 'none'

/** What to do about a described certificate's validation method, pure. */
export function migrationStep(detail: DetailLike, names: readonly DescribedName[], now: number): MigrationStep {
  const update = detail.UpdateSummary?.Type === 'DOMAIN_VALIDATION_METHOD' ? detail.UpdateSummary : undefined
  if (update?.Status === 'PENDING_DOMAIN_VALIDATION') {
    const requested = update.RequestedAt?.getTime() ?? now
    return now - requested <= MIGRATION_WINDOW_MS ? 'continue' : 'window-passed'
  }
  if (update?.Status === 'FAILED') return 'failed'
  if (update?.Status === 'SUCCESS') return 'done'
  const email = names.some((n) => n.method === 'EMAIL')
  return email && detail.Status === 'ISSUED' && detail.CertificateKeyPairOrigin !== 'ACME' ? 'start' : 'none'
}

function absolute(name: string): string {
  const l = name.trim().toLowerCase()
  return l.endsWith('.') ? l : `${l}.`
}

/** The names of a migrating certificate with the DNS records ACM asks for (RequestedValidationConfiguration). */
export function migratingNames(
  names: readonly DescribedName[],
  validations: readonly DomainValidationLike[]
): DescribedName[] {
  const byDomain = new Map(validations.map((v) => [v.DomainName?.toLowerCase(), v.RequestedValidationConfiguration]))
  return names.map((n) => {
    const requested = byDomain.get(n.domain)
    const r = requested?.ValidationChallenge?.DnsValidationChallenge?.ResourceRecord
    if (requested?.ValidationMethod !== 'DNS' || !r?.Name || !r.Value) return n
    return { domain: n.domain, method: 'DNS', record: { name: absolute(r.Name), value: absolute(r.Value) } }
  })
}

export interface Migrating {
  readonly arn: string
  readonly action: MigrationFacts['action']
  readonly names: DescribedName[]
  readonly error?: string
}

/**
 * Starts (repair only) or continues each migration: the returned names carry the CNAMEs to check and,
 * with repair, to write. A certificate whose migration could not be started keeps its email names.
 */
export async function prepareMigration(
  ports: MigrationPorts,
  cert: { readonly arn: string; readonly detail: DetailLike; readonly names: readonly DescribedName[] },
  repair: boolean,
  now: number
): Promise<Migrating | undefined> {
  const step = migrationStep(cert.detail, cert.names, now)
  if (step !== 'start' && step !== 'continue') return undefined
  if (!ports.listDomainValidations || (step === 'start' && (!repair || !ports.startDnsValidation))) return undefined
  try {
    if (step === 'start') {
      await ports.startDnsValidation?.(cert.arn)
      ports.log.info(`Started the migration of ${cert.arn} from email to DNS validation (UpdateCertificateOptions)`)
    }
    const names = migratingNames(cert.names, await ports.listDomainValidations(cert.arn))
    return { arn: cert.arn, action: step === 'start' ? 'started' : repair ? 'continued' : 'none', names }
  } catch (err) {
    ports.log.warning(`Migrating ${cert.arn} to DNS validation failed: ${errorMessage(err)}`, 'Renewal guard')
    return { arn: cert.arn, action: 'none', names: [...cert.names], error: errorMessage(err) }
  }
}

/** Starts or continues the migration of each certificate that needs it, one after the other (they are few). */
export async function prepareMigrations(
  ports: MigrationPorts,
  certs: readonly { readonly arn: string; readonly detail: DetailLike; readonly names: readonly DescribedName[] }[],
  repair: boolean
): Promise<Map<string, Migrating>> {
  const migrations = new Map<string, Migrating>()
  for (const cert of certs) {
    const m = await prepareMigration(ports, cert, repair, ports.now())
    if (m) migrations.set(cert.arn, m)
  }
  return migrations
}

/** UpdateSummary again where this run took part in a migration: its state once the CNAMEs are written. */
export async function describeMigrated(
  ports: MigrationPorts,
  migrations: ReadonlyMap<string, Migrating>
): Promise<Map<string, DetailLike>> {
  const after = new Map<string, DetailLike>()
  for (const m of migrations.values()) {
    if (m.action === 'none') continue
    const detail = await ports.describe(m.arn)
    if (detail) after.set(m.arn, detail)
  }
  return after
}

/** The migration facts of a certificate: UpdateSummary (read again after this run's part) and what this run did. */
export function migrationFacts(detail: DetailLike, migrating: Migrating | undefined): MigrationFacts | undefined {
  const update = detail.UpdateSummary?.Type === 'DOMAIN_VALIDATION_METHOD' ? detail.UpdateSummary : undefined
  if (!update?.Status && !migrating?.error) return undefined
  const records = (migrating?.names ?? []).flatMap((n) => (n.record ? [n.record.name] : []))
  return {
    status: update?.Status ?? 'NOT_STARTED',
    requestedAt: update?.RequestedAt,
    updatedAt: update?.UpdatedAt,
    action: migrating?.action ?? 'none',
    records: [...new Set(records)],
    ...(migrating?.error !== undefined && { error: migrating.error })
  }
}
