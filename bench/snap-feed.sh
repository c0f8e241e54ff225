#!/usr/bin/env bash
# Snap product feeds at the documented heap (HEAP, default 256m, as the Dockerfile sets):
#   bench/snap-feed.sh [rows]   default 1,000,000; 34000000 makes a 2.1 GB feed, about the most that
#                               adrelay.inbox.snap.max-bytes (2 GiB) lets in
# 1. generates the feed (62-byte rows, 1 in 1,000 refused, an id repeated every 10 M rows) in a temp dir,
#    removed at the end with everything else (TMPDIR to put it elsewhere: it needs about 3x the feed);
# 2. parses it with FastCSV alone and with Commons CSV alone (the baselines), then validates it in-process as
#    the flow does (rows/s, CPU time, peak heap), each in its own JVM with the image's JVM options
#    (bench/image-options.sh) at -Xmx$HEAP, one after the other, and
#    prints the figures side by side, one line each:
#      feed-validation  <rows/s>  baseline fastcsv <rows/s>  ratio <x>
#      feed-validation  <rows/s>  baseline commons-csv <rows/s>  ratio <x>
#    (each followed by the same per CPU second of the thread)
#      feed-validation-heap  <MiB> MiB peak  <MiB> MiB live after a GC  <n> GCs  -Xmx<heap>
#    (the box may be busy: the ratios, taken in one run, say more than the rates);
# 3. drops it into inbox/snap/bench/ of adrelay (the jar, prod profile, the snap flow alone) and waits for
#    it to be published: wall time, the JVM's peak RSS, and the heap's peak before a GC from the GC log.
# Build first: mvn -B -ntp package -DskipTests (the jar; the bench class is in target/test-classes; FastCSV, a
# test dependency, is read from the local Maven repository).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/bench/image-options.sh"
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
HEAP=${HEAP:-256m}
ROWS=${1:-1000000}
PORT=${PORT:-18482}
[ -f "$JAR" ] && [ -f "$ROOT/target/test-classes/io/adrelay/snap/SnapFeedBench.class" ] \
  || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
PID=
trap 'if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"' EXIT
FASTCSV_VERSION=$(sed -n 's:.*<fastcsv.version>\(.*\)</fastcsv.version>.*:\1:p' "$ROOT/pom.xml")
FASTCSV_JAR=${FASTCSV_JAR:-"$HOME/.m2/repository/de/siegmar/fastcsv/$FASTCSV_VERSION/fastcsv-$FASTCSV_VERSION.jar"}
[ -f "$FASTCSV_JAR" ] || { echo "no $FASTCSV_JAR: build first (mvn -B -ntp package -DskipTests fetches it)" >&2; exit 1; }
CP="$ROOT/target/test-classes:$JAR:$FASTCSV_JAR"
FEED="$WORK/feed.csv"

# the heap from a GC log: its highest occupancy before a collection, and the most that survived one (the live data)
gc_heap() {
  grep -oE '[0-9]+M->[0-9]+M\([0-9]+M\)' "$1" | awk '{split($0, m, /[^0-9]+/); if (m[1] > b) b = m[1]; if (m[2] > a) a = m[2]; n++}
    END {printf "heap peak %d MiB before a GC, %d MiB after one (live), %d GCs", b, a, n}'
}

# one JVM per figure, its last line "result <what> <rows> <rows/s> <rows per CPU second>"
run() {
  java $(image_java_opts) -Xmx"$HEAP" -Xlog:gc,gc+heap+exit:file="$WORK/$1-gc.log" -cp "$CP" io.adrelay.snap.SnapFeedBench "$1" "$FEED" | tee "$WORK/$1.out"
  echo "  $1: $(gc_heap "$WORK/$1-gc.log")"
}
rate() { awk '$1 == "result" {print $4}' "$WORK/$1.out"; }
cpu_rate() { awk '$1 == "result" {print $5}' "$WORK/$1.out"; }

java -cp "$CP" io.adrelay.snap.SnapFeedBench generate "$FEED" "$ROWS"
run fastcsv
run parse
run validate
validated=$(rate validate)
validated_cpu=$(cpu_rate validate)
# wall-clock rates, then the same per CPU second of the thread (what the neighbours on a busy box change least)
for baseline in fastcsv parse; do
  name=$([ "$baseline" = parse ] && echo commons-csv || echo fastcsv)
  awk -v v="$validated" -v b="$(rate $baseline)" -v vc="$validated_cpu" -v bc="$(cpu_rate $baseline)" -v n="$name" \
    'BEGIN {printf "feed-validation  %d  baseline %s %d  ratio %.2f  (per CPU second: %d vs %d, ratio %.2f)\n", v, n, b, v / b, vc, bc, vc / bc}'
done
# the peak: the most the heap held before a GC, or at exit (a short run may need no GC at all)
awk -v heap="$HEAP" '
  /garbage-first heap/ {if (match($0, /used [0-9]+K/)) {u = substr($0, RSTART + 5, RLENGTH - 6) / 1024; if (u > b) b = u}}
  {while (match($0, /[0-9]+M->[0-9]+M\([0-9]+M\)/)) {split(substr($0, RSTART, RLENGTH), m, /[^0-9]+/); if (m[1] > b) b = m[1]; if (m[2] > a) a = m[2]; n++;
     $0 = substr($0, RSTART + RLENGTH)}}
  END {printf "feed-validation-heap  %d MiB peak  %d MiB live after a GC  %d GCs  -Xmx%s\n", b, a, n, heap}' "$WORK/validate-gc.log"

DATA="$WORK/data"
mkdir -p "$DATA/inbox/snap"
echo "catalogs: []" > "$WORK/snap-catalogs.yaml"
# no Snap is called: nothing is declared, and the feed is only published (its upload needs a declared feed)
ADRELAY_PROFILE=prod ADRELAY_FLOWS=snap ADRELAY_DATA_DIR="$DATA" ADRELAY_HTTP_PORT=$PORT ADRELAY_OPS_TOKEN=ops-token-feed-bench \
  SNAP_ACCESS_TOKEN=snap-token-feed-bench SNAP_BASE_URL=http://127.0.0.1:9/v1 SNAP_TOKEN_URL=http://127.0.0.1:9/token \
  java $(image_java_opts) -Xmx"$HEAP" -Xlog:gc:file="$WORK/gc.log" -Dsnap.catalogs-file="$WORK/snap-catalogs.yaml" \
  -Dsnap.campaigns-file="$WORK/snap-campaigns.yaml" -jar "$JAR" > "$WORK/adrelay.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fs "localhost:$PORT/observe/health" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { echo "adrelay did not start:" >&2; tail -20 "$WORK/adrelay.log" >&2; exit 1; }
  sleep 0.5
done
mkdir -p "$DATA/inbox/snap/bench"
t0=$(date +%s%3N)
mv "$FEED" "$DATA/inbox/snap/bench/feed.csv"
until [ -f "$DATA/state/snap/feeds/bench.json" ]; do
  if ! kill -0 "$PID" 2>/dev/null || [ -d "$DATA/inbox/snap/bench/.error" ]; then
    echo "adrelay did not publish the feed:" >&2; grep -E "ERROR|WARN" "$WORK/adrelay.log" | tail -5 >&2; exit 1
  fi
  sleep 0.5
done
t1=$(date +%s%3N)
rss=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$PID/status")
summary=$(tr -d '\n ' < "$DATA/state/snap/feeds/bench.json" | grep -oE '"rows":[0-9]+,"published":[0-9]+,"refused":[0-9]+')
echo "adrelay -Xmx$HEAP: $(ls -l "$DATA/feeds/bench.csv" | awk '{print $5}') bytes published in $(( (t1 - t0) / 1000 )).$(( (t1 - t0) % 1000 / 100 )) s" \
  "from the drop ($summary); JVM peak RSS $rss MiB; $(gc_heap "$WORK/gc.log")"
