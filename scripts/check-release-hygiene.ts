// Release hygiene, checked by .ci/run (and by __tests__/publishing.test.ts on fixtures):
//   - license gate: every package bundled into dist/ (dist/licenses.txt, written by `ncc --license`)
//     and every production package in package-lock.json is under a license on the allowlist;
//   - pins: every third-party action in .github/workflows, docs/examples, docs/*.md and README.md
//     is pinned by a full 40-character commit SHA with a "# vX.Y.Z" comment, and every pin of one
//     action (one repository: github/codeql-action/init and /analyze are one) names the same SHA and
//     comment in all those files. It does not check that the SHA is the commit of that release tag:
//     that needs the network (Dependabot writes both together);
//   - action.yml: a Marketplace description under 125 characters and a name;
//   - CHANGELOG.md: every input and output of action.yml appears in the 1.0.0 entry or in an entry
//     above it (an Unreleased section, or a release after 1.0.0).
// Usage: tsx scripts/check-release-hygiene.ts [--root DIR]   (default: this repository)
// Exit status: 0 clean, 1 problems found (one line each), 2 bad usage.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

/** SPDX identifiers a bundled package may be licensed under. */
export const LICENSE_ALLOWLIST = ['MIT', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', '0BSD'] as const

/** The Marketplace truncates, and rejects on publishing, a description of 125 characters or more. */
export const MAX_DESCRIPTION_LENGTH = 124

export interface BundledPackage {
  name: string
  /** SPDX expression as written, or undefined when the source names none. */
  license: string | undefined
}

/**
 * Parses ncc's licenses.txt: for each bundled package, sorted by name, its name, its license id (when
 * package.json has one) and its license text, entries separated by a blank line. License texts have
 * blank lines of their own, so an entry starts only at a line that is a known package name (from the
 * lockfile) at the top of the file or after a blank line.
 */
export function parseLicensesTxt(text: string, knownPackages: ReadonlySet<string>): BundledPackage[] {
  const lines = text.split(/\r?\n/)
  const found: BundledPackage[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim()
    if ((i === 0 || (lines[i - 1] ?? '').trim() === '') && knownPackages.has(line)) {
      const next = (lines[i + 1] ?? '').trim()
      found.push({ name: line, license: isSpdxExpression(next) ? next : undefined })
    }
  }
  return found
}

const SPDX_ID = /^[A-Za-z0-9][A-Za-z0-9.+-]*$/
function isSpdxExpression(text: string): boolean {
  const terms = text.replace(/[()]/g, ' ').trim().split(/\s+/)
  return (
    terms.length > 0 &&
    terms.every((term, i) => (i % 2 === 0 ? SPDX_ID.test(term) : /^(AND|OR|WITH)$/.test(term))) &&
    terms.length % 2 === 1
  )
}

/** Whether an SPDX expression is satisfied by the allowlist: one OR branch whose every AND term is allowed. */
export function licenseAllowed(expression: string, allow: readonly string[] = LICENSE_ALLOWLIST): boolean {
  const branches = expression
    .replace(/[()]/g, ' ')
    .trim()
    .split(/\s+OR\s+/)
  return branches.some((branch) =>
    branch
      .split(/\s+AND\s+/)
      .map((term) => term.trim())
      .every((term) => allow.includes(term))
  )
}

interface Lockfile {
  packages?: Record<string, { name?: string; license?: string; dev?: boolean; devOptional?: boolean }>
}

/** Name of a lockfile entry ("node_modules/@scope/a/node_modules/b" is b). */
const lockfileName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)

/** Every package the lockfile knows (any dependency type), by name. */
export function lockfilePackageNames(lockfile: Lockfile): Set<string> {
  return new Set(
    Object.keys(lockfile.packages ?? {})
      .filter((path) => path.includes('node_modules/'))
      .map(lockfileName)
  )
}

/** The packages that can end up in dist/: the lockfile's non-dev entries, with their license. */
export function productionPackages(lockfile: Lockfile): BundledPackage[] {
  return Object.entries(lockfile.packages ?? {})
    .filter(([path, entry]) => path.includes('node_modules/') && entry.dev !== true && entry.devOptional !== true)
    .map(([path, entry]) => ({ name: lockfileName(path), license: entry.license }))
}

/** One problem per package whose license is missing or not on the allowlist. */
export function licenseProblems(
  where: string,
  packages: BundledPackage[],
  allow: readonly string[] = LICENSE_ALLOWLIST
): string[] {
  const problems: string[] = []
  const seen = new Set<string>()
  for (const { name, license } of packages) {
    const key = `${name} ${license ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    if (license === undefined || license === '') {
      problems.push(
        `${where}: package "${name}" declares no license; only ${allow.join(', ')} may be bundled into dist/ [license]`
      )
    } else if (!licenseAllowed(license, allow)) {
      problems.push(
        `${where}: package "${name}" is licensed ${license}, which is not on the allowlist (${allow.join(', ')}): ` +
          'replace the dependency, or have its license reviewed and added to LICENSE_ALLOWLIST [license]'
      )
    }
  }
  return problems
}

// Examples show users the documented form `<owner>/acm-certificate-action@v1`; every other action
// is pinned by commit SHA, the only immutable reference GitHub offers.
const THIS_ACTION = /^(<owner>|[\w.-]+)\/acm-certificate-action(\/[^@\s]*)?@/
const USES = /^\s*(?:-\s+)?uses:\s*['"]?([^\s'"#]+)['"]?\s*(#.*)?$/
const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/
const VERSION_COMMENT = /^#\s*v\d+\.\d+\.\d+(\s|$)/

/** One problem per `uses:` line (workflow YAML or a Markdown code block) not pinned by SHA with a version comment. */
export function pinProblems(file: string, content: string): string[] {
  const problems: string[] = []
  content.split(/\r?\n/).forEach((line, index) => {
    const match = USES.exec(line)
    if (!match) return
    const ref = match[1] as string
    const comment = (match[2] ?? '').trim()
    if (ref.startsWith('./') || ref.startsWith('docker://') || THIS_ACTION.test(ref)) return
    const at = `${file}:${index + 1}`
    if (!SHA_PIN.test(ref)) {
      problems.push(`${at}: "${ref}" is not pinned by a full 40-character commit SHA of a release tag [pinning]`)
    } else if (!VERSION_COMMENT.test(comment)) {
      problems.push(`${at}: "${ref}" needs a "# vX.Y.Z" comment naming the release whose commit it pins [pinning]`)
    }
  })
  return problems
}

/** A well-formed SHA pin of a third-party action, where it was found. */
export interface Pin {
  at: string
  /** owner/repository: the unit Dependabot bumps. */
  repository: string
  /** "<sha> # vX.Y.Z" */
  release: string
}

/** The well-formed SHA pins of a file (malformed ones are pinProblems' to report). */
export function pinsOf(file: string, content: string): Pin[] {
  const pins: Pin[] = []
  content.split(/\r?\n/).forEach((line, index) => {
    const match = USES.exec(line)
    const ref = match?.[1]
    const comment = (match?.[2] ?? '').trim()
    if (ref === undefined || !SHA_PIN.test(ref) || !VERSION_COMMENT.test(comment)) return
    const [path, sha] = ref.split('@') as [string, string]
    const version = /^#\s*(v\d+\.\d+\.\d+)/.exec(comment)?.[1] as string
    pins.push({
      at: `${file}:${index + 1}`,
      repository: path.split('/').slice(0, 2).join('/'),
      release: `${sha} # ${version}`
    })
  })
  return pins
}

/** One problem per pin that differs from the first pin of the same action (in the order given). */
export function pinAgreementProblems(pins: readonly Pin[]): string[] {
  const first = new Map<string, Pin>()
  const problems: string[] = []
  for (const pin of pins) {
    const reference = first.get(pin.repository)
    if (reference === undefined) first.set(pin.repository, pin)
    else if (reference.release !== pin.release) {
      problems.push(
        `${pin.at}: "${pin.repository}" is pinned at ${pin.release} here but at ${reference.release} in ${reference.at}: ` +
          'pin one release of an action everywhere [pinning]'
      )
    }
  }
  return problems
}

interface ActionYaml {
  name?: unknown
  description?: unknown
  inputs?: Record<string, unknown>
  outputs?: Record<string, unknown>
}

/** The Marketplace's requirements on action.yml's name and description. */
export function actionMetadataProblems(file: string, content: string): string[] {
  const meta = (parse(content) ?? {}) as ActionYaml
  const problems: string[] = []
  if (typeof meta.name !== 'string' || meta.name.trim() === '') {
    problems.push(`${file}: has no name, which the Marketplace lists the action under [metadata]`)
  }
  const description = typeof meta.description === 'string' ? meta.description.trim() : ''
  if (description === '') {
    problems.push(`${file}: has no description [metadata]`)
  } else if (description.length > MAX_DESCRIPTION_LENGTH) {
    problems.push(
      `${file}: description is ${description.length} characters; the Marketplace needs fewer than ` +
        `${MAX_DESCRIPTION_LENGTH + 1}: shorten it and move the detail to README.md [metadata]`
    )
  }
  return problems
}

/**
 * The entries of a Keep a Changelog file from the top down to and including `## [1.0.0]`: an
 * `## [Unreleased]` section and the releases after 1.0.0 (release-please writes them above it).
 */
export function changelogEntries(changelog: string): { entries: string[]; first: string | undefined } {
  const entries = changelog.split(/^(?=## \[)/m).filter((s) => s.startsWith('## ['))
  const index = entries.findIndex((s) => /^## \[1\.0\.0\]/.test(s))
  return index < 0 ? { entries: [], first: undefined } : { entries: entries.slice(0, index + 1), first: entries[index] }
}

/** Every input and output name of action.yml must be named (in backquotes) in the 1.0.0 entry or one above it. */
export function changelogProblems(file: string, changelog: string, actionYaml: string): string[] {
  const meta = (parse(actionYaml) ?? {}) as ActionYaml
  const { entries, first } = changelogEntries(changelog)
  if (first === undefined) return [`${file}: has no "## [1.0.0]" entry [changelog]`]
  const documented = entries.join('\n')
  const problems: string[] = []
  for (const [kind, names] of [
    ['input', Object.keys(meta.inputs ?? {})],
    ['output', Object.keys(meta.outputs ?? {})]
  ] as const) {
    for (const name of names) {
      if (!documented.includes(`\`${name}\``)) {
        problems.push(
          `${file}: the ${kind} \`${name}\` of action.yml is not in the 1.0.0 entry nor in an entry above it: ` +
            `a new ${kind} must be added to the "## [Unreleased]" section of ${file} (or the release entry that adds it) [changelog]`
        )
      }
    }
  }
  return problems
}

const yamlFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .sort()
        .map((name) => join(dir, name))
    : []
const markdownFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith('.md'))
        .sort()
        .map((name) => join(dir, name))
    : []

/** Every check, on the repository (or fixture tree) at `root`. */
export function checkRepository(root: string): { problems: string[]; checked: string[] } {
  const rel = (path: string): string => relative(root, path) || path
  const read = (path: string): string => readFileSync(path, 'utf8')
  const problems: string[] = []
  const checked: string[] = []

  const lockPath = join(root, 'package-lock.json')
  const licensesPath = join(root, 'dist/licenses.txt')
  if (!existsSync(lockPath)) problems.push(`${rel(lockPath)}: missing; the license gate needs it [license]`)
  else {
    const lockfile = JSON.parse(read(lockPath)) as Lockfile
    problems.push(...licenseProblems(rel(lockPath), productionPackages(lockfile)))
    checked.push(rel(lockPath))
    if (!existsSync(licensesPath)) {
      problems.push(`${rel(licensesPath)}: missing; 'npm run bundle' writes it (ncc --license) [license]`)
    } else {
      const bundled = parseLicensesTxt(read(licensesPath), lockfilePackageNames(lockfile))
      if (bundled.length === 0) {
        problems.push(`${rel(licensesPath)}: names no package of the lockfile; is it ncc's output? [license]`)
      }
      problems.push(...licenseProblems(rel(licensesPath), bundled))
      checked.push(rel(licensesPath))
    }
  }

  const pinned = [
    ...yamlFiles(join(root, '.github/workflows')),
    ...yamlFiles(join(root, 'docs/examples')),
    ...markdownFiles(join(root, 'docs')),
    join(root, 'README.md')
  ].filter((path) => existsSync(path))
  const pins: Pin[] = []
  for (const path of pinned) {
    problems.push(...pinProblems(rel(path), read(path)))
    pins.push(...pinsOf(rel(path), read(path)))
    checked.push(rel(path))
  }
  problems.push(...pinAgreementProblems(pins))

  const actionPath = join(root, 'action.yml')
  const changelogPath = join(root, 'CHANGELOG.md')
  if (!existsSync(actionPath)) problems.push(`${rel(actionPath)}: missing [metadata]`)
  else {
    problems.push(...actionMetadataProblems(rel(actionPath), read(actionPath)))
    checked.push(rel(actionPath))
    if (!existsSync(changelogPath)) problems.push(`${rel(changelogPath)}: missing [changelog]`)
    else {
      problems.push(...changelogProblems(rel(changelogPath), read(changelogPath), read(actionPath)))
      checked.push(rel(changelogPath))
    }
  }
  return { problems, checked }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  let root = fileURLToPath(new URL('..', import.meta.url))
  if (args[0] === '--root' && args[1] !== undefined && args.length === 2) root = args[1]
  else if (args.length > 0) {
    console.error('usage: tsx scripts/check-release-hygiene.ts [--root DIR]')
    process.exit(2)
  }
  const { problems, checked } = checkRepository(root)
  for (const problem of problems) console.log(problem)
  console.log(`release-hygiene: ${checked.length} file(s) checked, ${problems.length} problem(s)`)
  process.exit(problems.length > 0 ? 1 : 0)
}
