#!/usr/bin/env bash
# Two Trellis nodes on PostgreSQL behind the reference proxy vs one node behind the same proxy vs one node direct,
# measured with wrk on 127.0.0.1: the toolbar endpoint, an entity's REST GET and its details page (the web UI's
# server-rendered HTML); then the p99 and the failed requests through the proxy while one of the two nodes is killed
# (SIGKILL) a third of the way into the run.
#
# The deployment is deploy/two-node/run.sh's (its PostgreSQL settings: PGHOST, PGPORT, PGUSER, PGPASSWORD, a role with
# CREATEDB), on its own ports and a fresh database (TRELLIS_DATABASE, default trellis_bench_two_node, dropped first).
# Bounded: each run lasts DURATION seconds (default 10).
# Usage: bench/wrk/two-node.sh   (needs wrk, curl, psql and the .NET SDK; TRELLIS_SKIP_BUILD=1 uses the current build)
source "$(dirname "$0")/common.sh"
LABEL_WIDTH=46

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-trellis}" PGPASSWORD="${PGPASSWORD:-trellis}"
export TRELLIS_DATABASE="${TRELLIS_DATABASE:-trellis_bench_two_node}" TRELLIS_ADMIN_PASSWORD=Bench-Password-1
export TRELLIS_PROXY_PORT=8280 TRELLIS_NODE_PORTS="5280 5290"
TWO=http://127.0.0.1:8280 ONE=http://127.0.0.1:8281 DIRECT=http://127.0.0.1:5280

psql -d postgres -qc "DROP DATABASE IF EXISTS \"$TRELLIS_DATABASE\" WITH (FORCE)"
# Built once here (TRELLIS_SKIP_BUILD=1 when the Release builds are known to be current), not again by run.sh.
if [ -z "${TRELLIS_SKIP_BUILD:-}" ]; then
  dotnet build "$ROOT/src/Trellis.Server" -c Release -v q -nologo >/dev/null
  dotnet build "$ROOT/src/Trellis.Proxy" -c Release -v q -nologo >/dev/null
fi
export TRELLIS_SKIP_BUILD=1
# The deployment: both nodes, the proxy in front of both, its own checks; it runs until it is stopped.
"$ROOT/deploy/two-node/run.sh" >"$WORK/two-node.log" 2>&1 &
PIDS+=($!)
# Generous: on a busy machine the nodes' start (migrations, bootstrap, demo data) takes minutes.
for _ in $(seq 1 1800); do
  grep -q "kill -9" "$WORK/two-node.log" && break
  kill -0 "${PIDS[0]}" 2>/dev/null || { cat "$WORK/two-node.log" >&2; echo "the deployment stopped" >&2; exit 1; }
  sleep 0.5
done
grep -q "two-node: [0-9]* passed, 0 failed" "$WORK/two-node.log" \
  || { cat "$WORK/two-node.log" >&2; echo "the deployment did not start within 15 minutes or its checks failed" >&2; exit 1; }
NODE2_PID="$(sed -n "s/.*'kill -9 \([0-9]*\)'.*/\1/p" "$WORK/two-node.log")"

# The same proxy in front of the first node only.
Trellis__Proxy__Nodes=$DIRECT Logging__LogLevel__Default=Warning \
  dotnet "$ROOT/artifacts/bin/Trellis.Proxy/release/Trellis.Proxy.dll" --urls "$ONE" >"$WORK/proxy-one.log" 2>&1 &
PIDS+=($!)
wait_for "$ONE/healthz/ready"

curl -s -f -c "$WORK/cookies" -o /dev/null -d '{"user":"admin","password":"Bench-Password-1"}' "$TWO/authentication/sign_in"
COOKIE="LWSSO_COOKIE_KEY=$(awk '$6=="LWSSO_COOKIE_KEY"{print $7}' "$WORK/cookies")"
store_bench_actions "$TWO" "$WORK/cookies"
API=/api/shared_spaces/1001/workspaces/1002
TOOLBAR="$API/external-actions/applicable?entity_type=defect&view=list&kind=button"
DEFECT="$(curl -s -f -b "$WORK/cookies" "$TWO$API/defects?fields=id&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"][0]["id"])')"
ENTITY="$API/defects/$DEFECT"
PAGE="/1001/1002/defect/$DEFECT"

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "nodes $DIRECT and ${TWO%:*}:5290 on PostgreSQL ($PGHOST:$PGPORT/$TRELLIS_DATABASE); proxy over both $TWO, over the first $ONE"
echo
echo '| Endpoint, path                                 |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------------------|-----------:|----------:|----------:|----------------|'
targets=("$DIRECT" "$ONE" "$TWO")
names=("one node direct" "one node behind the proxy" "two nodes behind the proxy")
for what in "toolbar:$TOOLBAR" "entity REST GET:$ENTITY" "details page:$PAGE"; do
  label="${what%%:*}" path="${what#*:}"
  for i in 0 1 2; do
    # Warm (JIT, caches, the proxy's connections) before measuring.
    wrk -t1 -c4 -d2s -H "Cookie: $COOKIE" "${targets[$i]}$path" >/dev/null
    run "$label, ${names[$i]}" "${targets[$i]}$path" -H "Cookie: $COOKIE"
  done
done

# Node 2 is killed a third of the way into the run while REST clients and browsers' page loads go through the proxy.
echo
echo "While node 2 (pid $NODE2_PID) is killed after $((DURATION / 3)) s, through the proxy over both (half the connections each):"
echo
echo '| Endpoint, path                                 |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------------------|-----------:|----------:|----------:|----------------|'
half=$((CONNECTIONS / 2))
(CONNECTIONS=$half; THREADS=1; run "entity REST GET, node 2 killed" "$TWO$ENTITY" -H "Cookie: $COOKIE"; echo "  failed requests: $LAST_FAILED") >"$WORK/kill-entity.txt" &
entity_run=$!
(CONNECTIONS=$half; THREADS=1; run "details page, node 2 killed" "$TWO$PAGE" -H "Cookie: $COOKIE"; echo "  failed requests: $LAST_FAILED") >"$WORK/kill-page.txt" &
page_run=$!
sleep $((DURATION / 3))
kill -9 "$NODE2_PID"
wait "$entity_run" "$page_run"
cat "$WORK/kill-entity.txt" "$WORK/kill-page.txt"
LOGS="$(sed -n 's/.*; logs in \(.*\)$/\1/p' "$WORK/two-node.log" | head -n 1)"
echo
echo "requests the proxy sent to the other node after a failure: $(grep -c 'sending it to another node' "$LOGS/proxy.log" || true)"
