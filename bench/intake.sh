#!/usr/bin/env bash
# Webhook intake under wrk (64 connections, 15 s by default): Statlas events adrelay stores durably and does not act
# on (an event type it keeps), next to two baselines on a bare Camel main with platform-http (a route that answers
# 202 at once, and one that writes and fsyncs one file per request first) and the disk's single-file fsync rate.
# Prints requests/s, the share answered other than 202, p99, the server's CPU per request and its peak RSS, each
# sampled from the very process this script started.
# adrelay runs with the image's JVM options (the Dockerfile's JAVA_OPTS: bench/image-options.sh; ADRELAY_JAVA_OPTS
# replaces them), so its peak RSS is the one a container sees under this load. Every server is warmed for WARM_SECONDS (30) first: the figures are the steady state.
# Build first: mvn -B -ntp package -DskipTests (the jar; the baselines are in target/test-classes). Needs wrk.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
SECONDS_EACH=${1:-15}
CONNECTIONS=${2:-64}
WARM_SECONDS=${WARM_SECONDS:-30}
PORT=${PORT:-18482}
command -v wrk >/dev/null || { echo "needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
[ -f "$JAR" ] && [ -f "$ROOT/target/test-classes/io/adrelay/bench/IntakeBaselines.class" ] \
  || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
TICKS=$(getconf CLK_TCK)
source "$ROOT/bench/image-options.sh"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
peak_rss_mib() { awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$1/status"; }
await_port() {
  for _ in $(seq 1 300); do
    curl -s -o /dev/null "localhost:$PORT$1" && return 0
    kill -0 "$PID" 2>/dev/null || { echo "the server stopped:" >&2; tail -20 "$WORK"/*.log >&2; exit 1; }
    sleep 0.1
  done
  echo "no answer on $PORT" >&2; exit 1
}

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Webhook-Token"] = "bench-secret"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, '{"event":"batch.noted","data":{"batch_id":"B' .. n .. '","shop":"bench"}}')
end
LUA

# one wrk run against PID's server: "<name> <requests/s> <non-202 share %> <p99 ms> <CPU µs/request> <peak RSS MiB>"
measure() {
  local name=$1 path=$2 before after out requests rate other p99
  # warm-up, not counted: the same for every server, long enough for the JIT to have compiled the request's path
  # (with 3 s, adrelay's compiler threads took a third of its CPU during the measured run, still 14 % after 60 s)
  wrk -t2 -c"$CONNECTIONS" -d"${WARM_SECONDS}s" -s "$WORK/post.lua" "http://127.0.0.1:$PORT$path" > /dev/null
  before=$(cpu_ticks "$PID")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency -s "$WORK/post.lua" "http://127.0.0.1:$PORT$path")
  after=$(cpu_ticks "$PID")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  rate=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  other=$(awk '/Non-2xx/ {print $5}' <<<"$out"); other=${other:-0}
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-22s %8s req/s  non-2xx %5.1f %%  p99 %8s  cpu %6d us/req  peak-rss %4d MiB\n' "$name" "$rate" \
    "$(awk -v o="$other" -v r="$requests" 'BEGIN {print r ? 100 * o / r : 0}')" "$p99" \
    "$(( (after - before) * 1000000 / TICKS / (requests > 0 ? requests : 1) ))" "$(peak_rss_mib "$PID")"
}

java -Xmx512m -cp "$ROOT/target/test-classes:$JAR" io.adrelay.bench.IntakeBaselines "$PORT" "$WORK/durable" > "$WORK/baselines.log" 2>&1 &
PID=$!
await_port /bare
measure baseline-bare /bare
measure baseline-durable /durable
kill $PID; wait $PID 2>/dev/null || true

python3 - "$WORK/fsync" <<'PY'
import os, sys, time
d = sys.argv[1]; os.makedirs(d); n = 0; t0 = time.time()
while time.time() - t0 < 5:
    tmp, dst = os.path.join(d, ".%d.tmp" % n), os.path.join(d, "%d.json" % n)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL); os.write(fd, b'{"event":"batch.noted"}'); os.fsync(fd); os.close(fd)
    os.rename(tmp, dst); dfd = os.open(d, os.O_RDONLY); os.fsync(dfd); os.close(dfd); n += 1
print("%-22s %8d files/s (write+fsync+rename+directory fsync, one writer, 5 s)" % ("disk-single-fsync", n / (time.time() - t0)))
PY

(cd "$WORK" && ADRELAY_PROFILE=prod ADRELAY_FLOWS=statlas ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT \
   ADRELAY_OPS_TOKEN=bench-ops-token STATLAS_API_KEY=bench-key STATLAS_WEBHOOK_SECRET=bench-secret STATLAS_DRIVE_FOLDER_ID=root \
   GOOGLE_DRIVE_ACCESS_TOKEN=bench-token STATLAS_BASE_URL=http://127.0.0.1:9 GOOGLE_DRIVE_ROOT_URL=http://127.0.0.1:9/ \
   exec java ${ADRELAY_JAVA_OPTS:-$(image_java_opts)} -jar "$JAR" > "$WORK/adrelay.log" 2>&1) &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/observe/health/ready")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "adrelay stopped:" >&2; tail -20 "$WORK/adrelay.log" >&2; exit 1; }
  sleep 0.1
done
measure adrelay-intake /webhooks/statlas
