#!/usr/bin/env bash
# BuySellAds backfill of N days of daily-stats through the egress throttle, as shipped (60 per 63 s): up to 60 days
# go in the first window, so the figure is adrelay's own cost per day; more days wait for the budget's next window.
# The rate against BuySellAds' 60/min, read from the API's side: bench/egress.sh.
source "$(dirname "$0")/lib.sh"
DAYS=${1:-31}
# no catch-up at start (it would pull days of its own); the throttle is left as shipped
unset BSA_THROTTLE_REQUESTS BSA_THROTTLE_PERIOD_MS
export BSA_CATCH_UP_ENABLED=false ADRELAY_FLOWS=bsa
start_adrelay
FROM=$(date -u -d "-$DAYS days" +%F); TO=$(date -u -d "-1 day" +%F)
t0=$(now_ms)
curl -fs -X POST "localhost:$PORT/ops/jobs/bsa-pull-report-daily-stats/run" -H "Content-Type: application/json" -d "{\"from\": \"$FROM\", \"to\": \"$TO\"}" >/dev/null
# every day written (a run asked with ?wait=true answers after 50 s at most, before a backfill past one window ends)
pulled() { ls "$DATA/outbox/bsa/daily-stats/" 2>/dev/null | grep -c '^....-..-..\.csv$' || true; }
until [ "$(pulled)" -ge "$DAYS" ]; do
  [ $(( $(now_ms) - t0 )) -lt 900000 ] || { echo "bsa backfill: $(pulled) of $DAYS days after 15 min" >&2; exit 1; }
  sample_rss; sleep 0.2
done
t1=$(now_ms); sample_rss
files=$(pulled)
echo "bsa backfill: $files days in $((t1 - t0)) ms ($(awk "BEGIN {printf \"%.1f\", $files * 1000 / ($t1 - $t0)}") files/s), JVM peak RSS $((PEAK_KB / 1024)) MiB"
