#!/usr/bin/env bash
# Runs every test suite of Trellis and ends with one line: "N passed, N failed, N skipped".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter "FullyQualifiedName~Query"]
set -uo pipefail
cd "$(dirname "$0")"

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
# The measurements (Performance) and screenshots (Docs) run on request (bench/ui/README.md); a user's own
# --filter is combined with that exclusion rather than passed as a second --filter, which dotnet test refuses.
filter="Category!=Performance&Category!=Docs"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --filter) filter="($2)&$filter"; shift 2 ;;
    --filter=*) filter="(${1#--filter=})&$filter"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

dotnet build Trellis.slnx -c Release -warnaserror --nologo -v quiet || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
# One project at a time (-m:1): the browser suite and the PostgreSQL suite each want the 2 cores CI has.
dotnet test Trellis.slnx -c Release --no-build --nologo -m:1 \
  --filter "$filter" \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" "${args[@]}" 2>&1 | tee "$results/dotnet-test.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# Every TRX file counted (skips included, which the adapter's own counter leaves at 0); none at all is a failure.
read -r passed failed skipped <<<"$(eng/trx-summary.sh "$results" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')"
passed=${passed:-0}; failed=${failed:-1}; skipped=${skipped:-0}

# The official JS SDK against a running server (skipped locally without node; failed under CI=true).
tests/compat/run-js-sdk.sh "$results/js-sdk.junit.xml" > "$results/js-sdk.log" 2>&1
cat "$results/js-sdk.log"
compat=$(grep '^js-sdk: ' "$results/js-sdk.log" | tail -n 1)
read -r cp cf cs <<<"$(echo "$compat" | sed -n 's/^js-sdk: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p')"
passed=$((passed + ${cp:-0})); failed=$((failed + ${cf:-1})); skipped=$((skipped + ${cs:-0}))

# The app SDK (sdk/js) under node's own test runner; without node, skipped locally and failed under CI=true.
if command -v node >/dev/null 2>&1; then
  (cd sdk/js && node --test --test-reporter=tap test/) > "$results/app-sdk.log" 2>&1
  cat "$results/app-sdk.log"
  sp=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$results/app-sdk.log" | tail -n 1)
  sf=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$results/app-sdk.log" | tail -n 1)
  ss=$(sed -n 's/^# skipped \([0-9]*\)$/\1/p' "$results/app-sdk.log" | tail -n 1)
  passed=$((passed + ${sp:-0})); failed=$((failed + ${sf:-1})); skipped=$((skipped + ${ss:-0}))
elif [ "${CI:-}" = "true" ]; then failed=$((failed + 1)); else skipped=$((skipped + 1)); fi

if [ "$failed" -gt 0 ]; then
  status=1
  # A recap of what failed, so the end of a long log says it (the TRX keeps only a failure's first line).
  echo "Failures (details above and in $results/dotnet-test.log):"
  grep -E -A12 '\[FAIL\]$|\[[A-Za-z ]+ Failure \(' "$results/dotnet-test.log" | cut -c1-300 | head -n 200 || true
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then echo "no test ran"; status=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
