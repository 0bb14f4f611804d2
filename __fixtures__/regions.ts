// Records and per-Region outcomes of a run in two Regions: shared by the tests of the Region list
// merge (decisions/regions), the outputs (report/outputs), the failure (run/outcome) and the summary.
import { emptyRegionOutcome, type RegionOutcome } from '../src/run/outcome.js'
import type { ValidationRecord } from '../src/types.js'

export const record = (name: string, value: string, ...domains: string[]): ValidationRecord => ({
  name,
  type: 'CNAME',
  value,
  domains
})
export const APEX = record('_a.example.com.', '_a1.acm-validations.aws.', 'example.com', '*.example.com')
export const WWW = record('_w.www.example.com.', '_w1.acm-validations.aws.', 'www.example.com')

export const ARN_US = 'arn:aws:acm:us-east-1:111111111111:certificate/us'
export const ARN_EU = 'arn:aws:acm:eu-central-1:111111111111:certificate/eu'
export const outcome = (region: string, fields: Partial<RegionOutcome>): RegionOutcome => ({
  ...emptyRegionOutcome(region),
  ...fields
})
