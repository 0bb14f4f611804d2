// What `npm run bench` tells the person who runs it, apart from the figures: how long it will take
// and that --quick exists (before), what it keeps when stopped (during), and whether every target
// was met (at the end, in one plain line). Paths it records are relative to the checkout.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { basename, dirname, relative } from 'node:path'

/** A path as committed files may show it: relative to the checkout, never this machine's layout. */
export function checkoutPath(root: string, path: string): string {
  const rel = relative(root, path)
  return rel.startsWith('..') || rel === '' ? `${basename(path)} (outside the checkout)` : rel
}

/** The line printed before anything is measured: the last full run's duration, and --quick. */
export function announcement(lastResults: string, quick: boolean): string {
  let last: number | undefined
  try {
    last = (JSON.parse(readFileSync(lastResults, 'utf8')) as { durationMs?: number }).durationMs
  } catch {
    last = undefined
  }
  const full = last === undefined ? 'several minutes' : `about ${Math.round(last / 60_000)} minutes (the last full run)`
  return quick
    ? `npm run bench -- --quick: fewer repetitions; a full run (npm run bench) takes ${full}. Ctrl-C keeps each finished section.`
    : `npm run bench: a full run takes ${full}; npm run bench -- --quick takes fewer repetitions. Ctrl-C keeps each finished section.`
}

/** The closing verdict: every target met, or each missed one named with what was measured. */
export function verdict(
  figures: readonly { figure: string; measured: string; target: string; pass: boolean | undefined }[]
): string {
  const missed = figures.filter((f) => f.pass === false)
  const judged = figures.filter((f) => f.pass !== undefined).length
  if (missed.length === 0) return `Every target met (${judged} of ${judged}).`
  return [
    `MISSED ${missed.length} of ${judged} targets:`,
    ...missed.map((f) => `  - ${f.figure}: measured ${f.measured}, target ${f.target}`)
  ].join('\n')
}

/**
 * On Ctrl-C (SIGINT) or SIGTERM, writes what was measured so far (each finished section) to `path`,
 * says where, and exits 130. `measured` is read at that moment, so sections finished later count.
 */
export function keepOnStop(path: string, measured: () => object, root: string): void {
  const stop = (signal: NodeJS.Signals): void => {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(
      path,
      `${JSON.stringify({ stoppedBy: signal, at: new Date().toISOString(), ...measured() }, null, 2)}\n`
    )
    console.log(
      `\nStopped (${signal}): what was measured so far is in ${checkoutPath(root, path)}; bench/results.json is unchanged.`
    )
    process.exit(130)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
