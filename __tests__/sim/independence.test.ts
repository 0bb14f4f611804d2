// The simulator stands for AWS and GitHub, so it must never know the action: sim/ imports nothing of
// src/ (the simulator's rules come from the API reference, not from the code under test).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from '../../scripts/metadata.js'

const SIM = join(root, 'sim')
const simFiles = readdirSync(SIM, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))

/** Every module specifier a file imports or re-exports (static and dynamic). */
function specifiers(source: string): string[] {
  const found = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)]
  return found.map((m) => m[1] as string)
}

it('finds the simulator files and their imports (the check below is not vacuous)', () => {
  expect(simFiles.length).toBeGreaterThan(10)
  expect(specifiers(readFileSync(join(SIM, 'index.ts'), 'utf8'))).toContain('./server.js')
  expect(specifiers("import { x } from '../src/a.js'\nexport * from \"./b.js\"\nawait import('../src/c.js')")).toEqual([
    '../src/a.js',
    './b.js',
    '../src/c.js'
  ])
})

it.each(simFiles)('sim/%s imports nothing of src/', (file) => {
  const outside = specifiers(readFileSync(join(SIM, file), 'utf8')).filter((s) => /(^|\/)src\//.test(s))
  expect(outside).toEqual([])
})
