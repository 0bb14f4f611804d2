// The ExportCertificate adapter (src/aws/acm-export.ts) and the request's export option
// (src/aws/acm.ts) against a mocked ACM client: what is sent, and what an error says.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { ACMClient, ExportCertificateCommand, RequestCertificateCommand } from '@aws-sdk/client-acm'
import { mockClient } from 'aws-sdk-client-mock'
import 'aws-sdk-client-mock-jest'
import { requestCertificate } from '../../src/aws/acm.js'
import { exportCertificate } from '../../src/aws/acm-export.js'
import { ARN, spec } from '../../__fixtures__/certificates.js'
import { fakeClock } from '../../__fixtures__/clock.js'

const acm = mockClient(ACMClient)
beforeEach(() => {
  acm.reset()
})
const ctx = { clock: fakeClock() }

describe('exportCertificate', () => {
  it('sends the passphrase as bytes and returns the PEMs as they come', async () => {
    acm.on(ExportCertificateCommand).resolves({ Certificate: 'C', CertificateChain: 'H', PrivateKey: 'K' })
    await expect(exportCertificate(new ACMClient({}), ARN, 'a passphrase', ctx)).resolves.toEqual({
      certificate: 'C',
      chain: 'H',
      privateKey: 'K'
    })
    const sent = acm.commandCalls(ExportCertificateCommand)[0]?.args[0].input
    expect(sent?.CertificateArn).toBe(ARN)
    expect(Buffer.from(sent?.Passphrase ?? new Uint8Array()).toString()).toBe('a passphrase')
  })

  it.each([
    ['AccessDeniedException', /Allow acm:ExportCertificate/],
    ['ValidationException', /requested with export \(created after 2025-06-17\)/]
  ])('names the operation and what to do on %s', async (name, hint) => {
    acm.on(ExportCertificateCommand).rejects(Object.assign(new Error('no'), { name, $fault: 'client' }))
    const err = await exportCertificate(new ACMClient({}), ARN, 'a passphrase', ctx).catch((e: unknown) => e)
    expect(String(err)).toMatch(/ExportCertificate/)
    expect((err as { hint?: string }).hint).toMatch(hint)
  })
})

describe('requestCertificate', () => {
  it.each([
    // CertificateTransparencyLoggingPreference is deprecated since 12 June 2026: never sent.
    [true, { Export: 'ENABLED' }],
    [false, undefined]
  ])('exportable %p sends Options %j', async (exportable, options) => {
    acm.on(RequestCertificateCommand).resolves({ CertificateArn: ARN })
    await requestCertificate(new ACMClient({}), spec({ exportable }))
    expect(acm.commandCalls(RequestCertificateCommand)[0]?.args[0].input.Options).toEqual(options)
  })
})
