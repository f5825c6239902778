# Shared by the wrk benchmarks (sourced, not run): the work directory and its cleanup, waiting for a server,
# Trellis on SQLite signed in as the admin, and one table row per wrk run.
# Each script sets LABEL_WIDTH (its first column's width) before calling `run`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="${DURATION:-10}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# wait_for URL [SECONDS]: until the URL answers, at most SECONDS (default 60).
wait_for() { for _ in $(seq 1 $((${2:-60} * 2))); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1 within ${2:-60} s" >&2; exit 1; }

# Trellis on SQLite at 127.0.0.1:5080, Release build, no logging noise, no demo data; TRELLIS_SETTINGS adds
# NAME=VALUE words. Leaves the admin's cookie jar in $WORK/cookies and the session cookie in $COOKIE.
start_trellis() {
  dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
  # shellcheck disable=SC2086 # TRELLIS_SETTINGS is a list of NAME=VALUE words.
  env ${TRELLIS_SETTINGS:-} ASPNETCORE_URLS=http://127.0.0.1:5080 Trellis__DataDirectory="$WORK/data" Trellis__Bootstrap__AdminLogin=admin \
    Trellis__Bootstrap__AdminPassword=Bench-Password-1 Trellis__Bootstrap__DemoData=false Logging__LogLevel__Default=Warning \
    dotnet run --no-build -c Release --project "$ROOT/src/Trellis.Server" >"$WORK/trellis.log" 2>&1 &
  PIDS+=($!)
  wait_for http://127.0.0.1:5080/healthz
  curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' -d '{"user":"admin","password":"Bench-Password-1"}' \
    http://127.0.0.1:5080/authentication/sign_in >/dev/null
  COOKIE="LWSSO_COOKIE_KEY=$(awk '$6=="LWSSO_COOKIE_KEY"{print $7}' "$WORK/cookies")"
}

# One markdown row: label, requests/s, p50, p99 and the load average right after the run. Leaves the run's
# requests/s in LAST_RPS and its failed answers (non-2xx plus socket errors) in LAST_FAILED, for scripts that judge them.
run() {
  local label="$1" url="$2"; shift 2
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")"
  LAST_RPS="$(awk '/Requests\/sec/{print $2}' <<<"$out")"
  LAST_FAILED="$(awk '/Non-2xx/{n+=$NF} /Socket errors/{gsub(/[^0-9 ]/," "); for(i=1;i<=NF;i++) n+=$i} END{print n+0}' <<<"$out")"
  printf "| %-${LABEL_WIDTH}s | %10s | %9s | %9s | %-14s |\n" "$label" \
    "$LAST_RPS" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -q 'Non-2xx' <<<"$out" && echo "  (non-2xx answers: $(grep 'Non-2xx' <<<"$out"))" || true
  grep -q 'Socket errors' <<<"$out" && echo "  ($(grep 'Socket errors' <<<"$out" | sed 's/^ *//'))" || true
}

# Stores the toolbar benchmarks' configuration in space 1001 of the server at $1 (signed in with the cookie jar $2):
# 40 actions over several types, views and kinds, of which the toolbar of a defect grid gets 12.
store_bench_actions() {
  local base="$1" jar="$2" config="$1/api/shared_spaces/1001/external-entity-actions" etag
  python3 - >"$WORK/config.json" <<'PY'
import json
types = ["defect", "story", "feature", "work_item", "test", "run", "release"]
actions = []
for i in range(40):
    t = types[i % len(types)]
    action = {"name": f"bench_action_{i:02d}", "title": f"Bench {i}", "entity_type": [t],
              "views": ["list"] if i % 3 else ["list", "details"], "url": f"https://apps.example.com/{i}"}
    actions.append(action)
print(json.dumps(actions))
PY
  etag="$(curl -s -D - -o /dev/null -b "$jar" "$config" | awk 'tolower($1)=="etag:"{print $2}' | tr -d '\r')"
  curl -s -f -o /dev/null -b "$jar" -X PUT ${etag:+-H "If-Match: $etag"} --data-binary @"$WORK/config.json" "$config"
}
