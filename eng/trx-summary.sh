#!/usr/bin/env bash
# Counts the results of every TRX file in a folder and prints "N passed, N failed, N skipped".
# Skipped is what each file lists but did not execute (total - executed): xunit v3's VSTest adapter reports a skip
# as a NotExecuted result yet leaves the notExecuted counter at 0. A run-level error outside any test (a class
# fixture that fails to clean up, a crashed host) is a <RunInfo outcome="Error"> the counters leave out: each counts
# one failure and is printed. A folder without a TRX file counts one failure.
# Usage: eng/trx-summary.sh <results folder>
set -uo pipefail

passed=0; failed=0; skipped=0; files=0
for trx in "${1:?usage: eng/trx-summary.sh <results folder>}"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  t=$(get total); x=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); o=$(get timeout); a=$(get aborted)
  if [ -z "$counters" ]; then
    echo "$trx: no <Counters> element" >&2
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${o:-0} + ${a:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
  # A failed test is listed there too, as a line ending in [FAIL]; it is counted already.
  errors=$(grep -A1 '<RunInfo [^>]*outcome="Error"' "$trx" | sed -n 's/.*<Text>\(.*\)<\/Text>.*/\1/p' | grep -v '\[FAIL\]$' || true)
  if [ -n "$errors" ]; then
    echo "$errors" | sed "s|^|$trx: |" >&2
    failed=$((failed + $(echo "$errors" | wc -l)))
  fi
done

if [ "$files" -eq 0 ]; then
  echo "no TRX results file in $1" >&2
  failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, $skipped skipped"
