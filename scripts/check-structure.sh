#!/usr/bin/env bash
# The house rules of src/ that a reviewer should not have to count by hand (issue 13):
# - no source file over MAX_LINES lines;
# - no import cycle (madge, type-only imports included);
# - no pair of places sharing six or more lines (`duplicates`, when the machine has it: the command
#   is not an npm package, so a machine without it skips that check with a note).
# Exits non-zero when a rule is broken; prints what broke it.
set -uo pipefail
cd "$(dirname "$0")/.."

MAX_LINES=300
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

echo "Import cycles (madge --circular src):"
if ! npx --no-install madge --circular --no-spinner --extensions ts --ts-config tsconfig.json src; then
  echo "structure: import cycle in src/ (see above)" >&2
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
