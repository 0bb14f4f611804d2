// Mode acme-endpoint's ports: the ACME control plane (aws/acme.ts) and request mode's record path,
// reused as it is: its zone plan (the one zone rule: zone-overrides, hosted-zone-id, else the most
// specific public zone, through the DNS roles) and its write (one ChangeResourceRecordSets per zone).
import type { ACMClient } from '@aws-sdk/client-acm'
import * as acme from '../aws/acme.js'
import { writeValidationRecords } from '../request/records.js'
import { callContext, type RunDeps, type WrittenRecord } from '../run/deps.js'
import { zoneFinder } from '../zones/lookup.js'
import { planZones, type ZonePlan } from '../zones/plan.js'
import type { Context, ValidationRecord } from '../types.js'

export interface AcmePorts {
  listEndpoints(): ReturnType<typeof acme.listAcmeEndpoints>
  /** undefined: the resource is gone. */
  tagsOf(arn: string): ReturnType<typeof acme.acmeResourceTags>
  createEndpoint(request: acme.EndpointRequest): Promise<string>
  describeEndpoint(arn: string): ReturnType<typeof acme.describeAcmeEndpoint>
  updateEndpoint(
    arn: string,
    settings: Pick<acme.EndpointRequest, 'contact' | 'allowedKeyAlgorithms'>
  ): Promise<unknown>
  listValidations(endpointArn: string): ReturnType<typeof acme.listDomainValidations>
  createValidation(request: acme.DomainValidationRequest): Promise<string>
  describeValidation(arn: string): ReturnType<typeof acme.describeDomainValidation>
  updateValidation(arn: string, options: Pick<acme.DomainValidationRequest, 'scope' | 'hostedZoneId'>): Promise<unknown>
  deleteValidation(arn: string): Promise<void>
  /** Each name's zone, role and client by request mode's rule (throws naming every name without one). */
  planZones(): Promise<ZonePlan>
  /** One UPSERT batch per zone and role; onlyMissing: read the zone first and write what is not in place. */
  writeRecords(records: readonly ValidationRecord[], plan: ZonePlan, onlyMissing: boolean): Promise<WrittenRecord[]>
  createBinding(request: acme.BindingRequest): ReturnType<typeof acme.createBinding>
  bindingCredentials(arn: string): ReturnType<typeof acme.bindingCredentials>
  /** Registers a secret with the runner's masker (core.setSecret in main.ts): called first with the MAC key. */
  onBindingCredentials(credentials: { keyId: string; macKey: string }): void
}

export function acmePorts(deps: RunDeps, client: ACMClient = deps.acm): AcmePorts {
  const ctx = callContext(deps)
  return {
    listEndpoints: () => acme.listAcmeEndpoints(client, ctx),
    tagsOf: (arn) => acme.acmeResourceTags(client, arn, ctx),
    createEndpoint: (request) => acme.createAcmeEndpoint(client, request, ctx),
    describeEndpoint: (arn) => acme.describeAcmeEndpoint(client, arn, ctx),
    updateEndpoint: (arn, settings) => acme.updateAcmeEndpoint(client, { arn, ...settings }, ctx),
    listValidations: (arn) => acme.listDomainValidations(client, arn, ctx),
    createValidation: (request) => acme.createDomainValidation(client, request, ctx),
    describeValidation: (arn) => acme.describeDomainValidation(client, arn, ctx),
    updateValidation: (arn, options) => acme.updateDomainValidation(client, arn, options, ctx),
    deleteValidation: (arn) => acme.deleteDomainValidation(client, arn, ctx),
    planZones: () => planZones(deps.config, deps, deps.route53 ? zoneFinder(deps.route53, ctx) : undefined, ctx),
    writeRecords: (records, plan, onlyMissing) => writeValidationRecords(deps, records, plan, { onlyMissing }),
    createBinding: (request) => acme.createBinding(client, request, ctx),
    bindingCredentials: (arn) => acme.bindingCredentials(client, arn, ctx),
    onBindingCredentials: (credentials) => deps.handOverBinding?.(credentials)
  }
}

/** The context of the mode's waits: its clock, log and cancel, ending at `deadline`. */
export function acmeWaitContext(deps: RunDeps, deadline: number): Context {
  return { clock: deps.clock, log: deps.log, signal: deps.signal, deadline }
}
