#!/usr/bin/env bash
# Blazor Server circuits on one Trellis node: USERS signed-in users, each with a real circuit on the backlog grid (opened
# by bench/Trellis.Circuits.Load over the Blazor hub, no browser), the node's managed heap and RSS per idle circuit, then
# every circuit driven through grid interactions at once (next page, select a row, open details, back) and the p50/p95
# of each. The node runs on SQLite with the demo data plus 1,000 defects, Release, as bench/idle-memory.sh starts it.
# Bounded: the tool gives up after 15 minutes. Usage: bench/circuits.sh [USERS] [ROUNDS]   (needs curl and the .NET SDK)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
USERS="${1:-200}"
ROUNDS="${2:-5}"
PORT="${PORT:-5093}"
URL="http://127.0.0.1:$PORT"
PASSWORD=Bench-Password-1
WORK="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
post() { curl -s -o "$WORK/out" -w '%{http_code}' -b "$WORK/cookies" -H 'Content-Type: application/json' -d "$2" "$URL$1"; }

dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/Trellis.Circuits.Load" -c Release -v q -nologo >/dev/null
BUILD="$ROOT/artifacts/bin/Trellis.Server/release"

# The server's own executable (not `dotnet run`), so its process id is the one whose memory is read.
(cd "$BUILD" && exec env ASPNETCORE_URLS="$URL" Trellis__DataDirectory="$WORK/data" \
  Trellis__Bootstrap__AdminLogin=admin Trellis__Bootstrap__AdminPassword="$PASSWORD" Trellis__Bootstrap__DemoData=true \
  Logging__LogLevel__Default=Warning "$BUILD/Trellis.Server") >>"$WORK/trellis.log" 2>&1 &
PID=$!
wait_for "$URL/healthz/ready"
curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' -d "{\"user\":\"admin\",\"password\":\"$PASSWORD\"}" \
  "$URL/authentication/sign_in" >/dev/null

# 1,000 defects, as the UI benchmark's grid has, so that the grid has pages to turn.
for batch in 0 1 2 3; do
  body=$(seq $((batch * 250 + 1)) $((batch * 250 + 250)) | awk 'BEGIN{printf "{\"data\":["} {printf "%s{\"name\":\"Generated defect %d\"}", (NR>1?",":""), $1} END{print "]}"}')
  [ "$(post /api/shared_spaces/1001/workspaces/1002/defects "$body")" = 201 ] || { echo "creating defects failed: $(cat "$WORK/out")" >&2; exit 1; }
done

# The users, members of the demo workspace (a new user is a member of every workspace of the space), 50 per request.
for start in $(seq 1 50 "$USERS"); do
  end=$(( start + 49 < USERS ? start + 49 : USERS ))
  body=$(seq "$start" "$end" | awk -v p="$PASSWORD" 'BEGIN{printf "{\"data\":["} {l=sprintf("load%03d@trellis.local",$1); printf "%s{\"name\":\"%s\",\"email\":\"%s\",\"first_name\":\"Load\",\"last_name\":\"User %d\",\"password\":\"%s\"}", (NR>1?",":""), l, l, $1, p} END{print "]}"}')
  [ "$(post /api/shared_spaces/1001/users "$body")" = 201 ] || { echo "creating users failed: $(cat "$WORK/out")" >&2; exit 1; }
done

echo "Trellis $(git -C "$ROOT" rev-parse --short HEAD), SQLite, demo data + 1,000 defects, $(nproc) cores, .NET $(dotnet --version); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$ROOT/artifacts/bin/Trellis.Circuits.Load/release/Trellis.Circuits.Load" --url "$URL" --users "$USERS" --rounds "$ROUNDS" \
  --password "$PASSWORD" --server-pid "$PID" ${LOAD_ARGS:-}
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -qiE "fail|exception" "$WORK/trellis.log"; then
  echo "Server log lines with failures or exceptions (first 10):"; grep -iE "fail|exception" "$WORK/trellis.log" | head -10
fi
