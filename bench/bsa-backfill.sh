#!/usr/bin/env bash
# BuySellAds backfill of N days of daily-stats through the egress throttle.
source "$(dirname "$0")/lib.sh"
DAYS=${1:-31}
export BSA_THROTTLE_REQUESTS=${BSA_THROTTLE_REQUESTS:-100} BSA_THROTTLE_PERIOD_MS=1000 BSA_CATCH_UP_ENABLED=false ADRELAY_FLOWS=bsa
start_adrelay
FROM=$(date -u -d "-$DAYS days" +%F); TO=$(date -u -d "-1 day" +%F)
t0=$(now_ms)
curl -fs -X POST "localhost:$PORT/ops/jobs/bsa-pull-report-daily-stats/run?wait=true" -H "Content-Type: application/json" -d "{\"from\": \"$FROM\", \"to\": \"$TO\"}" >/dev/null
t1=$(now_ms); sample_rss
files=$(ls "$DATA/outbox/bsa/daily-stats/" | grep -c '^....-..-..\.csv$')
echo "bsa backfill: $files days in $((t1 - t0)) ms ($(awk "BEGIN {printf \"%.1f\", $files * 1000 / ($t1 - $t0)}") files/s), JVM peak RSS $((PEAK_KB / 1024)) MiB"
