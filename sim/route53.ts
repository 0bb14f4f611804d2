// Amazon Route 53 over REST-XML, paths under /2013-04-01/.
import { xmlAuthErrors } from './auth.js'
import { priorRequestNotComplete } from './faults.js'
import { compareReversed, reversedLabels, route53Name } from './names.js'
import { ApiError, callerOf, num, str, xmlErrorReply } from './protocol.js'
import type { CallContext, Decoded, Reply, ServiceHandler, SimRequest } from './protocol.js'
import { applyChangeBatch, type ChangeAction, type RecordChange } from './route53-changes.js'
import type { HostedZone, SimState } from './state.js'
import { isoSeconds } from './util.js'
import { child, childText, children, parseXml, xmlDocument, type XmlNode } from './xml.js'

const NAMESPACE = 'https://route53.amazonaws.com/doc/2013-04-01/'
const XML_CONTENT_TYPE = 'text/xml'
type Json = Record<string, unknown>

export interface HostedZoneInit {
  accountId: string
  name: string
  privateZone?: boolean
  linkedService?: { servicePrincipal: string; description?: string }
  /** Default: true, unless a public zone of the same name exists (only one can be delegated to). */
  delegated?: boolean
  id?: string
  comment?: string
  vpc?: { region: string; id: string }
}

function nameServers(state: SimState): string[] {
  return [0, 1, 2, 3].map((i) => {
    const n = Math.floor(state.random() * 2000)
    const tld = ['com', 'net', 'org', 'co.uk'][i]
    return `ns-${n}.awsdns-${String(n % 64).padStart(2, '0')}.${tld}`
  })
}

/** A new zone holds the apex NS and SOA records Route 53 creates (Route 53 DG, "NS and SOA records"). */
export function createHostedZone(state: SimState, init: HostedZoneInit, now: number): HostedZone {
  const name = route53Name(init.name)
  const privateZone = init.privateZone ?? false
  const servers = nameServers(state)
  const twinIsPublic = state.zones.some((z) => z.name === name && !z.privateZone)
  const zone: HostedZone = {
    id: init.id ?? `Z${state.nextId('zone', 20)}`,
    accountId: init.accountId,
    name,
    callerReference: state.nextId('caller-reference', 12),
    privateZone,
    vpcs: privateZone
      ? [init.vpc ?? { region: 'us-east-1', id: `vpc-${state.nextId('vpc', 17, '0123456789abcdef')}` }]
      : [],
    delegated: init.delegated ?? (!privateZone && !twinIsPublic),
    nameServers: servers,
    records: [
      { name, type: 'NS', ttl: 172800, values: servers.map((s) => `${s}.`), writtenAt: now },
      {
        name,
        type: 'SOA',
        ttl: 900,
        values: [`${servers[0]}. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400`],
        writtenAt: now
      }
    ],
    busyUntil: 0
  }
  if (init.linkedService) zone.linkedService = init.linkedService
  if (init.comment !== undefined) zone.comment = init.comment
  state.zones.push(zone)
  return zone
}

/** HostedZone element (Route 53 API Reference, HostedZone). */
function hostedZoneXml(zone: HostedZone): XmlNode {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: { Comment: zone.comment, PrivateZone: zone.privateZone },
    ResourceRecordSetCount: zone.records.length,
    LinkedService: zone.linkedService
      ? { ServicePrincipal: zone.linkedService.servicePrincipal, Description: zone.linkedService.description }
      : undefined
  }
}

function ownZone(context: CallContext, id: string | undefined): HostedZone {
  const zone = id === undefined ? undefined : context.state.zone(id)
  if (!zone) throw new ApiError('NoSuchHostedZone', `No hosted zone found with ID: ${id ?? ''}`, 404)
  const { credential } = callerOf(context)
  if (zone.accountId !== credential.accountId) {
    throw new ApiError('AccessDenied', `User: ${credential.arn} is not authorized to access this resource`, 403)
  }
  return zone
}

/** maxitems: "If you specify a value greater than 100, Route 53 returns only the first 100" (ListHostedZonesByName). */
function maxItems(params: Json, limit: number): number {
  const requested = num(params, 'maxitems') ?? limit
  if (!Number.isInteger(requested) || requested < 1) throw new ApiError('InvalidInput', 'Invalid value for maxitems')
  return Math.min(requested, limit)
}

function byReversedName(a: HostedZone, b: HostedZone): number {
  return compareReversed(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}

/**
 * ListHostedZonesByName (API Reference): all zones of the account, public and private, sorted by name
 * with labels reversed; `dnsname` (+ `hostedzoneid`) is where the listing starts, not a filter.
 */
function listHostedZonesByName(params: Json, context: CallContext): XmlNode {
  const dnsName = str(params, 'dnsname')
  const startId = str(params, 'hostedzoneid')
  if (startId !== undefined && dnsName === undefined) {
    throw new ApiError('InvalidInput', 'If you specify hostedzoneid, you must also specify dnsname.')
  }
  const limit = maxItems(params, 100)
  const zones = context.state.zonesOf(callerOf(context).credential.accountId).sort(byReversedName)
  const startKey = dnsName === undefined ? '' : reversedLabels(dnsName)
  const from = zones.findIndex((z) => {
    const key = reversedLabels(z.name)
    return key > startKey || (key === startKey && (startId === undefined || z.id >= startId))
  })
  const rest = from < 0 ? [] : zones.slice(from)
  const next = rest[limit]
  return {
    HostedZones: { HostedZone: rest.slice(0, limit).map(hostedZoneXml) },
    DNSName: dnsName,
    HostedZoneId: startId,
    IsTruncated: next !== undefined,
    NextDNSName: next?.name,
    NextHostedZoneId: next?.id,
    MaxItems: limit
  }
}

/** ListHostedZones (API Reference): `marker` is the id of the first zone of the page, NextMarker of the next. */
function listHostedZones(params: Json, context: CallContext): XmlNode {
  const limit = maxItems(params, 100)
  const type = str(params, 'hostedzonetype')
  const zones = context.state
    .zonesOf(callerOf(context).credential.accountId)
    .filter((z) => type === undefined || (type === 'PrivateHostedZone') === z.privateZone)
  const marker = str(params, 'marker')
  const from = marker === undefined ? 0 : zones.findIndex((z) => z.id === marker)
  if (from < 0) throw new ApiError('InvalidInput', `Invalid marker: ${marker ?? ''}`)
  const next = zones[from + limit]
  return {
    HostedZones: { HostedZone: zones.slice(from, from + limit).map(hostedZoneXml) },
    Marker: marker ?? '',
    IsTruncated: next !== undefined,
    NextMarker: next?.id,
    MaxItems: limit
  }
}

/** GetHostedZone (API Reference): DelegationSet for public zones, VPCs for private ones. */
function getHostedZone(params: Json, context: CallContext): XmlNode {
  const zone = ownZone(context, str(params, 'Id'))
  return {
    HostedZone: hostedZoneXml(zone),
    DelegationSet: zone.privateZone ? undefined : { NameServers: { NameServer: zone.nameServers } },
    VPCs: zone.privateZone ? { VPC: zone.vpcs.map((v) => ({ VPCRegion: v.region, VPCId: v.id })) } : undefined
  }
}

const ACTIONS: ChangeAction[] = ['CREATE', 'UPSERT', 'DELETE']

function parseChange(el: ReturnType<typeof child>): RecordChange {
  const set = child(el, 'ResourceRecordSet')
  const action = childText(el, 'Action') as ChangeAction
  const name = childText(set, 'Name')
  const type = childText(set, 'Type')
  if (!ACTIONS.includes(action) || name === undefined || type === undefined) {
    throw new ApiError('InvalidInput', 'Invalid request: each Change needs an Action, a Name and a Type')
  }
  const values = children(child(set, 'ResourceRecords'), 'ResourceRecord').map((r) => childText(r, 'Value') ?? '')
  return { action, name, type, ttl: Number(childText(set, 'TTL') ?? 0), values }
}

function decodeChangeBatch(body: string): { comment: string | undefined; changes: RecordChange[] } {
  let batch
  try {
    batch = child(parseXml(body), 'ChangeBatch')
  } catch {
    throw new ApiError('MalformedInput', 'ChangeBatch is not valid, expected ChangeResourceRecordSetsRequest')
  }
  const changes = children(child(batch, 'Changes'), 'Change').map(parseChange)
  if (!batch || changes.length === 0)
    throw new ApiError('InvalidInput', 'Invalid request: Expected exactly one of [Changes]')
  return { comment: childText(batch, 'Comment'), changes }
}

/**
 * Cloud Map owns zones it created: "you can't edit or delete it using Amazon Route 53" (API Reference,
 * LinkedService); writes fail with 403 AccessDenied naming the namespace (aws/aws-cdk#31391).
 */
function cloudMapDenied(zone: HostedZone): ApiError {
  const namespace = `arn:aws:servicediscovery:us-east-1:${zone.accountId}:namespace/ns-${zone.id.slice(1, 17).toLowerCase()}`
  return new ApiError(
    'AccessDenied',
    `The resource hostedzone/${zone.id} can only be managed through AWS Cloud Map (${namespace})`,
    403
  )
}

function changeInfo(state: SimState, id: string, now: number): XmlNode {
  const change = state.changes.get(id)
  if (!change) throw new ApiError('NoSuchChange', `Could not find resource with ID: ${id}`, 404)
  // "PENDING ... is the initial status of all change batch requests"; INSYNC once propagated (GetChange).
  const insync = now >= change.submittedAt + state.scenario.changeInsyncDelayMs
  return {
    Id: `/change/${id}`,
    Status: insync ? 'INSYNC' : 'PENDING',
    SubmittedAt: isoSeconds(change.submittedAt),
    Comment: change.comment
  }
}

/**
 * ChangeResourceRecordSets (API Reference). A zone still processing a prior change rejects the next with
 * PriorRequestNotComplete (Route 53 DG, "Quotas on API requests"); problems come back together as
 * InvalidChangeBatch, message `[first, second]` (aws/aws-sdk-kotlin#1435 shows the current wire shape).
 */
function changeResourceRecordSets(params: Json, context: CallContext): XmlNode {
  const { state, now } = context
  const zone = ownZone(context, str(params, 'Id'))
  if (zone.linkedService) throw cloudMapDenied(zone)
  const { comment, changes } = params.ChangeBatch as { comment: string | undefined; changes: RecordChange[] }
  if (now < zone.busyUntil) throw priorRequestNotComplete()
  const problems = applyChangeBatch(state, zone, changes, now)
  if (problems.length > 0) throw new ApiError('InvalidChangeBatch', `[${problems.join(', ')}]`)
  zone.busyUntil = now + state.scenario.changeProcessingMs
  const id = `C${state.nextId('change', 20)}`
  state.changes.set(id, {
    id,
    accountId: zone.accountId,
    submittedAt: now,
    ...(comment !== undefined ? { comment } : {})
  })
  return { ChangeInfo: changeInfo(state, id, now) }
}

function getChange(params: Json, context: CallContext): XmlNode {
  const id = str(params, 'Id') ?? ''
  const change = context.state.changes.get(id)
  if (change && change.accountId !== callerOf(context).credential.accountId) {
    throw new ApiError('NoSuchChange', `Could not find resource with ID: ${id}`, 404)
  }
  return { ChangeInfo: changeInfo(context.state, id, context.now) }
}

/**
 * ListResourceRecordSets (API Reference): sorted by name (labels reversed), then type; maxitems up to 300;
 * StartRecordName/StartRecordType (`name`/`type`) say where the page starts. "Specifying type without
 * specifying name returns an InvalidInput error."
 */
function listResourceRecordSets(params: Json, context: CallContext): XmlNode {
  const zone = ownZone(context, str(params, 'Id'))
  if (str(params, 'type') !== undefined && str(params, 'name') === undefined) {
    throw new ApiError('InvalidInput', 'Specifying type without specifying name is not allowed.')
  }
  const limit = maxItems(params, 300)
  const sorted = [...zone.records].sort((a, b) => compareReversed(a.name, b.name) || a.type.localeCompare(b.type))
  const startName = str(params, 'name')
  const startType = str(params, 'type')
  const from =
    startName === undefined
      ? 0
      : sorted.findIndex((r) => {
          const order = compareReversed(r.name, startName)
          return order > 0 || (order === 0 && (startType === undefined || r.type >= startType))
        })
  const rest = from < 0 ? [] : sorted.slice(from)
  const next = rest[limit]
  return {
    ResourceRecordSets: {
      ResourceRecordSet: rest.slice(0, limit).map((r) => ({
        Name: r.name,
        Type: r.type,
        TTL: r.ttl,
        ResourceRecords: { ResourceRecord: r.values.map((Value) => ({ Value })) }
      }))
    },
    IsTruncated: next !== undefined,
    NextRecordName: next?.name,
    NextRecordType: next?.type,
    MaxItems: limit
  }
}

interface Route {
  method: string
  pattern: RegExp
  operation: string
  run: (params: Json, context: CallContext) => XmlNode
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/2013-04-01\/hostedzonesbyname$/,
    operation: 'ListHostedZonesByName',
    run: listHostedZonesByName
  },
  { method: 'GET', pattern: /^\/2013-04-01\/hostedzone$/, operation: 'ListHostedZones', run: listHostedZones },
  { method: 'GET', pattern: /^\/2013-04-01\/hostedzone\/([^/]+)$/, operation: 'GetHostedZone', run: getHostedZone },
  {
    method: 'POST',
    pattern: /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/,
    operation: 'ChangeResourceRecordSets',
    run: changeResourceRecordSets
  },
  {
    method: 'GET',
    pattern: /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/,
    operation: 'ListResourceRecordSets',
    run: listResourceRecordSets
  },
  { method: 'GET', pattern: /^\/2013-04-01\/change\/([^/]+)$/, operation: 'GetChange', run: getChange }
]

function findRoute(request: SimRequest): { route: Route; id: string | undefined } | undefined {
  for (const route of ROUTES) {
    const match = route.method === request.method ? route.pattern.exec(request.path) : null
    if (match) return { route, id: match[1] === undefined ? undefined : decodeURIComponent(match[1]) }
  }
  return undefined
}

export const route53Handler: ServiceHandler = {
  service: 'route53',
  matches: (request: SimRequest) => request.path.startsWith('/2013-04-01/'),
  decode(request: SimRequest): Decoded {
    const found = findRoute(request)
    if (!found) throw new ApiError('InvalidAction', `Unsupported: ${request.method} ${request.path}`)
    const params: Json = Object.fromEntries(request.query)
    if (found.id !== undefined) params.Id = found.id
    if (found.route.operation === 'ChangeResourceRecordSets') params.ChangeBatch = decodeChangeBatch(request.body)
    return { operation: found.route.operation, params }
  },
  isAnonymous: () => false,
  authErrors: xmlAuthErrors(403),
  execute({ operation, params }: Decoded, context: CallContext): Reply {
    const route = ROUTES.find((r) => r.operation === operation)
    if (!route) throw new ApiError('InvalidAction', `Unsupported operation ${operation}`)
    const body = route.run(params, context)
    return { status: 200, contentType: XML_CONTENT_TYPE, body: xmlDocument(`${operation}Response`, NAMESPACE, body) }
  },
  renderError: (error: ApiError, requestId: string): Reply => xmlErrorReply(NAMESPACE, error, requestId)
}
