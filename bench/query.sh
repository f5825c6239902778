#!/usr/bin/env bash
# The query benchmark: 100,000 entities in the SQLite file a running Trellis uses; `id IN (500 ids)`, the cross
# filter `parent={id IN (10 features)}` and `work_items/groups?group_by=phase|owner` through the whole REST path
# (HTTP to the server) vs the same answer read with hand-written SQL (Microsoft.Data.Sqlite), in one BenchmarkDotNet
# run; then the server's RSS.
# Bounded: a short BenchmarkDotNet job and a 10-minute cap on it.
# Usage: bench/query.sh   (needs python3, curl and the .NET SDK)
#        FILTER='*GroupBy*' bench/query.sh   (only the group-by benchmark; the default runs both classes)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
FEATURES="${FEATURES:-2000}"
DEFECTS="${DEFECTS:-98000}"
PORT="${PORT:-5090}"
FILTER="${FILTER:-*EntityQuery* *GroupBy*}"
WORK="$(mktemp -d)"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT

wait_for() { for _ in $(seq 1 240); do curl -s -o /dev/null "$1" && return 0; sleep 0.5; done; echo "no answer from $1" >&2; exit 1; }

dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
dotnet build "$ROOT/bench/Trellis.Server.Benchmarks" -c Release -v q -nologo >/dev/null

# Another server on the port would answer in this one's place and be measured instead.
if curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; then echo "Something already answers on port $PORT: stop it or set PORT." >&2; exit 1; fi

# The server's own executable (not `dotnet run`), so its process id is the one whose memory is read.
start_server() {
  (cd "$ROOT/src/Trellis.Server" && exec env ASPNETCORE_URLS="http://127.0.0.1:$PORT" Trellis__DataDirectory="$WORK/data" \
    Trellis__Bootstrap__AdminLogin=admin Trellis__Bootstrap__AdminPassword=Bench-Password-1 Trellis__Bootstrap__DemoData=true \
    Logging__LogLevel__Default=Warning "$ROOT/artifacts/bin/Trellis.Server/release/Trellis.Server") >>"$WORK/trellis.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/healthz"
}

# First start: migrations, bootstrap and demo data; then the bulk rows go straight into the stopped server's file.
start_server
stop_server
DB="$WORK/data/trellis.db"
python3 - "$DB" "$FEATURES" "$DEFECTS" <<'PY'
import sqlite3, sys, time
db, features, defects = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
started = time.monotonic()
c = sqlite3.connect(db)
# Rows shaped like the demo's own feature and defect (severity, author…), re-parented; each defect in one of the
# defect phases and owned by one of the users (every tenth by nobody), so that group by has groups to count.
def template(subtype):
    return c.execute("SELECT fields, creation_time, last_modified FROM entities WHERE workspace_id = 1002 AND subtype = ? ORDER BY id LIMIT 1", (subtype,)).fetchone()
root = c.execute("SELECT id FROM entities WHERE workspace_id = 1002 AND type = 'work_item_root'").fetchone()[0]
feature, defect = template("feature"), template("defect")
phases = "[" + ",".join(str(r[0]) for r in c.execute("SELECT id FROM entities WHERE workspace_id = 1002 AND type = 'phase' AND logical_name LIKE 'phase.defect.%' ORDER BY id")) + "]"
owners = "[" + ",".join(str(r[0]) for r in c.execute("SELECT id FROM users ORDER BY id")) + "]"
with c:
    c.execute("""WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
      INSERT INTO entities (workspace_id, type, subtype, name, logical_name, version_stamp, creation_time, last_modified, fields)
      SELECT 1002, 'work_item', 'feature', 'Bench feature ' || i, NULL, 1, ?, ?, json_set(?, '$.parent', ?) FROM n""",
      (features, feature[1], feature[2], feature[0], root))
    first = c.execute("SELECT MIN(id) FROM entities WHERE name LIKE 'Bench feature %'").fetchone()[0]
    c.execute("""WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < :count)
      INSERT INTO entities (workspace_id, type, subtype, name, logical_name, version_stamp, creation_time, last_modified, fields)
      SELECT 1002, 'work_item', 'defect', 'Bench defect ' || i, NULL, 1, :created, :modified,
        json_set(:fields, '$.parent', :first + i % :features, '$.phase', json_extract(:phases, '$[' || (i % json_array_length(:phases)) || ']'),
          '$.owner', CASE WHEN i % 10 = 0 THEN NULL ELSE json_extract(:owners, '$[' || (i % json_array_length(:owners)) || ']') END) FROM n""",
      dict(count=defects, created=defect[1], modified=defect[2], fields=defect[0], first=first, features=features, phases=phases, owners=owners))
c.execute("ANALYZE")
total = c.execute("SELECT COUNT(*) FROM entities").fetchone()[0]
c.close()
print(f"{features + defects:,} entities generated in {time.monotonic() - started:.1f} s; {total:,} in the entities table")
PY

start_server
curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' -d '{"user":"admin","password":"Bench-Password-1"}' \
  "http://127.0.0.1:$PORT/authentication/sign_in" >/dev/null
COOKIE="$(awk '$6=="LWSSO_COOKIE_KEY"{print $7}' "$WORK/cookies")"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$WORK/bdn"
read -r -a FILTERS <<<"$FILTER"
TRELLIS_BENCH_URL="http://127.0.0.1:$PORT" TRELLIS_BENCH_COOKIE="$COOKIE" TRELLIS_BENCH_DB="$DB" \
  timeout 600 dotnet run -c Release --no-build --project "$ROOT/bench/Trellis.Server.Benchmarks" -- \
  --filter "${FILTERS[@]}" ${BDN_JOB:---job short --iterationCount 15} --inProcess --artifacts "$WORK/bdn" >"$WORK/bdn.log" 2>&1 || { tail -40 "$WORK/bdn.log"; exit 1; }
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"
# A benchmark that threw shows NA in the table; say why.
grep -m3 -B2 -A8 'Exception' "$WORK/bdn.log" || true
echo
cat "$WORK"/bdn/results/*-report-github.md | sed -n '/^|/p'
echo
echo "Server memory with $(python3 -c "import sqlite3,sys; print(f'{sqlite3.connect(sys.argv[1]).execute(\"SELECT COUNT(*) FROM entities\").fetchone()[0]:,}')" "$DB") entities after the run:" \
  "$(awk '/^VmRSS/{rss=$2} /^VmHWM/{hwm=$2} END{printf "VmRSS %.0f MB, peak (VmHWM) %.0f MB", rss/1024, hwm/1024}' "/proc/$SERVER_PID/status")"
