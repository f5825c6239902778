#!/usr/bin/env bash
# Idle memory of one Trellis node with the demo data, under each garbage-collector setting in one run: the node
# starts on SQLite, a signed-in admin reads the backlog page and a few collections, then it idles IDLE seconds and
# its VmRSS (and peak VmHWM) is read from /proc, with the three parts of VmRSS: anonymous memory (managed heap, native
# allocations), mapped files (assemblies, native libraries) and shared memory (the runtime's double-mapped code), and
# the dirty part of it from smaps_rollup.
# The idle trim (Trellis:Memory:TrimWhenIdle, docs/deployment.md#idle-memory) runs within about ten quiet seconds, so
# IDLE should stay at 15 or more. Bounded: each setting takes about IDLE + 15 seconds.
# Usage: bench/idle-memory.sh   (needs curl and the .NET SDK)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IDLE="${IDLE:-30}"
WORK="$(mktemp -d)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }
kib() { awk -v k="$2" '$1==k":"{print $2}' "/proc/$1/status"; }
# Dirty pages (private or shared): what the node holds that the kernel cannot drop without swap, unlike clean file pages.
dirty_kib() { awk '/^(Private|Shared)_Dirty:/{s+=$2} END{print s}' "/proc/$1/smaps_rollup"; }

dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
BUILD="$ROOT/artifacts/bin/Trellis.Server/release"
# The same server published with its own assemblies precompiled (ReadyToRun), as the container image is.
dotnet publish "$ROOT/src/Trellis.Server" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$WORK/r2r" -v q -nologo >/dev/null

# Starts the server in its folder with the environment words given (DOTNET_* knobs override the runtimeconfig, which
# carries Trellis's own: Server GC, and a method recompiled after 1,000 calls, not 30) and
# waits until it is ready. The server's own executable (not `dotnet run`), so its process id is the one whose memory is read.
start_node() {
  local folder="$1"; shift
  (cd "$folder" && exec env "$@" ASPNETCORE_URLS=http://127.0.0.1:5090 Trellis__DataDirectory="$WORK/data" \
    Trellis__Bootstrap__AdminLogin=admin Trellis__Bootstrap__AdminPassword=Bench-Password-1 Trellis__Bootstrap__DemoData=true \
    Logging__LogLevel__Default=Warning "$folder/Trellis.Server") >>"$WORK/trellis.log" 2>&1 &
  PID=$!
  wait_for http://127.0.0.1:5090/healthz/ready
}

stop_node() { kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""; }

# What a person does first: signs in, opens the backlog page, and a client reads three collections.
requests() {
  curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' -d '{"user":"admin","password":"Bench-Password-1"}' \
    http://127.0.0.1:5090/authentication/sign_in >/dev/null
  for path in /1001/1002/backlog "/api/shared_spaces/1001/workspaces/1002/work_items?limit=100" \
    "/api/shared_spaces/1001/workspaces/1002/defects?fields=name,phase,owner" /api/shared_spaces/1001/external-entity-actions; do
    curl -s -o /dev/null -b "$WORK/cookies" "http://127.0.0.1:5090$path"
  done
}

# One row: the setting's label, first or restart (a node started again on the database its first start made, as a
# node runs after any restart: no migrations to apply, no bootstrap) or alone (restarted, then no sign-in and no
# request at all), the server's folder and its environment words.
measure() {
  local label="$1" start="$2" folder="$3"; shift 3
  rm -rf "$WORK/data"
  if [ "$start" != first ]; then start_node "$folder" "$@"; stop_node; fi
  start_node "$folder" "$@"
  [ "$start" = alone ] || requests
  sleep "$IDLE"
  printf "| %-56s | %8s | %9s | %9s | %10s | %10s | %10s |\n" "$label" "$(( $(kib "$PID" VmRSS) / 1024 ))" "$(( $(kib "$PID" VmHWM) / 1024 ))" \
    "$(( $(kib "$PID" RssAnon) / 1024 ))" "$(( $(kib "$PID" RssFile) / 1024 ))" "$(( $(kib "$PID" RssShmem) / 1024 ))" "$(( $(dirty_kib "$PID") / 1024 ))"
  stop_node
}

echo "Idle ${IDLE}s after sign-in and four reads (none on the no-requests row), demo data on SQLite, $(nproc) cores, .NET $(dotnet --version)"
echo
echo '| Garbage collector and start                              | RSS (MB) | peak (MB) | anon (MB) | files (MB) | shmem (MB) | dirty (MB) |'
echo '|----------------------------------------------------------|---------:|----------:|----------:|-----------:|-----------:|-----------:|'
measure "Server GC with DATAS (the .NET 10 default)" first "$BUILD" DOTNET_gcServer=1
measure "Server GC with DATAS, restarted node" restart "$BUILD" DOTNET_gcServer=1
measure "Server GC with DATAS, restarted node, no requests" alone "$BUILD" DOTNET_gcServer=1
measure "Server GC with DATAS, idle trim off" first "$BUILD" DOTNET_gcServer=1 Trellis__Memory__TrimWhenIdle=false
measure "Server GC with DATAS, idle trim off, restarted node" restart "$BUILD" DOTNET_gcServer=1 Trellis__Memory__TrimWhenIdle=false
measure "Server GC, DATAS off" first "$BUILD" DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0
measure "Workstation GC, concurrent" first "$BUILD" DOTNET_gcServer=0 DOTNET_gcConcurrent=1
measure "Workstation GC, concurrent, restarted node" restart "$BUILD" DOTNET_gcServer=0 DOTNET_gcConcurrent=1
measure "Workstation GC, conserve memory 5" first "$BUILD" DOTNET_gcServer=0 DOTNET_GCConserveMemory=5
measure "Workstation GC, non-concurrent, gen0 4 MB, restarted" restart "$BUILD" DOTNET_gcServer=0 DOTNET_gcConcurrent=0 \
  DOTNET_GCgen0size=0x400000
measure "Server GC, gen0 budget at most 4 MB, restarted node" restart "$BUILD" DOTNET_gcServer=1 DOTNET_GCgen0MaxBudget=0x400000
measure "Server GC, two malloc arenas, restarted node" restart "$BUILD" DOTNET_gcServer=1 MALLOC_ARENA_MAX=2
measure "Server GC, tiered PGO off" first "$BUILD" DOTNET_gcServer=1 DOTNET_TieredPGO=0
measure "Server GC, tiered compilation off" first "$BUILD" DOTNET_gcServer=1 DOTNET_TieredCompilation=0
measure "Server GC, tiered compilation off, restarted node" restart "$BUILD" DOTNET_gcServer=1 DOTNET_TieredCompilation=0
measure "Server GC, quick JIT and tiered PGO off" first "$BUILD" DOTNET_gcServer=1 DOTNET_TC_QuickJit=0 DOTNET_TieredPGO=0
measure "Server GC, recompiled after 30 calls, restarted node" restart "$BUILD" DOTNET_gcServer=1 DOTNET_TC_CallCountThreshold=30
measure "Server GC, W^X off" first "$BUILD" DOTNET_gcServer=1 DOTNET_EnableWriteXorExecute=0
measure "Server GC, ReadyToRun publish" first "$WORK/r2r" DOTNET_gcServer=1
measure "Workstation GC, ReadyToRun, tiered PGO off, restarted" restart "$WORK/r2r" DOTNET_gcServer=0 DOTNET_TieredPGO=0
