// `npm run sim`: start the simulator with the example world and print the environment to use it.
import { EXAMPLE, seedExample } from './example.js'
import { Simulator } from './server.js'

/** `--latency-ms N` (or SIM_LATENCY_MS=N): hold every AWS/OIDC answer back N real ms. */
function latencyMs(): number {
  const flag = process.argv.indexOf('--latency-ms')
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.SIM_LATENCY_MS
  const ms = Number(raw ?? 0)
  if (!Number.isFinite(ms) || ms < 0)
    throw new Error(`--latency-ms / SIM_LATENCY_MS must be a number of ms ≥ 0, got ${raw}`)
  return ms
}

/**
 * SIM_PORT=N: listen on that port (default: a free one), TCP for the endpoints and UDP for public DNS
 * (separate port spaces), so the endpoints and dns-resolvers in a .env survive a restart.
 */
function simPort(): number {
  const raw = process.env.SIM_PORT ?? '0'
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`npm run sim: SIM_PORT must be a port number (1 to 65535, or 0 for a free one), got ${raw}`)
    process.exit(2)
  }
  return port
}

const port = simPort()
// `--proxy` (or SIM_PROXY=1): also run a forward proxy; its URL is printed as HTTPS_PROXY / HTTP_PROXY.
const proxy = process.argv.includes('--proxy') || process.env.SIM_PROXY === '1'
const sim = await Simulator.start({ port, dns: true, dnsPort: port, latencyMs: latencyMs(), proxy })
const zones = seedExample(sim)

// Roles for runs without GitHub OIDC (`npm run local-action`): reached with AssumeRole from the
// example's static keys. AssumeRole needs the role's trust policy to allow the caller, and an
// sts:ExternalId condition makes it pass the same ExternalId (STS API Reference, AssumeRole).
const LOCAL = {
  certificateRole: `arn:aws:iam::${EXAMPLE.certificateAccount}:role/certs-local`,
  dnsRole: `arn:aws:iam::${EXAMPLE.dnsAccount}:role/dns-local`,
  externalId: 'local-run'
}
for (const arn of [LOCAL.certificateRole, LOCAL.dnsRole]) {
  sim.addRole({
    arn,
    trust: {
      principals: [`arn:aws:iam::${EXAMPLE.certificateAccount}:root`],
      externalId: LOCAL.externalId,
      webIdentity: false
    }
  })
}

const env = {
  ...sim.env(),
  AWS_REGION: EXAMPLE.region,
  AWS_ACCESS_KEY_ID: EXAMPLE.certificateKeys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EXAMPLE.certificateKeys.secretAccessKey,
  ...(proxy ? sim.proxy.env() : {})
}
console.log(`AWS + GitHub OIDC simulator listening on ${sim.url}`)
console.log(
  `Roles: ${EXAMPLE.certificateRole} (certificates), ${EXAMPLE.dnsRole} (DNS), trusting ${EXAMPLE.subjects.join(', ')}`
)
console.log(
  `Zones in ${EXAMPLE.dnsAccount}: example.com public ${zones.publicZoneId}, private ${zones.privateZoneId}; dev.example.com ${zones.devZoneId}`
)
if (sim.latencyMs > 0) console.log(`Every API answer is delayed by ${sim.latencyMs} ms`)
if (proxy) console.log(`Forward proxy on ${sim.proxy.url} (export HTTPS_PROXY / HTTP_PROXY below to use it)`)
console.log(`Public DNS (NS, CAA) on udp ${sim.dnsServer}: pass it as the dns-resolvers input`)
console.log('\n# export these to point the SDK and @actions/core at the simulator:')
for (const [name, value] of Object.entries(env)) console.log(`export ${name}='${value}'`)

console.log('\n# or, for .env (npm run local-action; @github/local-action has no OIDC, so no ACTIONS_ID_TOKEN_*):')
if (port === 0)
  console.log(`# (the port changes at each start: SIM_PORT=${new URL(sim.url).port} npm run sim keeps these endpoints)`)
for (const [name, value] of Object.entries(env))
  if (!name.startsWith('ACTIONS_ID_TOKEN')) console.log(`${name}=${value}`)
console.log(`INPUT_DNS-RESOLVERS=${sim.dnsServer}`)
console.log(`INPUT_ROLE-TO-ASSUME=${LOCAL.certificateRole}`)
console.log(`INPUT_ROLE-EXTERNAL-ID=${LOCAL.externalId}`)
console.log(`INPUT_DNS-ROLE-TO-ASSUME=${LOCAL.dnsRole}`)
console.log(`INPUT_DNS-ROLE-EXTERNAL-ID=${LOCAL.externalId}`)

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
