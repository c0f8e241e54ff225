#!/usr/bin/env bash
# adrelay's outbound rate against each API's documented limit, read from the simulators' side (their request
# journals): one line per limit, `egress-<api>  <requests/s>  limit <documented>  ratio <x>  max-in-window <n>/<limit>
# 429s <n>`, then `of-budget <x>`: the rate against adrelay's own throttle in front of it. The simulators run in
# the bench's JVM, each enforcing its limit (APISync 20/s, Snap 10/s per token, BuySellAds 60/min, Statlas GET
# 100/min, POST/PATCH 30/min, uploads 10/min); adrelay runs as the jar in the prod profile with every throttle as
# shipped (application.properties; the caller's ADRELAY_*/<API>_* variables are not passed on), and gets work for
# several windows of each API at once:
#   bench/egress.sh [apisync items] [snap campaigns] [bsa days] [statlas batches] [statlas files]
#   defaults 300, 150 (2 ad squads each), 45 (of 4 reports, at most 60), 200 (batch.created), 25 (dropped uploads):
#   about 3 minutes, most of it BuySellAds' and Statlas' minute windows.
# EGRESS_JOURNALS=DIR keeps each simulator's request journal there (epoch ms, method, path, status per line).
# Build first: mvn -B -ntp package -DskipTests (the jar; the bench classes are in target/test-classes).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
[ -f "$JAR" ] && [ -f "$ROOT/target/test-classes/io/adrelay/bench/EgressBench.class" ] \
  || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# the simulators log at WARN: the lines below are the output; on a terminal, progress every 30 s
PROGRESS=false; [ -t 2 ] && PROGRESS=true
java -Xmx512m -DADRELAY_LOG_LEVEL=WARN -Degress.progress=$PROGRESS ${EGRESS_JOURNALS:+-Degress.journals="$EGRESS_JOURNALS"} -cp "$ROOT/target/test-classes:$JAR" io.adrelay.bench.EgressBench "$JAR" "$WORK" "$@"
