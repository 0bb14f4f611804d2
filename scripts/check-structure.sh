#!/usr/bin/env bash
# The house rules that a reviewer should not have to count by hand (issues 13 and 21):
# - no source file of src/ over MAX_LINES lines, no function over MAX_FUNCTION_LINES lines (cut by
#   meaning, never to meet a count);
# - no import cycle in src/ or sim/ (madge, type-only imports included);
# - the adapters (src/aws/) and the kernel import nothing of the features (scripts/check-layers.ts);
# - no pair of places sharing six or more lines (`duplicates`, when the machine has it: the command
#   is not an npm package, so a machine without it skips that check with a note).
# Exits non-zero when a rule is broken; prints what broke it.
set -uo pipefail
cd "$(dirname "$0")/.."

MAX_LINES=400
MAX_FUNCTION_LINES=60
status=0

echo "File size (at most $MAX_LINES lines per file in src/):"
too_long=$(find src -name '*.ts' -print0 | xargs -0 wc -l | awk -v max="$MAX_LINES" '$2 != "total" && $1 > max { print "  " $2 ": " $1 " lines" }')
if [ -n "$too_long" ]; then
  echo "$too_long"
  echo "structure: split the file(s) above" >&2
  status=1
else
  largest=$(find src -name '*.ts' -print0 | xargs -0 wc -l | grep -v ' total$' | sort -n | tail -1)
  echo "  ok (largest: ${largest# *})"
fi

echo "Function size (at most $MAX_FUNCTION_LINES lines per function in src/):"
if long=$(npx --no-install tsx scripts/function-lengths.ts "$MAX_FUNCTION_LINES" src); then
  echo "$long" | tail -1
else
  echo "$long"
  echo "structure: cut the function(s) above by meaning" >&2
  status=1
fi

for dir in src sim; do
  echo "Import cycles (madge --circular $dir):"
  if ! npx --no-install madge --circular --no-spinner --extensions ts --ts-config tsconfig.json "$dir"; then
    echo "structure: import cycle in $dir/ (see above)" >&2
    status=1
  fi
done

echo "Layers (adapters and kernel import no feature):"
if ! npx --no-install tsx scripts/check-layers.ts; then
  echo "structure: move the decision out of the adapter, or the shared piece into the kernel" >&2
  status=1
fi

echo "Duplicates (duplicates --repo src):"
if command -v duplicates >/dev/null 2>&1; then
  report=$(duplicates --repo src --most 20)
  echo "$report"
  if ! grep -q '^no duplicates' <<<"$report"; then
    echo "structure: src/ repeats itself (pairs above): write the shared part once" >&2
    status=1
  fi
else
  echo "  skipped: the 'duplicates' command is not on this machine's PATH"
fi

exit "$status"
