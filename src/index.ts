// The entry point the runner starts (dist/index.js): runs main() from main.ts, nothing else.
import { main } from './main.js'

await main()
