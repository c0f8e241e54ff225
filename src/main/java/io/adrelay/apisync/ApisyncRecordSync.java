package io.adrelay.apisync;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.EgressResponse;
import io.adrelay.common.storage.StorageException;

/**
 * The steps of one record's sync, called by name from routes/apisync-sync-record.camel.yaml, which routes between
 * them and sends the calls they shape: read the record; for a create under a parent, the parent's APISync id (given,
 * remembered from an earlier sync, or looked for by reference_id in the parent's list, page by page); for an ad set
 * naming no service, the service of its campaign (read), whose rules it is held to (Facebook and Google differ); then
 * the create (POST) or update (the spec's PATCH/PUT when the record names its id), and the record's outcome from
 * APISync's answer, left in the {@link ApisyncNames#OUTCOME} property. No call is made here.
 */
final class ApisyncRecordSync {

    private static final Logger LOG = LoggerFactory.getLogger(ApisyncRecordSync.class);

    /** What the update endpoints accept; everything else is create-only. */
    private static final Map<ApisyncResource, Set<String>> UPDATABLE = Map.of(
            ApisyncResource.CAMPAIGNS, Set.of("state", "description", "reference_id", "service_configurations", "title"),
            ApisyncResource.AD_SETS, Set.of("state", "reference_id", "title"),
            ApisyncResource.ADS, Set.of("state"));

    private final ApisyncReferences references;

    ApisyncRecordSync(ApisyncReferences references) {
        this.references = references;
    }

    /**
     * The stored record, keys in snake_case (this also covers older requests and dead letters), as the body and as
     * variable {@code record} (the body becomes the request later); its id and service as properties.
     */
    public void read(Exchange exchange) throws Exception {
        JsonNode record = ApisyncSnakeCaseKeys.normalize(Json.MAPPER.readTree(exchange.getIn().getBody(String.class)));
        exchange.getIn().setBody(record);
        exchange.setVariable(ApisyncNames.RECORD, record);
        exchange.setProperty(ApisyncNames.RECORD_ID, ApisyncValidator.text(record, "id"));
        exchange.setProperty(ApisyncNames.SERVICE, ApisyncValidator.text(record, "service"));
    }

    /**
     * The parent's APISync id when the record gives it or an earlier sync remembered it; otherwise the first page of
     * the parent's list to look for it in ({@link ApisyncNames#PARENT_PAGE}).
     */
    public void parent(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        JsonNode parent = record(exchange).path(resource.parent);
        String id = ApisyncValidator.text(parent, "id");
        if (id == null) {
            id = references.idOf(resource.parentType, ApisyncValidator.text(parent, "reference_id")).orElse(null);
        }
        exchange.setProperty(ApisyncNames.PARENT_ID, id);
        exchange.setProperty(ApisyncNames.PARENT_PAGE, id == null ? "/" + resource.parentType : null);
    }

    /** GET the next page of the parent's list. */
    public void parentPage(Exchange exchange) {
        ApisyncCalls.get(exchange, exchange.getProperty(ApisyncNames.PARENT_PAGE, String.class));
    }

    /**
     * The parent, when this page (variable {@code page}) lists it by reference_id: its id, remembered; otherwise the
     * page after it. No page after it: the parent is not in APISync yet, and the record fails for good.
     */
    public void parentInPage(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        String reference = ApisyncValidator.text(record(exchange).path(resource.parent), "reference_id");
        JsonNode page = EgressCall.json(exchange.getVariable(ApisyncNames.PAGE));
        readDone(exchange);
        for (JsonNode listed : page.path("data")) {
            if (reference.equals(listed.path("attributes").path("reference_id").asText(null))) {
                String id = listed.path("id").asText();
                references.remember(resource.parentType, reference, id);
                exchange.setProperty(ApisyncNames.PARENT_ID, id);
                exchange.setProperty(ApisyncNames.PARENT, listed);
                exchange.removeProperty(ApisyncNames.PARENT_PAGE);
                return;
            }
        }
        String next = page.path("links").path("next").asText(null);
        if (next == null) {
            throw new InvalidInputException(resource.parent + " with reference_id " + reference + " is not in APISync yet");
        }
        exchange.setProperty(ApisyncNames.PARENT_PAGE, next);
    }

    /** GET the ad set's campaign, for its service. */
    public void campaignRequest(Exchange exchange) {
        ApisyncCalls.get(exchange, "/campaigns/" + exchange.getProperty(ApisyncNames.PARENT_ID, String.class));
    }

    /**
     * APISync gives an ad set its campaign's service, so the rules of that service could not be
     * checked at intake: the service, from the campaign as listed, or as read (variable {@code campaign}).
     */
    public void campaignService(Exchange exchange) {
        JsonNode campaign = exchange.getProperty(ApisyncNames.PARENT, JsonNode.class);
        if (campaign == null) {
            campaign = EgressCall.json(exchange.getVariable(ApisyncNames.CAMPAIGN)).path("data");
            readDone(exchange);
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

    /** POST /&lt;resource&gt;: a new record, or an upsert by reference_id where the spec has one. */
    public void createRequest(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        ObjectNode document = ApisyncMapper.document(resource, record(exchange), exchange.getProperty(ApisyncNames.PARENT_ID, String.class));
        ApisyncCalls.write(exchange, "POST", "/" + resource.path, document);
    }

    /** The spec's PUT or PATCH on the named id, with only the attributes the update endpoint takes. */
    public void updateRequest(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        ObjectNode document = ApisyncMapper.document(resource, record(exchange), null);
        Set<String> allowed = UPDATABLE.get(resource);
        if (allowed != null) {
            ((ObjectNode) document.path("data").path("attributes")).retain(allowed);
        }
        ((ObjectNode) document.path("data")).remove("relationships");
        ApisyncCalls.write(exchange, resource.updateMethod, "/" + resource.path + "/" + exchange.getProperty(ApisyncNames.RECORD_ID, String.class),
                document);
    }

    /** APISync's answer to the write: the record's outcome (created on 201, else updated) and id, remembered by its reference_id. */
    public void outcome(Exchange exchange) {
        ApisyncResource resource = resource(exchange);
        String newId = EgressCall.json(exchange).path("data").path("id").asText(exchange.getProperty(ApisyncNames.RECORD_ID, String.class));
        String referenceId = ApisyncValidator.text(record(exchange), "reference_id");
        boolean created = exchange.getProperty(EgressResponse.STATUS, 0, Integer.class) == 201;
        exchange.setProperty(ApisyncNames.OUTCOME, ApisyncOutcome.synced(
                exchange.getIn().getHeader(ApisyncNames.INDEX, 0, Integer.class), referenceId, newId, created));
        if (referenceId != null && newId != null) {
            try {
                references.remember(resource.path, referenceId, newId);
            } catch (StorageException full) {
                // only a shortcut (an unknown reference is looked up in APISync): the record is synced, its outcome goes on
                LOG.debug("APISync {} {} -> {} not remembered: {}", resource.path, referenceId, newId, full.getMessage());
            }
        }
    }

    /** A read's answer is taken: a later failure is the record's, not that read's, and its dead letter names no request. */
    private static void readDone(Exchange exchange) {
        exchange.removeProperty(Flow.REQUEST);
    }

    private static ApisyncResource resource(Exchange exchange) {
        return ApisyncResource.byType(exchange.getIn().getHeader(ApisyncNames.RESOURCE, String.class));
    }

    private static JsonNode record(Exchange exchange) {
        return exchange.getVariable(ApisyncNames.RECORD, JsonNode.class);
    }
}
