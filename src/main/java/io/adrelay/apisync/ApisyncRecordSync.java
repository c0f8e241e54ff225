package io.adrelay.apisync;

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
 * Leaves the record's outcome in the {@link #OUTCOME} exchange property.
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
        JsonNode record = ApisyncMapper.JSON.readTree(exchange.getIn().getBody(String.class));
        String id = ApisyncValidator.text(record, "id");
        ObjectNode document = ApisyncMapper.document(resource, record, id == null ? parentId(resource, record) : null);
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
        ObjectNode outcome = ApisyncMapper.JSON.createObjectNode();
        outcome.put("index", exchange.getIn().getHeader(INDEX, 0, Integer.class));
        outcome.put("reference_id", referenceId);
        outcome.put("id", newId);
        outcome.put("outcome", answer.status() == 201 ? "created" : "updated");
        exchange.setProperty(OUTCOME, outcome);
    }

    private String parentId(ApisyncResource resource, JsonNode record) {
        if (resource.parent == null) {
            return null;
        }
        JsonNode parent = record.path(resource.parent);
        String id = ApisyncValidator.text(parent, "id");
        if (id != null) {
            return id;
        }
        String reference = ApisyncValidator.text(parent, "reference_id");
        return references.idOf(resource.parentType, reference).orElseGet(() -> {
            JsonNode found = client.findByReference(resource.parentType, reference);
            if (found == null) {
                throw new InvalidInputException(resource.parent + " with reference_id " + reference + " is not in APISync yet");
            }
            references.remember(resource.parentType, reference, found.path("id").asText());
            return found.path("id").asText();
        });
    }
}
