// Reads action.yml and renders the README's inputs and outputs tables from it, so the two can't
// drift: `npm run docs` rewrites the tables, and __tests__/metadata.test.ts fails when they differ.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export interface ActionInput {
  description: string
  required?: boolean
  default?: string
}
export interface ActionMetadata {
  name: string
  description: string
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string }
}

export const root = fileURLToPath(new URL('..', import.meta.url))

export function readActionMetadata(path = `${root}/action.yml`): ActionMetadata {
  return parse(readFileSync(path, 'utf8')) as ActionMetadata
}

const cell = (text: string): string => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')

/**
 * The README's Required column, per mode. action.yml can only say required: true or false for every
 * mode at once (and the runner does not enforce it), so the inputs a mode needs are listed here, as
 * readConfig enforces them (__tests__/metadata.test.ts checks each claim against readConfig).
 */
export const REQUIRED_WHEN: Readonly<Record<string, string>> = {
  'domain-name': 'yes: mode request; status and delete without `certificate-arn`',
  'aws-region': 'yes, unless `AWS_REGION`, `AWS_DEFAULT_REGION` or `certificate-arn` gives it',
  'certificate-arn': 'yes: mode status with one Region',
  'export-passphrase': 'yes, with `export: true`'
}

const required = (name: string, input: ActionInput): string => (input.required ? 'yes' : (REQUIRED_WHEN[name] ?? 'no'))

export function inputsTable(meta: ActionMetadata): string {
  const rows = Object.entries(meta.inputs).map(
    ([name, i]) =>
      `| \`${name}\` | ${required(name, i)} | ${i.default !== undefined && i.default !== '' ? `\`${i.default}\`` : ''} | ${cell(i.description)} |`
  )
  return ['| Input | Required | Default | Description |', '|---|---|---|---|', ...rows].join('\n')
}

export function outputsTable(meta: ActionMetadata): string {
  const rows = Object.entries(meta.outputs).map(([name, o]) => `| \`${name}\` | ${cell(o.description)} |`)
  return ['| Output | Description |', '|---|---|', ...rows].join('\n')
}

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const a = doc.indexOf(start)
  const b = doc.indexOf(end)
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} section`)
  return `${doc.slice(0, a + start.length)}\n${body}\n${doc.slice(b)}`
}

export function renderReadme(readme: string, meta: ActionMetadata): string {
  return replaceSection(replaceSection(readme, 'inputs', inputsTable(meta)), 'outputs', outputsTable(meta))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = `${root}/README.md`
  writeFileSync(path, renderReadme(readFileSync(path, 'utf8'), readActionMetadata()))
  console.log('README.md inputs and outputs tables rewritten from action.yml')
}
