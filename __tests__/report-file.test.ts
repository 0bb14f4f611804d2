import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Finding } from '../src/preflight.js'
import {
  REPORT_SCHEMA_VERSION,
  redactAccountIds,
  reportDocument,
  writeReportFile,
  type ReportInput
} from '../src/report-file.js'
import { emptyRegionOutcome } from '../src/run/outcome.js'
import { APEX_RECORD, emptyFacts, issuedFacts } from '../__fixtures__/run-facts.js'

const STARTED = Date.UTC(2025, 0, 1, 12, 0, 0)
const finding: Finding = { check: 'caa', name: 'www.example.com', severity: 'unknown', message: 'm', hint: 'h' }

function issuedRun(): ReportInput {
  return {
    ...issuedFacts(),
    names: ['example.com', '*.example.com'],
    notAfter: new Date('2026-02-01T00:00:00Z'),
    elapsedMs: 95_000,
    records: [APEX_RECORD],
    progress: [{ domain: 'example.com', validationStatus: 'SUCCESS' }],
    startedAt: STARTED,
    keyAlgorithm: 'RSA_2048',
    decision: 'requested: no ISSUED certificate covers exactly these names',
    timings: { findOrRequestMs: 1200, recordsMs: 4000 },
    findings: [finding]
  }
}

describe('reportDocument', () => {
  it('records an issued run: inputs, decision, records, per-name status, timings, findings', () => {
    expect(reportDocument(issuedRun())).toEqual({
      schemaVersion: REPORT_SCHEMA_VERSION,
      startedAt: '2025-01-01T12:00:00.000Z',
      endedAt: '2025-01-01T12:01:35.000Z',
      elapsedMs: 95_000,
      outcome: 'success',
      inputs: { names: ['example.com', '*.example.com'], region: 'us-east-1', keyAlgorithm: 'RSA_2048' },
      certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
      status: 'ISSUED',
      reused: false,
      decision: 'requested: no ISSUED certificate covers exactly these names',
      notAfter: '2026-02-01T00:00:00.000Z',
      records: [
        {
          name: '_a.example.com.',
          type: 'CNAME',
          value: '_b.xyz.acm-validations.aws.',
          hostedZoneId: 'Z1',
          hostedZoneName: 'example.com',
          domains: ['example.com', '*.example.com']
        }
      ],
      validation: [
        { domain: 'example.com', status: 'SUCCESS' },
        { domain: '*.example.com', status: null }
      ],
      timings: { findOrRequestMs: 1200, recordsMs: 4000, waitMs: null },
      findings: [{ check: 'caa', name: 'www.example.com', severity: 'unknown', message: 'm', hint: 'h' }],
      error: null,
      regions: [],
      export: null
    })
  })

  it('records each Region of a run over several, in order, the failed one with its error', () => {
    const doc = reportDocument({
      ...issuedRun(),
      regions: [
        { ...emptyRegionOutcome('us-east-1'), certificateArn: 'arn:us', status: 'ISSUED', reused: true },
        {
          ...emptyRegionOutcome('eu-central-1'),
          certificateArn: 'arn:eu',
          status: 'FAILED',
          reused: false,
          error: { title: 'Certificate not issued', message: 'CAA_ERROR', hint: undefined }
        }
      ]
    })
    expect(doc.regions).toEqual([
      { region: 'us-east-1', certificateArn: 'arn:us', status: 'ISSUED', reused: true, notAfter: null, error: null },
      {
        region: 'eu-central-1',
        certificateArn: 'arn:eu',
        status: 'FAILED',
        reused: false,
        notAfter: null,
        error: { title: 'Certificate not issued', message: 'CAA_ERROR', hint: null }
      }
    ])
  })

  it('records a run that failed before anything was known, with every key present', () => {
    const doc = reportDocument({
      ...emptyFacts(),
      elapsedMs: 5,
      error: { title: 'Invalid input', message: "Input 'domain-name' is empty", hint: undefined },
      startedAt: STARTED,
      keyAlgorithm: undefined,
      decision: undefined,
      timings: {},
      findings: []
    })
    expect(doc).toMatchObject({
      outcome: 'failure',
      certificateArn: null,
      status: null,
      reused: null,
      decision: null,
      notAfter: null,
      inputs: { names: [], region: null, keyAlgorithm: null },
      timings: { findOrRequestMs: null, recordsMs: null, waitMs: null },
      error: { title: 'Invalid input', message: "Input 'domain-name' is empty", hint: null }
    })
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc) // nothing undefined: the JSON has the same keys
  })
})

describe('writeReportFile', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-file-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('creates missing directories and writes indented JSON', async () => {
    const path = join(dir, 'a', 'b', 'report.json')
    await writeReportFile(path, { schemaVersion: 1, names: ['example.com'] })
    expect(await readFile(path, 'utf8')).toBe('{\n  "schemaVersion": 1,\n  "names": [\n    "example.com"\n  ]\n}\n')
  })

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const path = join(dir, 'report.json')
    await writeFile(path, 'old')
    await writeReportFile(path, { run: 2 })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ run: 2 })
    expect(await readdir(dir)).toEqual(['report.json'])
  })

  it('fails when the path cannot be written, leaving the directory as it was', async () => {
    await writeFile(join(dir, 'other'), 'x')
    await expect(writeReportFile(join(dir, 'other', 'report.json'), {})).rejects.toMatchObject({
      code: expect.stringMatching(/^E/)
    })
    await expect(writeReportFile(dir, {})).rejects.toMatchObject({ code: 'EISDIR' })
    expect(await readdir(dir)).toEqual(['other'])
  })
})

describe('redactAccountIds (mask-aws-account-id)', () => {
  const CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/0f6a3ab1-2b4c-4d5e-8f70-123456789012'
  const doc = {
    certificateArn: CERT,
    decision: `Reused ${CERT}: ISSUED`,
    error: { message: 'No public Route 53 hosted zone found in account 222222222222 of ...', hint: null },
    regions: [{ region: 'eu-west-1', certificateArn: 'arn:aws-cn:acm:cn-north-1:333333333333:certificate/abc' }],
    elapsedMs: 111111111111,
    records: [{ name: '_1a2b.example.com.', value: '_3c4d.acm-validations.aws.' }]
  }

  it('writes every masked account id, and the account of every ARN, as *** (as the log shows them)', () => {
    const redacted = redactAccountIds(doc, ['222222222222'])
    expect(redacted).toEqual({
      certificateArn: 'arn:aws:acm:us-east-1:***:certificate/0f6a3ab1-2b4c-4d5e-8f70-123456789012',
      decision: 'Reused arn:aws:acm:us-east-1:***:certificate/0f6a3ab1-2b4c-4d5e-8f70-123456789012: ISSUED',
      error: { message: 'No public Route 53 hosted zone found in account *** of ...', hint: null },
      regions: [{ region: 'eu-west-1', certificateArn: 'arn:aws-cn:acm:cn-north-1:***:certificate/abc' }],
      elapsedMs: 111111111111,
      records: doc.records
    })
    // The certificate id's last group (12 hex digits, here all digits) is not an account id.
    expect(JSON.stringify(redacted)).toContain('-123456789012')
    expect(JSON.stringify(redacted)).not.toMatch(/111111111111:|222222222222|333333333333/)
  })

  it('leaves the document itself as it was', () => {
    redactAccountIds(doc, ['222222222222'])
    expect(doc.certificateArn).toBe(CERT)
  })
})
