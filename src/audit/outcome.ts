// How an audit ends, pure: the outputs (report JSON, at-risk count), the job summary, and whether the
// step fails and with what message. main.ts only applies it.
import type { FailOn } from '../constants.js'
import {
  auditReportDocument,
  sortCertificates,
  type AuditReportCertificate,
  type AuditReportDocument,
  type AuditRun
} from './report.js'
import {
  atRisk as prevalidationAtRisk,
  prevalidationFailureLines,
  prevalidationSummary
} from '../acme/guard-verdict.js'
import { shortArn, auditSummaryMarkdown } from './summary.js'

export interface AuditEnd {
  /** `report` (the JSON document) and `at-risk` (certificates at risk or expired). */
  readonly report: string
  /** The same report as a document, for report-file. */
  readonly document: object
  readonly atRisk: number
  readonly summary: string
  /** The step's failure, if it fails. */
  readonly failure: { title: string; message: string; hint: string } | undefined
}

/** Certificates named in a failure message; the summary and report have them all. */
const NAMED_IN_FAILURE = 5

export function auditEnd(run: AuditRun, failOn: FailOn): AuditEnd {
  const doc = auditReportDocument(run)
  const acmeAtRisk = (run.acme ?? []).filter(prevalidationAtRisk).length
  const atRisk = doc.totals.atRisk + doc.totals.expired + acmeAtRisk
  const summary = auditSummaryMarkdown({ ...run }) + prevalidationSummary(run.acme)
  const repairErrors = run.repairErrors ?? []
  let failure: AuditEnd['failure']
  if (repairErrors.length > 0) {
    failure = {
      title: 'Repair failed',
      message: `Could not rewrite the validation records in ${repairErrors.map((e) => `zone ${e.zoneName} (${e.zoneId}): ${e.message}`).join('; ')}`,
      hint: 'The DNS role needs route53:ChangeResourceRecordSets (UPSERT of CNAME records) on the zone; the records stay reported as missing or wrong until written.'
    }
  } else if (atRisk > 0 && failOn === 'at-risk') {
    const bad = sortCertificates(run.certificates).filter((c) => c.verdict.verdict !== 'ok')
    const lines = bad
      .slice(0, NAMED_IN_FAILURE)
      .map(
        (c) =>
          `${c.facts.domainName} (${shortArn(c.facts.arn)}): ${c.verdict.findings[0]?.message ?? c.verdict.verdict}`
      )
    lines.push(...prevalidationFailureLines(run.acme).slice(0, NAMED_IN_FAILURE))
    const more =
      bad.length > NAMED_IN_FAILURE ? `\n… and ${bad.length - NAMED_IN_FAILURE} more (see the job summary)` : ''
    failure = {
      title: 'Renewal at risk',
      message: `${atRisk - acmeAtRisk} of ${run.certificates.length} certificate(s) in ${run.region} will not renew as things stand (${doc.totals.expired} expired, ${doc.totals.atRisk} at risk)${acmeAtRisk > 0 ? `; ${acmeAtRisk} ACME prevalidation(s) at risk` : ''}:\n${lines.join('\n')}${more}`,
      hint: 'The job summary says what to do for each. Missing or wrong validation records: run with repair: true. To report without failing the step, set fail-on: none.'
    }
  }
  return { report: reportOutput(doc), document: doc, atRisk, summary, failure }
}

/** GitHub caps a step output at 1 MB; the report output stays under it with room to spare. */
export const REPORT_OUTPUT_LIMIT = 900_000

/**
 * The report output: the whole document when it fits, else (truncated: true) every certificate that
 * needs attention in full and the others in one line each, else those needing attention with their
 * worst finding only, else the totals. report-file always has the whole document.
 */
export function reportOutput(doc: AuditReportDocument, limit = REPORT_OUTPUT_LIMIT): string {
  const brief = (c: AuditReportCertificate) => ({
    arn: c.arn,
    domainName: c.domainName,
    verdict: c.verdict,
    notAfter: c.notAfter,
    daysLeft: c.daysLeft
  })
  const candidates = [
    () => doc,
    () => ({ ...doc, truncated: true, certificates: doc.certificates.map((c) => (c.verdict === 'ok' ? brief(c) : c)) }),
    () => ({
      ...doc,
      truncated: true,
      certificates: doc.certificates
        .filter((c) => c.verdict !== 'ok')
        .map((c) => ({ ...brief(c), findings: c.findings.slice(0, 1) }))
    }),
    () => ({ ...doc, truncated: true, certificates: [] })
  ]
  let text = ''
  for (const candidate of candidates) {
    text = JSON.stringify(candidate())
    if (Buffer.byteLength(text) <= limit) return text
  }
  return text
}
