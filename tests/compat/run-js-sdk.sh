#!/usr/bin/env bash
# Runs the official Octane JS REST SDK suite (tests/compat/js-sdk) against a real Trellis: starts the built
# server (Release) on a free 127.0.0.1 port with a temporary data directory and a known admin password, waits
# for /healthz, runs `npm ci` and `node --test`, then stops the server by its process id.
# Writes a JUnit report and ends with one line: "js-sdk: N passed, N failed, N skipped".
# Usage: tests/compat/run-js-sdk.sh [junit-report-path]
# Without node/npm: counts as failed under CI=true, skipped otherwise.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
suite="$root/tests/compat/js-sdk"
report="${1:-$root/artifacts/test-results/js-sdk.junit.xml}"
mkdir -p "$(dirname "$report")"
# The suite runs from its own folder, so the report path must not be relative.
report="$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"

summary() { echo "js-sdk: $1 passed, $2 failed, $3 skipped"; }

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "node and npm are needed for the JS SDK compatibility suite; they are not installed." >&2
  if [ "${CI:-}" = "true" ]; then summary 0 1 0; exit 1; fi
  summary 0 0 1; exit 0
fi

# Two free ports, one for Trellis and one for its bundle origin: the automatic bundle listener would take the next
# port, which nothing keeps free.
read -r port bundle_port < <(node -e '
  const net = require("net");
  const free = () => new Promise(done => { const s = net.createServer(); s.listen(0, "127.0.0.1", () => done(s)); });
  Promise.all([free(), free()]).then(servers => { console.log(servers.map(s => s.address().port).join(" ")); servers.forEach(s => s.close()); });')
data=$(mktemp -d "${TMPDIR:-/tmp}/trellis-js-sdk.XXXXXX")
password="Sdk-Password-$RANDOM$RANDOM"
log="$data/server.log"
server=""

stop() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    # The server runs in its own process group (setsid), so `dotnet run` and the app it started stop together.
    kill -TERM -- "-$server" 2>/dev/null || kill -TERM "$server" 2>/dev/null
    for _ in $(seq 1 20); do kill -0 "$server" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$server" 2>/dev/null || true
  fi
  rm -rf "$data"
}
trap stop EXIT

Trellis__DataDirectory="$data" \
Trellis__Bootstrap__AdminLogin=admin \
Trellis__Bootstrap__AdminPassword="$password" \
Trellis__Bootstrap__DemoData=true \
Trellis__Bundles__Origin="http://127.0.0.1:$bundle_port" \
ASPNETCORE_ENVIRONMENT=Production \
  setsid dotnet run --project "$root/src/Trellis.Server" -c Release --no-build --no-launch-profile -- \
  --urls "http://127.0.0.1:$port;http://127.0.0.1:$bundle_port" \
  >"$log" 2>&1 &
server=$!

url="http://127.0.0.1:$port"
healthy=""
for _ in $(seq 1 120); do
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$url/healthz" 2>/dev/null; then healthy=1; break; fi
  kill -0 "$server" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$healthy" ]; then
  echo "Trellis did not become healthy at $url; its log:" >&2
  tail -n 40 "$log" >&2
  summary 0 1 0; exit 1
fi

cd "$suite"
npm ci --no-audit --no-fund --loglevel=error >/dev/null || { echo "npm ci failed" >&2; summary 0 1 0; exit 1; }
TRELLIS_URL="$url" TRELLIS_USER=admin TRELLIS_PASSWORD="$password" \
  node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="$report"
status=$?

# Count the JUnit test cases: a failure or error child fails one, a skipped child skips one.
counts=$(node -e '
const xml = require("fs").readFileSync(process.argv[1], "utf8");
const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) || [];
let passed = 0, failed = 0, skipped = 0;
for (const c of cases) {
  if (/<(failure|error)\b/.test(c)) failed++; else if (/<skipped\b/.test(c)) skipped++; else passed++;
}
console.log(passed, failed, skipped);
' "$report" 2>/dev/null || echo "0 1 0")
read -r passed failed skipped <<<"$counts"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ]
