// aws-region as a list (issue 14): one Region reads exactly as it always did; several are each
// checked, and must be reachable with one set of credentials (one partition). Pure.
import { Inputs, type Mode } from '../constants.js'
import { parseRegionList } from '../decisions/regions.js'
import { InputError } from '../errors.js'
import { regionPartition } from '../partitions.js'
import type { Config } from '../types.js'

/**
 * The Regions of the run, in input order, at least one. `readOne` reads a single Region as before
 * (input, else certificate-arn's Region, else AWS_REGION, then AWS_DEFAULT_REGION) and checks it.
 */
export function readRegions(
  given: string,
  mode: Mode,
  certificateArn: string | undefined,
  readOne: (value: string) => string
) {
  const listed = parseRegionList(given)
  if (listed.length <= 1) return [readOne(listed[0] ?? '')]
  if (mode === 'audit' || mode === 'acme-endpoint') {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      `lists ${listed.length} Regions; ${Inputs.Mode} ${mode} ${mode === 'audit' ? 'checks' : 'sets up an endpoint in'} one Region per step`,
      {
        hint: `Run one ${mode} step per Region (a matrix over the Regions does it).`
      }
    )
  }
  if (certificateArn !== undefined) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      `lists ${listed.length} Regions, but ${Inputs.CertificateArn} names one certificate in one Region`,
      {
        hint:
          `Give ${Inputs.DomainName} (and ${Inputs.SubjectAlternativeNames}) instead of ${Inputs.CertificateArn}: ` +
          `${Inputs.Mode} status and delete then act on the certificate with these names in each Region.`
      }
    )
  }
  const regions = listed.map((entry) => {
    try {
      return readOne(entry)
    } catch (err) {
      if (!(err instanceof InputError)) throw err
      throw new InputError(
        Inputs.AwsRegion,
        given,
        `entry '${entry}' ${err.message.replace(/^Input '[^']*' = "[^"]*": /, '')}`,
        { ...(err.hint !== undefined && { hint: err.hint }) }
      )
    }
  })
  const partitions = new Set(regions.map(regionPartition))
  if (partitions.size > 1) {
    throw new InputError(
      Inputs.AwsRegion,
      given,
      `mixes AWS partitions (${[...partitions].join(', ')}), which no one set of credentials reaches`,
      { hint: 'Use one step per partition (e.g. one for aws, one for aws-cn).' }
    )
  }
  return regions
}

/**
 * The Config of one Region of a run over several: the same request, in that Region, with that
 * Region's idempotency token.
 *
 * The token already hashes the Region (deriveIdempotencyToken), and that is kept on purpose. ACM
 * scopes tokens per account and Region anyway, so the Region is not what keeps Regions apart; but
 * hashing it as before makes each Region's token exactly the one a single-Region run for that
 * Region computes. So one Region is unchanged byte for byte (a re-run within ACM's hour across an
 * upgrade finds the same certificate), and a step over several Regions converges with a
 * single-Region step (or an earlier run) for one of them instead of requesting a second certificate.
 */
export function configForRegion(
  config: Config,
  region: string,
  deriveToken: (parts: Config & { region: string }) => string
): Config {
  if (region === config.region && config.regions.length === 1) return config
  return Object.freeze({
    ...config,
    region,
    regions: Object.freeze([region]),
    idempotencyToken: deriveToken({ ...config, region })
  })
}
