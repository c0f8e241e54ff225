package io.adrelay.apisync;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.common.StorageException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of one record's sync, called by name from routes/apisync-sync-record.camel.yaml (which
 * routes between them): read the record, resolve its parent (reference_id to APISync id), hold an
 * ad set naming no service to the rules of its campaign's service (Facebook and Google differ), then
 * create (POST) or update
 * (the spec's PATCH/PUT when the record names its id). Each leaves the record's outcome in the
 * {@link ApisyncNames#OUTCOME} property.
 */
final class ApisyncRecordSync {

    private static final Logger LOG = LoggerFactory.getLogger(ApisyncRecordSync.class);

    /** What the update endpoints accept; everything else is create-only. */
    private static final Map<ApisyncResource, Set<String>> UPDATABLE = Map.of(
            ApisyncResource.CAMPAIGNS, Set.of("state", "description", "reference_id", "service_configurations", "title"),
            ApisyncResource.AD_SETS, Set.of("state", "reference_id", "title"),
            ApisyncResource.ADS, Set.of("state"));

    private final ApisyncClient client;
    private final ApisyncReferences references;

    ApisyncRecordSync(ApisyncClient client, ApisyncReferences references) {
        this.client = client;
        this.references = references;
    }

    /** The stored record as the body, keys in snake_case (this also covers older requests and dead letters); its id and service as properties. */
    public void read(Exchange exchange) throws Exception {
        JsonNode record = ApisyncSnakeCaseKeys.normalize(Json.MAPPER.readTree(exchange.getIn().getBody(String.class)));
        exchange.getIn().setBody(record);
        exchange.setProperty(ApisyncNames.RECORD_ID, ApisyncValidator.text(record, "id"));
        exchange.setProperty(ApisyncNames.SERVICE, ApisyncValidator.text(record, "service"));
    }

    /** The parent's APISync id: given, remembered from an earlier sync, or found by listing APISync. */
    public void resolveParent(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        JsonNode parent = record(exchange).path(resource.parent);
        String id = ApisyncValidator.text(parent, "id");
        if (id == null) {
            String reference = ApisyncValidator.text(parent, "reference_id");
            id = references.idOf(resource.parentType, reference).orElse(null);
            if (id == null) {
                JsonNode found = client.findByReference(resource.parentType, reference);
                if (found == null) {
                    throw new InvalidInputException(resource.parent + " with reference_id " + reference + " is not in APISync yet");
                }
                id = found.path("id").asText();
                references.remember(resource.parentType, reference, id);
                exchange.setProperty(ApisyncNames.PARENT, found);
            }
        }
        exchange.setProperty(ApisyncNames.PARENT_ID, id);
    }

    /**
     * APISync gives an ad set its campaign's service, so the rules of that service could not be
     * checked at intake: the service, read from the campaign (as listed, or fetched).
     */
    public void campaignService(Exchange exchange) {
        JsonNode campaign = exchange.getProperty(ApisyncNames.PARENT, JsonNode.class);
        if (campaign == null) {
            campaign = client.get("/campaigns/" + exchange.getProperty(ApisyncNames.PARENT_ID, String.class)).path("data");
        }
        exchange.setProperty(ApisyncNames.SERVICE, ApisyncValidator.text(campaign.path("attributes"), "service"));
    }

    /** A Facebook ad set needs location targeting: breaking the rule is final, the record can never succeed as it is. */
    public void facebookAdSet(Exchange exchange) {
        holdTo(exchange, ApisyncValidator.facebookAdSetRules(record(exchange)));
    }

    /** A Google ad set leaves budget and targeting to its campaign: breaking the rule is final. */
    public void googleAdSet(Exchange exchange) {
        holdTo(exchange, ApisyncValidator.googleAdSetRules(record(exchange)));
    }

    private static void holdTo(Exchange exchange, List<String> problems) {
        if (!problems.isEmpty()) {
            String reference = ApisyncValidator.text(record(exchange), "reference_id");
            throw new InvalidInputException("ad set" + (reference == null ? "" : " " + reference) + " breaks the rules of "
                    + exchange.getProperty(ApisyncNames.SERVICE, String.class) + ", the service of its campaign "
                    + exchange.getProperty(ApisyncNames.PARENT_ID, String.class), problems);
        }
    }

    /** POST: a new record, or an upsert by reference_id where the spec has one. */
    public void create(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        ObjectNode document = ApisyncMapper.document(resource, record(exchange), exchange.getProperty(ApisyncNames.PARENT_ID, String.class));
        outcome(exchange, resource, client.write("POST", "/" + resource.path, document), null);
    }

    /** The spec's PUT or PATCH on the named id, with only the attributes the update endpoint takes. */
    public void update(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        String id = exchange.getProperty(ApisyncNames.RECORD_ID, String.class);
        ObjectNode document = ApisyncMapper.document(resource, record(exchange), null);
        Set<String> allowed = UPDATABLE.get(resource);
        if (allowed != null) {
            ((ObjectNode) document.path("data").path("attributes")).retain(allowed);
        }
        ((ObjectNode) document.path("data")).remove("relationships");
        outcome(exchange, resource, client.write(resource.updateMethod, "/" + resource.path + "/" + id, document), id);
    }

    private void outcome(Exchange exchange, ApisyncResource resource, ApisyncClient.Answer answer, String id) {
        String newId = answer.body().path("data").path("id").asText(id);
        String referenceId = ApisyncValidator.text(record(exchange), "reference_id");
        exchange.setProperty(ApisyncNames.OUTCOME, ApisyncOutcome.synced(
                exchange.getIn().getHeader(ApisyncNames.INDEX, 0, Integer.class), referenceId, newId, answer.status() == 201));
        if (referenceId != null && newId != null) {
            try {
                references.remember(resource.path, referenceId, newId);
            } catch (StorageException full) {
                // only a shortcut (an unknown reference is looked up in APISync): the record is synced, its outcome goes on
                LOG.debug("APISync {} {} -> {} not remembered: {}", resource.path, referenceId, newId, full.getMessage());
            }
        }
    }

    private static ApisyncResource resource(Exchange exchange) {
        return ApisyncResource.byType(exchange.getIn().getHeader(ApisyncNames.RESOURCE, String.class));
    }

    private static JsonNode record(Exchange exchange) {
        return exchange.getIn().getBody(JsonNode.class);
    }
}
