// Issue 22 end to end: the bundled action exports an exportable certificate into the job, as the
// runner runs it against the simulator. The key decrypts with the passphrase and belongs to the
// certificate; file modes; the charge before the request; reuse keeps billed and unbilled apart;
// a renewal shows as changed; nothing of the key or the passphrase leaks.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { RunnerResult } from '../../sim/runner.js'
import { EXAMPLE, explain, roles, startWorld, visibleLog, type World } from './world.js'

const PASSPHRASE = 'Tr0ub4dor & 3 horses'
const NAMES = { 'domain-name': 'example.com', 'subject-alternative-names': '*.example.com', ...roles }
const EXPORT = { ...NAMES, export: 'true', 'export-passphrase': PASSPHRASE }
const CA_ARN = 'arn:aws:acm-pca:us-east-1:111111111111:certificate-authority/11111111-2222-3333-4444-555555555555'

let world: World
const temps: string[] = []
afterEach(async () => {
  await world?.stop()
  temps.splice(0).forEach((t) => rmSync(t, { recursive: true, force: true }))
})

function expectSuccess(result: RunnerResult): void {
  expect({ exit: result.exitCode, log: result.exitCode === 0 ? '' : explain(result) }).toEqual({ exit: 0, log: '' })
}

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acm-export-e2e-'))
  temps.push(dir)
  return dir
}

/** The files of a run, the key decrypted as a server would load it, and the checks every export must pass. */
function checkExport(result: RunnerResult): { leaf: X509Certificate; keyPem: string } {
  const out = result.outputs
  const certificate = readFileSync(out['certificate-file'] ?? '', 'utf8')
  const chain = readFileSync(out['chain-file'] ?? '', 'utf8')
  const keyPem = readFileSync(out['private-key-file'] ?? '', 'utf8')
  expect(readFileSync(out['fullchain-file'] ?? '', 'utf8')).toBe(certificate + chain)
  expect(keyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
  const leaf = new X509Certificate(certificate)
  expect(leaf.checkPrivateKey(createPrivateKey({ key: keyPem, passphrase: PASSPHRASE }))).toBe(true)
  expect(leaf.verify(new X509Certificate(chain).publicKey)).toBe(true)
  expect(out['serial']).toBe(leaf.serialNumber.replace(/^0+/, ''))
  expect(statSync(out['private-key-file'] ?? '').mode & 0o777).toBe(0o600)
  expect(statSync(dirname(out['private-key-file'] ?? '')).mode & 0o777).toBe(0o700)
  // Nothing of the key or the passphrase anywhere the user or a log collector sees.
  const keyBody = keyPem.split('\n')[1] ?? 'unreachable'
  const seen = [visibleLog(result), result.stderr, JSON.stringify(result.outputs), result.summary].join('\n')
  for (const secret of [PASSPHRASE, keyBody, 'PRIVATE KEY-----']) expect(seen).not.toContain(secret)
  return { leaf, keyPem }
}

const calls = (w: World, operation: string) => w.sim.requests.filter((r) => r.operation === operation)

describe('export: true', () => {
  it('states the charge before the request, exports on every run, and says changed only after a renewal', async () => {
    world = await startWorld()
    const reportFile = join(scratch(), 'report.json')
    const first = await world.run({ ...EXPORT, 'report-file': reportFile }, { keepTemp: true })
    temps.push(first.runnerTemp)
    expectSuccess(first)
    const charge = 'ACM charges $164 (1 name × $15 + 1 wildcard name × $149) when it issues the certificate'
    const log = visibleLog(first)
    expect(log).toContain(charge)
    expect(log.indexOf(charge)).toBeLessThan(log.indexOf('Requested certificate'))
    expect(first.summary).toContain(charge)
    expect(calls(world, 'RequestCertificate')[0]?.params).toMatchObject({ Options: { Export: 'ENABLED' } })
    expect(first.outputs['certificate-file']?.startsWith(first.runnerTemp)).toBe(true)
    const { leaf } = checkExport(first)
    expect(leaf.subjectAltName).toBe('DNS:example.com, DNS:*.example.com')
    expect(first.outputs).toMatchObject({ status: 'ISSUED', reused: 'false', changed: 'true' })
    const report = readFileSync(reportFile, 'utf8')
    expect(JSON.parse(report)).toMatchObject({
      export: {
        chargeUsd: 164,
        regions: [{ serial: first.outputs['serial'], files: { privateKey: first.outputs['private-key-file'] } }]
      }
    })
    expect(report).not.toContain(PASSPHRASE)
    expect(report).not.toContain('PRIVATE KEY-----')

    // A scheduled re-run: the same certificate, exported again (ACM keeps renewing it), unchanged.
    const dir = scratch()
    const again = await world.run({
      ...EXPORT,
      'export-directory': dir,
      'deployed-serial': `serial=${first.outputs['serial']}`
    })
    expectSuccess(again)
    expect(again.outputs).toMatchObject({ reused: 'true', changed: 'false', serial: first.outputs['serial'] })
    expect(again.outputs['certificate-file']).toBe(join(dir, 'certificate.pem'))
    checkExport(again)
    expect(calls(world, 'ExportCertificate')).toHaveLength(2)

    // ACM renews it (it was exported since issue): same ARN, new serial and key; the next run says changed.
    expect(world.sim.renewCertificate(first.outputs['certificate-arn'] ?? '')).toBe(true)
    const renewed = await world.run({
      ...EXPORT,
      'export-directory': dir,
      'deployed-serial': first.outputs['serial'] ?? ''
    })
    expectSuccess(renewed)
    expect(renewed.outputs).toMatchObject({ 'certificate-arn': first.outputs['certificate-arn'], changed: 'true' })
    expect(renewed.outputs['serial']).not.toBe(first.outputs['serial'])
    checkExport(renewed)
    expect(visibleLog(renewed)).toContain(`changed: deployed-serial is ${first.outputs['serial']}`)
  })

  it('keeps billed and unbilled certificates apart in reuse, both ways', async () => {
    world = await startWorld()
    const plain = await world.run(NAMES)
    expectSuccess(plain)
    const billed = await world.run(EXPORT, { keepTemp: true })
    temps.push(billed.runnerTemp)
    expectSuccess(billed)
    expect(billed.outputs['reused']).toBe('false')
    expect(billed.outputs['certificate-arn']).not.toBe(plain.outputs['certificate-arn'])
    expect(visibleLog(billed)).toContain(
      `Not reusing ${plain.outputs['certificate-arn']}: it was requested without export`
    )
    const plainAgain = await world.run(NAMES)
    expectSuccess(plainAgain)
    expect(plainAgain.outputs).toMatchObject({ reused: 'true', 'certificate-arn': plain.outputs['certificate-arn'] })
    expect(visibleLog(plainAgain)).toContain(`Not reusing ${billed.outputs['certificate-arn']}: it is exportable`)
    expect(plainAgain.outputs['certificate-file']).toBeUndefined()
    expect(calls(world, 'ExportCertificate')).toHaveLength(1)
  })

  it('with wait: false exports nothing until ISSUED, and says so', async () => {
    world = await startWorld({ issuanceDelayMs: 60_000 })
    const result = await world.run({ ...EXPORT, wait: 'false' })
    expectSuccess(result)
    expect(result.outputs['status']).toBe('PENDING_VALIDATION')
    expect(visibleLog(result)).toContain('Not exported: wait is false and it is PENDING_VALIDATION')
    expect(result.summary).toContain('Not exported: wait is false')
    expect(result.outputs['certificate-file']).toBeUndefined()
    expect(calls(world, 'ExportCertificate')).toHaveLength(0)
  })

  it('refuses a missing or invalid passphrase before any call, without echoing it', async () => {
    world = await startWorld()
    const missing = await world.run({ ...NAMES, export: 'true' })
    expect(missing.exitCode).toBe(1)
    expect(missing.stdout).toMatch(
      /::error title=Invalid input::Input 'export-passphrase' = "": is required with export: true/
    )
    const bad = 'secret$value'
    const invalid = await world.run({ ...NAMES, export: 'true', 'export-passphrase': bad })
    expect(invalid.exitCode).toBe(1)
    expect(invalid.stdout).toContain(`::add-mask::${bad}`)
    expect(visibleLog(invalid)).toMatch(/Input 'export-passphrase' = "\*\*\*": holds #, \$ or %/)
    for (const text of [visibleLog(invalid), invalid.stderr, invalid.summary]) expect(text).not.toContain(bad)
    expect(world.sim.requests.filter((r) => r.service !== 'oidc')).toHaveLength(0)
  })

  it('exports a private certificate the same way, and each Region’s files apart', async () => {
    world = await startWorld()
    const priv = await world.run({
      'domain-name': 'internal.example.com',
      'certificate-authority-arn': CA_ARN,
      ...roles,
      export: 'true',
      'export-passphrase': PASSPHRASE,
      'export-directory': scratch()
    })
    expectSuccess(priv)
    const { leaf } = checkExport(priv)
    expect(leaf.issuer).toContain('CN=Simulated Private CA')
    expect(calls(world, 'RequestCertificate')[0]?.params).not.toHaveProperty('Options')

    const dir = scratch()
    const two = await world.run({ ...EXPORT, 'aws-region': `${EXAMPLE.region}, eu-central-1`, 'export-directory': dir })
    expectSuccess(two)
    expect(two.outputs['certificate-file']).toBe(join(dir, EXAMPLE.region, 'certificate.pem'))
    checkExport(two)
    const eu = new X509Certificate(readFileSync(join(dir, 'eu-central-1', 'certificate.pem')))
    const arns = JSON.parse(two.outputs['certificate-arns'] ?? '{}') as Record<string, string>
    expect(eu.serialNumber).not.toBe(
      new X509Certificate(readFileSync(two.outputs['certificate-file'] ?? '')).serialNumber
    )
    expect(two.summary).toContain(join(dir, 'eu-central-1', 'private-key.pem'))
    expect(
      calls(world, 'ExportCertificate')
        .slice(1) // the private certificate's
        .map((r) => r.params['CertificateArn'])
        .sort()
    ).toEqual(Object.values(arns).sort())
  })
  it('renewal guard: at risk once ACM renewed it and nobody exported it since; fine after the next export', async () => {
    world = await startWorld()
    const dir = scratch()
    const first = await world.run({ ...EXPORT, 'export-directory': dir })
    expectSuccess(first)
    const arn = first.outputs['certificate-arn'] ?? ''
    const guard = { mode: 'audit', ...roles }
    const codes = (result: RunnerResult): string[] =>
      (
        JSON.parse(result.outputs['report'] ?? '{"certificates":[]}') as {
          certificates: { arn: string; findings: { code: string; fix: string }[] }[]
        }
      ).certificates
        .filter((c) => c.arn === arn)
        .flatMap((c) => c.findings.map((f) => `${f.code}: ${f.fix}`))
    const healthy = await world.run(guard)
    expect(healthy.outputs['at-risk']).toBe('0')
    expect(codes(healthy)).toEqual([])

    expect(world.sim.renewCertificate(arn)).toBe(true)
    const atRisk = await world.run(guard)
    expect(atRisk.exitCode).toBe(1)
    expect(atRisk.outputs['at-risk']).toBe('1')
    expect(codes(atRisk)).toEqual([expect.stringMatching(/^not-exported: Export it now .*export: true/)])

    expectSuccess(await world.run({ ...EXPORT, 'export-directory': dir }))
    expect((await world.run(guard)).outputs['at-risk']).toBe('0')
  })
})
