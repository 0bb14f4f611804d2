// What a bad aws-region entry costs: classifyRegion (with its suggestion) on typical mistakes, the
// first call (which lists the SDK's Regions once) and the mean of 20 later ones. Standalone, not part
// of `npm run bench`: `scripts/node24.sh npx tsx bench/region-suggest.ts [path/to/partitions.ts]` (another
// checkout's file, to compare before and after a change).
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

type Partitions = typeof import('../src/partitions.js')
const given = process.argv[2]
const module = given ? resolve(given) : fileURLToPath(new URL('../src/partitions.ts', import.meta.url))
const { classifyRegion } = (await import(module)) as Partitions

const BAD = ['eu-centrl-1', 'us-esat-1', 'useast1', 'us_east_1', 'us-east-1a', 'ap-southest-2', 'xx-newplace-1']
let steady = 0
for (const value of BAD) {
  const start = performance.now()
  const verdict = classifyRegion(value)
  const first = performance.now() - start
  const again = performance.now()
  for (let i = 0; i < 20; i++) classifyRegion(value)
  const later = (performance.now() - again) / 20
  steady += later
  const suggestions = 'suggestions' in verdict ? verdict.suggestions.join(' ') : ''
  console.log(
    `${value.padEnd(15)} first ${first.toFixed(1).padStart(6)} ms, then ${later.toFixed(2).padStart(7)} ms: ` +
      `${verdict.kind} ${suggestions}`
  )
}
console.log(`${BAD.length} entries, after the first calls: ${steady.toFixed(1)} ms in all`)
