// Lists the functions of the given folders longer than a screen (house rule: at most MAX lines from
// the line of their signature to the line of their closing brace). A function nested in another
// counts on its own, and inside its parent too: a long callback makes a long parent.
// Usage: tsx scripts/function-lengths.ts [max] [folder...]; exits 1 when one is longer.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'

const [maxArg = '60', ...folders] = process.argv.slice(2)
const max = Number(maxArg)

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return files(path)
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  })
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText()
  const parent = node.parent
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.name.getText()
  return '(anonymous)'
}

const long: { where: string; name: string; lines: number }[] = []
let longest = { where: '', name: '', lines: 0 }
for (const path of (folders.length > 0 ? folders : ['src']).flatMap(files)) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true)
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const found = { where: `${path}:${first + 1}`, name: nameOf(node), lines: last - first + 1 }
      if (found.lines > longest.lines) longest = found
      if (found.lines > max) long.push(found)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
}
for (const f of long.sort((a, b) => b.lines - a.lines)) console.log(`  ${f.where} ${f.name}: ${f.lines} lines`)
console.log(
  `  ${long.length} function(s) over ${max} lines; longest: ${longest.name} (${longest.where}), ${longest.lines} lines`
)
process.exit(long.length > 0 ? 1 : 0)
