#!/usr/bin/env bash
# APISync: a CSV of N inventory items dropped in the inbox, timed until every item is synced. The write budget is
# raised to 19 per second (the sandbox simulator allows 20; shipped: 5 per 1.1 s) so the figure is adrelay's own
# ceiling; bench/egress.sh gives the rate with the budget as shipped.
source "$(dirname "$0")/lib.sh"
ITEMS=${1:-500}
export APISYNC_WRITE_THROTTLE_REQUESTS=${APISYNC_WRITE_THROTTLE_REQUESTS:-19} APISYNC_WRITE_THROTTLE_PERIOD_MS=1000 ADRELAY_FLOWS=apisync
start_adrelay
INBOX="$DATA/inbox/apisync/inventory-items"; mkdir -p "$INBOX"
{ echo "reference_id,ad_template_type,available,content_language,title,price_amount,price_currency"
  for i in $(seq 1 "$ITEMS"); do echo "bench-$i,shoe,true,pt-br,Shoe $i,$((1000 + i)),BRL"; done; } > "$DATA/items.csv"
t0=$(now_ms)
mv "$DATA/items.csv" "$INBOX/items.csv"
until ls "$DATA"/outbox/apisync/results/*.json >/dev/null 2>&1; do sample_rss; sleep 0.2; done
t1=$(now_ms); sample_rss
synced=$(grep -c '"outcome" : "created"' "$DATA"/outbox/apisync/results/*.json || true)
echo "apisync csv: $synced of $ITEMS items created in $((t1 - t0)) ms ($(awk "BEGIN {printf \"%.1f\", $synced * 1000 / ($t1 - $t0)}") items/s, write budget $APISYNC_WRITE_THROTTLE_REQUESTS per $APISYNC_WRITE_THROTTLE_PERIOD_MS ms), JVM peak RSS $((PEAK_KB / 1024)) MiB"
