package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.batch;
import static io.adrelay.sandbox.snap.SnapEnvelope.entity;
import static io.adrelay.sandbox.snap.SnapEnvelope.items;
import static io.adrelay.sandbox.snap.SnapEnvelope.malformed;
import static io.adrelay.sandbox.snap.SnapEnvelope.page;
import static io.adrelay.sandbox.snap.SnapEnvelope.read;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/**
 * A Dynamic Product Ads resource (dynamic templates, campaigns, ad squads, creatives, ads) under its
 * parent: GET (paged) and POST and PUT of {"<plural>": [...]} at parents/{parent}/<plural>, GET of
 * one at <plural>/{id}. Each item is checked whole by the resource's rules and answered item by
 * item; a PUT item carries the id of one of the parent's entities and replaces it whole, as Snap's
 * PUT does (id and created_at stay). Numbers sent as digit strings are kept as numbers.
 */
abstract class BatchResource implements SnapResource {

    /** Where a resource hangs: the parent's path segment, its {id} name, and the field naming it in an item. */
    record Parent(String path, String id, String field) {
        static final Parent AD_ACCOUNT = new Parent("adaccounts", "adaccount", "ad_account_id");
        static final Parent CAMPAIGN = new Parent("campaigns", "campaign", "campaign_id");
        static final Parent AD_SQUAD = new Parent("adsquads", "adsquad", "ad_squad_id");
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    protected final SnapStore store;
    protected final Map<String, ObjectNode> entities;
    private final String plural;
    private final String singular;
    private final String id;
    private final String label;
    private final Parent parent;

    /** e.g. ("adsquads", "adsquad", "adsquad", "ad squad", Parent.CAMPAIGN). */
    BatchResource(SnapStore store, String plural, String singular, String id, String label, Parent parent) {
        this.store = store;
        this.entities = store.collection(plural);
        this.plural = plural;
        this.singular = singular;
        this.id = id;
        this.label = label;
        this.parent = parent;
    }

    /** Why an item is refused, as "CODE: message" naming the field and the rule, or null (its parent id is already checked). */
    abstract String problem(ObjectNode item);

    /** What Snap adds to what was sent (review status, objective...); by default nothing beyond id and times. */
    void complete(ObjectNode entity) {
    }

    @Override
    public void register(SnapRouter router) {
        String list = parent.path() + "/{" + parent.id() + "}/" + plural;
        // the sandbox has no ad account API: any well-formed id names an ad account (registered by each resource under one)
        router.id(Parent.AD_ACCOUNT.id(), "VALIDATION_ERROR_AD_ACCOUNT_ID_INVALID", "ad account", null, null)
                .id(id, "VALIDATION_ERROR_" + label.toUpperCase(Locale.ROOT).replace(' ', '_') + "_ID_INVALID", label, label, entities)
                .on("GET", list, call -> page(call, plural, singular, store.where(plural, parent.field(), call.id(parent.id()))))
                .on("POST", list, call -> write(call, call.id(parent.id()), false))
                .on("PUT", list, call -> write(call, call.id(parent.id()), true))
                .on("GET", plural + "/{" + id + "}", call -> read(plural, singular, List.of(call.entity(id))));
    }

    private SimResponse write(SnapRouter.Call call, String parentId, boolean update) {
        ArrayNode items = items(call.request(), plural);
        if (items == null) {
            return malformed(plural);
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode sent : items) {
            if (!sent.isObject()) {
                results.add("VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: each of " + plural + " is an object");
                continue;
            }
            ObjectNode item = numbers(sent.deepCopy());
            ObjectNode stored = update ? entities.get(item.path("id").asText()) : null;
            String problem = update && (stored == null || !parentId.equals(stored.path(parent.field()).asText()))
                    ? "NOT_FOUND: " + label + " " + item.path("id").asText() + " not found under " + parent.field() + " " + parentId
                    : ItemChecks.first(() -> ItemChecks.sameAs(item, parent.field(), parentId), () -> problem(item));
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode entity = update ? kept(stored) : entity();
            item.remove(List.of("id", "created_at", "updated_at"));
            entity.setAll(item);
            complete(entity);
            entities.put(entity.path("id").asText(), entity);
            results.add(entity);
        }
        return batch(plural, singular, results);
    }

    private static ObjectNode kept(ObjectNode stored) {
        return SimResponse.JSON.createObjectNode().put("id", stored.path("id").asText()).put("created_at", stored.path("created_at").asText())
                .put("updated_at", Instant.now().toString());
    }

    /** Amounts (*_micro), durations (*_seconds) and opacity sent as digit strings ("100000000000") become numbers, as Snap answers them. */
    private static ObjectNode numbers(ObjectNode node) {
        node.properties().forEach(field -> {
            JsonNode value = field.getValue();
            String name = field.getKey();
            if (value.isTextual() && WHOLE_NUMBER.matcher(value.asText()).matches()
                    && (name.endsWith("_micro") || name.endsWith("_seconds") || name.equals("opacity"))) {
                field.setValue(LongNode.valueOf(Long.parseLong(value.asText())));
            } else if (value.isObject()) {
                numbers((ObjectNode) value);
            } else if (value.isArray()) {
                value.forEach(element -> {
                    if (element.isObject()) {
                        numbers((ObjectNode) element);
                    }
                });
            }
        });
        return node;
    }
}
