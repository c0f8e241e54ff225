#!/usr/bin/env bash
# Snap DPA provisioning of N campaigns (default 20), each with 2 ad squads, 2 creatives and 2 ads, over the
# sandbox's demo catalog once its demo products are uploaded: wall time from saving the declaration until
# everything is created, then of a run with nothing to do. Both are bound by Snap's 10 requests/s.
source "$(dirname "$0")/lib.sh"
CAMPAIGNS=${1:-20}
mkdir -p "$WORK"
DECLARATION="$WORK/snap-campaigns.yaml"
{ echo "ad_accounts:"
  echo "  - ad_account_id: 5b3b2bd1-7c3e-4f0a-9d52-1e8f4c6a2b90"
  echo "    dynamic_templates: [{name: bench, layout: FILL_WIDTH, text_fields: [title, price]}]"
  echo "    campaigns:"
  for i in $(seq 1 "$CAMPAIGNS"); do cat <<YAML
      - name: bench $i
        catalog: demo
        creatives:
          - {name: in stock $i, type: WEB_VIEW, template: bench, product_set: In stock, headline: In stock, brand_name: bench}
          - {name: brands $i, type: WEB_VIEW, template: bench, product_set: Acme or Globex under 50, headline: Brands, brand_name: bench}
        ad_squads:
          - {name: prospecting, use_case: PROSPECTING, product_set: In stock, optimization_goal: IMPRESSIONS, bid_strategy: AUTO_BID,
             daily_budget_micro: 50000000, targeting: {geos: [{country_code: us}]}, ads: [{name: ad, creative: in stock $i}]}
          - name: retargeting
            use_case: RETARGETING
            product_set: Acme or Globex under 50
            optimization_goal: PIXEL_PURCHASE
            bid_strategy: AUTO_BID
            daily_budget_micro: 50000000
            pixel_id: 9315b2c2-3680-411d-b6c1-d17de25fc1e0
            targeting:
              geos: [{country_code: us}]
              product_audiences: [{product_set: Acme or Globex under 50, event_type: ADD_CART, retention_seconds: 1209600, operation: INCLUDE}]
            ads: [{name: ad, creative: brands $i}]
YAML
  done; } > "$WORK/declaration.yaml"
# no declaration of ours at start (the packaged demo applies); the file is looked at every 100 ms
export ADRELAY_FLOWS=snap SNAP_CAMPAIGNS_FILE="$DECLARATION" SNAP_CATALOGS_CHECK_PERIOD_MS=100 SNAP_CAMPAIGNS_CRON="0 0 0 1 1 ? 2099"
start_adrelay
until [ -f "$DATA/state/snap/campaigns.json" ]; do sample_rss; sleep 0.2; done
curl -fs -X POST "localhost:$PORT/ops/jobs/snap-upload-feed-demo/run?wait=true" >/dev/null
summary() { sed -E 's/.*"summary" : "([^"]*)".*/\1/;t;d' "$DATA/state/snap/campaigns.json" | head -1; }
before=$(summary)
t0=$(now_ms)
mv "$WORK/declaration.yaml" "$DECLARATION"
until [ "$(summary)" != "$before" ] && summary | grep -q "^created"; do sample_rss; sleep 0.05; done
t1=$(now_ms)
created=$(summary)
t2=$(now_ms)
again=$(curl -fs -X POST "localhost:$PORT/ops/jobs/snap-provision-campaigns/run?wait=true" | sed -E 's/.*"outcome":"([^"]*)".*/\1/')
t3=$(now_ms); sample_rss
echo "snap dpa, $CAMPAIGNS campaigns ($((7 * CAMPAIGNS + 1)) objects):"
echo "  saved to provisioned: $((t1 - t0)) ms ($created)"
echo "  nothing to do:        $((t3 - t2)) ms ($again)"
echo "  JVM peak RSS $((PEAK_KB / 1024)) MiB"
