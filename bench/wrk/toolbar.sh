#!/usr/bin/env bash
# The toolbar endpoint (which actions apply to a place, for a signed-in member) vs a Kestrel plaintext "hello"
# endpoint, measured with wrk on 127.0.0.1 in one run. Bounded: each run lasts DURATION seconds (default 10).
# Usage: bench/wrk/toolbar.sh   (needs wrk, curl and the .NET SDK)
source "$(dirname "$0")/common.sh"
LABEL_WIDTH=40

start_trellis

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

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores; the toolbar answers $ACTIONS actions"
echo
echo '| Server / endpoint                        |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------------|-----------:|----------:|----------:|----------------|'
# Warm both (JIT, caches) before measuring.
wrk -t1 -c4 -d2s -H "Cookie: $COOKIE" "$TOOLBAR" >/dev/null
wrk -t1 -c4 -d2s http://127.0.0.1:5083/hello >/dev/null
run "Kestrel plaintext /hello" "http://127.0.0.1:5083/hello"
run "Trellis toolbar (applicable, signed in)" "$TOOLBAR" -H "Cookie: $COOKIE"
