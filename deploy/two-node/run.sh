#!/usr/bin/env bash
# Two Trellis nodes on one PostgreSQL behind the reference proxy (src/Trellis.Proxy), on one machine, no containers
# (docs/deployment.md, "Two nodes on one machine"). Starts them, checks what several nodes must do, then keeps them
# running until Ctrl-C (or exits after the checks with --check).
#
#   deploy/two-node/run.sh            # http://127.0.0.1:8080 (proxy), nodes on 5080 and 5090
#   deploy/two-node/run.sh --check    # the checks only; exit status 0 when all passed
#
# PostgreSQL: the libpq variables PGHOST, PGPORT, PGUSER, PGPASSWORD (default 127.0.0.1, 5432, trellis, trellis); the
# role needs CREATEDB. The database is TRELLIS_DATABASE (default trellis_two_node), created when missing. Other ports:
# TRELLIS_PROXY_PORT (default 8080) and TRELLIS_NODE_PORTS (default "5080 5090"); bench/wrk/two-node.sh uses them.
# The same proof runs in CI as ProxiedTwoNodeTests (tests/Trellis.Server.IntegrationTests).
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
check_only=""
[ "${1:-}" = "--check" ] && check_only=1

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-trellis}" PGPASSWORD="${PGPASSWORD:-trellis}"
database="${TRELLIS_DATABASE:-trellis_two_node}"
proxy_port="${TRELLIS_PROXY_PORT:-8080}"
# shellcheck disable=SC2206 # two port numbers separated by a space.
node_ports=(${TRELLIS_NODE_PORTS:-5080 5090})
password="${TRELLIS_ADMIN_PASSWORD:-Two-Nodes-$RANDOM$RANDOM}"
logs=$(mktemp -d "${TMPDIR:-/tmp}/trellis-two-node.XXXXXX")
pids=()
passed=0
failed=0

stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
}
trap stop EXIT

result() { # name, ok (0/1), detail
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); echo "PASS  $1"; else failed=$((failed + 1)); echo "FAIL  $1: $3"; fi
}

# TRELLIS_SKIP_BUILD=1: the Release builds are current (bench/wrk/two-node.sh builds them once itself).
if [ -z "${TRELLIS_SKIP_BUILD:-}" ]; then
  dotnet build "$root/src/Trellis.Server" -c Release --nologo -v quiet >/dev/null || { echo "the server does not build" >&2; exit 1; }
  dotnet build "$root/src/Trellis.Proxy" -c Release --nologo -v quiet >/dev/null || { echo "the proxy does not build" >&2; exit 1; }
fi
psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql -d postgres -qc "CREATE DATABASE \"$database\"" || { echo "cannot create database $database as $PGUSER@$PGHOST:$PGPORT" >&2; exit 1; }

start_node() { # index (0 or 1)
  local port=${node_ports[$1]}
  ASPNETCORE_ENVIRONMENT=Production \
  Trellis__Database__Provider=Postgres \
  ConnectionStrings__Trellis="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$database" \
  Trellis__Bootstrap__AdminPassword="$password" \
  Trellis__ForwardedHeaders__KnownProxies=127.0.0.1 \
    dotnet "$root/artifacts/bin/Trellis.Server/release/Trellis.Server.dll" --urls "http://127.0.0.1:$port" \
    --contentRoot "$root/src/Trellis.Server" >"$logs/node$(($1 + 1)).log" 2>&1 &
  pids[$1]=$!
}

wait_ready() { # url
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = "200" ] && return 0
    sleep 0.5
  done
  return 1
}

start_node 0
start_node 1
Trellis__Proxy__Nodes="http://127.0.0.1:${node_ports[0]},http://127.0.0.1:${node_ports[1]}" \
  dotnet "$root/artifacts/bin/Trellis.Proxy/release/Trellis.Proxy.dll" --urls "http://127.0.0.1:$proxy_port" >"$logs/proxy.log" 2>&1 &
pids[2]=$!
for port in "${node_ports[@]}"; do
  wait_ready "http://127.0.0.1:$port/healthz/ready" || { echo "the node on $port did not get ready; logs in $logs" >&2; exit 1; }
done
wait_ready "http://127.0.0.1:$proxy_port/healthz/ready" || { echo "the proxy did not answer; logs in $logs" >&2; exit 1; }
node1="http://127.0.0.1:${node_ports[0]}" node2="http://127.0.0.1:${node_ports[1]}" proxy="http://127.0.0.1:$proxy_port"
echo "Two nodes ($node1, $node2) behind $proxy; admin password: $password; logs in $logs"

# 1. A session opened on one node is a session on the other (sessions are in the database).
jar="$logs/rest.jar"
curl -s -c "$jar" -o /dev/null -X POST "$node1/authentication/sign_in" -d "{\"user\":\"admin\",\"password\":\"$password\"}"
code=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' "$node2/api/current_user")
result "signed in on node 1, used on node 2" "$([ "$code" = 200 ]; echo $?)" "node 2 answered $code"

# 2. The sign-in form from node 1 is accepted by node 2 (one Data Protection key ring, in the database).
form="$logs/form.jar"
token=$(curl -s -c "$form" "$node1/login" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -n 1)
code=$(curl -s -b "$form" -c "$form" -o /dev/null -w '%{http_code}' -X POST "$node2/login" \
  --data-urlencode "_handler=sign-in" --data-urlencode "__RequestVerificationToken=$token" \
  --data-urlencode "Input.Login=admin" --data-urlencode "Input.Password=$password")
result "sign-in form fetched from node 1, posted to node 2" "$([ "$code" = 302 ] && grep -q LWSSO_COOKIE_KEY "$form"; echo $?)" "node 2 answered $code"

# 3. A configuration saved on node 1 is served by node 2 within a second (PostgreSQL NOTIFY).
name="two_node_$RANDOM"
applicable="/api/shared_spaces/1001/workspaces/1002/external-actions/applicable?entity_type=defect&view=list"
curl -s -b "$jar" -o /dev/null "$node2$applicable"
curl -s -b "$jar" -o /dev/null -X PUT "$node1/api/shared_spaces/1001/external-entity-actions" \
  -d "[{\"name\":\"$name\",\"title\":\"Two nodes\",\"entity_type\":[\"defect\"],\"views\":[\"list\"],\"url\":\"https://example.com/\"}]"
seen=1
for _ in $(seq 1 20); do
  curl -s -b "$jar" "$node2$applicable" | grep -q "\"$name\"" && { seen=0; break; }
  sleep 0.05
done
result "configuration saved on node 1 served by node 2 within a second" "$seen" "node 2 did not serve $name"

if [ -n "$check_only" ]; then
  # 4. Node 2 is killed while REST clients read through the proxy: none of their requests fails.
  through="$logs/through.jar"
  curl -s -c "$through" -o /dev/null -X POST "$proxy/authentication/sign_in" -d "{\"user\":\"admin\",\"password\":\"$password\"}"
  codes="$logs/codes.txt"
  : >"$codes"
  for _ in 1 2 3 4; do
    ( end=$((SECONDS + 5)); while [ $SECONDS -lt $end ]; do
        curl -s -b "$through" -o /dev/null -w '%{http_code}\n' "$proxy/api/current_user" >>"$codes"; done ) &
  done
  sleep 1
  kill -9 "${pids[1]}"
  wait "${pids[1]}" 2>/dev/null
  wait_clients=5; sleep "$wait_clients"
  total=$(wc -l <"$codes")
  bad=$(grep -vc '^200$' "$codes")
  result "node 2 killed under 4 REST clients: $total requests through the proxy, $bad failed" "$([ "$bad" = 0 ] && [ "$total" -gt 0 ]; echo $?)" "see $codes"
  code=$(curl -s -b "$through" -o /dev/null -w '%{http_code}' "$proxy/")
  result "the UI answers through the proxy from the survivor, still signed in" "$([ "$code" = 302 ] || [ "$code" = 200 ]; echo $?)" "the proxy answered $code"
  echo "two-node: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
fi

echo "two-node: $passed passed, $failed failed"
echo "Open $proxy/login. Ctrl-C stops everything; 'kill -9 ${pids[1]}' stops node 2 to watch the proxy move its browsers."
wait
