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

const port = Number(process.env.SIM_PORT ?? 0)
// `--proxy` (or SIM_PROXY=1): also run a forward proxy; its URL is printed as HTTPS_PROXY / HTTP_PROXY.
const proxy = process.argv.includes('--proxy') || process.env.SIM_PROXY === '1'
const sim = await Simulator.start({ port, dns: true, latencyMs: latencyMs(), proxy })
const zones = seedExample(sim)

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

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
