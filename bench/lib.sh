# shared by the bench scripts: start adrelay in the sandbox, wait until healthy, sample its RSS
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
[ -f "$JAR" ] || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
source "$ROOT/bench/image-options.sh"
PORT=${PORT:-18480}
WORK=$(mktemp -d)
# adrelay's own data dir (an empty one: a data dir belongs to one profile) and its log beside it
DATA="$WORK/data"
LOG="$WORK/adrelay.log"
PEAK_KB=0

start_adrelay() {
  (cd "$ROOT" && ADRELAY_DATA_DIR="$DATA" ADRELAY_HTTP_PORT=$PORT ADRELAY_SANDBOX_PORT_BASE=0 \
     exec java ${ADRELAY_JAVA_OPTS:-$(image_java_opts)} -Xmx512m -jar "$JAR" > "$LOG" 2>&1) &
  PID=$!
  # the script's own status, not the stopped JVM's 143
  trap 'rc=$?; kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$WORK"; exit $rc' EXIT
  for _ in $(seq 1 120); do
    curl -fs "localhost:$PORT/observe/health" >/dev/null 2>&1 && return 0
    sample_rss; sleep 0.5
  done
  echo "adrelay did not start:" >&2; tail -20 "$LOG" >&2; exit 1
}

# the peak RSS of the very JVM start_adrelay started (its subshell exec's java, so $PID is the JVM's)
sample_rss() {
  local kb
  [ -n "${PID:-}" ] || return 0
  kb=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status" 2>/dev/null || echo 0)
  [ "${kb:-0}" -gt "$PEAK_KB" ] && PEAK_KB=$kb || true
}

now_ms() { date +%s%3N; }
