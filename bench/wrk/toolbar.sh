#!/usr/bin/env bash
# The toolbar endpoint (which actions apply to a place, for a signed-in member) vs a Kestrel plaintext "hello"
# endpoint, measured with wrk on 127.0.0.1 in one run. Bounded: each run lasts DURATION seconds (default 10).
# Usage: bench/wrk/toolbar.sh           the table (needs wrk, curl and the .NET SDK)
#        bench/wrk/toolbar.sh --check   the table, then exit 1 when the toolbar answers fewer than MIN_PERCENT
#                                       (default 60) % of the plaintext requests/s, or any request failed
check=""
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac
MIN_PERCENT="${MIN_PERCENT:-60}"
WARMUP="${WARMUP:-15}"
source "$(dirname "$0")/common.sh"
LABEL_WIDTH=40

start_trellis

store_bench_actions http://127.0.0.1:5080 "$WORK/cookies"
TOOLBAR="http://127.0.0.1:5080/api/shared_spaces/1001/workspaces/1002/external-actions/applicable?entity_type=defect&view=list&kind=button"
ACTIONS="$(curl -s -f -b "$WORK/cookies" "$TOOLBAR" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')"

# Kestrel plaintext, from a copy outside the repository so its build settings do not apply.
cp "$ROOT/bench/wrk/hello-host.cs" "$WORK/hello-host.cs"
ASPNETCORE_URLS=http://127.0.0.1:5083 Logging__LogLevel__Default=Warning dotnet run -c Release "$WORK/hello-host.cs" >"$WORK/hello.log" 2>&1 &
PIDS+=($!)
# `dotnet run` compiles the file-based program first: minutes on a busy machine.
wait_for http://127.0.0.1:5083/hello 600

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores; the toolbar answers $ACTIONS actions"
echo
echo '| Server / endpoint                        |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------------|-----------:|----------:|----------:|----------------|'
# Warm both to their steady state before measuring: the runtime recompiles hot code in tiers (quick code, then
# instrumented, then optimized) in the background, and a profile after two seconds still found its JIT busy with a
# seventh of the server's time (docs/performance.md, "Toolbar: steady state").
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -H "Cookie: $COOKIE" "$TOOLBAR" >/dev/null
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" http://127.0.0.1:5083/hello >/dev/null
run "Kestrel plaintext /hello" "http://127.0.0.1:5083/hello"
hello_rps="$LAST_RPS"
run "Trellis toolbar (applicable, signed in)" "$TOOLBAR" -H "Cookie: $COOKIE"
toolbar_rps="$LAST_RPS" toolbar_failed="$LAST_FAILED"

# The regression check (docs/performance.md, "Toolbar endpoint (wrk)"): both figures, their ratio, the verdict.
percent="$(awk -v t="$toolbar_rps" -v h="$hello_rps" 'BEGIN { printf "%.1f", (h > 0 ? 100 * t / h : 0) }')"
echo
echo "toolbar: $toolbar_rps req/s, Kestrel plaintext: $hello_rps req/s: $percent % (goal >= $MIN_PERCENT %), $toolbar_failed failed requests"
if [ -n "$check" ]; then
  if [ "$toolbar_failed" != 0 ]; then
    echo "FAIL: $toolbar_failed toolbar requests failed; the figures do not count" >&2
    exit 1
  fi
  if awk -v p="$percent" -v m="$MIN_PERCENT" 'BEGIN { exit !(p < m) }'; then
    echo "FAIL: the toolbar answers $percent % of the plaintext requests/s, under $MIN_PERCENT %" >&2
    exit 1
  fi
  echo "PASS: the toolbar answers $percent % of the plaintext requests/s (>= $MIN_PERCENT %)"
fi
