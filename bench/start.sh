#!/usr/bin/env bash
# Start and idle memory: bench/start.sh [starts]   (default 3 of each)
# Starts the jar in prod (all four flows, their APIs pointed at a closed port: nothing is called before a schedule
# fires), in the sandbox (its simulators included), and a bare Camel main (the same jars, one platform-http route,
# health on the same port: the baseline); each `starts` times. Prints the median time from the JVM's launch to
# /observe/health/ready answering 200, and the median RSS of each adrelay process IDLE seconds (default 10) after it was
# ready, read from /proc/<pid> of the very process started here.
# Build first: mvn -B -ntp package -DskipTests (the jar; the baseline's class is in target/test-classes).
# JAVA_OPTS (default as the Dockerfile's: -Xmx256m -XX:+ExitOnOutOfMemoryError) go to every JVM started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
STARTS=${1:-3}
IDLE=${IDLE:-10}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx256m -XX:+ExitOnOutOfMemoryError"}
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

# the resident set of the process $PID now, in MiB
rss_mib() { awk '/^VmRSS/ {printf "%d", $2 / 1024}' "/proc/$PID/status"; }

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

seconds() { awk '{printf "%.2f", $1 / 1000}'; }

# one start of a kind (prod, sandbox, bare) in a fresh data dir: "<ms to ready> <idle RSS MiB>"
start_one() {
  local kind=$1 t0 ms rss=0
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
         exec java $JAVA_OPTS -jar "$JAR" > "$WORK/log" 2>&1) & ;;
    sandbox)
      (cd "$WORK" && ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT ADRELAY_SANDBOX_PORT_BASE=0 \
         exec java $JAVA_OPTS -jar "$JAR" > "$WORK/log" 2>&1) & ;;
    bare)
      (cd "$WORK" && exec java $JAVA_OPTS -cp "$ROOT/target/test-classes:$JAR" io.adrelay.runtime.BareCamelMain "$PORT" \
         > "$WORK/log" 2>&1) & ;;
  esac
  PID=$!
  ms=$(ready_after "$t0")
  if [ "$kind" != bare ]; then
    sleep "$IDLE"
    rss=$(rss_mib)
  fi
  stop
  echo "$ms $rss"
}

declare -A MS RSS
for kind in bare prod sandbox; do
  MS[$kind]=""; RSS[$kind]=""
  for _ in $(seq 1 "$STARTS"); do
    read -r ms rss < <(start_one "$kind") || true
    [ -n "${ms:-}" ] || { echo "$kind did not start" >&2; exit 1; }
    MS[$kind]+="$ms"$'\n'; RSS[$kind]+="$rss"$'\n'
  done
done
bare=$(printf '%s' "${MS[bare]}" | median | seconds)
echo "start-prod $(printf '%s' "${MS[prod]}" | median | seconds) baseline bare-camel-main $bare"
echo "start-sandbox $(printf '%s' "${MS[sandbox]}" | median | seconds)"
echo "idle-rss-prod $(printf '%s' "${RSS[prod]}" | median)"
echo "idle-rss-sandbox $(printf '%s' "${RSS[sandbox]}" | median)"
echo "(medians of $STARTS starts each; ms to ready prod: $(printf '%s' "${MS[prod]}" | tr '\n' ' ')sandbox: $(printf '%s' "${MS[sandbox]}" | tr '\n' ' ')bare: $(printf '%s' "${MS[bare]}" | tr '\n' ' '); JAVA_OPTS=$JAVA_OPTS, RSS $IDLE s after ready)"
