// action.yml, README.md and src/constants.ts must agree: a user reads the README, the runner reads
// action.yml, and the code reads the constants.
import { readFileSync } from 'node:fs'
import { Inputs, Outputs } from '../src/constants.js'
import { readConfig } from '../src/inputs/index.js'
import {
  REQUIRED_WHEN,
  readActionMetadata,
  renderReadme,
  root,
  inputsTable,
  replaceSection
} from '../scripts/metadata.js'

const meta = readActionMetadata()
const readme = readFileSync(`${root}/README.md`, 'utf8')

describe('action.yml', () => {
  it('runs dist/index.js on node24', () => {
    expect(meta.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
  })

  it('declares exactly the inputs the code reads', () => {
    expect(Object.keys(meta.inputs).sort()).toEqual(Object.values(Inputs).sort())
  })

  it('declares exactly the outputs the code writes', () => {
    expect(Object.keys(meta.outputs).sort()).toEqual(Object.values(Outputs).sort())
  })

  it('describes every input and output', () => {
    for (const [name, item] of [...Object.entries(meta.inputs), ...Object.entries(meta.outputs)]) {
      expect(`${name}: ${item.description?.trim() ?? ''}`).toMatch(new RegExp(`^${name}: \\S`))
    }
  })
})

describe('README.md', () => {
  it('names the demo and test commands at its top, and again in Develop', () => {
    const top = readme.split('\n').slice(0, 8).join('\n')
    const develop = readme.slice(readme.indexOf('\n## Develop'))
    for (const text of [top, develop]) {
      expect(text).toContain('npm ci && npm run demo')
      expect(text).toContain('npm ci && npm test')
    }
  })

  it('lists every npm script in the Develop table', () => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(`${root}/package.json`, 'utf8')) as { scripts: object }).scripts
    )
    const develop = readme.slice(readme.indexOf('\n## Develop'))
    const rows = develop.split('\n').filter((line) => line.startsWith('| `'))
    const listed = (script: string): boolean =>
      rows.some((row) => row.includes(`\`npm run ${script}\``) || (script === 'test' && row.includes('`npm test`')))
    expect(scripts.filter((script) => !listed(script))).toEqual([])
  })

  it('says in the Required column when each input is required', () => {
    const table = inputsTable(meta)
    expect(table).toContain(`| \`domain-name\` | ${REQUIRED_WHEN['domain-name']} |`)
    expect(table).toContain('| `wait` | no |')
    expect(Object.keys(REQUIRED_WHEN).filter((name) => !(name in meta.inputs))).toEqual([])
  })

  it('has inputs and outputs tables that match action.yml (run `npm run docs` to fix)', () => {
    expect(readme).toBe(renderReadme(readme, meta))
  })

  it('would notice a drift: a changed default makes the check fail', () => {
    const drifted = structuredClone(meta)
    const wait = drifted.inputs['wait']
    if (!wait) throw new Error('action.yml has no wait input')
    wait.default = 'false'
    expect(renderReadme(readme, drifted)).not.toBe(readme)
    expect(inputsTable(drifted)).toContain('| `wait` | no | `false` |')
  })

  it('refuses a README without the generated section', () => {
    expect(() => replaceSection('no markers here', 'inputs', 'x')).toThrow(/inputs:start/)
  })
})

// Each "yes" of the Required column, and each "no" next to it, as readConfig decides it.
describe('the Required column agrees with readConfig', () => {
  const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0'
  const config =
    (inputs: Record<string, string>, env: Record<string, string> = {}) =>
    () =>
      readConfig((name) => inputs[name] ?? '', env)
  const region = { 'aws-region': 'us-east-1' }

  it.each([
    ['request without domain-name', { ...region }, /domain-name/],
    [
      'status and one Region without certificate-arn',
      { mode: 'status', 'domain-name': 'example.com', ...region },
      /certificate-arn/
    ],
    [
      'status and several Regions without names',
      { mode: 'status', 'aws-region': 'us-east-1, eu-central-1' },
      /domain-name/
    ],
    ['delete without certificate-arn or names', { mode: 'delete', ...region }, /domain-name/],
    ['no Region anywhere', { 'domain-name': 'example.com' }, /aws-region/],
    [
      'export without export-passphrase',
      { 'domain-name': 'example.com', ...region, export: 'true' },
      /export-passphrase/
    ]
  ])('refuses %s', (_what, inputs, input) => {
    expect(config(inputs)).toThrow(input)
  })

  it.each([
    ['request with domain-name', { 'domain-name': 'example.com', ...region }, {}],
    ['status with certificate-arn alone (its Region too)', { mode: 'status', 'certificate-arn': ARN }, {}],
    ['delete with certificate-arn alone', { mode: 'delete', 'certificate-arn': ARN }, {}],
    ['audit without names', { mode: 'audit', ...region }, {}],
    [
      'export with export-passphrase',
      { 'domain-name': 'example.com', ...region, export: 'true', 'export-passphrase': 'correct horse' },
      {}
    ],
    ['a Region from AWS_REGION', { 'domain-name': 'example.com' }, { AWS_REGION: 'eu-west-1' }],
    ['a Region from AWS_DEFAULT_REGION', { 'domain-name': 'example.com' }, { AWS_DEFAULT_REGION: 'eu-west-1' }]
  ])('accepts %s', (_what, inputs, env: Record<string, string>) => {
    expect(config(inputs, env)).not.toThrow()
  })
})
