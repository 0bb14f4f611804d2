// The export rules (src/export/rules.ts and inputs.ts) as table tests: passphrase, charge, reuse
// filter, serials, files, and the export inputs read before any call. Pure.
import { describe, expect, it } from '@jest/globals'
import { reuseCandidates } from '../../src/decisions/reuse.js'
import {
  chargeText,
  exportCharge,
  exportFiles,
  exportReuseProblem,
  normalizeSerial,
  passphraseProblem,
  serialChanged
} from '../../src/export/rules.js'
import { ARN, NOW, spec, summary } from '../../__fixtures__/certificates.js'
import { configFrom } from '../../__fixtures__/config.js'

describe('passphraseProblem', () => {
  it.each([
    ['abcd', undefined],
    ['a'.repeat(128), undefined],
    ['with spaces & symbols !"\'()*+,-./:;<=>?@[\\]^_`{|}~', undefined],
    ['abc', /shorter than 4/],
    ['a'.repeat(129), /longer than 128/],
    ['pass#word', /#, \$ or %/],
    ['pa$$word', /#, \$ or %/],
    ['100%sure', /#, \$ or %/],
    ['pässwort', /not printable ASCII/],
    ['line\nbreak', /not printable ASCII/]
  ])('%j → %p', (passphrase, problem) => {
    const found = passphraseProblem(passphrase)
    if (problem === undefined) expect(found).toBeUndefined()
    else {
      expect(found).toMatch(problem)
      expect(found).not.toContain(passphrase)
    }
  })
})

describe('exportCharge and chargeText', () => {
  it.each<[string[], number, number, number]>([
    [['example.com'], 1, 0, 15],
    [['example.com', 'www.example.com'], 2, 0, 30],
    [['*.example.com'], 0, 1, 149],
    [['example.com', '*.example.com', 'a.example.org'], 2, 1, 179]
  ])('%j: %i names, %i wildcards, $%i', (names, plain, wildcards, usd) => {
    expect(exportCharge(names)).toEqual({ names: plain, wildcards, usd })
  })

  it('says the sum, its parts, and that every renewal costs it again', () => {
    expect(chargeText(['example.com', '*.example.com', 'www.example.com'], 'eu-west-1')).toBe(
      'Exportable certificate in eu-west-1: ACM charges $179 (2 names × $15 + 1 wildcard name × $149) when it ' +
        'issues the certificate and again at every renewal.'
    )
    expect(chargeText(['*.example.com'], 'us-east-1')).toContain('$149 (1 wildcard name × $149)')
  })
})

describe('exportReuseProblem: billed and unbilled apart', () => {
  it.each<
    [string, { Type?: string; ExportOption?: string; Options?: { Export?: string } }, boolean, RegExp | undefined]
  >([
    ['exportable, export run', { Type: 'AMAZON_ISSUED', ExportOption: 'ENABLED' }, true, undefined],
    ['plain, plain run', { Type: 'AMAZON_ISSUED', ExportOption: 'DISABLED' }, false, undefined],
    ['no option shown, plain run', { Type: 'AMAZON_ISSUED' }, false, undefined],
    ['plain, export run', { Type: 'AMAZON_ISSUED', ExportOption: 'DISABLED' }, true, /requested without export/],
    ['no option shown, export run', { Type: 'AMAZON_ISSUED' }, true, /requested without export/],
    ['exportable, plain run', { Type: 'AMAZON_ISSUED', ExportOption: 'ENABLED' }, false, /renewals are billed/],
    ['described exportable, plain run', { Type: 'AMAZON_ISSUED', Options: { Export: 'ENABLED' } }, false, /billed/],
    ['private, export run', { Type: 'PRIVATE' }, true, undefined],
    ['private, plain run', { Type: 'PRIVATE' }, false, undefined]
  ])('%s', (_case, cert, exportable, problem) => {
    const found = exportReuseProblem(cert, exportable)
    if (problem === undefined) expect(found).toBeUndefined()
    else expect(found).toMatch(problem)
  })

  it('makes reuse take only the certificate of the run’s kind, and name the other', () => {
    const billed = summary({ CertificateArn: `${ARN}-billed`, ExportOption: 'ENABLED' })
    const plain = summary({ CertificateArn: `${ARN}-plain`, ExportOption: 'DISABLED' })
    const forExport = reuseCandidates([plain, billed], spec({ exportable: true }), NOW)
    expect(forExport.best?.CertificateArn).toBe(`${ARN}-billed`)
    expect(forExport.rejected).toEqual([{ arn: `${ARN}-plain`, reason: expect.stringMatching(/without export/) }])
    const forPlain = reuseCandidates([billed, plain], spec(), NOW)
    expect(forPlain.best?.CertificateArn).toBe(`${ARN}-plain`)
    expect(reuseCandidates([billed], spec(), NOW).best).toBeUndefined()
  })
})

describe('serials', () => {
  it.each([
    ['0A1B2C', 'A1B2C'],
    ['serial=0A1B2C', 'A1B2C'],
    ['0a:1b:2c', 'A1B2C'],
    ['  00FF ', 'FF'],
    ['0', '0'],
    ['xyz', undefined],
    ['', undefined]
  ])('normalizeSerial(%j) = %p', (text, normalized) => {
    expect(normalizeSerial(text)).toBe(normalized)
  })

  it('calls an export changed unless the deployed serial is the same one', () => {
    expect(serialChanged('0A1B', undefined)).toBe(true)
    expect(serialChanged('0A1B', 'a1b')).toBe(false)
    expect(serialChanged('0A1B', '0a:1b')).toBe(false)
    expect(serialChanged('0A1B', '0A1C')).toBe(true)
  })
})

describe('exportFiles', () => {
  it('writes the certificate, the chain, both together, and the key 0600', () => {
    const { paths, files } = exportFiles('/d', { certificate: 'C\n', chain: 'H', privateKey: 'K\n' })
    expect(paths).toEqual({
      certificate: '/d/certificate.pem',
      chain: '/d/chain.pem',
      fullchain: '/d/fullchain.pem',
      privateKey: '/d/private-key.pem'
    })
    expect(files.map((f) => [f.path, f.content, f.mode.toString(8)])).toEqual([
      ['/d/certificate.pem', 'C\n', '644'],
      ['/d/chain.pem', 'H\n', '644'],
      ['/d/fullchain.pem', 'C\nH\n', '644'],
      ['/d/private-key.pem', 'K\n', '600']
    ])
  })
})

describe('the export inputs', () => {
  const names = { 'domain-name': 'example.com', 'aws-region': 'us-east-1' }

  it('reads export, the passphrase, the directory and the deployed serial', () => {
    const config = configFrom({
      ...names,
      export: 'true',
      'export-passphrase': 'a good one',
      'export-directory': '/tmp/certs',
      'deployed-serial': 'serial=00AB'
    })
    expect(config.export).toEqual({ passphrase: 'a good one', directory: '/tmp/certs', deployedSerial: 'AB' })
    expect(configFrom(names).export).toBeUndefined()
  })

  it('gives an exportable request its own idempotency token', () => {
    const plain = configFrom(names).idempotencyToken
    const billed = configFrom({ ...names, export: 'true', 'export-passphrase': 'one passphrase' }).idempotencyToken
    expect(billed).not.toBe(plain)
    expect(configFrom({ ...names, export: 'true', 'export-passphrase': 'another one' }).idempotencyToken).toBe(billed)
  })

  it.each<[string, Record<string, string>, RegExp]>([
    ['no passphrase', { export: 'true' }, /'export-passphrase' = "": is required with export: true/],
    [
      'a bad passphrase, hidden',
      { export: 'true', 'export-passphrase': 'pa$$' },
      /'export-passphrase' = "\*\*\*": holds #/
    ],
    [
      'another mode',
      { export: 'true', 'export-passphrase': 'abcd', mode: 'status', 'certificate-arn': ARN },
      /request only/
    ],
    [
      'a directory without export',
      { 'export-directory': '/x' },
      /'export-directory' = "\/x": takes effect only with export/
    ],
    ['a serial without export', { 'deployed-serial': 'AB' }, /takes effect only with export/],
    [
      'a serial that is none',
      { export: 'true', 'export-passphrase': 'abcd', 'deployed-serial': 'not hex' },
      /not a certificate serial/
    ]
  ])('refuses %s', (_case, inputs, message) => {
    expect(() => configFrom({ ...names, ...inputs })).toThrow(message)
    try {
      configFrom({ ...names, ...inputs })
    } catch (err) {
      expect(String(err)).not.toContain('pa$$')
    }
  })
})
