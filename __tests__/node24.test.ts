// scripts/node24.sh runs every script on one exact Node 24 release (.node-version), fetched from the
// npm registry only when its tarball matches the integrity pinned in the script. The fetch is run here
// against a fake `npm` (no network): a tarball that does not match is refused and nothing is unpacked;
// one that matches is unpacked and used.
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { root } from '../scripts/metadata.js'

const read = (path: string): string => readFileSync(join(root, path), 'utf8')
const version = read('.node-version').trim()
const script = read('scripts/node24.sh')
const arch = process.arch === 'arm64' ? 'arm64' : 'x64'

describe('the pinned Node release', () => {
  it('is one exact 24.x.y release in .node-version (setup-node installs the same one on GitHub)', () => {
    expect(version).toMatch(/^24\.\d+\.\d+$/)
  })

  it.each(['x64', 'arm64'])('has the npm integrity of node-linux-%s at that release in node24.sh', (a) => {
    const line = script.split('\n').find((l) => l.includes(`node-linux-${a}@${version})`))
    expect(line).toMatch(/echo 'sha512-[A-Za-z0-9+/]{86}=='/)
  })

  it('is the Node every npm script runs on (all but `all`, which runs the others)', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
    const direct = Object.entries(scripts).filter(([name]) => name !== 'all')
    expect(direct.filter(([, command]) => !command.startsWith('scripts/node24.sh ')).map(([name]) => name)).toEqual([])
    expect(execFileSync(join(root, 'scripts/node24.sh'), ['node', '--version'], { encoding: 'utf8' }).trim()).toBe(
      `v${version}`
    )
  })

  it('keeps npm quiet for developers and shows its warnings in CI', () => {
    expect(read('.npmrc')).toMatch(/^loglevel=error$/m)
    expect(read('.ci/run')).toMatch(/npm ci [^\n]*--loglevel=warn/)
  })
})

describe('node24.sh fetching the release', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

  /** A checkout with node24.sh and .node-version, a `node` that is not the pinned release, and a fake npm. */
  function sandbox(
    tarballText: string,
    pinFakeTarball: boolean
  ): { dir: string; run: () => ReturnType<typeof spawnSync> } {
    const dir = mkdtempSync(join(tmpdir(), 'node24-'))
    dirs.push(dir)
    const bin = join(dir, 'fakebin')
    mkdirSync(join(dir, 'scripts'), { recursive: true })
    mkdirSync(join(dir, 'pkg/package/bin'), { recursive: true })
    mkdirSync(bin)
    writeFileSync(join(dir, '.node-version'), `${version}\n`)
    // The "Node" inside the tarball: answers --version like the pinned release.
    writeFileSync(join(dir, 'pkg/package/bin/node'), `#!/bin/sh\necho v${version}\n# ${tarballText}\n`)
    chmodSync(join(dir, 'pkg/package/bin/node'), 0o755)
    const tgz = join(dir, `node-linux-${arch}-${version}.tgz`)
    execFileSync('tar', ['-czf', tgz, '-C', join(dir, 'pkg'), 'package'])
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tgz)).digest('base64')}`
    writeFileSync(
      join(dir, 'scripts/node24.sh'),
      pinFakeTarball ? script.replace(/(node-linux-\w+@[\d.]+\) echo ')sha512-[^']+/g, `$1${integrity}`) : script
    )
    // `npm pack --silent PKG` drops the tarball in the working directory, as npm does.
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\ncp '${tgz}' "./node-linux-${arch}-${version}.tgz"\n`)
    // The machine's node: another release (it still hashes, with the real node).
    writeFileSync(
      join(bin, 'node'),
      `#!/bin/sh\n[ "$1" = --version ] && { echo v20.0.0; exit 0; }\nexec '${process.execPath}' "$@"\n`
    )
    chmodSync(join(bin, 'npm'), 0o755)
    chmodSync(join(bin, 'node'), 0o755)
    const run = (): ReturnType<typeof spawnSync> =>
      spawnSync('bash', [join(dir, 'scripts/node24.sh')], {
        encoding: 'utf8',
        env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir }
      })
    return { dir, run }
  }

  it('refuses a tarball that does not match the pinned integrity, and unpacks nothing', () => {
    const { dir, run } = sandbox('not the real node', false)
    const result = run()
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(new RegExp(`node-linux-${arch}@${version} does not match its pinned integrity`))
    expect(existsSync(join(dir, '.node24/bin/node'))).toBe(false)
  })

  it('unpacks a tarball that matches, once, and uses it', () => {
    const { dir, run } = sandbox('matches its pin', true)
    const first = run()
    expect(first.stderr).toMatch(/fetching Node .* from the npm registry into \.node24\/, once/)
    expect(first.stdout).toBe(`${join(dir, '.node24/bin')}\n`)
    expect(first.status).toBe(0)
    const second = run()
    expect(second.stderr).toBe('') // already there: no second fetch
    expect(second.stdout).toBe(`${join(dir, '.node24/bin')}\n`)
  })
})
