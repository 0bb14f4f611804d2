// External account bindings (EAB) and ACME accounts of an ACME endpoint. ACM API Reference:
// API_CreateAcmeExternalAccountBinding, API_GetAcmeExternalAccountBindingCredentials,
// API_RevokeAcmeExternalAccountBinding, API_DeleteAcmeExternalAccountBinding, API_ListAcmeAccounts;
// ACM User Guide, "External account binding": an account, once registered, works on without its EAB.
import { acmeStore, type AcmeAccountRecord, type BindingRecord } from './acme-store.js'
import {
  findEndpoint,
  idempotent,
  notFound,
  page,
  parseTags,
  remember,
  required,
  validation,
  type Json
} from './acme-wire.js'
import { ApiError, str, type CallContext } from './protocol.js'
import { DAY, HOUR, hmacHex, uuidFrom } from './util.js'

/** RoleArn pattern (API_CreateAcmeExternalAccountBinding). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/
const UNIT_MS: Record<string, number> = { MINUTES: 60_000, HOURS: HOUR, DAYS: DAY }

function readExpiration(raw: unknown, now: number): number | undefined {
  if (raw === undefined) return undefined // the default expiry is UNCONFIRMED: none here
  const e = raw as Json
  const value = e['Value']
  const unit = UNIT_MS[String(e['Type'])]
  if (typeof value !== 'number' || value < 1) throw validation(value, 'expiration.value', 'Member must be at least 1')
  if (unit === undefined)
    throw validation(e['Type'], 'expiration.type', 'Member must satisfy enum value set: [MINUTES, HOURS, DAYS]')
  return now + value * unit
}

function bindingShape(b: BindingRecord): Json {
  return {
    AcmeExternalAccountBindingArn: b.arn,
    AcmeEndpointArn: b.endpointArn,
    RoleArn: b.roleArn,
    ...(b.expiresAt !== undefined && { ExpiresAt: b.expiresAt / 1000 }),
    ...(b.revokedAt !== undefined && { RevokedAt: b.revokedAt / 1000 }),
    ...(b.lastUsedAt !== undefined && { LastUsedAt: b.lastUsedAt / 1000 }),
    CreatedAt: b.createdAt / 1000,
    UpdatedAt: b.updatedAt / 1000
  }
}

function createBinding(params: Json, context: CallContext): Json {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const token = str(params, 'IdempotencyToken')
  const store = acmeStore(context.state)
  const known = idempotent(context, 'CreateAcmeExternalAccountBinding', token)
  const existing = known === undefined ? undefined : store.bindings.get(known)
  if (existing) return { ExternalAccountBinding: bindingShape(existing) }
  const roleArn = required(params, 'RoleArn')
  if (!ROLE_ARN.test(roleArn) || roleArn.length > 2048)
    throw validation(roleArn, 'roleArn', `Member must satisfy regular expression pattern: ${ROLE_ARN.source}`)
  if (endpoint.status !== 'ACTIVE')
    throw new ApiError('ConflictException', `ACME endpoint ${endpoint.arn} is ${endpoint.status}, not ACTIVE.`)
  const seed = context.state.nextSeed('acme-eab')
  const binding: BindingRecord = {
    arn: `${endpoint.arn}/acme-external-account-binding/${uuidFrom(seed)}`,
    endpointArn: endpoint.arn,
    roleArn,
    createdAt: context.now,
    updatedAt: context.now,
    keyId: hmacHex('eab-kid', seed).slice(0, 22),
    // An HMAC key, base64url as RFC 8555 §7.3.4 clients take it (certbot --eab-hmac-key).
    macKey: Buffer.from(hmacHex('eab-mac', seed), 'hex').toString('base64url'),
    tags: parseTags(params['Tags'])
  }
  const expiresAt = readExpiration(params['Expiration'], context.now)
  if (expiresAt !== undefined) binding.expiresAt = expiresAt
  store.bindings.set(binding.arn, binding)
  remember(context, 'CreateAcmeExternalAccountBinding', token, binding.arn)
  return { ExternalAccountBinding: bindingShape(binding) }
}

function findBinding(context: CallContext, arn: string): BindingRecord {
  const binding = acmeStore(context.state).bindings.get(arn)
  if (!binding) throw notFound('ACME external account binding', arn)
  findEndpoint(context, binding.endpointArn)
  return binding
}

/**
 * API_GetAcmeExternalAccountBindingCredentials: KeyId and the `sensitive` MacKey. Whether it can be
 * called more than once is UNCONFIRMED: here it can, until the binding is revoked or expired [inferred].
 */
function getCredentials(params: Json, context: CallContext): Json {
  const binding = findBinding(context, required(params, 'AcmeExternalAccountBindingArn'))
  if (binding.revokedAt !== undefined)
    throw new ApiError('ConflictException', `External account binding ${binding.arn} is revoked.`)
  if (binding.expiresAt !== undefined && context.now >= binding.expiresAt)
    throw new ApiError('ConflictException', `External account binding ${binding.arn} has expired.`)
  return { KeyId: binding.keyId, MacKey: binding.macKey }
}

function listBindings(params: Json, context: CallContext): Json {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const of = [...acmeStore(context.state).bindings.values()].filter((b) => b.endpointArn === endpoint.arn)
  const { items, next } = page(of, params)
  return { ExternalAccountBindings: items.map(bindingShape), ...(next && { NextToken: next }) }
}

function accountShape(a: {
  accountUrl: string
  thumbprint: string
  status: string
  createdAt: number
  bindingArn?: string
}): Json {
  return {
    AccountUrl: a.accountUrl,
    PublicKeyThumbprint: a.thumbprint,
    Status: a.status,
    CreatedAt: a.createdAt / 1000,
    ...(a.bindingArn !== undefined && { AcmeExternalAccountBindingArn: a.bindingArn })
  }
}

function findAccount(params: Json, context: CallContext): AcmeAccountRecord {
  const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
  const url = required(params, 'AccountUrl')
  const account = acmeStore(context.state).accounts.find((a) => a.endpointArn === endpoint.arn && a.accountUrl === url)
  if (!account) throw notFound('ACME account', url)
  return account
}

export const acmeBindingOperations: Record<string, (params: Json, context: CallContext) => Json> = {
  CreateAcmeExternalAccountBinding: createBinding,
  DescribeAcmeExternalAccountBinding: (params, context) => ({
    ExternalAccountBinding: bindingShape(findBinding(context, required(params, 'AcmeExternalAccountBindingArn')))
  }),
  ListAcmeExternalAccountBindings: listBindings,
  GetAcmeExternalAccountBindingCredentials: getCredentials,
  /** Stops new registrations; accounts already registered go on (API_RevokeAcmeExternalAccountBinding). */
  RevokeAcmeExternalAccountBinding: (params, context) => {
    const binding = findBinding(context, required(params, 'AcmeExternalAccountBindingArn'))
    binding.revokedAt ??= context.now
    binding.updatedAt = context.now
    return {}
  },
  DeleteAcmeExternalAccountBinding: (params, context) => {
    const binding = findBinding(context, required(params, 'AcmeExternalAccountBindingArn'))
    acmeStore(context.state).bindings.delete(binding.arn)
    return {}
  },
  /** API_DescribeAcmeAccount: one account by its URL on the endpoint. */
  DescribeAcmeAccount: (params, context) => ({ AcmeAccount: accountShape(findAccount(params, context)) }),
  /** API_RevokeAcmeAccount: irreversible; the account can neither order nor revoke afterwards. */
  RevokeAcmeAccount: (params, context) => {
    findAccount(params, context).status = 'REVOKED'
    return {}
  },
  /** The accounts ACME clients registered (seeded by tests: the data plane is not simulated). */
  ListAcmeAccounts: (params, context) => {
    const endpoint = findEndpoint(context, required(params, 'AcmeEndpointArn'))
    const of = acmeStore(context.state).accounts.filter((a) => a.endpointArn === endpoint.arn)
    const { items, next } = page(of, params)
    return { AcmeAccounts: items.map(accountShape), ...(next && { NextToken: next }) }
  }
}
