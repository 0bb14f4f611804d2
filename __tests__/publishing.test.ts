// Ready to publish: the checks .ci/run makes with scripts/check-release-hygiene.ts (license gate on
// what dist/ bundles, SHA pins with version comments and one release per action, the Marketplace description, the CHANGELOG's
// coverage of action.yml) pass on this repository and fail on a fixture tree that breaks each rule;
// the README, CHANGELOG and repository files say what a user and a contributor need (the release
// path itself: release-path.test.ts).
import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import {
  LICENSE_ALLOWLIST,
  MAX_DESCRIPTION_LENGTH,
  actionMetadataProblems,
  changelogProblems,
  checkRepository,
  licenseAllowed,
  licenseProblems,
  lockfilePackageNames,
  parseLicensesTxt,
  pinAgreementProblems,
  pinProblems,
  pinsOf,
  productionPackages
} from '../scripts/check-release-hygiene.js'
import { readActionMetadata, root } from '../scripts/metadata.js'

const run = promisify(execFile)
const BAD_REPO = '__fixtures__/release-hygiene/bad-repo'
const read = (path: string): string => readFileSync(`${root}/${path}`, 'utf8')
const yamlFiles = (dir: string): string[] =>
  readdirSync(`${root}/${dir}`)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${dir}/${name}`)

async function releaseHygiene(...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'release-hygiene', '--', ...args], { cwd: root })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string }
    return { code, output: stdout + stderr }
  }
}

describe('npm run release-hygiene (the .ci/run step)', () => {
  let clean: { code: number; output: string }
  let bad: { code: number; output: string }
  beforeAll(async () => {
    ;[clean, bad] = await Promise.all([releaseHygiene(), releaseHygiene('--root', BAD_REPO)])
  })

  it('passes on this repository', () => {
    expect(clean.output).toMatch(/release-hygiene: \d+ file\(s\) checked, 0 problem\(s\)/)
    expect(clean.code).toBe(0)
  })

  it.each([
    [
      'a bundled GPL package, by name',
      /dist\/licenses\.txt: package "copyleft-lib" is licensed GPL-3\.0-only, which is not on the allowlist/
    ],
    [
      'a production dependency with a GPL license',
      /package-lock\.json: package "copyleft-lib" is licensed GPL-3\.0-only/
    ],
    ['a bundled package without a license', /dist\/licenses\.txt: package "unlicensed-helper" declares no license/],
    [
      'a pin by tag',
      /\.github\/workflows\/ci\.yml:9: "actions\/checkout@v4" is not pinned by a full 40-character commit SHA/
    ],
    ['a SHA pin without a comment', /ci\.yml:10: "actions\/setup-node@8207627\w+" needs a "# vX\.Y\.Z" comment/],
    [
      'a SHA pin with a major-only comment',
      /ci\.yml:11: "actions\/upload-artifact@bbbca2d\w+" needs a "# vX\.Y\.Z" comment/
    ],
    ['a pin by tag in README.md', /README\.md:4: "aws-actions\/configure-aws-credentials@v6" is not pinned/],
    [
      "a pin that differs from the same action's pin elsewhere",
      /README\.md:8: "actions\/checkout" is pinned at 0123456789abcdef\w+ # v6\.0\.0 here but at 3d3c42e\w+ # v7\.0\.1 in \.github\/workflows\/ci\.yml:12/
    ],
    [
      'a description of 125 characters or more',
      /action\.yml: description is 131 characters; the Marketplace needs fewer than 125/
    ],
    [
      'an input missing from the CHANGELOG',
      /CHANGELOG\.md: the input `brand-new-input` of action\.yml is not in the 1\.0\.0 entry/
    ]
  ])('fails the fixture tree on %s', (_what, message) => {
    expect(bad.output).toMatch(message)
    expect(bad.code).toBe(1)
  })

  it('reports exactly the fixture problems: allowed, dev-only and this-action references are not flagged', () => {
    expect(bad.output).toMatch(/release-hygiene: 6 file\(s\) checked, 11 problem\(s\)/)
    expect(bad.output).not.toMatch(/dual-licensed|left-pad|copyleft-test-tool|acm-certificate-action@v1|uses: \.\//)
    // checkout pinned by SHA with # v7.0.1 is well formed: it is named only as the pin README.md:8 differs from.
    expect(bad.output).not.toMatch(/^\.github\/workflows\/ci\.yml:12:/m)
  })

  it('refuses unknown arguments with exit status 2', async () => {
    const result = await releaseHygiene('--bogus')
    expect(result.output).toMatch(/usage: tsx scripts\/check-release-hygiene\.ts \[--root DIR\]/)
    expect(result.code).toBe(2)
  })
})

describe('license gate', () => {
  const lockfile = JSON.parse(read('package-lock.json')) as Parameters<typeof productionPackages>[0]

  it('reads every bundled package of dist/licenses.txt, each with its license id', () => {
    const bundled = parseLicensesTxt(read('dist/licenses.txt'), lockfilePackageNames(lockfile))
    const names = bundled.map((p) => p.name)
    expect(names).toEqual(expect.arrayContaining(['@actions/core', '@aws-sdk/client-acm', '@smithy/core']))
    expect(new Set(names).size).toBe(names.length)
    expect(bundled.find((p) => p.name === '@actions/core')?.license).toBe('MIT')
    expect(bundled.find((p) => p.name === '@aws-sdk/client-acm')?.license).toBe('Apache-2.0')
    // Every entry ncc wrote starts with a name line followed by the id: as many ids as entries.
    const ids = read('dist/licenses.txt')
      .split('\n')
      .filter((line, i, lines) => (i === 0 || lines[i - 1] === '') && names.includes(line)).length
    expect(ids).toBe(bundled.length)
    expect(licenseProblems('dist/licenses.txt', bundled)).toEqual([])
  })

  it('skips license text that only looks like an entry, and dev-only packages of the lockfile', () => {
    const fixture = JSON.parse(read(`${BAD_REPO}/package-lock.json`)) as Parameters<typeof productionPackages>[0]
    const bundled = parseLicensesTxt(read(`${BAD_REPO}/dist/licenses.txt`), lockfilePackageNames(fixture))
    expect(bundled).toEqual([
      { name: 'copyleft-lib', license: 'GPL-3.0-only' },
      { name: 'dual-licensed', license: '(MIT OR GPL-3.0-only)' },
      { name: 'left-pad', license: 'MIT' },
      { name: 'unlicensed-helper', license: undefined }
    ])
    expect(productionPackages(fixture).map((p) => p.name)).not.toContain('copyleft-test-tool')
  })

  it.each([
    ['MIT', true],
    ['Apache-2.0', true],
    ['0BSD', true],
    ['(MIT OR GPL-3.0-only)', true],
    ['MIT AND ISC', true],
    ['MIT AND GPL-2.0-only', false],
    ['GPL-3.0-only', false],
    ['LGPL-2.1-or-later', false],
    ['MPL-2.0', false],
    ['UNLICENSED', false]
  ])('licenseAllowed(%s) is %s', (expression, expected) => {
    expect(licenseAllowed(expression)).toBe(expected)
  })

  it('allows exactly MIT, Apache-2.0, BSD-2/3-Clause, ISC and 0BSD', () => {
    expect([...LICENSE_ALLOWLIST].sort()).toEqual(['0BSD', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'MIT'])
  })
})

describe('pins', () => {
  const pinned = [...yamlFiles('.github/workflows'), ...yamlFiles('docs/examples'), 'README.md']
  const thirdParty = pinned.flatMap((file) =>
    read(file)
      .split('\n')
      .map((line) => /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .filter((m) => !/^(\.\/|<owner>\/|[\w.-]+\/acm-certificate-action)/.test(m[1] as string))
      .map((m) => ({ file, ref: m[1] as string, rest: (m[2] ?? '').trim() }))
  )

  it('finds the third-party actions (the check is not vacuous)', () => {
    const actions = new Set(thirdParty.map((p) => p.ref.split('@')[0]))
    expect([...actions].sort()).toEqual(
      expect.arrayContaining([
        'actions/checkout',
        'actions/setup-node',
        'actions/upload-artifact',
        'aws-actions/configure-aws-credentials',
        'github/codeql-action/analyze',
        'github/codeql-action/init'
      ])
    )
  })

  it('pins every third-party action by a 40-hex commit SHA with a "# vX.Y.Z" comment', () => {
    const bad = thirdParty.filter((p) => !/@[0-9a-f]{40}$/.test(p.ref) || !/^# v\d+\.\d+\.\d+$/.test(p.rest))
    expect(bad).toEqual([])
  })

  it('pins one release per action everywhere (Dependabot bumps them together)', () => {
    const byAction = new Map<string, Set<string>>()
    for (const { ref, rest } of thirdParty) {
      const action = (ref.split('@')[0] as string).replace(/^(github\/codeql-action)\/.*/, '$1')
      byAction.set(action, (byAction.get(action) ?? new Set()).add(`${ref.split('@')[1]} ${rest}`))
    }
    for (const [action, versions] of byAction)
      expect({ action, versions: versions.size }).toEqual({ action, versions: 1 })
  })

  it.each([
    ['      - uses: actions/checkout@v4', /not pinned by a full 40-character commit SHA/],
    ['        uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', /needs a "# vX\.Y\.Z" comment/],
    ['      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7', /needs a "# vX\.Y\.Z" comment/],
    ['      - uses: actions/checkout@3d3c42e5aac5ba80 # v7.0.1', /not pinned by a full 40-character commit SHA/],
    ["      - uses: 'actions/checkout@main' # v7.0.1", /not pinned by a full 40-character commit SHA/]
  ])('rejects %s', (line, message) => {
    const problems = pinProblems('w.yml', `steps:\n${line}\n`)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^w\.yml:2: /)
    expect(problems[0]).toMatch(message)
  })

  it('names every pin of an action that differs from its first pin, across files; malformed pins are left to pinProblems', () => {
    const sha = (c: string): string => c.repeat(40)
    const pins = [
      ...pinsOf(
        'a.yml',
        `      - uses: actions/checkout@${sha('a')} # v7.0.1\n      - uses: github/codeql-action/init@${sha('c')} # v4.1.0\n`
      ),
      ...pinsOf(
        'b.yml',
        `      - uses: github/codeql-action/analyze@${sha('d')} # v4.2.0\n      - uses: actions/checkout@v4\n`
      ),
      ...pinsOf(
        'README.md',
        `  - uses: actions/checkout@${sha('a')} # v7.0.2\n  - uses: actions/checkout@${sha('a')} # v7.0.1\n`
      )
    ]
    expect(pins.map((p) => p.at)).toEqual(['a.yml:1', 'a.yml:2', 'b.yml:1', 'README.md:1', 'README.md:2'])
    expect(pinAgreementProblems(pins)).toEqual([
      `b.yml:1: "github/codeql-action" is pinned at ${sha('d')} # v4.2.0 here but at ${sha('c')} # v4.1.0 in a.yml:2: pin one release of an action everywhere [pinning]`,
      `README.md:1: "actions/checkout" is pinned at ${sha('a')} # v7.0.2 here but at ${sha('a')} # v7.0.1 in a.yml:1: pin one release of an action everywhere [pinning]`
    ])
  })

  it.each([
    '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1',
    '      - uses: ./',
    '        uses: ./.acm-certificate-action',
    '        uses: your-org/acm-certificate-action@v1',
    '    uses: your-org/acm-certificate-action/.github/workflows/provision-certificate.yml@v1',
    '        uses: <owner>/acm-certificate-action@v1',
    '      - uses: docker://alpine:3'
  ])('accepts %s', (line) => {
    expect(pinProblems('w.yml', `steps:\n${line}\n`)).toEqual([])
  })
})

describe('action.yml for the Marketplace', () => {
  const meta = readActionMetadata()
  const withDescription = (description: string): string =>
    `name: X\ndescription: ${description}\nruns:\n  using: node24\n`

  it(`has a name and a description under ${MAX_DESCRIPTION_LENGTH + 1} characters`, () => {
    expect(meta.name).toMatch(/ACM.*Route 53/)
    expect(meta.description.trim().length).toBeLessThan(125)
    expect(actionMetadataProblems('action.yml', read('action.yml'))).toEqual([])
  })

  it('accepts 124 characters and rejects 125', () => {
    expect(actionMetadataProblems('a.yml', withDescription('x'.repeat(124)))).toEqual([])
    expect(actionMetadataProblems('a.yml', withDescription('x'.repeat(125)))).toEqual([
      'a.yml: description is 125 characters; the Marketplace needs fewer than 125: shorten it and move the detail to README.md [metadata]'
    ])
  })

  it('keeps the long description in the README', () => {
    const readme = read('README.md')
    expect(readme).toContain(meta.description.trim())
    // The long text that left action.yml: what the action does, before the first section.
    const intro = readme.slice(0, readme.indexOf('\n## '))
    for (const part of [/\*\*reuses\*\*/i, /\*\*writes the validation CNAMEs\*\*/i, /\*\*waits\*\*/i])
      expect(intro).toMatch(part)
  })
})

describe('CHANGELOG.md', () => {
  const changelog = read('CHANGELOG.md')
  const meta = readActionMetadata()

  it('has a Keep a Changelog 1.0.0 entry, it or an entry above it naming every input and output of action.yml', () => {
    expect(changelog).toContain('## [1.0.0]')
    const entry = changelog.slice(changelog.indexOf('## ['))
    expect(changelog).toMatch(/keepachangelog\.com/)
    for (const name of [...Object.keys(meta.inputs), ...Object.keys(meta.outputs)]) {
      expect({ name, named: entry.includes(`\`${name}\``) }).toEqual({ name, named: true })
    }
    expect(changelogProblems('CHANGELOG.md', changelog, read('action.yml'))).toEqual([])
  })

  it('asks for a new input in the CHANGELOG, and accepts it in an Unreleased section or a later entry', () => {
    const action = 'inputs:\n  domain-name: {}\n  new-input: {}\noutputs:\n  status: {}\n'
    const v1 = '## [1.0.0] - 2026-12-03\n\n- `domain-name`, `status`\n'
    expect(changelogProblems('CHANGELOG.md', `# Changelog\n\n${v1}`, action)).toEqual([
      'CHANGELOG.md: the input `new-input` of action.yml is not in the 1.0.0 entry nor in an entry above it: ' +
        'a new input must be added to the "## [Unreleased]" section of CHANGELOG.md (or the release entry that adds it) [changelog]'
    ])
    expect(changelogProblems('C.md', `## [Unreleased]\n\n- \`new-input\`\n\n${v1}`, action)).toEqual([])
    expect(
      changelogProblems('C.md', `## [1.1.0](https://x/compare/v1.0.0...v1.1.0)\n\n* \`new-input\`\n\n${v1}`, action)
    ).toEqual([])
    // Below 1.0.0 (an older history) does not count, nor does the preamble.
    expect(
      changelogProblems('C.md', `Mentions \`new-input\`.\n\n${v1}\n## [0.9.0]\n\n- \`new-input\`\n`, action)
    ).toHaveLength(1)
    expect(changelogProblems('C.md', '## [0.9.0]\n', action)).toEqual(['C.md: has no "## [1.0.0]" entry [changelog]'])
  })
})

describe('repository files', () => {
  it('has an MIT LICENSE, as package.json says', () => {
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT')
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /)
    expect(read('LICENSE')).toMatch(/Permission is hereby granted, free of charge/)
  })

  it('says in package.json where the project lives, where to report bugs, and who makes it', () => {
    const pkg = JSON.parse(read('package.json')) as Record<string, unknown>
    expect(pkg).toMatchObject({
      repository: { type: 'git', url: 'git+https://github.com/your-org/acm-certificate-action.git' },
      homepage: 'https://github.com/your-org/acm-certificate-action#readme',
      bugs: { url: 'https://github.com/your-org/acm-certificate-action/issues' }
    })
    expect(pkg['author']).toEqual(expect.any(String))
  })

  it('has CONTRIBUTING.md (run, test, bench, house rules) and issue and pull request templates', () => {
    const contributing = read('CONTRIBUTING.md')
    for (const part of ['npm ci && npm run demo', 'npm ci && npm test', 'npm run bench', '## House rules'])
      expect(contributing).toContain(part)
    const forms = readdirSync(`${root}/.github/ISSUE_TEMPLATE`).sort()
    expect(forms).toEqual(['bug_report.yml', 'config.yml', 'feature_request.yml'])
    for (const form of forms.filter((f) => f !== 'config.yml')) {
      const parsed = parse(read(`.github/ISSUE_TEMPLATE/${form}`)) as { name: string; body: { type: string }[] }
      expect(parsed.name).toEqual(expect.any(String))
      expect(parsed.body.length).toBeGreaterThan(0)
    }
    expect(read('.github/PULL_REQUEST_TEMPLATE.md')).toMatch(/## How it was tested/)
  })

  it('has a SECURITY.md with a private reporting channel and the scope', () => {
    const security = read('SECURITY.md')
    expect(security).toMatch(/Report a vulnerability/)
    expect(security).toMatch(/## In scope[\s\S]*Credential handling[\s\S]*DNS writes/)
  })

  it('checks every file of checkRepository (workflows, examples, docs, README, licenses, lockfile)', () => {
    const { problems, checked } = checkRepository(root)
    expect(problems).toEqual([])
    expect(checked).toEqual(
      expect.arrayContaining([
        'package-lock.json',
        'dist/licenses.txt',
        '.github/workflows/ci.yml',
        '.github/workflows/release.yml',
        '.github/workflows/codeql.yml',
        'docs/examples/cloudfront-static-site.yml',
        'README.md',
        'action.yml',
        'CHANGELOG.md'
      ])
    )
  })
})

describe('README', () => {
  const readme = read('README.md')

  it('shows no badge that renders broken: none points at the placeholder owner or a workflow of it', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1] as string)
    expect(images.length).toBeGreaterThan(0) // the check is not vacuous
    expect(images.filter((url) => /your-org|<owner>|\/actions\/workflows\//.test(url))).toEqual([])
    expect(readme).not.toMatch(/<owner>\//)
  })

  it('explains the owner placeholder once, and uses only that one', () => {
    const explained = readme.match(/`your-org\/acm-certificate-action@v1`[^.`]* stands for/g) ?? []
    expect(explained).toHaveLength(1)
    const owners = new Set([...readme.matchAll(/([\w.<>-]+)\/acm-certificate-action[@/]/g)].map((m) => m[1]))
    expect([...owners]).toEqual(['your-org'])
  })

  it('shows how to create the roles, then a uses: snippet, on its first screen', () => {
    const lines = readme.split('\n')
    const deploy = lines.findIndex((l) => l.startsWith('aws cloudformation deploy'))
    const uses = lines.findIndex((l) => /^\s+uses: your-org\/acm-certificate-action@v1$/.test(l))
    expect(deploy).toBeGreaterThan(0)
    expect(uses).toBeGreaterThan(deploy)
    expect(uses).toBeLessThan(70)
    expect(lines.length).toBeLessThanOrEqual(350) // the depth lives in docs/
  })

  it('deploys the CloudFormation template with every parameter it requires, and the capability it needs', () => {
    // CloudFormation's !Ref, !Sub, ... are unknown tags to the yaml package: read as plain values.
    const template = parse(read('docs/iam/cloudformation.yml'), { logLevel: 'silent' }) as {
      Parameters: Record<string, { Default?: unknown }>
      Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>
    }
    const command = readme.slice(
      readme.indexOf('aws cloudformation deploy'),
      readme.indexOf('aws cloudformation describe-stacks')
    )
    const given = [...command.matchAll(/\b(\w+)=\S+/g)].map((m) => m[1] as string)
    const required = Object.entries(template.Parameters)
      .filter(([, p]) => p.Default === undefined)
      .map(([name]) => name)
    expect(required.length).toBeGreaterThan(0)
    expect(required.filter((name) => !given.includes(name))).toEqual([])
    expect(given.filter((name) => !(name in template.Parameters))).toEqual([])
    // Named IAM resources would need CAPABILITY_NAMED_IAM instead.
    const named = Object.values(template.Resources).filter(
      (r) => r.Type.startsWith('AWS::IAM::') && ['RoleName', 'ManagedPolicyName'].some((k) => k in (r.Properties ?? {}))
    )
    expect(named).toEqual([])
    expect(command).toMatch(/--capabilities CAPABILITY_IAM\b/)
  })

  it('says how tags and SHA pins work in Versioning, and links the release process', () => {
    const section = readme.slice(
      readme.indexOf('## Versioning'),
      readme.indexOf('\n## ', readme.indexOf('## Versioning') + 1)
    )
    for (const fact of [/`v1`/, /vX\.Y\.Z|v1\.\d+\.\d+/, /SHA/, /docs\/releasing\.md/]) expect(section).toMatch(fact)
  })

  it('has its release process in docs/releasing.md, with the Marketplace step', () => {
    const releasing = read('docs/releasing.md')
    for (const fact of [
      /release-please/,
      /conventional commits/i,
      /`v1`|`vX`/,
      /vX\.Y\.Z/,
      /dist\//,
      /SHA/,
      /Dependabot/,
      /issues: write/,
      /merge commit/,
      /Publish this Action to the GitHub Marketplace/
    ]) {
      expect(releasing).toMatch(fact)
    }
  })
})
