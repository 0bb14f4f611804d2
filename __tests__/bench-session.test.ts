// What `npm run bench` says around its figures (bench/session.ts): its duration and --quick up front,
// a plain verdict at the end, what a stopped run keeps, and paths relative to the checkout.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { announcement, checkoutPath, verdict } from '../bench/session.js'
import { root } from '../scripts/metadata.js'

const dir = mkdtempSync(join(tmpdir(), 'bench-session-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('bench session', () => {
  it('records paths inside the checkout relative to it, and no path of this machine outside it', () => {
    expect(checkoutPath('/src/repo', '/src/repo/.node24/bin/node')).toBe('.node24/bin/node')
    expect(checkoutPath('/src/repo', '/usr/local/bin/node')).toBe('node (outside the checkout)')
    const committed = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as {
      coldStart: { nodeBinary: string }
    }
    expect(committed.coldStart.nodeBinary).not.toMatch(/^\//)
  })

  it('says how long a full run takes (from the last one) and that --quick exists', () => {
    const last = join(dir, 'results.json')
    writeFileSync(last, JSON.stringify({ durationMs: 8.2 * 60_000 }))
    expect(announcement(last, false)).toMatch(/a full run takes about 8 minutes .*--quick/)
    expect(announcement(join(dir, 'none.json'), false)).toMatch(/several minutes/)
    expect(announcement(last, true)).toMatch(/^npm run bench -- --quick: fewer repetitions/)
  })

  it('ends with a plain verdict: each missed target named, or all met', () => {
    const met = { figure: 'Overhead', measured: '1.1 s', target: '≤ 3 s', pass: true }
    const info = { figure: 'Bundle', measured: '2 MB', target: '—', pass: undefined }
    const missed = { figure: 'Detection latency', measured: '6.2 s', target: '≤ 5 s', pass: false }
    expect(verdict([met, info])).toBe('Every target met (1 of 1).')
    expect(verdict([met, missed, info])).toBe(
      'MISSED 1 of 2 targets:\n  - Detection latency: measured 6.2 s, target ≤ 5 s'
    )
  })

  it('keeps what was measured when stopped with Ctrl-C', async () => {
    const partial = join(dir, 'results/partial.json')
    const script = join(dir, 'stop.mjs')
    writeFileSync(
      script,
      `import(${JSON.stringify(join(root, 'bench/session.ts'))}).then(({ keepOnStop }) => {
        keepOnStop(${JSON.stringify(partial)}, () => ({ cold: [1, 2] }), ${JSON.stringify(dir)})
        console.log('ready')
        setInterval(() => {}, 1000)
      })\n`
    )
    const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root })
    let out = ''
    const ended = await new Promise<string>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('ready')) child.kill('SIGINT')
      })
      // exit(130), or the signal itself when tsx's own SIGINT handler re-raises it after ours.
      child.on('exit', (code, signal) => resolve(signal ?? String(code)))
    })
    expect(['130', 'SIGINT']).toContain(ended)
    expect(out).toMatch(/Stopped \(SIGINT\): what was measured so far is in results\/partial\.json/)
    expect(existsSync(partial)).toBe(true)
    expect(JSON.parse(readFileSync(partial, 'utf8'))).toMatchObject({ stoppedBy: 'SIGINT', cold: [1, 2] })
  })
})
