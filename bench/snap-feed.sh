#!/usr/bin/env bash
# Snap feed validation of a generated N-row feed (default 1,000,000) with a 256 MiB heap: rows/s and peak heap.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
ROWS=${1:-1000000}
mvn -q -B -ntp test-compile
CP=$(mvn -q -B -ntp dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
java -Xmx256m -cp "target/classes:target/test-classes:$CP" io.adrelay.snap.SnapFeedBench "$ROWS"
