// The RunFacts (run/outcome.ts runFacts) of a test: a run that requested and got an ISSUED certificate for three names, whose
// validation CNAMEs the action wrote into two zones. Tests override what they are about.
import { runFacts, startOutcome, type RunFacts } from '../src/run/outcome.js'

/** The facts of a run before anything was known. */
export function emptyFacts(): RunFacts {
  return runFacts(startOutcome())
}

export const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:111111111111:certificate/abc'

/** The CNAME shared by example.com and *.example.com, written in zone Z1. */
export const APEX_RECORD = {
  name: '_a.example.com.',
  type: 'CNAME',
  value: '_b.xyz.acm-validations.aws.',
  hostedZoneId: 'Z1',
  hostedZoneName: 'example.com',
  domains: ['example.com', '*.example.com']
} as const satisfies RunFacts['records'][number]

export function issuedFacts(overrides: Partial<RunFacts> = {}): RunFacts {
  return {
    ...emptyFacts(),
    names: ['example.com', '*.example.com', 'api.dev.example.com'],
    region: 'us-east-1',
    certificateArn: CERTIFICATE_ARN,
    reused: false,
    status: 'ISSUED',
    notAfter: new Date('2027-12-01T00:00:00Z'),
    elapsedMs: 83_000,
    records: [
      { ...APEX_RECORD, domains: [...APEX_RECORD.domains] },
      {
        name: '_c.api.dev.example.com.',
        type: 'CNAME',
        value: '_d.xyz.acm-validations.aws.',
        hostedZoneId: 'Z2',
        hostedZoneName: 'dev.example.com',
        domains: ['api.dev.example.com']
      }
    ],
    progress: [
      { domain: 'example.com', validationStatus: 'SUCCESS' },
      { domain: '*.example.com', validationStatus: 'SUCCESS' },
      { domain: 'api.dev.example.com', validationStatus: 'SUCCESS' }
    ],
    ...overrides
  }
}
