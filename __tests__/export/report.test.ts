// What the user sees of an export (src/export/report.ts): outputs of the first Region, the summary
// section (charge, files, serial, changed, skips) and the report-file part. Pure.
import { describe, expect, it } from '@jest/globals'
import type { ExportEvent } from '../../src/export/events.js'
import { exportOutputs, exportReport, exportSummary } from '../../src/export/report.js'

const ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/abc'
const files = (dir: string) => ({
  certificate: `${dir}/certificate.pem`,
  chain: `${dir}/chain.pem`,
  fullchain: `${dir}/fullchain.pem`,
  privateKey: `${dir}/private-key.pem`
})
const exported = (region: string, serial: string, changed: boolean, deployedSerial?: string): ExportEvent => ({
  kind: 'exported',
  region,
  certificateArn: ARN,
  directory: `/d/${region}`,
  files: files(`/d/${region}`),
  serial,
  changed,
  deployedSerial
})
const charge: ExportEvent = { kind: 'charge', region: 'us-east-1', text: 'ACM charges $15', usd: 15 }

describe('exportOutputs', () => {
  it('are the first Region’s in aws-region order, whichever finished first', () => {
    const events = [charge, exported('eu-central-1', 'BB', false), exported('us-east-1', 'AA', true)]
    expect(exportOutputs(events, ['us-east-1', 'eu-central-1'])).toEqual({
      'certificate-file': '/d/us-east-1/certificate.pem',
      'chain-file': '/d/us-east-1/chain.pem',
      'fullchain-file': '/d/us-east-1/fullchain.pem',
      'private-key-file': '/d/us-east-1/private-key.pem',
      serial: 'AA',
      changed: 'true'
    })
    expect(exportOutputs([exported('us-east-1', 'AA', false)], [])).toMatchObject({ changed: 'false' })
    expect(exportOutputs([charge], [])).toEqual({})
  })
})

describe('exportSummary', () => {
  it('states the charge, each Region’s serial and files, and why a Region was not exported', () => {
    const skipped: ExportEvent = {
      kind: 'skipped',
      region: 'eu-central-1',
      certificateArn: ARN,
      reason: 'Not exported: x.'
    }
    const text = exportSummary([charge, exported('us-east-1', 'AA', true, 'A0'), skipped])
    expect(text).toContain('> 💲 ACM charges $15')
    expect(text).toContain('| us-east-1 | `AA` | yes (deployed: `A0`) |')
    expect(text).toContain('private key (encrypted, 0600) `/d/us-east-1/private-key.pem`')
    expect(text).toContain('- eu-central-1: Not exported: x.')
    expect(exportSummary([])).toBe('')
  })
})

describe('exportReport', () => {
  it('lists the charge, the files and serials, and the skips; null without export', () => {
    expect(exportReport([charge, exported('us-east-1', 'AA', false)])).toEqual({
      chargeUsd: 15,
      regions: [
        { region: 'us-east-1', certificateArn: ARN, files: files('/d/us-east-1'), serial: 'AA', changed: false }
      ],
      skipped: []
    })
    expect(exportReport([])).toBeNull()
  })
})
