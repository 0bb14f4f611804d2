// The adapters import nothing of the features: a file of src/aws/ imports only src/aws/ and the
// kernel (the shared modules below), and a kernel module only the kernel. Features (run/, request/,
// status/, delete/, audit/, zones/, identity/, certificate/, report/, inputs/, main.ts) may import
// both. Prints each import that breaks the rule; exits 1 if there is one.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

/** The kernel: shared types, errors, the poll loop, names and texts every layer uses. */
export const KERNEL = [
  'constants.ts',
  'concurrency.ts',
  'decisions/hints.ts',
  'domains.ts',
  'error-classes.ts',
  'errors.ts',
  'partitions.ts',
  'poll.ts',
  'proxy.ts',
  'text.ts',
  'types.ts'
]

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : []
  })
}

const src = 'src'
const isKernel = (file: string): boolean => KERNEL.includes(file)
const isAdapter = (file: string): boolean => file.startsWith('aws/')
const broken: string[] = []
for (const path of files(src)) {
  const file = relative(src, path)
  if (!isKernel(file) && !isAdapter(file)) continue
  for (const [, spec] of readFileSync(path, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const target = normalize(join(dirname(file), spec ?? '')).replace(/\.js$/, '.ts')
    const allowed = isKernel(target) || (isAdapter(file) && isAdapter(target))
    if (!allowed)
      broken.push(`  ${file} imports ${target} (${isAdapter(file) ? 'an adapter' : 'the kernel'} imports a feature)`)
  }
}
console.log(broken.length > 0 ? broken.join('\n') : '  ok (aws/ imports aws/ and the kernel; the kernel only itself)')
process.exit(broken.length > 0 ? 1 : 0)
