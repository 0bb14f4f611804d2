// The simulator: one HTTP server for ACM, Route 53, STS and the GitHub OIDC endpoint, plus the scenario API.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { acmeStore, type AcmeStore } from './acme-store.js'
import { acmHandler, createCertificate, issueTimeOf, type CertificateInit } from './acm.js'
import { managedRenewal, trustAnchors } from './acm-export.js'
import { authenticate } from './auth.js'
import { CONTAINER_CREDENTIALS_PATH, containerHandler } from './container.js'
import { settle, settleAll, validityMs } from './certificates.js'
import { DnsResponder } from './dns.js'
import { Faults, faultError, quotaFor, RateLimiter, type FaultKind, type FaultSpec } from './faults.js'
import { githubClaims, OIDC_PATH, oidcHandler, OidcKnobs, TokenIssuer, type Claims } from './oidc.js'
import { ApiError, type Caller, type Decoded, type Reply, type ServiceHandler, type SimRequest } from './protocol.js'
import { createHostedZone, route53Handler, type HostedZoneInit } from './route53.js'
import { applyChangeBatch, normalizeChange } from './route53-changes.js'
import { ForwardProxy, type ProxyOptions } from './proxy.js'
import {
  defaultScenario,
  SimState,
  type Certificate,
  type CertificateStatus,
  type CertificateType,
  type Credential,
  type CredentialOrigin,
  type FailureReason,
  type HostedZone,
  type RecordSet,
  type RenewalSummaryInit,
  type Role,
  type Scenario,
  type ServiceName
} from './state.js'
import { roleFrom, stsHandler, type RoleInit } from './sts.js'
import { taggingHandler } from './tagging.js'
import { hmacHex, seededRandom, uuidFrom, type Clock } from './util.js'

const CLOCK_SKEW_MS = 15 * 60 * 1000

export interface SimulatorOptions extends Partial<Scenario> {
  /** Port to listen on (127.0.0.1); 0 (default) picks a free one. */
  port?: number
  /** Milliseconds since the epoch; every time-based rule reads it (default Date.now). */
  clock?: Clock
  /** Seed of ids, secrets and fault rates (default 1). */
  seed?: number
  /** Also answer public DNS (NS, CAA) over UDP on 127.0.0.1: see `dnsServer` and sim/dns.ts. */
  dns?: boolean
  /** UDP port of that DNS responder; 0 (default) picks a free one. */
  dnsPort?: number
  /** Also run a forward HTTP proxy on 127.0.0.1 (options: required Basic credentials): see `proxy`, sim/proxy.ts. */
  proxy?: boolean | ProxyOptions
}

export interface RequestLogEntry {
  time: number
  service: ServiceName
  operation: string
  accountId?: string
  accessKeyId?: string
  region?: string
  params: Record<string, unknown>
  status: number
  errorCode?: string
  /** Real monotonic ms (performance.now) when the request arrived; see criticalPath in sim/timing.ts. */
  startMs?: number
  /** Real monotonic ms when the answer (or the dropped connection) went out; unset while unanswered. */
  endMs?: number
  /** The caller's principal ARN (user, or assumed-role session) for signed calls. */
  principal?: string
  /** How the caller's credentials were obtained (static keys, AssumeRole, web identity, container endpoint). */
  credentialOrigin?: CredentialOrigin
}

export interface SimulatorEnv {
  AWS_ENDPOINT_URL_ACM: string
  AWS_ENDPOINT_URL_ROUTE_53: string
  AWS_ENDPOINT_URL_STS: string
  AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: string
  ACTIONS_ID_TOKEN_REQUEST_URL: string
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: string
  [name: string]: string
}

export interface StaticCredentialsInit {
  accessKeyId: string
  secretAccessKey: string
  accountId: string
  /** The principal; default `arn:aws:iam::ACCOUNT:user/simulator`. */
  arn?: string
}

/** What Simulator.updateCertificate can change. */
export interface CertificatePatch {
  status?: CertificateStatus
  type?: CertificateType
  inUseBy?: string[]
  renewalEligibility?: 'ELIGIBLE' | 'INELIGIBLE'
  /** null: back to the derived summary. */
  renewalSummary?: RenewalSummaryInit | null
  notBefore?: number
  notAfter?: number
  revokedAt?: number
  failureReason?: FailureReason
  /** Added or overwritten tags. */
  tags?: Record<string, string>
}

export interface RecordInit {
  name: string
  type: string
  ttl?: number
  values: string[]
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export class Simulator {
  readonly requests: RequestLogEntry[] = []
  /** Failure modes of the GitHub OIDC token endpoint (sim/oidc.ts); changes apply to the next request. */
  readonly oidc = new OidcKnobs()
  private readonly state: SimState
  private readonly issuer: TokenIssuer
  private readonly handlers: ServiceHandler[]
  private readonly faults: Faults
  private readonly limiter = new RateLimiter()
  private requestCount = 0
  private baseUrl = ''
  private dnsResponder: DnsResponder | undefined
  private forwardProxy: ForwardProxy | undefined
  private readonly containerToken: string

  private constructor(
    private readonly server: Server,
    options: SimulatorOptions
  ) {
    const { port: _port, clock, seed, dns: _dns, dnsPort: _dnsPort, proxy: _proxy, ...scenario } = options
    this.state = new SimState({ ...defaultScenario(), ...scenario }, clock ?? Date.now, seed ?? 1)
    this.issuer = new TokenIssuer(
      hmacHex('jwt-secret', String(this.state.seed)),
      this.state.nextId('request-token', 32)
    )
    this.handlers = [
      oidcHandler(this.issuer, this.oidc),
      route53Handler,
      acmHandler,
      taggingHandler,
      stsHandler(this.issuer)
    ]
    this.containerToken = `sim-container-${hmacHex('container-token', String(this.state.seed)).slice(0, 32)}`
    this.handlers.push(containerHandler(this.containerToken))
    this.faults = new Faults(seededRandom(this.state.seed + 7919)) // own stream: fault draws don't depend on ids
  }

  static async start(options: SimulatorOptions = {}): Promise<Simulator> {
    const server = createServer()
    const sim = new Simulator(server, options)
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      sim.handle(req, res).catch((error: unknown) => {
        res.statusCode = 500
        res.end(String(error))
      })
    })
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
    sim.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    if (options.dns) sim.dnsResponder = await DnsResponder.start(sim.state, options.dnsPort ?? 0)
    if (options.proxy) sim.forwardProxy = await ForwardProxy.start(options.proxy === true ? {} : options.proxy)
    return sim
  }

  get url(): string {
    return this.baseUrl
  }

  /** Mutable knobs (see Scenario); changes apply to the next request. */
  get scenario(): Scenario {
    return this.state.scenario
  }

  /**
   * Real milliseconds every answer (ACM, Route 53, STS, OIDC) is held back: a knob for performance work
   * (same as scenario.latencyMs; scenario.latencyByService overrides it per service). The request log's
   * startMs/endMs then show which calls overlapped: see criticalPath in sim/timing.ts.
   */
  get latencyMs(): number {
    return this.scenario.latencyMs
  }

  set latencyMs(ms: number) {
    this.scenario.latencyMs = ms
  }

  /** What the SDK clients and @actions/core need to talk to the simulator. */
  env(): SimulatorEnv {
    return {
      AWS_ENDPOINT_URL_ACM: this.url,
      AWS_ENDPOINT_URL_ROUTE_53: this.url,
      AWS_ENDPOINT_URL_STS: this.url,
      AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API: this.url,
      // @actions/core appends `&audience=…`, so the advertised URL already carries a query.
      ACTIONS_ID_TOKEN_REQUEST_URL: `${this.url}${OIDC_PATH}?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: this.issuer.requestToken,
      ...(this.scenario.containerRole ? this.containerCredentialsEnv() : {})
    }
  }

  /**
   * The SDK's container credential provider settings (AWS_CONTAINER_CREDENTIALS_FULL_URI, a loopback URL,
   * and AWS_CONTAINER_AUTHORIZATION_TOKEN): sessions of `scenario.containerRole` (see sim/container.ts).
   * env() includes them only while a container role is set, so other runs' credential chains don't change.
   */
  containerCredentialsEnv(): { AWS_CONTAINER_CREDENTIALS_FULL_URI: string; AWS_CONTAINER_AUTHORIZATION_TOKEN: string } {
    return {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `${this.url}${CONTAINER_CREDENTIALS_PATH}`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: this.containerToken
    }
  }

  addRole(init: RoleInit): Role {
    const role = roleFrom(init)
    this.state.roles.set(role.arn, role)
    return role
  }

  /** Long-lived "ambient" credentials (they never expire), for runs without roles. */
  addStaticCredentials(init: StaticCredentialsInit): Credential {
    const credential: Credential = {
      accessKeyId: init.accessKeyId,
      secretAccessKey: init.secretAccessKey,
      accountId: init.accountId,
      arn: init.arn ?? `arn:aws:iam::${init.accountId}:user/simulator`,
      userId: `AIDA${this.state.nextId('user', 17)}`,
      origin: 'static'
    }
    this.state.credentials.set(credential.accessKeyId, credential)
    return credential
  }

  /** Returns the zone id ("Z…", without the /hostedzone/ prefix). */
  addHostedZone(init: HostedZoneInit): string {
    return createHostedZone(this.state, init, this.state.clock()).id
  }

  /** Seed (or alter: same name and type) a record as an UPSERT would write it; throws on the errors Route 53 would return. */
  putRecord(zoneId: string, record: RecordInit): void {
    const zone = this.state.zone(zoneId)
    if (!zone) throw new Error(`no hosted zone ${zoneId}`)
    const change = {
      action: 'UPSERT' as const,
      name: record.name,
      type: record.type,
      ttl: record.ttl ?? 300,
      values: record.values
    }
    const problems = applyChangeBatch(this.state, zone, [change], this.state.clock())
    if (problems.length > 0) throw new Error(problems.join('; '))
  }

  /**
   * Remove a record out of band (someone deleting it in the console): no change batch, no checks, no
   * GetChange. Certificates already due keep their issuance. Returns whether a record was there.
   */
  deleteRecord(zoneId: string, name: string, type: string): boolean {
    const zone = this.state.zone(zoneId)
    if (!zone) throw new Error(`no hosted zone ${zoneId}`)
    const key = normalizeChange({ action: 'DELETE', name, type, ttl: 0, values: [] })
    const kept = zone.records.filter((r) => !(r.name === key.name && r.type === key.type))
    settleAll(this.state, this.state.clock())
    const removed = kept.length < zone.records.length
    zone.records = kept
    return removed
  }

  /** Seed an existing certificate (default status ISSUED); returns its ARN. */
  addCertificate(init: CertificateInit): string {
    return createCertificate(this.state, { status: 'ISSUED', ...init }, this.state.clock()).arn
  }

  /**
   * Change a certificate out of band, as time and other AWS services would (renewal state, attachments,
   * validity, status, type, tags); the next ACM read shows it. Keys left out are kept; `renewalSummary:
   * null` returns to the derived summary. Throws for an unknown ARN.
   */
  updateCertificate(arn: string, patch: CertificatePatch): Certificate {
    const cert = this.state.certificates.get(arn)
    if (!cert) throw new Error(`no certificate ${arn}`)
    const { renewalSummary, tags, ...rest } = patch
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(cert, { [key]: value })
    if (renewalSummary === null) delete cert.renewalSummary
    else if (renewalSummary !== undefined) cert.renewalSummary = renewalSummary
    if (tags) Object.entries(tags).forEach(([key, value]) => cert.tags.set(key, value))
    settle(this.state, cert, this.state.clock())
    return cert
  }

  /**
   * ACM's managed renewal of an ISSUED certificate, now: same ARN, new serial, key and validity. An
   * exportable public certificate not exported since its issue or last renewal is not renewed (false).
   */
  renewCertificate(arn: string): boolean {
    const cert = this.state.certificates.get(arn)
    if (!cert) throw new Error(`no certificate ${arn}`)
    return managedRenewal(cert, this.state.clock(), validityMs(this.state))
  }

  /** The simulated CAs' root certificates (PEM), to verify exported chains as a client would. */
  trustAnchors(): { publicRoot: string; privateRoot: string } {
    return trustAnchors(this.state)
  }

  /** When the certificate is (or will be) ISSUED, in clock ms; undefined while that is not determined. */
  issuedAt(arn: string): number | undefined {
    return issueTimeOf(this.state, arn)
  }

  injectFault(spec: FaultSpec): void {
    this.faults.add(spec)
  }

  clearFaults(): void {
    this.faults.clear()
  }

  /** A GitHub-style ID token as the OIDC endpoint would mint now, with claims overridden (e.g. an expired one). */
  mintIdToken(overrides: Partial<Claims> = {}): string {
    return this.issuer.sign({
      ...githubClaims(this.scenario, 'sts.amazonaws.com', this.state.clock(), this.state.nextId('jti', 32)),
      ...overrides
    })
  }

  /** Every secret handed out: ID tokens, the OIDC request token, and each credential's secret parts. */
  issuedSecrets(): string[] {
    const parts = [...this.state.credentials.values()].flatMap((c) => [
      c.accessKeyId,
      c.secretAccessKey,
      c.sessionToken ?? ''
    ])
    return [...this.issuer.minted, this.issuer.requestToken, ...parts].filter((s) => s.length > 0)
  }

  /** ACM's ACME control plane (sim/acme*.ts): its endpoints, validations, bindings and knobs. */
  acme(): AcmeStore {
    return acmeStore(this.state)
  }

  calls(service: ServiceName, operation?: string): number {
    return this.requests.filter((r) => r.service === service && (operation === undefined || r.operation === operation))
      .length
  }

  certificates(accountId?: string): Certificate[] {
    const now = this.state.clock()
    const all = [...this.state.certificates.values()].filter(
      (c) => accountId === undefined || c.accountId === accountId
    )
    all.forEach((c) => settle(this.state, c, now))
    return all
  }

  certificate(arn: string): Certificate | undefined {
    const cert = this.state.certificates.get(arn)
    if (cert) settle(this.state, cert, this.state.clock())
    return cert
  }

  records(zoneId: string): RecordSet[] {
    return this.state.zone(zoneId)?.records ?? []
  }

  zones(): HostedZone[] {
    return [...this.state.zones]
  }

  resetLog(): void {
    this.requests.length = 0
  }

  /** The DNS responder (its fault knob and query log); needs `Simulator.start({ dns: true })`. */
  get dns(): DnsResponder {
    if (!this.dnsResponder) throw new Error('the simulator serves DNS only when started with { dns: true }')
    return this.dnsResponder
  }

  /** `127.0.0.1:PORT` for dns.Resolver#setServers. */
  get dnsServer(): string {
    return this.dns.address
  }

  /** The forward proxy (its URL, env() and request log); needs `Simulator.start({ proxy: true })`. */
  get proxy(): ForwardProxy {
    if (!this.forwardProxy) throw new Error('the simulator runs a proxy only when started with { proxy: true }')
    return this.forwardProxy
  }

  async stop(): Promise<void> {
    await this.forwardProxy?.stop()
    await this.dnsResponder?.stop()
    this.server.closeAllConnections()
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())))
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startMs = performance.now()
    const url = new URL(req.url ?? '/', 'http://simulator')
    this.requestCount += 1
    const request: SimRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: await readBody(req),
      requestId: uuidFrom(`${this.state.seed}/request/${this.requestCount}`)
    }
    const handler = this.handlers.find((h) => h.matches(request))
    if (!handler) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`The simulator serves no ${request.method} ${request.path}`)
      return
    }
    const now = this.state.clock()
    const entry: RequestLogEntry = {
      time: now,
      service: handler.service,
      operation: 'unknown',
      params: {},
      status: 0,
      startMs
    }
    this.requests.push(entry)
    const { reply, fault } = this.process(handler, request, entry, now)
    if (fault === 'hang') {
      // Never answered: only the client's own timeouts (or stop()) end this request.
      entry.errorCode = 'fault:hang'
      return
    }
    await this.delay(handler.service)
    // connection-reset drops the request unanswered; lost-response acted on it, then drops the answer.
    if (!reply || fault === 'lost-response') {
      entry.errorCode = `fault:${fault ?? 'connection-reset'}`
      entry.endMs = performance.now()
      req.socket.destroy()
      return
    }
    entry.status = reply.status
    const headers: Record<string, string> = { 'content-type': reply.contentType, 'x-amzn-RequestId': request.requestId }
    // A skewed server clock shows in the Date header; the SDK corrects its offset from it and retries.
    // It is relative to the client's real clock, which is what the SDK compares it with.
    if (fault === 'clock-skew') headers.date = new Date(Date.now() + CLOCK_SKEW_MS).toUTCString()
    entry.endMs = performance.now()
    res.writeHead(reply.status, headers).end(reply.body)
  }

  /** The injected latency (real time): the state was read and changed at arrival, the answer leaves later. */
  private async delay(service: ServiceName): Promise<void> {
    const ms = this.scenario.latencyByService[service] ?? this.scenario.latencyMs
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
  }

  /** Decode, apply faults, authenticate, meter, execute; every failure becomes the service's error reply. */
  private process(
    handler: ServiceHandler,
    request: SimRequest,
    entry: RequestLogEntry,
    now: number
  ): { reply: Reply | undefined; fault: FaultKind | undefined } {
    let fault: FaultKind | undefined
    try {
      const decoded = handler.decode(request)
      entry.operation = decoded.operation
      entry.params = decoded.params
      fault = this.faults.take(handler.service, decoded.operation)
      if (fault === undefined && handler.service === 'oidc' && this.oidc.neverAnswer) fault = 'hang'
      if (fault === 'connection-reset' || fault === 'hang') return { reply: undefined, fault }
      if (fault !== undefined && fault !== 'lost-response') throw faultError(handler.service, fault)
      const caller = this.identify(handler, request, decoded, entry, now)
      this.meter(handler.service, decoded.operation, caller, now)
      return { reply: handler.execute(decoded, { state: this.state, request, now, caller }), fault }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      entry.errorCode = error.code
      return { reply: handler.renderError(error, request.requestId), fault }
    }
  }

  private identify(
    handler: ServiceHandler,
    request: SimRequest,
    decoded: Decoded,
    entry: RequestLogEntry,
    now: number
  ): Caller | undefined {
    if (handler.isAnonymous(decoded.operation)) {
      const accountId = handler.accountOf?.(decoded)
      if (accountId !== undefined) entry.accountId = accountId
      return undefined
    }
    const caller = authenticate(this.state, handler, request, now)
    entry.accountId = caller.credential.accountId
    entry.accessKeyId = caller.credential.accessKeyId
    entry.region = caller.region
    entry.principal = caller.credential.arn
    if (caller.credential.origin !== undefined) entry.credentialOrigin = caller.credential.origin
    return caller
  }

  /** API rate quotas, when the scenario enforces them. */
  private meter(service: ServiceName, operation: string, caller: Caller | undefined, now: number): void {
    if (!this.scenario.enforceQuotas || !caller) return
    const quota = quotaFor(this.scenario.quotas, service, operation, caller.credential.accountId, caller.region)
    if (quota && !this.limiter.take(quota.key, quota.perSecond, quota.burst, now)) throw faultError(service, 'throttle')
  }
}
