#!/usr/bin/env bash
# /healthz latency while PARALLEL clients keep sending wrong passwords for SECONDS seconds, on Trellis (SQLite,
# Release) started three times: with the password-check bound lifted (as before the throttle), with the bound but
# no per-address lockout, and with the defaults. Loopback only; everything it starts is stopped at the end.
# Usage: bench/sign-in-flood.sh [SECONDS] [PARALLEL]   (default 20 16; needs curl and the .NET SDK; PORT=5091)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_RUN="${1:-20}"
PARALLEL="${2:-16}"
PORT="${PORT:-5091}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
# Another server on the port would answer in this one's place and be measured instead.
if curl -s -o /dev/null "$BASE/healthz"; then echo "Something already answers on port $PORT: stop it or set PORT." >&2; exit 1; fi

# $@: extra NAME=VALUE settings. The server's own executable, so its process id is the one stopped.
start_server() {
  rm -rf "$WORK/data"
  (cd "$ROOT/src/Trellis.Server" && exec env "$@" ASPNETCORE_URLS="$BASE" Trellis__DataDirectory="$WORK/data" \
    Trellis__Bootstrap__AdminPassword=Bench-Password-1 Trellis__Bootstrap__DemoData=false Logging__LogLevel__Default=Warning \
    "$ROOT/artifacts/bin/Trellis.Server/release/Trellis.Server") >>"$WORK/trellis.log" 2>&1 &
  SERVER_PID=$!
  wait_for "$BASE/healthz"
}

# One markdown row: /healthz samples, median, p90, max, and how the sign-ins were answered.
flood() {
  local label="$1" out="$WORK/run" end i n
  local -a clients=()
  rm -rf "$out"; mkdir -p "$out"
  end=$((SECONDS + SECONDS_PER_RUN))
  for i in $(seq "$PARALLEL"); do
    # A new login per attempt, so every attempt let through costs a full password check.
    ( n=0; while [ "$SECONDS" -lt "$end" ]; do
        n=$((n + 1))
        curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -X POST "$BASE/authentication/sign_in" \
          -d "{\"user\":\"flood-$i-$n\",\"password\":\"wrong\"}" || echo "fail"
      done ) > "$out/codes.$i" &
    clients+=($!)
  done
  sleep 1
  while [ "$SECONDS" -lt "$((end - 1))" ]; do
    curl -s -o /dev/null -w '%{time_total}\n' --max-time 30 "$BASE/healthz" >> "$out/healthz" || echo 30 >> "$out/healthz"
    sleep 0.2
  done
  wait "${clients[@]}"
  printf "| %s | %s | %s |\n" "$label" \
    "$(sort -n "$out/healthz" | awk '{ t[NR] = $1 } END { printf "%d | %.3f s | %.3f s | %.3f s", NR, t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], t[NR] }')" \
    "$(cat "$out"/codes.* | sort | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')"
}

echo "| Server | /healthz samples | median | p90 | max | sign-in answers |"
echo "|---|---|---|---|---|---|"
start_server Trellis__Auth__SignIn__MaxConcurrentChecks=1024 Trellis__Auth__SignIn__MaxFailuresPerClient=1000000
flood "No bound (as before the throttle)"
stop_server
start_server Trellis__Auth__SignIn__MaxFailuresPerClient=1000000
flood "Bounded checks, no per-address lockout"
stop_server
start_server
flood "All defaults"
stop_server
echo "(load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg))"
