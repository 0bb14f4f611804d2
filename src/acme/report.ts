// What mode acme-endpoint knows so far (an AcmeRun, grown step by step so a failure still reports it),
// and what the user sees of it: outputs, the job summary and the report-file document. Pure. The EAB
// MAC key is never part of an AcmeRun: it goes from the flow to main.ts's masker and output only.
import { Outputs } from '../constants.js'

export interface AcmeValidationView {
  readonly domain: string
  readonly arn: string | undefined
  /** ExactDomain / Subdomains / Wildcards switched on, e.g. ['exact', 'wildcards']. */
  readonly scope: readonly string[]
  readonly status: string
  /** created, kept (a re-run), rescoped, replaced (an INVALID one). */
  readonly action: 'created' | 'kept' | 'rescoped' | 'replaced'
  readonly record?: { readonly name: string; readonly value: string } | undefined
  readonly zone?: { readonly id: string; readonly name: string } | undefined
  /** Who writes the CNAME: this action through the DNS role, or ACM itself (HostedZoneId). */
  readonly writtenBy?: 'action' | 'acm' | undefined
  readonly failure?: { readonly reason: string; readonly message: string } | undefined
}

export interface AcmeRun {
  readonly region: string
  readonly endpoint?: {
    readonly arn: string
    readonly url: string | undefined
    readonly status: string
    readonly created: boolean
    readonly updated: readonly string[]
  }
  readonly validations: readonly AcmeValidationView[]
  /** Validations on the endpoint for names no longer in the inputs. */
  readonly dropped: readonly { readonly domain: string; readonly arn: string; readonly deleted: boolean }[]
  readonly binding?: { readonly arn: string; readonly roleArn: string; readonly expiresAt: string | undefined }
}

export function emptyAcmeRun(region: string): AcmeRun {
  return { region, validations: [], dropped: [] }
}

/** acme-endpoint-arn and acme-directory-url (the EAB outputs are set by main.ts as they arrive). */
export function acmeOutputs(run: AcmeRun): Record<string, string> {
  if (!run.endpoint) return {}
  return {
    [Outputs.AcmeEndpointArn]: run.endpoint.arn,
    ...(run.endpoint.url !== undefined && { [Outputs.AcmeDirectoryUrl]: run.endpoint.url })
  }
}

const ICON: Record<string, string> = { VALID: '✅', VALIDATING: '⏳', INVALID: '❌', DELETING: '🗑️' }

/** The job summary: the endpoint, a row per name, the dropped names and the binding (never its keys). */
export function acmeSummaryMarkdown(run: AcmeRun, error?: { message: string; hint?: string | undefined }): string {
  const e = run.endpoint
  const ok = error === undefined && e?.status === 'ACTIVE' && run.validations.every((v) => v.status === 'VALID')
  const lines = [`## ${ok ? '✅' : error ? '❌' : '⏳'} ACME endpoint: ${e?.status ?? 'not known'} (${run.region})`, '']
  if (e) {
    lines.push(`- Endpoint: \`${e.arn}\`${e.created ? ' (created by this run)' : ''}`)
    if (e.url) lines.push(`- Directory URL (give it to ACME clients): ${e.url}`)
    if (e.updated.length > 0) lines.push(`- Updated: ${e.updated.join('; ')}`)
  }
  if (run.binding) {
    const until = run.binding.expiresAt ? `, expires ${run.binding.expiresAt}` : ''
    lines.push(`- External account binding: \`${run.binding.arn}\` for \`${run.binding.roleArn}\`${until}`)
    lines.push('  (its key id and MAC key are in the step outputs only, the MAC key masked)')
  }
  if (error) lines.push('', `**${error.message}**`, ...(error.hint ? ['', error.hint] : []))
  if (run.validations.length > 0) {
    lines.push('', '| Name | Scope | Status | Record | Zone | Written by |', '|---|---|---|---|---|---|')
    for (const v of run.validations) {
      const status = `${ICON[v.status] ?? ''} ${v.status}${v.failure ? ` (${v.failure.reason})` : ''}`.trim()
      const zone = v.zone ? `${v.zone.name} (${v.zone.id})` : '-'
      const writer = v.writtenBy === 'acm' ? 'ACM (HostedZoneId)' : v.writtenBy === 'action' ? 'this action' : '-'
      lines.push(`| ${v.domain} | ${v.scope.join(', ')} | ${status} | ${v.record?.name ?? '-'} | ${zone} | ${writer} |`)
    }
  }
  if (run.dropped.length > 0) {
    lines.push('', 'No longer in the inputs:')
    for (const d of run.dropped)
      lines.push(
        `- ${d.domain}: ${d.deleted ? 'validation deleted' : 'kept (set acme-delete-dropped: true to delete it)'}`
      )
  }
  return `${lines.join('\n')}\n`
}

/** The report-file document of the mode (no key id, no MAC key). */
export function acmeDocument(run: AcmeRun, startedAt: number, elapsedMs: number, error?: { message: string }): unknown {
  return {
    mode: 'acme-endpoint',
    startedAt: new Date(startedAt).toISOString(),
    elapsedMs,
    ...run,
    ...(error && { error: error.message })
  }
}
