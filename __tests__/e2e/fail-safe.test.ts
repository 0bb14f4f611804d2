// Fail safe (issue 11): user text never becomes a workflow command; re-runs and modes say what is true.
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { roles, startWorld, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

/** Lines the runner would read as a workflow command (it trims leading whitespace). */
const commands = (stdout: string): string[] => stdout.split('\n').filter((line) => line.trimStart().startsWith('::'))

describe('report-file with a line break', () => {
  it('is refused before any call; its text never reaches the log as a workflow command', async () => {
    world = await startWorld()
    const dir = mkdtempSync(join(tmpdir(), 'acm-report-'))
    const result = await world.run({
      'domain-name': 'example.com',
      'report-file': `${dir}/report.json\n::error title=x::y`,
      ...roles
    })
    expect(result.exitCode).toBe(1)
    expect(commands(result.stdout).filter((line) => line.startsWith('::error title=x'))).toEqual([])
    expect(commands(result.stdout).filter((line) => line.startsWith('::error'))).toEqual([
      expect.stringMatching(/^::error title=Invalid input::Input 'report-file' = .*control character/)
    ])
    expect(readdirSync(dir)).toEqual([])
    expect(world.sim.requests).toEqual([])
  })
})

describe('a certificate that turned INACTIVE within the idempotency hour', () => {
  it('is not handed back to the re-run: a new certificate is requested and issued', async () => {
    world = await startWorld()
    const first = await world.run({ 'domain-name': 'example.com', ...roles })
    expect(first.exitCode).toBe(0)
    const firstArn = first.outputs['certificate-arn'] ?? ''
    const cert = world.sim.certificate(firstArn)
    if (!cert) throw new Error(`no certificate ${firstArn}`)
    cert.status = 'INACTIVE'

    const again = await world.run({ 'domain-name': 'example.com', ...roles })
    expect({ exit: again.exitCode, errors: commands(again.stdout).filter((l) => l.startsWith('::error')) }).toEqual({
      exit: 0,
      errors: []
    })
    expect(again.outputs['status']).toBe('ISSUED')
    expect(again.outputs['certificate-arn']).not.toBe(firstArn)
    expect(again.stdout).toContain(`Certificate ${firstArn} for these names is INACTIVE; requested a new one`)
  })
})
