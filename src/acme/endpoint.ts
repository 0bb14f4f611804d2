// Mode acme-endpoint's first steps: find the action's endpoint of this name (its tag) or create one
// (a deterministic IdempotencyToken, so parallel jobs converge), wait on the injected clock until it is
// ACTIVE, and align what UpdateAcmeEndpoint can change with the inputs.
import type { AcmeEndpoint } from '@aws-sdk/client-acm'
import { Inputs } from '../constants.js'
import { ActionError } from '../errors.js'
import { poll } from '../poll.js'
import type { Context, Tag } from '../types.js'
import { chooseEndpoint, endpointDrift, endpointTag, tokenOf, type EndpointChoice } from './decide.js'
import type { AcmePorts } from './ports.js'
import type { AcmeRun } from './report.js'
import type { AcmeConfig } from '../types.js'

type Emit = (next: Partial<AcmeRun>) => void

export interface EndpointInput {
  readonly acme: AcmeConfig
  readonly region: string
  /** The tags input: the endpoint's own tags, beside the action's. */
  readonly tags: readonly Tag[]
  /** Awaited before a new endpoint is created: a name without a zone fails the run first. */
  readonly beforeCreate: () => Promise<unknown>
}

/** Step 1: the action's endpoint of this name (tag), else a new one (deterministic token); ACTIVE, settings aligned. */
export async function ensureEndpoint(
  ports: AcmePorts,
  input: EndpointInput,
  ctx: Context,
  emit: Emit
): Promise<{ arn: string; created: boolean }> {
  const { acme } = input
  const choice = await findOurs(ports, acme.endpointName)
  let arn: string
  if (choice.kind === 'reuse') {
    arn = choice.arn
    ctx.log.info(`Reusing ACME endpoint ${arn} (${Inputs.AcmeEndpointName} ${acme.endpointName})`)
    for (const other of choice.others)
      ctx.log.warning(`Another ACME endpoint tagged ${acme.endpointName}: ${other} (not used)`, 'ACME endpoint')
  } else {
    await input.beforeCreate()
    arn = await ports.createEndpoint({
      idempotencyToken: tokenOf('acme-endpoint', input.region, acme.endpointName),
      contact: acme.contact,
      allowedKeyAlgorithms: acme.keyAlgorithms,
      tags: [...input.tags, endpointTag(acme.endpointName)],
      certificateTags: acme.certificateTags
    })
    ctx.log.info(`Created ACME endpoint ${arn} (${Inputs.AcmeEndpointName} ${acme.endpointName})`)
  }
  const created = choice.kind === 'create'
  emit({ endpoint: { arn, url: undefined, status: created ? 'CREATING' : 'UNKNOWN', created, updated: [] } })
  const active = await waitForActive(ports, arn, ctx)
  ctx.log.info(`The ACME endpoint is ACTIVE; its directory: ${active.EndpointUrl ?? '(no URL given)'}`)
  const updated = await alignEndpoint(ports, active, acme, ctx.log)
  emit({ endpoint: { arn, url: active.EndpointUrl, status: 'ACTIVE', created, updated } })
  return { arn, created }
}

/** The endpoints of the Region with their tags, and which is ours; an unusable one alone stops the run. */
async function findOurs(ports: AcmePorts, name: string): Promise<Exclude<EndpointChoice, { kind: 'unusable' }>> {
  const listed = await ports.listEndpoints()
  const facts = await Promise.all(
    listed.map(async (e) => ({
      arn: e.AcmeEndpointArn ?? '',
      status: e.Status ?? 'UNKNOWN',
      createdAt: e.CreatedAt,
      failureReason: e.FailureReason,
      tags: await ports.tagsOf(e.AcmeEndpointArn ?? '')
    }))
  )
  const choice = chooseEndpoint(facts, name)
  if (choice.kind !== 'unusable') return choice
  throw new ActionError(
    `The ACME endpoint ${choice.arn} (${Inputs.AcmeEndpointName} ${name}) is ${choice.status}` +
      (choice.reason ? `: ${choice.reason}` : ''),
    {
      hint:
        `Delete it in ACM (or wait until it is gone), or give another ${Inputs.AcmeEndpointName}; the action ` +
        'does not create a second endpoint beside it.'
    }
  )
}

/** Step 2: CREATING → ACTIVE on the injected clock (FAILED ends the run with ACM's reason). */
async function waitForActive(ports: AcmePorts, arn: string, ctx: Context): Promise<AcmeEndpoint> {
  return poll(
    async () => {
      const endpoint = await ports.describeEndpoint(arn)
      if (endpoint.Status === 'FAILED')
        throw new ActionError(`The ACME endpoint ${arn} is FAILED: ${endpoint.FailureReason ?? 'no reason given'}`, {
          hint: `Delete it in ACM and re-run, or give another ${Inputs.AcmeEndpointName}.`
        })
      return endpoint.Status === 'ACTIVE' ? { done: true, value: endpoint } : { done: false }
    },
    {
      ...ctx,
      phase: 'waiting for the ACME endpoint',
      timeoutMessage: () => `The ACME endpoint ${arn} did not become ACTIVE within ${Inputs.TimeoutMinutes}`,
      timeoutHint: 'Re-run the job: it finds the same endpoint and waits on.'
    }
  )
}

/** Step 3: contact and key algorithms as the inputs say; certificate tags are fixed at creation (warned). */
async function alignEndpoint(
  ports: AcmePorts,
  endpoint: AcmeEndpoint,
  acme: AcmeConfig,
  log: Context['log']
): Promise<string[]> {
  const drift = endpointDrift(
    {
      contact: endpoint.Contact,
      allowedKeyAlgorithms: endpoint.CertificateAuthority?.PublicCertificateAuthority?.AllowedKeyAlgorithms,
      certificateTags: endpoint.CertificateTags
    },
    acme
  )
  if (drift.fixedAtCreation.length > 0)
    log.warning(
      `${Inputs.AcmeCertificateTags} differ from the endpoint's, which UpdateAcmeEndpoint cannot change; ` +
        `give another ${Inputs.AcmeEndpointName} for an endpoint with the new tags.`,
      'ACME endpoint'
    )
  if (drift.update.length === 0) return []
  await ports.updateEndpoint(endpoint.AcmeEndpointArn ?? '', {
    contact: acme.contact,
    allowedKeyAlgorithms: acme.keyAlgorithms
  })
  log.info(`Updated the ACME endpoint: ${drift.update.join('; ')}`)
  return drift.update
}
