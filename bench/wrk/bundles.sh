#!/usr/bin/env bash
# Serving bundle files: Trellis (database-backed, authenticated) vs Kestrel static files vs nginx, same files,
# measured with wrk on 127.0.0.1. Bounded: each run lasts DURATION seconds (default 10).
# Usage: bench/wrk/bundles.sh   (needs wrk, nginx, python3, curl and the .NET SDK)
#        TRELLIS_SETTINGS="Trellis__Auth__SessionCacheLifetime=0 Trellis__Bundles__BlobCacheMegabytes=0" bench/wrk/bundles.sh
#        measures with the session and blob caches turned off.
source "$(dirname "$0")/common.sh"
LABEL_WIDTH=34
# nginx workers run as an unprivileged user and must read the files.
chmod 755 "$WORK"

# The same two files everywhere: a small page and a 20 KiB module script, as in PANEL's bundle.
mkdir -p "$WORK/files/bench_app"
python3 - "$WORK" <<'PY'
import sys, zipfile, os
work = sys.argv[1]
page = "<!doctype html><html><head><meta charset=utf-8><title>Bench</title></head><body>" + "<p>row</p>" * 150 + "</body></html>"
script = "export const rows = [" + ",".join(f'"item {i:05d}"' for i in range(1700)) + "];\n"
for name, text in (("index.html", page), ("main.js", script)):
    with open(os.path.join(work, "files", "bench_app", name), "w") as f:
        f.write(text)
with zipfile.ZipFile(os.path.join(work, "bundle.zip"), "w", zipfile.ZIP_DEFLATED) as z:
    z.write(os.path.join(work, "files", "bench_app", "index.html"), "bench_app/index.html")
    z.write(os.path.join(work, "files", "bench_app", "main.js"), "bench_app/main.js")
PY
chmod -R a+rX "$WORK/files"

start_trellis
curl -s -f -b "$WORK/cookies" --data-binary @"$WORK/bundle.zip" \
  http://127.0.0.1:5080/api/shared_spaces/1001/external-entity-actions/bundle >/dev/null

# Kestrel static files, from a copy outside the repository so its build settings do not apply.
cp "$ROOT/bench/wrk/static-host.cs" "$WORK/static-host.cs"
ASPNETCORE_URLS=http://127.0.0.1:5081 Logging__LogLevel__Default=Warning dotnet run -c Release "$WORK/static-host.cs" -- "$WORK/files" >"$WORK/static.log" 2>&1 &
PIDS+=($!)
wait_for http://127.0.0.1:5081/bench_app/index.html

# nginx, one worker per core, no access log.
mkdir -p "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  server { listen 127.0.0.1:5082; root $WORK/files; etag on; add_header Cache-Control no-cache; }
}
NGINX
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
wait_for http://127.0.0.1:5082/bench_app/index.html

echo "wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s on 127.0.0.1, $(nproc) cores; Trellis settings: ${TRELLIS_SETTINGS:-defaults}"
echo
echo '| Server / file                      |    Req/sec | p50       | p99       | load after     |'
echo '|------------------------------------|-----------:|----------:|----------:|----------------|'
# Warm Trellis (JIT, the session and blob caches) before measuring.
wrk -t1 -c4 -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:5080/api/shared_spaces/1001/external-entity-actions/bundle/bench_app/main.js" >/dev/null
# The floor every authenticated Trellis request pays (session lookup and its last-seen write), for reference.
run "Trellis /api/current_user (auth)" "http://127.0.0.1:5080/api/current_user" -H "Cookie: $COOKIE"
for file in index.html main.js; do
  run "Trellis bundle  $file" "http://127.0.0.1:5080/api/shared_spaces/1001/external-entity-actions/bundle/bench_app/$file" -H "Cookie: $COOKIE"
  run "Kestrel static  $file" "http://127.0.0.1:5081/bench_app/$file"
  run "nginx           $file" "http://127.0.0.1:5082/bench_app/$file"
done
