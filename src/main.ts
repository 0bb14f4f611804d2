// The imperative shell: the only module that touches @actions/core. Reads inputs, wires the
// adapters, runs the mode (modes/index.ts), and writes outputs, the job summary and the failure
// message, even when the run fails or is cancelled half way.
import * as core from '@actions/core'
import { auditEnd } from './audit/outcome.js'
import { createAwsClients, destroyAwsClients, type AwsClients } from './aws/clients.js'
import { Inputs, Outputs } from './constants.js'
import { CancelledError, CertificateFailedError, describeError, errorMessage } from './errors.js'
import { boundedIdToken } from './aws/id-token.js'
import { resolveIdentities } from './identity.js'
import { deriveIdempotencyToken, readConfig } from './inputs/index.js'
import { configForRegion } from './inputs/regions.js'
import { checkCertificateAccount, runMode } from './modes/index.js'
import { systemResolver, type DnsResolver } from './preflight.js'
import { reportDocument, writeReportFile } from './report-file.js'
import { lastKnownStatus, lastKnownStatuses } from './last-known.js'
import { mergedRecords, regionsOutputs, regionsSummaryMarkdown, withOutcome } from './report-regions.js'
import {
  emptyRegionOutcome,
  emptyRunState,
  noticeFor,
  outputsFor,
  summaryMarkdown,
  type RegionOutcome,
  type RunState
} from './report.js'
import { capitalize } from './text.js'
import { arnAccountId, classifyRegion } from './partitions.js'
import { describeProxy, proxyEnvForToolkit, proxySecrets } from './proxy.js'
import { systemClock, type Clock, type Config, type Logger } from './types.js'

export interface RunOptions {
  env?: Readonly<Record<string, string | undefined>>
  clock?: Clock
  /** Aborts the run (the runner's SIGINT/SIGTERM); the run reports what it has and fails. */
  signal?: AbortSignal
  /** Public DNS for the pre-flight checks; default: the dns-resolvers input, else the runner's resolver. */
  resolver?: DnsResolver
}

/**
 * The one way text reaches the log as a plain line (core.info writes it raw; core.warning, error,
 * notice and debug escape their own data): control characters are shown escaped, so user text
 * (a path, a name, a tag) cannot start a new line, and a line that would begin with `::` is
 * escaped, so it is never read as a workflow command.
 */
export function logSafe(text: string): string {
  const line = text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
    return named[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  })
  return line.replace(/^(\s*)::/, '$1\\::')
}

function info(text: string): void {
  core.info(logSafe(text))
}

const coreLogger: Logger = {
  info,
  warning: (m, title) => core.warning(m, title ? { title } : {}),
  notice: (m, title) => core.notice(m, title ? { title } : {}),
  debug: (m) => core.debug(m)
}

/**
 * What the Config asks of the shell before any call: account ids masked (mask-aws-account-id), a
 * Region the SDK does not list warned about, the proxy logged (credentials masked) and handed to
 * the OIDC token request through `toolkitEnv` (process.env: @actions/http-client reads only that).
 */
function announceConfig(config: Config, toolkitEnv: NodeJS.ProcessEnv | undefined): void {
  if (config.maskAwsAccountId) accountIdsOf(config).forEach((account) => core.setSecret(account))
  for (const name of config.regions) {
    const region = classifyRegion(name)
    if (region.kind !== 'unlisted') continue
    const nearest = region.suggestions.length > 0 ? ` (did you mean ${region.suggestions.join(' or ')}?)` : ''
    coreLogger.warning(
      `Region ${name} is not in the AWS SDK's Region list${nearest}; going on as a Region of partition ` +
        `${region.partition}, in case it is newer than this action's SDK.`,
      'AWS Region'
    )
  }
  if (config.proxy !== undefined) {
    proxySecrets(config.proxy).forEach((secret) => core.setSecret(secret))
    info(`Proxy: ${describeProxy(config.proxy)}`)
    if (toolkitEnv !== undefined) Object.assign(toolkitEnv, proxyEnvForToolkit(config.proxy))
  }
}

/** Every account id the inputs name (role, certificate and CA ARNs). */
function accountIdsOf(config: Config): string[] {
  const arns = [
    config.roleToAssume,
    config.dnsRoleToAssume,
    ...config.zoneOverrides.map((o) => o.roleArn),
    config.certificateArn,
    config.certificateAuthorityArn
  ]
  return [...new Set(arns.flatMap((arn) => (arn === undefined ? [] : [arnAccountId(arn)])))].filter(
    (account) => account !== undefined
  )
}

export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const clock = options.clock ?? systemClock
  const { signal } = options
  const state = emptyRunState()
  const startedAt = clock.now()
  let clients: AwsClients | undefined
  let reportFile: string | undefined
  try {
    const config = readConfig((name) => core.getInput(name), env)
    announceConfig(config, env === process.env ? process.env : undefined)
    reportFile = config.reportFile
    state.keyAlgorithm = config.keyAlgorithm
    state.mode = config.mode
    state.externalDns = config.mode === 'request' && config.dnsProvider === 'external'
    state.names = config.allNames
    state.region = config.region
    const several = config.regions.length > 1
    if (several) state.regions = config.regions.map(emptyRegionOutcome)
    const names = config.allNames.join(', ')
    const where = config.regions.join(', ')
    info(
      config.mode === 'request'
        ? `Certificate for ${names} in ${where}`
        : config.mode === 'audit'
          ? `Audit of the ${config.auditScope === 'all' ? 'ACM-issued' : "action's"} certificates in ${config.region}${names ? ` holding ${names}` : ''}`
          : `${capitalize(config.mode)}: ${config.certificateArn ?? `the certificate for ${names}`} in ${where}`
    )

    const identities = await resolveIdentities(config, {
      // Real time: the token endpoint answers in real time, whatever clock the run's waits use.
      getIdToken: boundedIdToken((audience) => core.getIDToken(audience), systemClock),
      setSecret: (value) => core.setSecret(value),
      log: coreLogger,
      clock,
      env
    })
    checkCertificateAccount(config, identities.certificate)
    clients = createAwsClients(config, identities)
    const { acm, acmByRegion } = clients
    // Several Regions: each its own Config (its token) and ACM client; outputs as each ARN is known.
    const regions = several
      ? config.regions.map((r) => ({
          config: configForRegion(config, r, deriveIdempotencyToken),
          acm: acmByRegion?.get(r) ?? acm
        }))
      : undefined
    const onRegion = (outcome: RegionOutcome): void => {
      const known = state.regions.find((o) => o.region === outcome.region)?.certificateArn
      state.regions = withOutcome(state.regions, outcome)
      if (outcome.region === config.region)
        Object.assign(state, { certificateArn: outcome.certificateArn, reused: outcome.reused })
      if (outcome.certificateArn === undefined || outcome.certificateArn === known) return
      const out = regionsOutputs(state.regions)
      for (const name of [Outputs.CertificateArns, Outputs.CertificateArn])
        if (out[name]) core.setOutput(name, out[name])
    }
    const result = await untilAborted(
      runMode(
        {
          config,
          acm: clients.acm,
          route53: clients.route53,
          ...(clients.route53ByRole && { route53ByRole: clients.route53ByRole }),
          tagging: clients.tagging,
          clock,
          log: coreLogger,
          ...(config.preflight !== 'off' && { resolver: options.resolver ?? systemResolver(config.dnsResolvers) }),
          signal,
          phase: (name, fn) => core.group(name, fn),
          hooks: {
            onDecision: (decision) => {
              state.decision = decision
            },
            onFindings: (findings) => {
              state.findings = findings
            },
            onPhaseTime: (phase, ms) => {
              state.timings = { ...state.timings, [phase]: ms }
            },
            onCertificate: (arn, reused) => {
              state.certificateArn = arn
              state.reused = reused
              core.setOutput(Outputs.CertificateArn, arn)
            },
            onRecords: (records) => {
              state.records = records
            },
            onProgress: (progress) => {
              state.progress = progress
            }
          }
        },
        regions,
        onRegion
      ),
      signal
    )
    if ('regions' in result) {
      state.regions = result.regions
      for (const o of result.regions) {
        const notice = noticeFor(
          { certificateArn: o.certificateArn ?? '', status: o.status ?? '' },
          config.mode,
          state.externalDns
        )
        if (notice) core.notice(`${o.region}: ${notice.message}`, { title: notice.title })
      }
    }
    state.status = result.status
    state.records = result.records
    state.progress = result.domains
    state.notAfter = result.notAfter
    if (result.names.length > 0) state.names = result.names
    if (several) state.records = mergedRecords(state.regions)
    if (result.audit) state.audit = auditEnd(result.audit, config.failOn)
    const notice = result.audit || several ? undefined : noticeFor(result, config.mode, state.externalDns)
    if (notice) core.notice(notice.message, { title: notice.title })
  } catch (err) {
    state.error = describeError(err)
    if (err instanceof CertificateFailedError) state.status = err.status
    else if (clients && state.regions.length > 0) await lastKnownStatuses(clients, state)
    else if (clients && state.certificateArn) state.status = await lastKnownStatus(clients.acm, state.certificateArn)
  } finally {
    if (clients) destroyAwsClients(clients)
  }
  state.elapsedMs = clock.now() - startedAt
  await report(state)
  if (reportFile !== undefined) await writeReport(reportFile, state, startedAt)
}

/** The JSON audit record (report-file input). A report that cannot be written fails the step. */
async function writeReport(path: string, state: RunState, startedAt: number): Promise<void> {
  try {
    await writeReportFile(path, state.audit?.document ?? reportDocument({ ...state, startedAt }))
    info(`Report written to ${path}`)
  } catch (err) {
    core.error(
      `Could not write the report file ${path}: ${errorMessage(err)}\nCheck that ${Inputs.ReportFile} names a ` +
        `writable path (e.g. under \${{ runner.temp }}).`,
      {
        title: 'Report file'
      }
    )
    process.exitCode = 1
  }
}

async function report(state: RunState): Promise<void> {
  const several = state.regions.length > 0
  const outputs = { ...outputsFor(state), ...(several && regionsOutputs(state.regions)) }
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, value)
  try {
    const markdown = several ? regionsSummaryMarkdown(state.regions, state) : summaryMarkdown(state)
    await core.summary.addRaw(markdown, true).write()
  } catch (err) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) the summary is optional.
    core.debug(`Job summary not written: ${errorMessage(err)}`)
  }
  const failure = state.error ?? state.audit?.failure
  if (failure) {
    const { message, hint, title } = failure
    core.error(hint ? `${message}\n${hint}` : message, { title })
    process.exitCode = 1
    if (state.certificateArn) info(`Certificate so far: ${state.certificateArn} (${state.status ?? 'status unknown'})`)
  }
}

/** Resolves with the work, or rejects with the signal's reason as soon as the signal aborts. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new CancelledError('Cancelled'))
    if (signal.aborted) onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** The entry point for the runner: wires SIGINT/SIGTERM to cancellation, runs, and exits. */
export async function main(): Promise<void> {
  const controller = new AbortController()
  const cancel = (signalName: string) => () =>
    controller.abort(
      new CancelledError(`The run was cancelled (${signalName}) before the certificate was issued.`, {
        hint:
          'Re-run the workflow with the same inputs: it finds the same certificate and carries on from where it ' +
          'stopped.'
      })
    )
  process.once('SIGINT', cancel('SIGINT'))
  process.once('SIGTERM', cancel('SIGTERM'))
  await run({ signal: controller.signal })
  // Do not wait for in-flight sockets (a cancel must end within the runner's 7.5 s grace).
  process.exit()
}
