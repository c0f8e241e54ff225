package io.adrelay.snap.dpa;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one provisioning run found and did, object by object (written to state/snap/campaigns.json), and
 * the one-line summary the log and the job's outcome show.
 */
final class DpaReport {

    /** One declared object: where it is declared, its Snap id, status and review status, and what the run did. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String kind, String path, String id, String status, @JsonProperty("review_status") String reviewStatus,
                  String outcome, String reason) {
    }

    /** How many products a product set the declaration uses holds at Snap (Snap needs some for a creative's set). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProductSetCount(String catalog, @JsonProperty("product_set") String productSet, Long products, String reason) {
    }

    /** A declared object Snap holds more than once under its parent (made twice by someone): adrelay works on the first. */
    record Duplicate(String kind, String path, List<String> ids) {
    }

    /** The file's content. */
    record Written(@JsonProperty("provisioned_at") String provisionedAt, String summary, List<Result> objects,
                   @JsonProperty("product_sets") List<ProductSetCount> productSets,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Duplicate> duplicates) {
    }

    static final String CREATED = "created";
    static final String UPDATED = "updated";
    static final String UNCHANGED = "unchanged";
    static final String REFUSED = "refused";
    static final String SKIPPED = "skipped";

    // by kind and path: a step that runs again (a retry) replaces what it reported, it never adds it twice
    private final Map<String, Result> byObject = new LinkedHashMap<>();
    private final Map<String, ProductSetCount> productSets = new LinkedHashMap<>();
    private final Map<String, Duplicate> duplicates = new LinkedHashMap<>();

    synchronized void at(String kind, String path, JsonNode entity, String outcome) {
        byObject.put(kind + " " + path, new Result(kind, path, entity.path("id").asText(null), entity.path("status").asText(null),
                entity.path("review_status").asText(null), outcome, null));
    }

    synchronized void notProvisioned(String kind, String path, String outcome, String reason) {
        byObject.put(kind + " " + path, new Result(kind, path, null, null, null, outcome, reason));
    }

    synchronized void duplicates(String kind, String path, List<String> ids) {
        duplicates.put(kind + " " + path, new Duplicate(kind, path, ids));
    }

    synchronized void productSet(ProductSetCount count) {
        productSets.put(count.catalog() + "/" + count.productSet(), count);
    }

    synchronized List<Result> results() {
        return List.copyOf(byObject.values());
    }

    synchronized Written written() {
        return new Written(Instant.now().toString(), toString(), results(), List.copyOf(productSets.values()),
                List.copyOf(duplicates.values()));
    }

    /** e.g. "created 2 ad squads, 1 campaign; 1 unchanged; refused: [creative X: reason]; product sets without products: [demo/Acme]". */
    @Override
    public synchronized String toString() {
        List<Result> results = results();
        List<String> parts = new ArrayList<>();
        for (String outcome : List.of(CREATED, UPDATED)) {
            Map<String, Long> byKind = results.stream().filter(r -> r.outcome().equals(outcome))
                    .collect(Collectors.groupingBy(Result::kind, LinkedHashMap::new, Collectors.counting()));
            if (!byKind.isEmpty()) {
                parts.add(outcome + " " + byKind.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()
                        + (e.getValue() == 1 ? "" : "s")).collect(Collectors.joining(", ")));
            }
        }
        long unchanged = results.stream().filter(r -> r.outcome().equals(UNCHANGED)).count();
        if (unchanged > 0) {
            parts.add(unchanged + " unchanged");
        }
        List<String> notDone = results.stream().filter(r -> r.reason() != null)
                .map(r -> r.outcome() + " " + r.path() + ": " + r.reason()).toList();
        if (!notDone.isEmpty()) {
            parts.add(notDone.size() + " not provisioned: " + notDone);
        }
        if (!duplicates.isEmpty()) {
            parts.add("held twice or more at Snap (adrelay works on the first): " + duplicates.values().stream()
                    .map(d -> d.kind() + " " + d.path() + " " + d.ids()).toList());
        }
        List<String> empty = productSets.values().stream().filter(p -> Long.valueOf(0).equals(p.products()))
                .map(p -> p.catalog() + "/" + p.productSet()).toList();
        if (!empty.isEmpty()) {
            parts.add("product sets matching no product (Snap refuses creatives on them): " + empty);
        }
        return parts.isEmpty() ? "nothing declared" : String.join("; ", parts);
    }
}
