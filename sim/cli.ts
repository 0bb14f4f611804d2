// `npm run sim`: start the simulator with the example world and print the environment to use it.
import { EXAMPLE, seedExample } from './example.js'
import { Simulator } from './server.js'

const port = Number(process.env.SIM_PORT ?? 0)
const sim = await Simulator.start({ port, dns: true })
const zones = seedExample(sim)

const env = {
  ...sim.env(),
  AWS_REGION: EXAMPLE.region,
  AWS_ACCESS_KEY_ID: EXAMPLE.certificateKeys.accessKeyId,
  AWS_SECRET_ACCESS_KEY: EXAMPLE.certificateKeys.secretAccessKey
}
console.log(`AWS + GitHub OIDC simulator listening on ${sim.url}`)
console.log(
  `Roles: ${EXAMPLE.certificateRole} (certificates), ${EXAMPLE.dnsRole} (DNS), trusting ${EXAMPLE.subjects.join(', ')}`
)
console.log(
  `Zones in ${EXAMPLE.dnsAccount}: example.com public ${zones.publicZoneId}, private ${zones.privateZoneId}; dev.example.com ${zones.devZoneId}`
)
console.log(`Public DNS (NS, CAA) on udp ${sim.dnsServer}: pass it as the dns-resolvers input`)
console.log('\n# export these to point the SDK and @actions/core at the simulator:')
for (const [name, value] of Object.entries(env)) console.log(`export ${name}='${value}'`)

const shutdown = (): void => {
  void sim.stop().then(() => process.exit(0))
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
