// The example world used by `npm run sim` and the demo: a certificate account, a DNS account, GitHub OIDC roles.
import type { Simulator } from './server.js'

export const EXAMPLE = {
  certificateAccount: '111111111111',
  dnsAccount: '222222222222',
  certificateRole: 'arn:aws:iam::111111111111:role/certs',
  dnsRole: 'arn:aws:iam::222222222222:role/dns',
  region: 'us-east-1',
  /** Trust policy `sub` condition of both roles. */
  subjects: ['repo:octo-org/octo-repo:*'],
  /** Ambient keys for runs without roles. */
  certificateKeys: { accessKeyId: 'AKIASIMCERTS0000001', secretAccessKey: 'sim-secret-certs' },
  dnsKeys: { accessKeyId: 'AKIASIMDNS000000001', secretAccessKey: 'sim-secret-dns' }
} as const

export interface ExampleZones {
  publicZoneId: string
  privateZoneId: string
  devZoneId: string
}

/**
 * Seed: roles `certs` (111111111111) and `dns` (222222222222) trusting GitHub OIDC for octo-org/octo-repo;
 * in the DNS account a public `example.com`, its private twin, and a public child `dev.example.com`
 * delegated from the parent by NS records.
 */
export function seedExample(sim: Simulator): ExampleZones {
  const trust = { audience: 'sts.amazonaws.com', subjects: [...EXAMPLE.subjects] }
  sim.addRole({ arn: EXAMPLE.certificateRole, trust })
  sim.addRole({ arn: EXAMPLE.dnsRole, trust })
  sim.addStaticCredentials({ ...EXAMPLE.certificateKeys, accountId: EXAMPLE.certificateAccount })
  sim.addStaticCredentials({ ...EXAMPLE.dnsKeys, accountId: EXAMPLE.dnsAccount })

  const account = EXAMPLE.dnsAccount
  const publicZoneId = sim.addHostedZone({ accountId: account, name: 'example.com', comment: 'public zone' })
  const privateZoneId = sim.addHostedZone({
    accountId: account,
    name: 'example.com',
    privateZone: true,
    comment: 'split-view twin'
  })
  const devZoneId = sim.addHostedZone({ accountId: account, name: 'dev.example.com', comment: 'delegated child' })
  const devServers = sim.records(devZoneId).find((r) => r.type === 'NS')?.values ?? []
  sim.putRecord(publicZoneId, { name: 'dev.example.com', type: 'NS', ttl: 172800, values: devServers })
  sim.putRecord(publicZoneId, { name: 'www.example.com', type: 'A', ttl: 300, values: ['192.0.2.10'] })
  return { publicZoneId, privateZoneId, devZoneId }
}
