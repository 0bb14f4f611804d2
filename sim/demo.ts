// `npm run demo`: the action end to end on the simulator, as a person would watch it in a workflow
// log. Starts the simulator on a free loopback port, seeds two accounts (certificates in
// 111111111111, Route 53 in 222222222222) with GitHub OIDC roles, runs the committed dist/index.js
// the way the runner does, and prints the log, the outputs, the job summary and the API calls made.
import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { EXAMPLE, seedExample, Simulator } from './index.js'
import { runAction } from './runner.js'

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s)
const dim = (s: string): string => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s)

/** Renders the runner's workflow commands the way the Actions log shows them. */
export function renderLogLine(line: string): string | undefined {
  if (line.startsWith('::add-mask::') || line.startsWith('::debug::') || line === '::endgroup::') return undefined
  const group = /^::group::(.*)$/.exec(line)
  if (group) return bold(`▶ ${group[1]}`)
  const annotation = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line)
  if (annotation) {
    const [, level = '', props = '', message = ''] = annotation
    const title = /title=([^,]*)/.exec(props)?.[1]
    const icon = level === 'error' ? '✖' : level === 'warning' ? '⚠' : 'ℹ'
    return `${icon} ${title ? `${title}: ` : ''}${message.replace(/%0A/g, '\n    ').replace(/%25/g, '%')}`
  }
  return `  ${line}`
}

/** The job summary's Markdown, readable in a terminal. */
export function renderMarkdown(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\|[-|]+\|$/.test(line) && line !== '| | |')
    .map((line) =>
      line
        .replace(/^## /, '')
        .replace(/`/g, '')
        .replace(/^\| (.*) \|$/, (_m, cells: string) => `  ${cells.split(' | ').join('  ·  ')}`)
    )
    .join('\n')
}

async function main(): Promise<void> {
  const sim = await Simulator.start({ issuanceDelayMs: 3000, dns: true })
  try {
    seedExample(sim)
    const inputs = {
      'domain-name': 'example.com',
      'subject-alternative-names': 'www.example.com\n*.example.com',
      'aws-region': EXAMPLE.region,
      'role-to-assume': EXAMPLE.certificateRole,
      'dns-role-to-assume': EXAMPLE.dnsRole,
      // The simulator's public DNS, for the pre-flight CAA and delegation checks.
      'dns-resolvers': sim.dnsServer
    }
    console.log(bold(`Simulated AWS + GitHub OIDC at ${sim.url}`))
    console.log(
      dim(
        `  certificates in ${EXAMPLE.certificateAccount}, Route 53 zones in ${EXAMPLE.dnsAccount}: example.com (public + private twin), dev.example.com`
      )
    )
    console.log(
      dim(`  ACM issues ${sim.scenario.issuanceDelayMs / 1000} s after the validation records are in the public zone\n`)
    )
    console.log(bold('uses: acm-certificate-action'))
    for (const [name, value] of Object.entries(inputs)) console.log(dim(`  ${name}: ${value.replace(/\n/g, ', ')}`))
    console.log()

    let pending = ''
    const result = await runAction({
      inputs,
      env: sim.env(),
      onStdout: (chunk) => {
        const lines = (pending + chunk).split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) {
          const shown = renderLogLine(line)
          if (shown !== undefined) console.log(shown)
        }
      }
    })

    console.log(`\n${bold('Outputs')}`)
    for (const [name, value] of Object.entries(result.outputs)) {
      console.log(`  ${name} = ${name === 'validation-records' ? dim(value) : value}`)
    }
    console.log(`\n${bold('Job summary')}\n${renderMarkdown(result.summary)}`)

    const calls = new Map<string, number>()
    for (const r of sim.requests)
      calls.set(`${r.service} ${r.operation}`, (calls.get(`${r.service} ${r.operation}`) ?? 0) + 1)
    console.log(bold('API calls the simulator answered'))
    for (const [call, count] of calls) console.log(dim(`  ${String(count).padStart(3)}  ${call}`))
    console.log(
      `\n${result.exitCode === 0 ? '✔' : '✖'} exit code ${result.exitCode} in ${(result.durationMs / 1000).toFixed(1)} s`
    )
    process.exitCode = result.exitCode ?? 1
  } finally {
    await sim.stop()
  }
}

// Run only as a script (`npm run demo`), not when a test imports the renderers.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) await main()
