// The release path on github.com, as the workflows wire it: release.yml tags only a commit whose
// dist/ it checked (the merged release pull request's), Dependabot bumps the pins of the workflows
// and the examples (majors apart) and rebuild-dist.yml refreshes dist/ on its pull requests, CI on
// GitHub runs .ci/run, CodeQL scans, and the smoke job runs the action with `uses: ./`.
import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { root } from '../scripts/metadata.js'

const run = promisify(execFile)
const read = (path: string): string => readFileSync(`${root}/${path}`, 'utf8')

interface Step {
  id?: string
  name?: string
  uses?: string
  run?: string
  if?: string
  env?: Record<string, string>
  with?: Record<string, string>
}
interface Job {
  permissions?: Record<string, string>
  steps: Step[]
  strategy?: { matrix: Record<string, string[]> }
}
const workflow = (file: string): { on: Record<string, unknown>; jobs: Record<string, Job> } =>
  parse(read(`.github/workflows/${file}`)) as { on: Record<string, unknown>; jobs: Record<string, Job> }

describe('release workflow', () => {
  const file = workflow('release.yml')
  const release = file.jobs['release'] as Job & { if?: string }
  const stepIndex = (pattern: RegExp): number => release.steps.findIndex((s) => pattern.test(s.name ?? ''))

  it('runs on pushes to main and by hand from main only, with write access only in its job', () => {
    expect(file.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null })
    expect(release.if).toBe("github.ref == 'refs/heads/main'")
    // issues: write because release-please labels its pull request through the issues API.
    expect(release.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', issues: 'write' })
  })

  it('checks out the commit release-please will tag (the merged release PR), before installing and checking it', () => {
    const target = stepIndex(/Find the commit a release would tag/)
    const run = release.steps[target]?.run ?? ''
    expect(run).toMatch(/gh pr list [^\n]*--state merged --label 'autorelease: pending'/)
    expect(run).toMatch(/mergeCommit/)
    expect(run).toMatch(/sha="\$GITHUB_SHA"/) // no release PR waiting: this commit (the first release)
    expect(run).toMatch(/git checkout --quiet --detach "\$sha"/)
    expect(run).toMatch(/TARGET_SHA=\$\{sha\}" >>"\$GITHUB_ENV"/)
    expect(target).toBeGreaterThan(0)
    expect(target).toBeLessThan(stepIndex(/^Install$/))
  })

  it('checks dist/ and the release hygiene of that commit before release-please tags anything', () => {
    const dist = stepIndex(/dist\/ is the bundle of the commit to tag/)
    const hygiene = stepIndex(/Release hygiene/)
    const tag = stepIndex(/Tag and release/)
    expect(release.steps[dist]?.run).toMatch(
      /npm run bundle[\s\S]*git status --porcelain --untracked-files=all -- dist\/[\s\S]*\$\{TARGET_SHA\}/
    )
    expect(release.steps[hygiene]?.run).toBe('npm run release-hygiene')
    expect(release.steps[tag]?.run).toMatch(/release-please github-release/)
    expect(dist).toBeGreaterThanOrEqual(0)
    expect(dist).toBeLessThan(tag)
    expect(hygiene).toBeLessThan(tag)
    expect(release.steps[stepIndex(/First release/)]?.run).toMatch(/--target "\$TARGET_SHA"/)
  })

  it('makes the first release only when nothing waits under Unreleased (it would be left out)', async () => {
    const first = release.steps[stepIndex(/First release/)]?.run ?? ''
    const check = /^\s*if (awk .*) CHANGELOG\.md; then$/m.exec(first)?.[1]
    expect(check).toBeDefined()
    expect(first).toMatch(/::error title=Lines under Unreleased::/)
    const hasLines = async (changelog: string): Promise<boolean> => {
      const file = `${tmpdir()}/changelog-${process.pid}-${Math.random()}.md`
      writeFileSync(file, changelog)
      try {
        await run('bash', ['-c', `${check as string} "$1"`, 'check', file])
        return true
      } catch {
        return false
      } finally {
        rmSync(file)
      }
    }
    const v1 = '## [1.0.0] - 2026-12-03\n\n- `domain-name`\n'
    expect(await hasLines(`# Changelog\n\n## [Unreleased]\n\n${v1}`)).toBe(false)
    expect(await hasLines(`# Changelog\n\n## [Unreleased]\n\n- \`new-input\`\n\n${v1}`)).toBe(true)
  })

  it('moves the major tag only to the commit whose dist/ it checked, then updates the release PR', () => {
    const find = release.steps[stepIndex(/Find the release of the checked commit/)]
    const move = release.steps[stepIndex(/Move the major tag/)]
    expect(find?.run).toMatch(/\[ "\$commit" != "\$TARGET_SHA" \]/)
    expect(move?.if).toBe(`steps.${find?.id}.outputs.tag != ''`)
    expect(move?.run).toMatch(/major="\$\{TAG%%\.\*\}"/)
    expect(move?.run).toMatch(/git\/refs\/tags\/\$\{major\}" -f sha="\$TARGET_SHA" -F force=true/)
    expect(release.steps.map((s) => s.run ?? '').join('\n')).not.toMatch(
      /sha="\$GITHUB_SHA" -F|--target "\$GITHUB_SHA"/
    )
    expect(release.steps.at(-1)?.run).toMatch(/release-please release-pr/)
  })

  it('runs the release-please CLI locked in .github/release, with the config and manifest in .github/', () => {
    const tooling = JSON.parse(read('.github/release/package.json')) as { devDependencies: Record<string, string> }
    const lock = JSON.parse(read('.github/release/package-lock.json')) as {
      packages: Record<string, { version: string; integrity?: string }>
    }
    const version = tooling.devDependencies['release-please']
    expect(version).toMatch(/^\d+\.\d+\.\d+$/) // exact: the lockfile's integrity hash is what runs
    expect(lock.packages['node_modules/release-please']?.version).toBe(version)
    expect(lock.packages['node_modules/release-please']?.integrity).toMatch(/^sha512-/)
    const config = JSON.parse(read('.github/release-please-config.json')) as Record<string, unknown>
    expect(config).toMatchObject({ 'release-type': 'node', 'include-v-in-tag': true })
    const manifest = JSON.parse(read('.github/release-please-manifest.json')) as Record<string, string>
    expect(manifest['.']).toBe((JSON.parse(read('package.json')) as { version: string }).version)
    expect(read('CHANGELOG.md')).toContain(`## [${manifest['.']}]`)
  })
})

describe('Dependabot', () => {
  interface Group {
    patterns: string[]
    'dependency-type'?: string
    'update-types'?: string[]
  }
  interface Update {
    'package-ecosystem': string
    directory?: string
    directories?: string[]
    schedule: { interval: string }
    groups: Record<string, Group>
  }
  const updates = (parse(read('.github/dependabot.yml')) as { updates: Update[] }).updates

  it('updates the actions of the workflows and of docs/examples, and npm, weekly, grouped', () => {
    const ecosystems = updates.map((u) => `${u['package-ecosystem']} ${(u.directories ?? [u.directory]).join(' ')}`)
    expect(ecosystems).toEqual(['github-actions / /docs/examples', 'npm /', 'npm /.github/release'])
    for (const update of updates) {
      expect(update.schedule.interval).toBe('weekly')
      expect(Object.keys(update.groups).length).toBeGreaterThan(0)
    }
  })

  it('groups only minor and patch updates: a major update gets a pull request of its own', () => {
    for (const update of updates)
      for (const [name, group] of Object.entries(update.groups))
        expect({ name, types: group['update-types'] }).toEqual({ name, types: ['minor', 'patch'] })
  })

  it('puts the AWS SDK packages in one group and the dev tooling in another', () => {
    const npm = updates[1] as Update
    expect(npm.groups['aws-sdk']?.patterns).toEqual(expect.arrayContaining(['@aws-sdk/*', '@smithy/*']))
    expect(npm.groups['dev-tooling']).toMatchObject({ 'dependency-type': 'development', patterns: ['*'] })
  })

  it('rebuilds dist/ on a Dependabot pull request labelled rebuild-dist, and pushes only there', () => {
    const rebuild = workflow('rebuild-dist.yml')
    const job = rebuild.jobs['rebuild'] as Job & { if?: string }
    expect(rebuild.on).toEqual({ pull_request: { types: ['labeled'] } })
    expect(job.if).toMatch(/github\.event\.label\.name == 'rebuild-dist'/)
    expect(job.if).toMatch(/github\.event\.pull_request\.user\.login == 'dependabot\[bot\]'/)
    expect(job.if).toMatch(/head\.repo\.full_name == github\.repository/)
    const runs = job.steps.map((s) => s.run ?? '').join('\n')
    expect(runs).toMatch(/npm ci [^\n]*--ignore-scripts/)
    expect(runs).toMatch(
      /npm run bundle[\s\S]*git add --all dist\/[\s\S]*git push origin "HEAD:refs\/heads\/\$\{HEAD_REF\}"/
    )
  })
})

describe('CodeQL', () => {
  it('scans JavaScript/TypeScript (and the workflows) with permission to upload results', () => {
    const analyze = workflow('codeql.yml').jobs['analyze'] as Job
    expect(analyze.strategy?.matrix['language']).toEqual(expect.arrayContaining(['javascript-typescript']))
    expect(analyze.permissions?.['security-events']).toBe('write')
    const uses = analyze.steps.map((s) => s.uses?.split('@')[0])
    expect(uses).toEqual(expect.arrayContaining(['github/codeql-action/init', 'github/codeql-action/analyze']))
  })
})

describe('smoke job', () => {
  const smoke = workflow('ci.yml').jobs['smoke'] as Job
  const action = smoke.steps.find((s) => s.uses === './')
  const actionAt = smoke.steps.findIndex((s) => s.uses === './')

  it('starts the simulator in the background and exports its variables before the action', () => {
    const start = smoke.steps.findIndex((s) => /npm run -s sim/.test(s.run ?? ''))
    expect(smoke.steps[start]?.run).toMatch(/nohup npm run -s sim >"\$log" 2>&1 &/)
    expect(smoke.steps[start]?.run).toMatch(/>>"\$GITHUB_ENV"/)
    expect(start).toBeGreaterThanOrEqual(0)
    expect(start).toBeLessThan(actionAt)
  })

  it('runs the action with uses: ./ and checks certificate-arn and status in a following step', () => {
    expect(action?.id).toBeDefined()
    expect(action?.with?.['dns-resolvers']).toBe('${{ env.SIM_DNS_RESOLVER }}')
    const check = smoke.steps[actionAt + 1]
    expect(check?.env?.['CERTIFICATE_ARN']).toBe(`\${{ steps.${action?.id}.outputs.certificate-arn }}`)
    expect(check?.env?.['STATUS']).toBe(`\${{ steps.${action?.id}.outputs.status }}`)
    expect(check?.run).toMatch(/\[ "\$STATUS" = ISSUED \]/)
    expect(check?.run).toMatch(/exit "\$failed"/)
  })
})

describe('CI on GitHub', () => {
  it('runs .ci/run, the one script that runs the checks locally too', () => {
    const test = workflow('ci.yml').jobs['test'] as Job
    expect(test.steps.map((s) => s.run).filter(Boolean)).toEqual(['bash .ci/run'])
    const ci = read('.ci/run')
    for (const check of [
      'npm ci',
      'npm run -s lint',
      'npm run -s typecheck',
      'scripts/check-structure.sh',
      'scripts/lint-workflows.sh',
      'npm run -s bundle',
      'npm run -s release-hygiene',
      'npm run -s demo',
      'npm test -- --json'
    ])
      expect({ check, inCiRun: ci.includes(check) }).toEqual({ check, inCiRun: true })
  })
})
