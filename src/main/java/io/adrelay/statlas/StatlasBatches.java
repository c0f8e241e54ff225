package io.adrelay.statlas;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;

/** What adrelay knows of Statlas batches, as the routes ask it (bean statlasBatches). */
public class StatlasBatches {

    private static final Logger LOG = LoggerFactory.getLogger(StatlasBatches.class);

    private final StatlasBatchRegistry registry;

    StatlasBatches(StatlasBatchRegistry registry) {
        this.registry = registry;
    }

    /** Whether the batch is not registered yet (a filter: then it is fetched first). */
    public boolean unknown(@Header(StatlasHeaders.BATCH_ID) String batchId) {
        return registry.unknown(batchId);
    }

    /** Statlas's answer to GET /batches/{id}, recorded in the registry. */
    public void record(Exchange e) {
        JsonNode batch = EgressCall.json(e);
        boolean isNew = registry.record(batch);
        LOG.info("Statlas batch {} ({}, {} ads, go-live {}) {}", batch.path("id").asText(), batch.path("batch_code").asText(),
                batch.path("total_ads").asInt(), batch.path("go_live_date").asText(), isNew ? "registered" : "refreshed");
    }
}
