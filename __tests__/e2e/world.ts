// The e2e world: a fresh simulator on the real clock (the action is another process) holding the one
// set of accounts and Regions (__fixtures__/accounts.ts: certificates in 111111111111, Route 53 in
// 222222222222, roles trusting GitHub OIDC), and helpers to run the bundled action in it and read
// back what it did.
//
// E2E_AWS_ENDPOINT_URL points the portable cases at an external AWS-compatible endpoint instead of
// the simulator (a plain emulator can't script faults, so only those cases run there).
import { Simulator, type ExampleZones } from '../../sim/index.js'
import { runAction, type RunnerResult } from '../../sim/runner.js'
import { EXAMPLE, REGION, seedWorld } from '../../__fixtures__/accounts.js'

export { EXAMPLE }
export const externalEndpoint = process.env['E2E_AWS_ENDPOINT_URL']

export const roles = {
  'role-to-assume': EXAMPLE.certificateRole,
  'dns-role-to-assume': EXAMPLE.dnsRole
}

export interface World {
  sim: Simulator
  zones: ExampleZones
  run(inputs: Record<string, string>, extra?: Partial<Parameters<typeof runAction>[0]>): Promise<RunnerResult>
  stop(): Promise<void>
}

type ScenarioOptions = Parameters<typeof Simulator.start>[0]

export async function startWorld(scenario: ScenarioOptions = {}): Promise<World> {
  // dns: public DNS (NS, CAA) for the pre-flight checks, which every run points at with dns-resolvers.
  const sim = await Simulator.start({ issuanceDelayMs: 600, dns: true, ...scenario })
  const zones = seedWorld(sim)
  return {
    sim,
    zones,
    run: (inputs, extra = {}) =>
      runAction({
        killAfterMs: 60_000,
        ...extra,
        inputs: { 'aws-region': REGION, 'dns-resolvers': sim.dnsServer, ...inputs },
        env: { ...sim.env(), ...extra.env }
      }),
    stop: () => sim.stop()
  }
}

/** Records of one type in a zone. */
export function recordsOf(world: World, zoneId: string, type: string): { name: string; values: string[] }[] {
  return world.sim.records(zoneId).filter((r) => r.type === type)
}

/** The validation-records output, parsed. */
export function validationRecordsOutput(
  result: RunnerResult
): { name: string; value: string; hostedZoneId: string; domains: string[] }[] {
  return JSON.parse(result.outputs['validation-records'] ?? '[]') as never
}

/** The runner's log without workflow commands that carry secrets by design (add-mask registers them). */
export function visibleLog(result: RunnerResult): string {
  return result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n')
}

/** What a test prints when a run did not go as expected. */
export function explain(result: RunnerResult): string {
  return `exit ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`
}
