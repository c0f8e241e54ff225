#!/usr/bin/env bash
# Readiness with a backlog: N stored Statlas events (default 100,000) waiting in the data dir when a
# prod runtime starts (in the queue's journal; LAYOUT=files: as one file per request, the layout before the journal).
# Prints the time from the JVM's start to /observe/health/ready answering 200, with the image's JVM options (the
# Dockerfile's JAVA_OPTS: bench/image-options.sh; and its class data sharing archive, made here first by deploy/docker/cds-archive.sh; NO_CDS=1
# leaves the archive out).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
N=${1:-100000}
PORT=${PORT:-18481}
WORK=$(mktemp -d)
# the script's own status, not the stopped JVM's 143
trap 'rc=$?; kill ${PID:-} 2>/dev/null; wait ${PID:-} 2>/dev/null || true; rm -rf "$WORK"; exit $rc' EXIT
QUEUE="$WORK/data/state/statlas/events"
if [ "${LAYOUT:-journal}" = files ]; then
  # the layout of releases before the journal: one file per request, taken into the journal at the first claim
  python3 - "$QUEUE" "$N" <<'PY'
import os, sys, uuid
d, n = sys.argv[1], int(sys.argv[2]); os.makedirs(d)
for i in range(n):
    with open(os.path.join(d, "%s.json" % uuid.uuid4()), "w") as f:
        f.write('{"tracking_id":"x","event":{"event":"batch.created","data":{"batch_id":"B%d","shop":"s"}}}' % i)
PY
else
  [ -f "$ROOT/target/test-classes/io/adrelay/bench/IntakeBacklog.class" ] || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
  java -cp "$ROOT/target/test-classes:$JAR" io.adrelay.bench.IntakeBacklog "$QUEUE" "$N" > /dev/null
fi
source "$ROOT/bench/image-options.sh"
OPTS="$(image_java_opts)"
if [ "${NO_CDS:-0}" != 1 ]; then
  sh "$ROOT/deploy/docker/cds-archive.sh" "$JAR" "$WORK/adrelay.jsa" "$((PORT + 1))" > /dev/null
  OPTS="$OPTS -XX:SharedArchiveFile=$WORK/adrelay.jsa -Xlog:cds*=off"
fi
t0=$(date +%s%3N)
(cd "$ROOT" && ADRELAY_PROFILE=prod ADRELAY_FLOWS=statlas ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT ADRELAY_OPS_TOKEN=bench-ops-token \
   STATLAS_API_KEY=bench-key STATLAS_WEBHOOK_SECRET=bench-secret STATLAS_DRIVE_FOLDER_ID=root GOOGLE_DRIVE_ACCESS_TOKEN=bench-token \
   STATLAS_BASE_URL=http://127.0.0.1:9 GOOGLE_DRIVE_ROOT_URL=http://127.0.0.1:9/ exec java $OPTS -jar "$JAR" > "$WORK/adrelay.log" 2>&1) &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "localhost:$PORT/observe/health/ready")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { echo "adrelay stopped:"; tail -20 "$WORK/adrelay.log"; exit 1; }
  sleep 0.1
done
t1=$(date +%s%3N)
echo "backlog of $N stored events (${LAYOUT:-journal}): ready $((t1 - t0)) ms after the JVM started ($OPTS)"
