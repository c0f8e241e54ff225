#!/usr/bin/env bash
# Start and idle memory: bench/start.sh [starts]   (default 3 of each)
# Starts the jar in prod (all four flows, their APIs pointed at a closed port: nothing is called before a schedule
# fires) and in the sandbox (its simulators included), as the Dockerfile runs it (JAVA_OPTS with the class data sharing
# archive, made here first by deploy/docker/cds-archive.sh) and without the archive; and a bare Camel main (the same
# jars, one platform-http route, health on the same port: the baseline). Each `starts` times, one after the other.
# Prints the median time from the JVM's launch to /observe/health/ready answering 200, the median CPU time the process
# had used by then (user + system, all its threads: on a busy box a steadier figure than the wall clock), and the
# median RSS of each adrelay process IDLE seconds (default 10) after it was ready, read from /proc/<pid> of the very
# process started here.
# Build first: mvn -B -ntp package -DskipTests (the jar; the baseline's class is in target/test-classes).
# JAVA_OPTS (default the image's: the Dockerfile's JAVA_OPTS but its archive, bench/image-options.sh) go to every JVM started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
STARTS=${1:-3}
IDLE=${IDLE:-10}
source "$ROOT/bench/image-options.sh"
JAVA_OPTS=${JAVA_OPTS:-"$(image_java_opts)"}
[ -f "$JAR" ] && [ -f "$ROOT/target/test-classes/io/adrelay/runtime/BareCamelMain.class" ] \
  || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
PID=
stop() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
  PID=
}
trap 'stop; rm -rf "$WORK"' EXIT

now_ms() { date +%s%3N; }

# waits for readiness of the process $PID; prints the ms since $1
ready_after() {
  local t0=$1 deadline=$(( $1 + 120000 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "127.0.0.1:$PORT/observe/health/ready")" = 200 ]; do
    if ! kill -0 "$PID" 2>/dev/null || [ "$(now_ms)" -gt "$deadline" ]; then
      echo "it did not get ready:" >&2; tail -20 "$WORK/log" >&2; exit 1
    fi
    sleep 0.02
  done
  echo $(( $(now_ms) - t0 ))
}

# the CPU time the process $PID has used so far (user + system, every thread), in ms
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$PID/stat"; }

# the resident set of the process $PID now, in MiB
rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PID/status"; }

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

seconds() { awk '{printf "%.2f", $1 / 1000}'; }

# one start of a kind (prod, sandbox, bare) with these JVM options, in a fresh data dir:
# "<ms to ready> <CPU ms at ready> <idle RSS MiB>"
start_one() {
  local kind=$1 opts=$2 t0 ms cpu rss=0
  # a free port each time: a stopped JVM's port may linger a moment
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  rm -rf "$WORK/data" && mkdir -p "$WORK/data"
  t0=$(now_ms)
  case $kind in
    prod)
      (cd "$WORK" && ADRELAY_PROFILE=prod ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT ADRELAY_OPS_TOKEN=bench-ops-token \
         STATLAS_API_KEY=bench-key STATLAS_WEBHOOK_SECRET=bench-secret STATLAS_DRIVE_FOLDER_ID=root GOOGLE_DRIVE_ACCESS_TOKEN=bench-token \
         APISYNC_API_TOKEN=bench-token APISYNC_WEBHOOK_SECRET=bench-secret SNAP_ACCESS_TOKEN=bench-token BSA_API_KEY=bench-key \
         STATLAS_BASE_URL=http://127.0.0.1:9 GOOGLE_DRIVE_ROOT_URL=http://127.0.0.1:9/ APISYNC_BASE_URL=http://127.0.0.1:9 \
         SNAP_BASE_URL=http://127.0.0.1:9/v1 SNAP_TOKEN_URL=http://127.0.0.1:9/token BSA_BASE_URL=http://127.0.0.1:9 \
         exec java $opts -jar "$JAR" > "$WORK/log" 2>&1) & ;;
    sandbox)
      (cd "$WORK" && ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT ADRELAY_SANDBOX_PORT_BASE=0 \
         exec java $opts -jar "$JAR" > "$WORK/log" 2>&1) & ;;
    bare)
      (cd "$WORK" && exec java $opts -cp "$ROOT/target/test-classes:$JAR" io.adrelay.runtime.BareCamelMain "$PORT" \
         > "$WORK/log" 2>&1) & ;;
  esac
  PID=$!
  ms=$(ready_after "$t0")
  cpu=$(cpu_ms)
  if [ "$kind" != bare ]; then
    sleep "$IDLE"
    rss=$(rss_mib)
  fi
  stop
  echo "$ms $cpu $rss"
}

CDS="$WORK/adrelay.jsa"
sh "$ROOT/deploy/docker/cds-archive.sh" "$JAR" "$CDS" "$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" >/dev/null
WITH_CDS="$JAVA_OPTS -XX:SharedArchiveFile=$CDS -Xlog:cds*=off"

declare -A MS CPU RSS
run() {
  local name=$1 kind=$2 opts=$3 ms cpu rss
  MS[$name]=""; CPU[$name]=""; RSS[$name]=""
  for _ in $(seq 1 "$STARTS"); do
    read -r ms cpu rss < <(start_one "$kind" "$opts") || true
    [ -n "${ms:-}" ] || { echo "$name did not start" >&2; exit 1; }
    MS[$name]+="$ms"$'\n'; CPU[$name]+="$cpu"$'\n'; RSS[$name]+="$rss"$'\n'
  done
}
run bare bare "$JAVA_OPTS"
run prod prod "$WITH_CDS"
run sandbox sandbox "$WITH_CDS"
run prod-no-cds prod "$JAVA_OPTS"
run sandbox-no-cds sandbox "$JAVA_OPTS"

s() { printf '%s' "${MS[$1]}" | median | seconds; }
cpu() { printf '%s' "${CPU[$1]}" | median | seconds; }
rss() { printf '%s' "${RSS[$1]}" | median; }
echo "start-prod $(s prod) baseline bare-camel-main $(s bare)"
echo "start-sandbox $(s sandbox)"
echo "idle-rss-prod $(rss prod)"
echo "idle-rss-sandbox $(rss sandbox)"
echo "start-prod-cpu $(cpu prod) baseline bare-camel-main-cpu $(cpu bare)"
echo "start-sandbox-cpu $(cpu sandbox)"
echo "start-prod-no-cds $(s prod-no-cds) cpu $(cpu prod-no-cds) idle-rss $(rss prod-no-cds)"
echo "start-sandbox-no-cds $(s sandbox-no-cds) cpu $(cpu sandbox-no-cds) idle-rss $(rss sandbox-no-cds)"
echo "(medians of $STARTS starts; seconds to ready, CPU seconds at ready, MiB of RSS $IDLE s after ready; JAVA_OPTS=$JAVA_OPTS," \
  "the adrelay starts with -XX:SharedArchiveFile but the *-no-cds ones; load average $(cut -d' ' -f1-3 /proc/loadavg))"
