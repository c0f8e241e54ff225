#!/usr/bin/env bash
# Webhook intake of a cluster (ADRELAY_PROFILE=cluster): 1 node, then 3 nodes of the jar on one PostgreSQL (a real
# server started here from zonky's binaries in ~/.m2, fsync on, a fresh one per setup) and one shared data dir, under
# wrk (default 15 s after a 5 s warm-up, 64 connections spread over the nodes): Statlas events stored, not acted on.
# Prints per setup `cluster-intake-<n>-nodes  <acknowledged/s>  non-202 <%>  p99 <ms>`, the ratio 3 nodes / 1 node,
# then `cluster-drain-<n>-nodes <events/s>` (the load stopped and its events taken, DRAIN_EVENTS (3,000) stored at once and
# timed until none is pending: the consumers alone), and the rows in adrelay_intake against the 202s counted (nothing acknowledged lost; exit 1 otherwise).
# The nodes' adrelay.intake.max-pending is raised to 1,000,000 so that the figure is the intake's, not the drain's (one
# node drains these events slower than it takes them: at the shipped 10,000 it answers 503 within seconds);
# MAX_PENDING=10000 keeps the shipped bound.
#   bench/cluster-intake.sh [seconds] [connections]
# Build first: mvn -B -ntp package -DskipTests (the jar and the test classes); the test class path is asked of Maven
# once (offline, else online once: a fresh machine lacks Maven's dependency plugin) and kept in
# target/bench-test-classpath.txt. Needs wrk.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-"$ROOT/target/adrelay.jar"}
command -v wrk >/dev/null || { echo "needs wrk (Debian: apt-get install wrk)" >&2; exit 1; }
[ -f "$JAR" ] && [ -f "$ROOT/target/test-classes/io/adrelay/bench/ClusterIntakeBench.class" ] \
  || { echo "build first: mvn -B -ntp package -DskipTests" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CLASSPATH_FILE="$ROOT/target/bench-test-classpath.txt"
if [ ! -s "$CLASSPATH_FILE" ] || [ "$ROOT/pom.xml" -nt "$CLASSPATH_FILE" ]; then
  # offline first; online once when Maven lacks its dependency plugin (a fresh machine)
  for offline in -o ""; do
    (cd "$ROOT" && mvn -B -ntp $offline -q -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
       -Dmdep.outputFile="$CLASSPATH_FILE" > "$WORK/classpath.log" 2>&1) && break
    [ -n "$offline" ] || { cat "$WORK/classpath.log" >&2; exit 1; }
  done
fi
java -Xmx256m ${MAX_PENDING:+-Dbench.max-pending="$MAX_PENDING"} ${DRAIN_EVENTS:+-Dbench.drain-events="$DRAIN_EVENTS"} -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$CLASSPATH_FILE")" io.adrelay.bench.ClusterIntakeBench \
  "$JAR" "$ROOT/bench/cluster-intake.lua" "$WORK" "$@"
