#!/bin/sh
# Makes the class data sharing archive of a jar: deploy/docker/cds-archive.sh JAR ARCHIVE [PORT]
# One training start of the jar in prod (every flow, no API reachable: nothing is called before a schedule fires), until
# /observe/health/ready answers, then a stop; the JVM writes the classes it loaded to ARCHIVE as it exits. A start with
# -XX:SharedArchiveFile=ARCHIVE then maps them instead of reading, parsing and verifying them from the jar. The archive
# is only good for this jar (path and time) and this JVM: make it where both stay, as the Dockerfile does.
set -eu
JAR=$1
ARCHIVE=$2
PORT=${3:-18099}
WORK=$(mktemp -d)
ADRELAY_PROFILE=prod ADRELAY_DATA_DIR="$WORK/data" ADRELAY_HTTP_PORT=$PORT ADRELAY_BIND_ADDRESS=127.0.0.1 \
  ADRELAY_OPS_TOKEN=cds-training STATLAS_API_KEY=cds-training STATLAS_WEBHOOK_SECRET=cds-training \
  STATLAS_DRIVE_FOLDER_ID=root GOOGLE_DRIVE_ACCESS_TOKEN=cds-training APISYNC_API_TOKEN=cds-training \
  APISYNC_WEBHOOK_SECRET=cds-training SNAP_ACCESS_TOKEN=cds-training BSA_API_KEY=cds-training \
  STATLAS_BASE_URL=http://127.0.0.1:9 GOOGLE_DRIVE_ROOT_URL=http://127.0.0.1:9/ APISYNC_BASE_URL=http://127.0.0.1:9 \
  SNAP_BASE_URL=http://127.0.0.1:9/v1 SNAP_TOKEN_URL=http://127.0.0.1:9/token BSA_BASE_URL=http://127.0.0.1:9 \
  java -Xmx256m -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" > "$WORK/log" 2>&1 &
PID=$!
tries=0
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/observe/health/ready")" = 200 ]; do
  tries=$((tries + 1))
  if ! kill -0 "$PID" 2>/dev/null || [ "$tries" -gt 1200 ]; then
    echo "the training start did not get ready:" >&2; tail -20 "$WORK/log" >&2; kill "$PID" 2>/dev/null || true; exit 1
  fi
  sleep 0.1
done
kill "$PID"
wait "$PID" || true
rm -rf "$WORK"
[ -s "$ARCHIVE" ] || { echo "no archive was written to $ARCHIVE" >&2; exit 1; }
echo "class data sharing archive: $ARCHIVE ($(du -m "$ARCHIVE" | cut -f1) MiB)"
