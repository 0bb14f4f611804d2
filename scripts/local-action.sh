#!/usr/bin/env bash
# `npm run local-action`: runs src/main.ts with @github/local-action and the variables in .env, the
# way a runner would. Without a .env, says what to do in one line instead of local-action's stack trace.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .env ]; then
  echo "npm run local-action: no .env here: cp .env.example .env and fill it in (for the simulator, paste the block 'npm run sim' prints; see CONTRIBUTING.md)" >&2
  exit 1
fi
exec local-action . src/main.ts .env
