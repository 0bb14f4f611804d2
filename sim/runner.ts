// Runs an action's entry point the way the GitHub Actions runner does: a child `node` process with
// INPUT_* variables, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files in a fresh RUNNER_TEMP,
// then reads the files back. Used by the e2e tests and `npm run demo`.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ACTION_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url))

export interface RunnerOptions {
  /** Inputs by their action.yml name (domain-name, ...). */
  inputs: Record<string, string>
  /** Extra environment (simulator endpoints, AWS_REGION, ...). */
  env?: Record<string, string | undefined>
  entry?: string
  /** Send SIGINT after this many ms, then SIGTERM 7.5 s later, as the runner does on cancel. */
  cancelAfterMs?: number
  /** Kill the process after this many ms (a hung action fails the test instead of hanging it). */
  killAfterMs?: number
  /** Called with each chunk of stdout as it arrives (the demo streams the log). */
  onStdout?: (chunk: string) => void
  /** Keep RUNNER_TEMP after the run (the caller removes it), to read files the action left there. */
  keepTemp?: boolean
}

export interface RunnerResult {
  exitCode: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  durationMs: number
  /** ms from the SIGINT to the process exit, when cancelAfterMs was given. */
  cancelToExitMs: number | undefined
  /** True when the process outlived the 7.5 s after SIGINT and the runner had to send SIGTERM. */
  sigtermSent: boolean
  /** The run's RUNNER_TEMP; it still exists only with keepTemp. */
  runnerTemp: string
}

/** The variables a runner always sets; the caller's env comes on top. No AWS credentials leak in. */
export function runnerEnv(temp: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: temp,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_WORKFLOW: 'certificates',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    RUNNER_OS: 'Linux',
    RUNNER_TEMP: temp,
    AWS_EC2_METADATA_DISABLED: 'true',
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    GITHUB_STATE: join(temp, 'state'),
    GITHUB_ENV: join(temp, 'env'),
    GITHUB_PATH: join(temp, 'path')
  }
}

/** Parses the GITHUB_OUTPUT file format: `name=value` lines and `name<<DELIM` heredocs. */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter] = heredoc
      const value: string[] = []
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] ?? '')
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      out[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return out
}

export async function runAction(options: RunnerOptions): Promise<RunnerResult> {
  const temp = mkdtempSync(join(tmpdir(), 'acm-action-run-'))
  const base = runnerEnv(temp)
  for (const file of ['output', 'summary', 'state', 'env', 'path']) writeFileSync(join(temp, file), '')
  const inputEnv = Object.fromEntries(
    Object.entries(options.inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value])
  )
  const env = Object.fromEntries(
    Object.entries({ ...base, ...inputEnv, ...options.env }).filter((e): e is [string, string] => e[1] !== undefined)
  )
  const started = Date.now()
  const child = spawn(process.execPath, [options.entry ?? ACTION_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    options.onStdout?.(chunk)
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))

  let cancelledAt: number | undefined
  let sigtermSent = false
  const timers: NodeJS.Timeout[] = []
  if (options.cancelAfterMs !== undefined) {
    timers.push(
      setTimeout(() => {
        cancelledAt = Date.now()
        child.kill('SIGINT')
        timers.push(
          setTimeout(() => {
            sigtermSent = true
            child.kill('SIGTERM')
          }, 7500)
        )
      }, options.cancelAfterMs)
    )
  }
  timers.push(setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000))

  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig]))
  )
  const ended = Date.now()
  timers.forEach(clearTimeout)
  const result: RunnerResult = {
    exitCode,
    signal,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(join(temp, 'output'), 'utf8')),
    summary: readFileSync(join(temp, 'summary'), 'utf8'),
    durationMs: ended - started,
    cancelToExitMs: cancelledAt === undefined ? undefined : ended - cancelledAt,
    sigtermSent,
    runnerTemp: temp
  }
  if (!options.keepTemp) rmSync(temp, { recursive: true, force: true })
  return result
}
