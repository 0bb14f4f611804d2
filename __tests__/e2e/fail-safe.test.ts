// Fail safe (issue 11): user text never becomes a workflow command; re-runs and modes say what is true.
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EXAMPLE, roles, startWorld, type World } from './world.js'

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

describe('mode status and delete: wording, and a certificate-arn of another account', () => {
  const missingArn = `arn:aws:acm:${EXAMPLE.region}:${EXAMPLE.certificateAccount}:certificate/00000000-0000-0000-0000-000000000000`
  const errorsOf = (stdout: string): string[] => commands(stdout).filter((l) => l.startsWith('::error'))

  it('status of a certificate that does not exist: says so, and not that a re-run requests one', async () => {
    world = await startWorld()
    const result = await world.run({
      mode: 'status',
      'certificate-arn': missingArn,
      'role-to-assume': EXAMPLE.certificateRole
    })
    expect(result.exitCode).toBe(1)
    const [error, ...more] = errorsOf(result.stdout)
    expect(more).toEqual([])
    expect(error).toContain(missingArn)
    expect(error).toContain('does not exist')
    expect(error).not.toMatch(/re-run requests/i)
  })

  it.each(['status', 'delete'])(
    'mode %s with an ARN of another account than role-to-assume: refused before any ACM call, naming both accounts',
    async (mode) => {
      world = await startWorld()
      // A certificate that exists, in the DNS account; the role acts in the certificate account.
      const foreign = world.sim.addCertificate({
        accountId: EXAMPLE.dnsAccount,
        region: EXAMPLE.region,
        domainName: 'www.example.com',
        tags: { 'acm-certificate-action': 'x' }
      })
      const result = await world.run({ mode, 'certificate-arn': foreign, 'role-to-assume': EXAMPLE.certificateRole })
      expect(result.exitCode).toBe(1)
      expect(result.outputs['status']).not.toBe('NOT_FOUND')
      const [error, ...more] = errorsOf(result.stdout)
      expect(more).toEqual([])
      expect(error).toContain(EXAMPLE.dnsAccount)
      expect(error).toContain(EXAMPLE.certificateAccount)
      expect(error).toContain(foreign)
      expect(world.sim.calls('acm')).toBe(0)
      expect(world.sim.certificate(foreign)?.status).toBe('ISSUED')
    }
  )
})
