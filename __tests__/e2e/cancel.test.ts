// The runner cancels with SIGINT, then SIGTERM 7.5 s later: the action must stop inside that window,
// leave the ARN and status in its outputs, fail the step, and a re-run must carry on.
import { roles, startWorld, type World } from './world.js'

let world: World
afterEach(async () => world?.stop())

it('stops on SIGINT mid-wait, before the runner escalates to SIGTERM, with the ARN and status; a re-run resumes', async () => {
  world = await startWorld({ issuanceDelayMs: 600_000 })
  const inputs = { 'domain-name': 'example.com', 'subject-alternative-names': 'www.example.com', ...roles }
  const cancelled = await world.run(inputs, { cancelAfterMs: 2500 })

  expect(cancelled.sigtermSent).toBe(false)
  expect(cancelled.signal).toBeNull()
  expect(cancelled.exitCode).toBe(1)
  expect(cancelled.stdout).toMatch(/::error title=Cancelled::The run was cancelled \(SIGINT\)/)
  const arn = cancelled.outputs['certificate-arn']
  expect(arn).toMatch(/^arn:aws:acm:/)
  expect(cancelled.outputs['status']).toBe('PENDING_VALIDATION')
  expect(cancelled.summary).toContain(arn)
  // The records stay: renewal and the re-run need them.
  expect(world.sim.records(world.zones.publicZoneId).filter((r) => r.type === 'CNAME')).toHaveLength(2)

  world.sim.scenario.issuanceDelayMs = 500
  const resumed = await world.run(inputs)
  expect(resumed.exitCode).toBe(0)
  expect(resumed.outputs).toMatchObject({ 'certificate-arn': arn, reused: 'true', status: 'ISSUED' })
  expect(world.sim.calls('acm', 'RequestCertificate')).toBe(1)
  // ISSUED by then (its records were written before the cancel): the re-run read the zone, found
  // them in place, and wrote nothing.
  expect(world.sim.calls('route53', 'ChangeResourceRecordSets')).toBe(1)
  expect(world.sim.calls('route53', 'ListResourceRecordSets')).toBe(1)
})
