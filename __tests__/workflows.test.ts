// The workflows users copy (docs/examples) and the ones this repository runs (.github/workflows) are
// part of the product: the linter CI runs must accept them and reject broken ones, and every input
// they pass to the action or to the reusable workflow must be one that is declared. The linter runs
// in this process (scripts/lint-workflows.ts, what scripts/lint-workflows.sh calls): its WASM loads once.
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { readActionMetadata, root } from '../scripts/metadata.js'
import { lintFiles, type LintResult } from '../scripts/lint-workflows.js'

const REUSABLE_WORKFLOW = '.github/workflows/provision-certificate.yml'
const FIXTURES = '__fixtures__/workflows'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
}
interface WorkflowCallInput {
  required?: boolean
  type: 'string' | 'boolean' | 'number'
  default?: string | boolean | number
}
interface Job {
  uses?: string
  with?: Record<string, unknown>
  steps?: Step[]
  outputs?: Record<string, string>
  concurrency?: { group: string; 'cancel-in-progress'?: boolean }
  permissions?: Record<string, string>
}
interface Workflow {
  on: {
    workflow_call?: {
      inputs: Record<string, WorkflowCallInput>
      outputs: Record<string, { value: string }>
      secrets?: unknown
    }
  }
  permissions?: Record<string, string>
  jobs: Record<string, Job>
}

const workflowFiles = (dir: string): string[] =>
  readdirSync(`${root}/${dir}`)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => `${dir}/${name}`)

const readWorkflow = (file: string): Workflow => parse(readFileSync(`${root}/${file}`, 'utf8')) as Workflow

/** A step that runs this action: `./`, the reusable workflow's checkout of it, or `<owner>/acm-certificate-action@ref`. */
const isThisAction = (uses: string): boolean =>
  /^\.\/(\.acm-certificate-action\/?)?$/.test(uses) || /^[\w.-]+\/acm-certificate-action@/.test(uses)

/** A job that calls the reusable workflow, locally or from another repository. */
const isReusableWorkflow = (uses: string): boolean =>
  /^(\.\/|[\w.-]+\/acm-certificate-action\/)\.github\/workflows\/provision-certificate\.ya?ml(@|$)/.test(uses)

interface Declared {
  names: string[]
  required: string[]
}

/** Problems with the `with:` of every call site of the action or the reusable workflow in one workflow. */
function undeclaredInputProblems(file: string, workflow: Workflow, action: Declared, reusable: Declared): string[] {
  const problems: string[] = []
  const check = (where: string, given: Record<string, unknown> | undefined, declared: Declared, what: string): void => {
    const names = Object.keys(given ?? {})
    for (const name of names.filter((n) => !declared.names.includes(n))) {
      problems.push(`${file}: ${where} passes "${name}", which ${what} does not declare`)
    }
    for (const name of declared.required.filter((n) => !names.includes(n))) {
      problems.push(`${file}: ${where} does not pass the required input "${name}" of ${what}`)
    }
  }
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    if (job.uses !== undefined && isReusableWorkflow(job.uses)) {
      check(`job ${jobId}`, job.with, reusable, REUSABLE_WORKFLOW)
    }
    for (const [index, step] of (job.steps ?? []).entries()) {
      if (step.uses !== undefined && isThisAction(step.uses)) {
        check(`job ${jobId} step ${step.id ?? index + 1}`, step.with, action, 'action.yml')
      }
    }
  }
  return problems
}

const meta = readActionMetadata()
const actionDeclared: Declared = {
  names: Object.keys(meta.inputs),
  required: Object.entries(meta.inputs).flatMap(([name, input]) => (input.required ? [name] : []))
}
const reusable = readWorkflow(REUSABLE_WORKFLOW)
const workflowCall = reusable.on.workflow_call
if (workflowCall === undefined) throw new Error(`${REUSABLE_WORKFLOW} is not triggered by workflow_call`)
const reusableDeclared: Declared = {
  names: Object.keys(workflowCall.inputs),
  required: Object.entries(workflowCall.inputs).flatMap(([name, input]) => (input.required ? [name] : []))
}
const repoWorkflows = workflowFiles('.github/workflows')
const examples = workflowFiles('docs/examples')
const allWorkflows = [...repoWorkflows, ...examples]

describe('scripts/lint-workflows.sh (what .ci/run calls)', () => {
  let clean: LintResult
  const broken = new Map<string, LintResult>()
  const brokenFixtures = [
    `${FIXTURES}/broken-syntax.yml`,
    `${FIXTURES}/bad-expression.yml`,
    `${FIXTURES}/unpinned.yml`,
    `${FIXTURES}/broken-action/action.yml`
  ]

  beforeAll(async () => {
    clean = await lintFiles()
    for (const fixture of brokenFixtures) broken.set(fixture, await lintFiles([fixture]))
  })

  it('passes on action.yml, every workflow and every example', () => {
    expect(clean.output).toContain(`${allWorkflows.length + 1} file(s) checked, 0 problem(s)`)
    expect(clean.code).toBe(0)
  })

  it.each([
    [`${FIXTURES}/broken-syntax.yml`, /12:5: unexpected key "runs-onn" for "job" section.*\[actionlint:syntax-check\]/],
    [`${FIXTURES}/broken-syntax.yml`, /"runs-on" section is missing in job "certificate"/],
    [`${FIXTURES}/broken-syntax.yml`, /undefined variable "secret".*\[actionlint:expression\]/],
    [`${FIXTURES}/broken-syntax.yml`, /Unexpected value 'runs-onn' \[github-schema\]/],
    [`${FIXTURES}/bad-expression.yml`, /18:\d+: unexpected end of input while parsing .*\[actionlint:expression\]/],
    [`${FIXTURES}/bad-expression.yml`, /Unexpected end of expression: '==' \[github-schema\]/],
    [`${FIXTURES}/unpinned.yml`, /"actions\/checkout@v4" is not pinned by a full 40-character commit SHA \[pinning\]/],
    [`${FIXTURES}/unpinned.yml`, /"actions\/setup-node@49933ea5\w+" needs a "# vX.Y.Z" comment/],
    [`${FIXTURES}/broken-action/action.yml`, /Line: 12, Col: 10\): Unexpected value 'node99' \[action-schema\]/],
    [`${FIXTURES}/broken-action/action.yml`, /Unexpected value 'outptus' \[action-schema\]/]
  ])('rejects %s with %s', (fixture, message) => {
    const result = broken.get(fixture)
    expect(result?.output).toMatch(message)
    expect(result?.output).toMatch(/1 file\(s\) checked, [1-9]\d* problem\(s\)/)
    expect(result?.code).toBe(1)
  })

  it('refuses a file that does not exist, with exit status 2', async () => {
    const result = await lintFiles([`${FIXTURES}/no-such-workflow.yml`])
    expect(result.output).toMatch(/no such file: .*no-such-workflow\.yml/)
    expect(result.code).toBe(2)
  })
})

describe('inputs passed to the action and to the reusable workflow', () => {
  const callSites = (files: string[], test: (uses: string) => boolean): number =>
    files
      .map(readWorkflow)
      .flatMap((w) => Object.values(w.jobs))
      .flatMap((job) => [job.uses, ...(job.steps ?? []).map((s) => s.uses)])
      .filter((uses): uses is string => uses !== undefined && test(uses)).length

  it('finds call sites to check (the checks below are not vacuous)', () => {
    expect(callSites([REUSABLE_WORKFLOW], isThisAction)).toBe(1)
    expect(callSites(examples, isThisAction)).toBeGreaterThanOrEqual(2)
    expect(callSites(examples, isReusableWorkflow)).toBeGreaterThanOrEqual(1)
  })

  it.each(allWorkflows)('%s uses only declared inputs and passes the required ones', (file) => {
    expect(undeclaredInputProblems(file, readWorkflow(file), actionDeclared, reusableDeclared)).toEqual([])
  })

  it('reports undeclared and missing inputs in a broken fixture', () => {
    const file = `${FIXTURES}/undeclared-inputs.yml`
    // No input of the reusable workflow is required any more (status and delete modes take a
    // certificate-arn instead of domain-name): declare one required here to exercise that check.
    const withRequired = { ...reusableDeclared, required: ['domain-name'] }
    expect(undeclaredInputProblems(file, readWorkflow(file), actionDeclared, withRequired)).toEqual([
      `${file}: job direct step 1 passes "region", which action.yml does not declare`,
      `${file}: job call passes "domain", which ${REUSABLE_WORKFLOW} does not declare`,
      `${file}: job call does not pass the required input "domain-name" of ${REUSABLE_WORKFLOW}`
    ])
  })

  it.each([
    ['./', true],
    ['./.acm-certificate-action', true],
    ['your-org/acm-certificate-action@v1', true],
    ['your-org/acm-certificate-action@0123456789abcdef0123456789abcdef01234567', true],
    ['actions/checkout@v4', false],
    ['./other-action', false],
    ['your-org/acm-certificate-action/.github/workflows/provision-certificate.yml@v1', false]
  ])('isThisAction(%s) is %s', (uses, expected) => {
    expect(isThisAction(uses)).toBe(expected)
  })

  it.each([
    ['./.github/workflows/provision-certificate.yml', true],
    ['your-org/acm-certificate-action/.github/workflows/provision-certificate.yml@v1', true],
    ['your-org/other/.github/workflows/provision-certificate.yml@v1', false],
    ['./.github/workflows/ci.yml', false]
  ])('isReusableWorkflow(%s) is %s', (uses, expected) => {
    expect(isReusableWorkflow(uses)).toBe(expected)
  })
})

describe('the reusable workflow', () => {
  const [jobId, job] = Object.entries(reusable.jobs)[0] ?? []
  const actionStep = job?.steps?.find((s) => s.uses !== undefined && isThisAction(s.uses))
  // Export writes files on the runner of the job that runs the action, and takes a secret: the
  // reusable workflow's job could hand neither to its caller (see its header).
  const NOT_MIRRORED = new Set(['export', 'export-passphrase', 'export-directory', 'deployed-serial'])
  const mirroredInputs = Object.entries(meta.inputs).filter(([name]) => !NOT_MIRRORED.has(name))

  it('mirrors every input of action.yml but the export ones, with the same required flag and default', () => {
    expect(mirroredInputs.length).toBe(Object.keys(meta.inputs).length - NOT_MIRRORED.size)
    for (const [name, input] of mirroredInputs) {
      const mirrored = workflowCall.inputs[name]
      expect({ name, required: mirrored?.required ?? false }).toEqual({ name, required: input.required ?? false })
      expect({ name, default: String(mirrored?.default ?? '') }).toEqual({ name, default: input.default ?? '' })
    }
  })

  it('adds no input of its own but the runner label', () => {
    expect(reusableDeclared.names.filter((name) => !actionDeclared.names.includes(name))).toEqual(['runs-on'])
  })

  it('passes each of its inputs to the action unchanged', () => {
    const expected = Object.fromEntries(mirroredInputs.map(([name]) => [name, `\${{ inputs.${name} }}`]))
    expect(actionStep?.with).toEqual(expected)
  })

  it('hands the action outputs to the caller, certificate-arn and status among them', () => {
    const outputs = Object.entries(workflowCall.outputs)
    expect(outputs.map(([name]) => name)).toEqual(expect.arrayContaining(['certificate-arn', 'status']))
    for (const [name, output] of outputs) {
      expect(output.value).toBe(`\${{ jobs.${jobId}.outputs.${name} }}`)
      if (name === 'report') continue // the workflow's own: below
      expect(Object.keys(meta.outputs)).toContain(name)
      expect(job?.outputs?.[name]).toBe(`\${{ steps.${actionStep?.id}.outputs.${name} }}`)
    }
  })

  it('hands the report-file content to the caller as its own report output, also when the action failed', () => {
    expect(job?.outputs?.['report']).toBe('${{ steps.report.outputs.json }}')
    const step = job?.steps?.find((s) => s.id === 'report') as
      { if?: string; env?: Record<string, string>; run?: string } | undefined
    expect(step?.if).toBe("always() && inputs.report-file != ''")
    expect(step?.env?.['REPORT_FILE']).toBe('${{ inputs.report-file }}')
    expect(step?.run).toMatch(/echo "json<<\$delimiter"; cat "\$REPORT_FILE"/)
  })

  it('takes no secrets, may request an OIDC token, and queues callers per name set and Region', () => {
    expect(workflowCall.secrets).toBeUndefined()
    expect(reusable.permissions).toEqual({ contents: 'read', 'id-token': 'write' })
    expect(job?.concurrency?.group).toMatch(/\$\{\{ inputs\.domain-name \}\}.*\$\{\{ inputs\.aws-region/)
    expect(job?.concurrency?.['cancel-in-progress']).toBe(false)
  })
})

describe('permissions', () => {
  it.each(repoWorkflows.filter((f) => f !== REUSABLE_WORKFLOW))('%s only reads the repository', (file) => {
    expect(readWorkflow(file).permissions).toEqual({ contents: 'read' })
  })

  it.each(examples)('%s declares its permissions (id-token for OIDC, contents read)', (file) => {
    const workflow = readWorkflow(file)
    const granted = [workflow.permissions, ...Object.values(workflow.jobs).map((j) => j.permissions)]
    expect(granted).toContainEqual({ 'id-token': 'write', contents: 'read' })
  })
})
