#!/usr/bin/env bash
# /healthz latency while PARALLEL clients keep sending wrong passwords for SECONDS seconds.
# Usage: bench/sign-in-flood.sh [BASE_URL] [SECONDS] [PARALLEL]   (default http://127.0.0.1:5080 10 16)
# Loopback only: it is a load generator, never point it at someone else's server.
set -euo pipefail
base=${1:-http://127.0.0.1:5080}
seconds=${2:-10}
parallel=${3:-16}
case "$base" in
  http://127.0.0.1:*|http://localhost:*|http://\[::1\]:*) ;;
  *) echo "sign-in-flood: only http://127.0.0.1, localhost or [::1] are allowed" >&2; exit 2 ;;
esac

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
end=$((SECONDS + seconds))
for i in $(seq "$parallel"); do
  # A new login per attempt, so every attempt that is let through costs a full password check.
  ( n=0; while [ "$SECONDS" -lt "$end" ]; do
      n=$((n + 1))
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -X POST "$base/authentication/sign_in" \
        -d "{\"user\":\"flood-$i-$n\",\"password\":\"wrong\"}" || echo "fail"
    done ) > "$out/codes.$i" &
done

sleep 1
while [ "$SECONDS" -lt "$((end - 1))" ]; do
  curl -s -o /dev/null -w '%{time_total}\n' --max-time 30 "$base/healthz" >> "$out/healthz" || echo 30 >> "$out/healthz"
  sleep 0.2
done
wait

sort -n "$out/healthz" | awk '{ t[NR] = $1 } END { printf "healthz: %d samples, median %.3f s, p90 %.3f s, max %.3f s\n", NR, t[int((NR + 1) / 2)], t[int(NR * 0.9 + 0.5)], t[NR] }'
cat "$out"/codes.* | sort | uniq -c | awk '{ printf "sign-in answers %s: %s\n", $2, $1 }'
