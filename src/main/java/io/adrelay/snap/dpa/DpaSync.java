package io.adrelay.snap.dpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.snap.SnapApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Snap hold one kind of object under one parent as declared: each found by name in the parent's
 * list, created when missing, updated when it differs (only what the declaration says is compared: Snap
 * adds fields of its own), left alone otherwise; never deleted. One batch request creates, one updates;
 * what Snap refuses is reported item by item and the rest goes on.
 */
final class DpaSync {

    /** One declared object: its place in the declaration, its name, the body to send, its declared status (null: not enforced). */
    record Wanted(String path, String name, ObjectNode body, String status) {
    }

    static final int PAGE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DpaSync.class);

    private final SnapApi api;

    DpaSync(SnapApi api) {
        this.api = api;
    }

    /** What Snap holds of the declared objects once done, by name (refused ones that did not exist are absent). */
    Map<String, JsonNode> sync(SnapObjectKind kind, String parentPath, List<Wanted> declared, DpaReport report) {
        Map<String, JsonNode> held = new LinkedHashMap<>();
        if (declared.isEmpty()) {
            return held;
        }
        Map<String, List<JsonNode>> existing = api.listGrouped(parentPath, PAGE, kind.plural, kind.singular);
        List<Wanted> missing = new ArrayList<>();
        List<Wanted> changed = new ArrayList<>();
        for (Wanted wanted : declared) {
            List<JsonNode> named = existing.getOrDefault(wanted.name(), List.of());
            JsonNode found = named.isEmpty() ? null : named.get(0);
            if (named.size() > 1) {
                report.duplicates(kind.label, wanted.path(), named.stream().map(entity -> entity.path("id").asText()).toList());
            }
            if (found == null) {
                missing.add(new Wanted(wanted.path(), wanted.name(),
                        wanted.body().deepCopy().put("status", DpaDeclaration.statusAtCreation(wanted.status())), wanted.status()));
                continue;
            }
            held.put(wanted.name(), found);
            ObjectNode body = wanted.body().deepCopy();
            if (wanted.status() != null) {
                body.put("status", wanted.status());
            }
            if (SnapValues.holds(found, body)) {
                report.at(kind.label, wanted.path(), found, DpaReport.UNCHANGED);
            } else {
                // Snap's update takes the whole object: a status not declared is sent back as Snap has it
                body.put("id", found.path("id").asText());
                if (wanted.status() == null && found.hasNonNull("status")) {
                    body.put("status", found.path("status").asText());
                }
                changed.add(new Wanted(wanted.path(), wanted.name(), body, wanted.status()));
            }
        }
        send("POST", kind, parentPath, missing, DpaReport.CREATED, held, report);
        send("PUT", kind, parentPath, changed, DpaReport.UPDATED, held, report);
        return held;
    }

    private void send(String method, SnapObjectKind kind, String parentPath, List<Wanted> wanted, String outcome,
                      Map<String, JsonNode> held, DpaReport report) {
        if (wanted.isEmpty()) {
            return;
        }
        List<SnapApi.Item> items = api.batch(method, parentPath, kind.plural, kind.singular, wanted.stream().map(Wanted::body).toList());
        for (int i = 0; i < wanted.size(); i++) {
            Wanted one = wanted.get(i);
            SnapApi.Item item = items.get(i);
            if (item.ok()) {
                held.put(one.name(), item.entity());
                report.at(kind.label, one.path(), item.entity(), outcome);
                LOG.info("Snap {} {}: {}", kind.label, outcome, one.path());
            } else {
                report.notProvisioned(kind.label, one.path(), DpaReport.REFUSED, item.error());
                LOG.error("Snap refused {} {}: {}", kind.label, one.path(), item.error());
            }
        }
    }
}
