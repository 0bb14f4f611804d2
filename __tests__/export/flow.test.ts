// The export flow (src/export/flow.ts) over fake ports, and the file writer (src/export/files.ts) on
// a real file system: the charge before the mode runs, the export of an ISSUED certificate, the skip
// with wait: false, one directory per Region, modes, and no passphrase in an error.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ACMClient } from '@aws-sdk/client-acm'
import { exportIssued, withExport, type ExportDeps } from '../../src/export/flow.js'
import type { ExportEvent } from '../../src/export/events.js'
import { exportDirectory, writeExportFiles } from '../../src/export/files.js'
import type { ExportPorts } from '../../src/export/ports.js'
import type { FileToWrite } from '../../src/export/rules.js'
import { buildCertificate, keyPairFor, toPem } from '../../sim/x509.js'
import { fakeClock } from '../../__fixtures__/clock.js'
import { recordingLogger } from '../../__fixtures__/logger.js'

const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555'
const keys = keyPairFor('EC_prime256v1')
const CERT = toPem(
  buildCertificate({
    serial: Buffer.from('0a1b2c', 'hex'),
    subject: { name: 'example.com', publicKey: keys.publicKey },
    issuer: { name: 'Test CA', ...keys },
    notBefore: Date.UTC(2026, 0, 1),
    notAfter: Date.UTC(2026, 6, 1),
    dnsNames: ['example.com']
  })
)

function fakePorts(fail?: Error): ExportPorts & { written: FileToWrite[]; dirs: (string | undefined)[] } {
  const written: FileToWrite[] = []
  const dirs: (string | undefined)[] = []
  return {
    written,
    dirs,
    exportCertificate: async () => {
      if (fail) throw fail
      return { certificate: CERT, chain: CERT, privateKey: '-----BEGIN ENCRYPTED PRIVATE KEY-----\nXX\n' }
    },
    directory: async (path) => {
      dirs.push(path)
      return path ?? '/runner-temp/acm-certificate-1'
    },
    writeFiles: async (files) => {
      written.push(...files)
    }
  }
}

function deps(overrides: Partial<ExportDeps['config']> = {}, events: ExportEvent[] = []): ExportDeps {
  return {
    config: {
      region: 'us-east-1',
      allNames: ['example.com', '*.example.com'],
      wait: true,
      export: { passphrase: 'the passphrase', directory: undefined, deployedSerial: undefined },
      ...overrides
    },
    acm: {} as ACMClient,
    log: recordingLogger(),
    clock: fakeClock(),
    emit: (e) => {
      if (e.type === 'export') events.push(e.export)
    }
  }
}

/** A request flow that ends with this certificate in this status, as its events say. */
function flowEnding(status: string, order: string[] = [], events: ExportEvent[] = []) {
  return async (d: ExportDeps): Promise<void> => {
    order.push(`mode ran after ${events.length} event(s)`)
    d.emit?.({ type: 'certificate', arn: ARN, reused: false, region: d.config.region })
    d.emit?.({ type: 'status', status, region: d.config.region })
  }
}

describe('withExport', () => {
  it('states the charge before the mode runs, then reports the export', async () => {
    const events: ExportEvent[] = []
    const d = deps({}, events)
    const order: string[] = []
    await withExport(flowEnding('ISSUED', order, events), () => fakePorts())(d)
    expect(order).toEqual(['mode ran after 1 event(s)'])
    expect(events.map((e) => e.kind)).toEqual(['charge', 'exported'])
    expect(events[1]).toMatchObject({ kind: 'exported', certificateArn: ARN })
    expect(events[0]).toMatchObject({ kind: 'charge', usd: 164 })
    expect((d.log as ReturnType<typeof recordingLogger>).text()).toMatch(/^info: Exportable certificate in us-east-1/)
  })

  it('leaves a run without export alone', async () => {
    const events: ExportEvent[] = []
    const ports = fakePorts()
    await withExport(flowEnding('ISSUED'), () => ports)(deps({ export: undefined }, events))
    expect(events).toEqual([])
    expect(ports.written).toEqual([])
  })
})

describe('exportIssued', () => {
  it('writes the four files and reports the serial, unchanged against the deployed one', async () => {
    const ports = fakePorts()
    const event = await exportIssued(
      deps({ export: { passphrase: 'the passphrase', directory: '/certs', deployedSerial: 'A1B2C' } }),
      ports,
      { certificateArn: ARN, status: 'ISSUED' }
    )
    expect(event).toMatchObject({ kind: 'exported', serial: 'A1B2C', changed: false, directory: '/certs' })
    expect(ports.written.map((f) => f.path)).toEqual([
      '/certs/certificate.pem',
      '/certs/chain.pem',
      '/certs/fullchain.pem',
      '/certs/private-key.pem'
    ])
  })

  it.each([
    [false, 'Not exported: wait is false and it is PENDING_VALIDATION.'],
    [true, 'Not exported: it is PENDING_VALIDATION.']
  ])('skips a certificate not ISSUED (wait %p), and says so', async (wait, reason) => {
    const ports = fakePorts()
    const d = deps({ wait })
    const event = await exportIssued(d, ports, { certificateArn: ARN, status: 'PENDING_VALIDATION' })
    expect(event).toMatchObject({ kind: 'skipped', reason: expect.stringContaining(reason) })
    expect((d.log as ReturnType<typeof recordingLogger>).text()).toContain(reason)
    expect(ports.written).toEqual([])
  })

  it('writes one Region straight into the directory', async () => {
    const ports = fakePorts()
    const shared = { regions: ['us-east-1'], once: <T>(_key: string, make: () => T): T => make() }
    await exportIssued({ ...deps(), shared }, ports, { certificateArn: ARN, status: 'ISSUED' })
    expect(ports.dirs).toEqual([undefined])
    expect(ports.written[0]?.path).toBe('/runner-temp/acm-certificate-1/certificate.pem')
  })

  it('does not export when the flow failed before a status', async () => {
    const events: ExportEvent[] = []
    const ports = fakePorts()
    const failing = async (d: ExportDeps): Promise<void> => {
      d.emit?.({ type: 'certificate', arn: ARN, reused: false, region: d.config.region })
      throw new Error('validation timed out')
    }
    await expect(withExport(failing, () => ports)(deps({}, events))).rejects.toThrow('validation timed out')
    expect(events.map((e) => e.kind)).toEqual(['charge'])
    expect(ports.written).toEqual([])
  })

  it('puts each Region in its own subdirectory of one directory made once', async () => {
    const ports = fakePorts()
    const made = new Map<string, unknown>()
    const shared = {
      regions: ['us-east-1', 'eu-central-1'],
      once: <T>(key: string, make: () => T): T => {
        if (!made.has(key)) made.set(key, make())
        return made.get(key) as T
      }
    }
    for (const region of ['us-east-1', 'eu-central-1'])
      await exportIssued({ ...deps({ region }), shared }, ports, { certificateArn: ARN, status: 'ISSUED' })
    expect(ports.dirs).toEqual([
      undefined,
      '/runner-temp/acm-certificate-1/us-east-1',
      '/runner-temp/acm-certificate-1/eu-central-1'
    ])
  })

  it('never lets the passphrase through an error', async () => {
    const ports = fakePorts(new Error('ValidationException: bad passphrase the passphrase'))
    const err = await exportIssued(deps(), ports, { certificateArn: ARN, status: 'ISSUED' }).catch((e: unknown) => e)
    expect(String(err)).toMatch(/held the passphrase, so it is not shown/)
    expect(String(err)).not.toContain('the passphrase ')
  })
})

describe('the file writer', () => {
  it('makes a 0700 directory under the runner temp and writes the key 0600, replacing an older file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'export-files-'))
    try {
      const dir = await exportDirectory(undefined, root)
      expect(dir.startsWith(join(root, 'acm-certificate-'))).toBe(true)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      const named = await exportDirectory(join(root, 'a', 'b'), root)
      expect(statSync(named).mode & 0o777).toBe(0o700)
      const key = join(dir, 'private-key.pem')
      writeFileSync(key, 'old', { mode: 0o644 })
      await writeExportFiles([
        { path: key, content: 'KEY', mode: 0o600 },
        { path: join(dir, 'certificate.pem'), content: 'CERT', mode: 0o644 }
      ])
      expect(readFileSync(key, 'utf8')).toBe('KEY')
      expect(statSync(key).mode & 0o777).toBe(0o600)
      expect(statSync(join(dir, 'certificate.pem')).mode & 0o777).toBe(0o644)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})
