// action.yml, README.md and src/constants.ts must agree: a user reads the README, the runner reads
// action.yml, and the code reads the constants.
import { readFileSync } from 'node:fs'
import { Inputs, Outputs } from '../src/constants.js'
import { readActionMetadata, renderReadme, root, inputsTable, replaceSection } from '../scripts/metadata.js'

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
  it('starts with the demo and test commands', () => {
    const firstBlock = readme.slice(0, readme.indexOf('```', readme.indexOf('```') + 3))
    expect(firstBlock).toContain('npm ci && npm run demo')
    expect(firstBlock).toContain('npm ci && npm test')
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
