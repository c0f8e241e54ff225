package io.adrelay.apisync;

import io.adrelay.common.Json;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.InvalidInputException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sends one validated record to APISync: resolves its parent (reference_id to APISync id),
 * creates or upserts with POST, or updates with the spec's PATCH/PUT when the record names its id.
 * An ad set naming no service is first held to the rules of its campaign's service, read from
 * APISync. Leaves the record's outcome in the {@link #OUTCOME} exchange property.
 */
final class ApisyncRecordSync implements Processor {

    static final String RESOURCE = "AdrelayResource";
    static final String INDEX = "AdrelayRecordIndex";
    static final String OUTCOME = "adrelay.apisync.outcome";

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

    @Override
    public void process(Exchange exchange) throws Exception {
        ApisyncResource resource = ApisyncResource.byType(exchange.getIn().getHeader(RESOURCE, String.class));
        // stored records are snake_case already; this also covers older requests and dead letters
        JsonNode record = ApisyncSnakeCaseKeys.normalize(Json.MAPPER.readTree(exchange.getIn().getBody(String.class)));
        String id = ApisyncValidator.text(record, "id");
        Parent parent = id == null ? parent(resource, record) : null;
        if (resource == ApisyncResource.AD_SETS && parent != null && ApisyncValidator.text(record, "service") == null) {
            followCampaignService(record, parent);
        }
        ObjectNode document = ApisyncMapper.document(resource, record, parent == null ? null : parent.id());
        ApisyncClient.Answer answer;
        if (id == null) {
            answer = client.write("POST", "/" + resource.path, document);
        } else {
            Set<String> allowed = UPDATABLE.get(resource);
            if (allowed != null) {
                ((ObjectNode) document.path("data").path("attributes")).retain(allowed);
            }
            ((ObjectNode) document.path("data")).remove("relationships");
            answer = client.write(resource.updateMethod, "/" + resource.path + "/" + id, document);
        }
        String newId = answer.body().path("data").path("id").asText(id);
        String referenceId = ApisyncValidator.text(record, "reference_id");
        if (referenceId != null && newId != null) {
            references.remember(resource.path, referenceId, newId);
        }
        ObjectNode outcome = Json.MAPPER.createObjectNode();
        outcome.put("index", exchange.getIn().getHeader(INDEX, 0, Integer.class));
        outcome.put("reference_id", referenceId);
        outcome.put("id", newId);
        outcome.put("outcome", answer.status() == 201 ? "created" : "updated");
        exchange.setProperty(OUTCOME, outcome);
    }

    /** A parent's APISync id, and the parent itself when it was found by listing (else null). */
    private record Parent(String id, JsonNode found) {
    }

    private Parent parent(ApisyncResource resource, JsonNode record) {
        if (resource.parent == null) {
            return null;
        }
        JsonNode parent = record.path(resource.parent);
        String id = ApisyncValidator.text(parent, "id");
        if (id != null) {
            return new Parent(id, null);
        }
        String reference = ApisyncValidator.text(parent, "reference_id");
        return references.idOf(resource.parentType, reference).map(known -> new Parent(known, null)).orElseGet(() -> {
            JsonNode found = client.findByReference(resource.parentType, reference);
            if (found == null) {
                throw new InvalidInputException(resource.parent + " with reference_id " + reference + " is not in APISync yet");
            }
            references.remember(resource.parentType, reference, found.path("id").asText());
            return new Parent(found.path("id").asText(), found);
        });
    }

    /**
     * APISync gives an ad set its campaign's service, so the rules of that service (Facebook:
     * geo_locations required; Google: no budget or targeting on the ad set) could not be checked
     * at intake. Breaking them is final: the record can never succeed as it is.
     */
    private void followCampaignService(JsonNode adSet, Parent campaign) {
        JsonNode found = campaign.found() != null ? campaign.found() : client.get("/campaigns/" + campaign.id()).path("data");
        String service = ApisyncValidator.text(found.path("attributes"), "service");
        if (service == null) {
            return;
        }
        List<String> problems = ApisyncValidator.adSetServiceRules(adSet, service);
        if (!problems.isEmpty()) {
            String reference = ApisyncValidator.text(adSet, "reference_id");
            throw new InvalidInputException("ad set" + (reference == null ? "" : " " + reference) + " breaks the rules of "
                    + service + ", the service of its campaign " + campaign.id(), problems);
        }
    }
}
