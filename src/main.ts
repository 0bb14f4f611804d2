// The imperative shell: the only module that touches @actions/core. Reads inputs, wires the
// adapters, runs the mode (run/), and publishes the one Outcome (outputs, job summary, report file,
// failure), even when the run fails or is cancelled half way.
import * as core from '@actions/core'
import { acmeDocument } from './acme/report.js'
import { createAwsClients, destroyAwsClients, type AwsClients } from './aws/clients.js'
import { boundedIdToken } from './identity/id-token.js'
import { Inputs, Outputs } from './constants.js'
import { CancelledError, describeError, errorMessage } from './errors.js'
import { resolveIdentities } from './identity/resolve.js'
import { readConfig } from './inputs/index.js'
import { checkCertificateAccount, type RunDeps } from './run/deps.js'
import { arnAccountId, classifyRegion } from './partitions.js'
import { systemResolver, type DnsResolver } from './preflight.js'
import { describeProxy, proxyEnvForToolkit, proxySecrets } from './proxy.js'
import { redactAccountIds, reportDocument, writeReportFile } from './report-file.js'
import { noticesOf, outputsOf } from './report/outputs.js'
import { summaryOf } from './report/summary.js'
import { planRegions, runMode } from './run/index.js'
import { lastKnownStatuses } from './run/last-known.js'
import { failureOf, reduce, runFacts, startOutcome, type Emit, type Outcome, type RunEvent } from './run/outcome.js'
import { capitalize } from './text.js'
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
    config.certificateAuthorityArn,
    config.acme?.eabRoleArn
  ]
  return [...new Set(arns.flatMap((arn) => (arn === undefined ? [] : [arnAccountId(arn)])))].filter(
    (account) => account !== undefined
  )
}

/** What the run is about to do, in one line. */
function headline(config: Config): string {
  const names = config.allNames.join(', ')
  const where = config.regions.join(', ')
  if (config.mode === 'request') return `Certificate for ${names} in ${where}`
  if (config.mode === 'acme-endpoint')
    return `ACME endpoint ${config.acme?.endpointName ?? ''} in ${where}, prevalidating ${names}`
  if (config.mode === 'audit')
    return `Audit of the ${config.auditScope === 'all' ? 'ACM-issued' : "action's"} certificates in ${config.region}${names ? ` holding ${names}` : ''}`
  return `${capitalize(config.mode)}: ${config.certificateArn ?? `the certificate for ${names}`} in ${where}`
}

function started(config: Config): RunEvent {
  return {
    type: 'started',
    mode: config.mode,
    externalDns: config.mode === 'request' && config.dnsProvider === 'external',
    names: config.allNames,
    keyAlgorithm: config.keyAlgorithm,
    regions: config.regions
  }
}

/**
 * Reads the inputs, resolves the identities and runs the mode in every Region; every fact it learns
 * is an event, reduced into one Outcome, which is published once at the end (outputs, job summary,
 * report file), even when the run fails or is cancelled half way.
 */
export async function run(options: RunOptions = {}): Promise<void> {
  const env = options.env ?? process.env
  const clock = options.clock ?? systemClock
  const startedAt = clock.now()
  let outcome = startOutcome()
  const emit = (event: RunEvent): void => {
    outcome = reduce(outcome, event)
    // As soon as it is known: a runner that kills the process later still has the ARN.
    if (event.type === 'certificate') publishArns(outcome)
  }
  let reportFile: string | undefined
  let clients: Connected | undefined
  let maskedAccounts: Set<string> | undefined // mask-aws-account-id: those masked in the log, for report-file
  try {
    // Masked before anything else can print it (an input error never shows it either).
    const passphrase = core.getInput(Inputs.ExportPassphrase)
    if (passphrase) core.setSecret(passphrase)
    const config = readConfig((name) => core.getInput(name), env)
    reportFile = config.reportFile
    if (config.maskAwsAccountId) maskedAccounts = new Set(accountIdsOf(config))
    emit(started(config))
    announceConfig(config, env === process.env ? process.env : undefined)
    info(headline(config))
    clients = await connect(config, clock, env, maskedAccounts)
    await untilAborted(
      runMode(runDeps(config, clients, emit, options, clock), planRegions(config, clients.acm, clients.acmByRegion)),
      options.signal
    )
  } catch (err) {
    emit({ type: 'failed', error: describeError(err) })
  }
  try {
    // Real time: the runner kills the process in real time, whatever clock the run's waits use.
    if (clients && failureOf(outcome))
      for (const event of await lastKnownStatuses(outcome, acmIn(clients), systemClock)) emit(event)
  } finally {
    if (clients) destroyAwsClients(clients)
  }
  emit({ type: 'ended', elapsedMs: clock.now() - startedAt })
  await publish(outcome)
  if (reportFile !== undefined) await writeReport(reportFile, outcome, startedAt, maskedAccounts)
}

/** The SDK clients of the run, and the account the DNS identity acts in (for messages). */
type Connected = AwsClients & { readonly dnsAccount: string | undefined }

/** The identities (STS) and the SDK clients of the run; `masked` gathers the account ids STS masks. */
async function connect(
  config: Config,
  clock: Clock,
  env: RunOptions['env'] & object,
  masked: Set<string> | undefined
): Promise<Connected> {
  const identities = await resolveIdentities(config, {
    // Real time: the token endpoint answers in real time, whatever clock the run's waits use.
    getIdToken: boundedIdToken((audience) => core.getIDToken(audience), systemClock),
    setSecret: (value) => {
      core.setSecret(value)
      if (/^\d{12}$/.test(value)) masked?.add(value) // an account id
    },
    log: coreLogger,
    clock,
    env
  })
  checkCertificateAccount(config, identities.certificate)
  return { ...createAwsClients(config, identities), dnsAccount: identities.dns.accountId }
}

function acmIn(clients: AwsClients): (region: string) => AwsClients['acm'] {
  return (region) => clients.acmByRegion?.get(region) ?? clients.acm
}

function runDeps(config: Config, clients: Connected, emit: Emit, options: RunOptions, clock: Clock): RunDeps {
  return {
    config,
    acm: clients.acm,
    route53: clients.route53,
    ...(clients.route53ByRole && { route53ByRole: clients.route53ByRole }),
    tagging: clients.tagging,
    dnsAccount: clients.dnsAccount,
    clock,
    log: coreLogger,
    ...(config.preflight !== 'off' && { resolver: options.resolver ?? systemResolver(config.dnsResolvers) }),
    signal: options.signal,
    phase: (name, fn) => core.group(name, fn),
    emit,
    handOverBinding: ({ keyId, macKey }) => {
      // Masked before anything else happens with it; outputs only, never the Outcome, summary or report-file.
      core.setSecret(macKey)
      core.setOutput(Outputs.AcmeEabKeyId, keyId)
      core.setOutput(Outputs.AcmeEabHmacKey, macKey)
    }
  }
}

/** certificate-arn and certificate-arns, as far as known. */
function publishArns(outcome: Outcome): void {
  const out = outputsOf(outcome)
  for (const name of [Outputs.CertificateArns, Outputs.CertificateArn]) if (out[name]) core.setOutput(name, out[name])
}

/**
 * The JSON audit record (report-file input), with the masked account ids (`masked`) redacted. A report
 * that cannot be written fails the step.
 */
async function writeReport(path: string, outcome: Outcome, startedAt: number, masked?: Set<string>): Promise<void> {
  const acme = outcome.acme && acmeDocument(outcome.acme, startedAt, outcome.elapsedMs, outcome.error)
  const doc = outcome.audit?.document ?? acme ?? reportDocument({ ...runFacts(outcome), startedAt })
  try {
    await writeReportFile(path, masked ? redactAccountIds(doc, masked) : doc)
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

/** The Outcome, once: outputs, notices, the job summary, and the failure. */
async function publish(outcome: Outcome): Promise<void> {
  for (const [name, value] of Object.entries(outputsOf(outcome))) core.setOutput(name, value)
  const failure = failureOf(outcome)
  if (!failure) for (const { title, message } of noticesOf(outcome)) core.notice(message, { title })
  try {
    await core.summary.addRaw(summaryOf(outcome), true).write()
  } catch (err) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) the summary is optional.
    core.debug(`Job summary not written: ${errorMessage(err)}`)
  }
  if (failure) {
    const { message, hint, title } = failure
    core.error(hint ? `${message}\n${hint}` : message, { title })
    process.exitCode = 1
    const facts = runFacts(outcome)
    if (facts.certificateArn) info(`Certificate so far: ${facts.certificateArn} (${facts.status ?? 'status unknown'})`)
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
