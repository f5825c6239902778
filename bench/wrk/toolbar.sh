#!/usr/bin/env bash
# The toolbar endpoint (which actions apply to a place, for a signed-in member) vs a Kestrel plaintext "hello"
# endpoint, measured with wrk on 127.0.0.1 in one run. Bounded: each run lasts DURATION seconds (default 10).
# Usage: bench/wrk/toolbar.sh   (needs wrk, curl and the .NET SDK)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
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

wait_for() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

# Trellis on SQLite, Release build, no logging noise.
dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
ASPNETCORE_URLS=http://127.0.0.1:5080 Trellis__DataDirectory="$WORK/data" Trellis__Bootstrap__AdminLogin=admin \
  Trellis__Bootstrap__AdminPassword=Bench-Password-1 Trellis__Bootstrap__DemoData=false Logging__LogLevel__Default=Warning \
  dotnet run --no-build -c Release --project "$ROOT/src/Trellis.Server" >"$WORK/trellis.log" 2>&1 &
PIDS+=($!)
wait_for http://127.0.0.1:5080/healthz
curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' -d '{"user":"admin","password":"Bench-Password-1"}' \
  http://127.0.0.1:5080/authentication/sign_in >/dev/null
COOKIE="LWSSO_COOKIE_KEY=$(awk '$6=="LWSSO_COOKIE_KEY"{print $7}' "$WORK/cookies")"

# A configuration of 40 actions over several types, views and kinds; the toolbar of a defect grid gets some of them.
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
CONFIG=http://127.0.0.1:5080/api/shared_spaces/1001/external-entity-actions
ETAG="$(curl -s -D - -o /dev/null -b "$WORK/cookies" "$CONFIG" | awk 'tolower($1)=="etag:"{print $2}' | tr -d '\r')"
curl -s -f -o /dev/null -b "$WORK/cookies" -X PUT ${ETAG:+-H "If-Match: $ETAG"} --data-binary @"$WORK/config.json" "$CONFIG"
TOOLBAR="http://127.0.0.1:5080/api/shared_spaces/1001/workspaces/1002/external-actions/applicable?entity_type=defect&view=list&kind=button"
ACTIONS="$(curl -s -f -b "$WORK/cookies" "$TOOLBAR" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total_count"])')"

# Kestrel plaintext, from a copy outside the repository so its build settings do not apply.
cp "$ROOT/bench/wrk/hello-host.cs" "$WORK/hello-host.cs"
ASPNETCORE_URLS=http://127.0.0.1:5083 Logging__LogLevel__Default=Warning dotnet run -c Release "$WORK/hello-host.cs" >"$WORK/hello.log" 2>&1 &
PIDS+=($!)
wait_for http://127.0.0.1:5083/hello

run() {
  local label="$1" url="$2"; shift 2
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "$url")"
  printf '| %-40s | %10s | %9s | %9s | %-14s |\n' "$label" \
    "$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
    "$(awk '$1=="50%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -q 'Non-2xx' <<<"$out" && echo "  (non-2xx answers: $(grep 'Non-2xx' <<<"$out"))" || true
}

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores; the toolbar answers $ACTIONS actions"
echo
echo '| Server / endpoint                        |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------------|-----------:|----------:|----------:|----------------|'
# Warm both (JIT, caches) before measuring.
wrk -t1 -c4 -d2s -H "Cookie: $COOKIE" "$TOOLBAR" >/dev/null
wrk -t1 -c4 -d2s http://127.0.0.1:5083/hello >/dev/null
run "Kestrel plaintext /hello" "http://127.0.0.1:5083/hello"
run "Trellis toolbar (applicable, signed in)" "$TOOLBAR" -H "Cookie: $COOKIE"
