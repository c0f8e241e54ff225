package io.adrelay.snap.dpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.snap.SnapCreateCheck;
import io.adrelay.snap.SnapItems;
import io.adrelay.snap.SnapPlan;
import io.adrelay.snap.SnapLists;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;

/**
 * The steps of routes/snap-provision-campaigns.camel.yaml's sync route (bean dpaSync): makes Snap hold one kind of
 * object under one parent as declared. What the parent holds is listed (by the list route), each declared object
 * found by name, created when missing, updated when it differs (only what the declaration says is compared: Snap
 * adds fields of its own), left alone otherwise; never deleted. One batch request creates, one updates; what Snap
 * refuses is reported item by item and the rest goes on.
 */
public final class DpaSync {

    /** One declared object: its place in the declaration, its name, the body to send, its declared status (null: not enforced). */
    record Wanted(String path, String name, ObjectNode body, String status) {
    }

    /** The objects of one kind that one parent should hold; parentKey names the parent among its kind (e.g. the campaign). */
    record Sync(SnapObjectKind kind, String accountId, String parentKey, String parentPath, List<Wanted> wanted) {
    }

    /** A plan's steps name the declaration they come from. */
    static final String DECLARATION = "campaigns";

    /** Exchange properties: the sync under way, and what it sends. */
    static final String SYNC = "AdrelayDpaSync";
    static final String CREATES = "AdrelayDpaCreates";
    static final String UPDATES = "AdrelayDpaUpdates";

    private static final Logger LOG = LoggerFactory.getLogger(DpaSync.class);

    /** What the list route lists next: the parent's collection of this kind. */
    public void list(Exchange e) {
        Sync sync = e.getIn().getBody(Sync.class);
        e.setProperty(SYNC, sync);
        SnapLists.of(e, sync.parentPath(), sync.kind().plural);
    }

    /** Each declared object found by name: unchanged, to update, or (not found) to create. */
    public void plan(Exchange e, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        SnapObjectKind kind = sync.kind();
        Map<String, List<JsonNode>> existing = new LinkedHashMap<>();
        SnapLists.listed(e).forEach(entity -> existing.computeIfAbsent(entity.path("name").asText(), n -> new ArrayList<>()).add(entity));
        List<Wanted> missing = new ArrayList<>();
        List<Wanted> changed = new ArrayList<>();
        for (Wanted wanted : sync.wanted()) {
            List<JsonNode> named = existing.getOrDefault(wanted.name(), List.of());
            if (named.isEmpty()) {
                ObjectNode body = wanted.body().deepCopy();
                if (kind.hasStatus) {
                    body.put("status", DpaDeclaration.statusAtCreation(wanted.status()));
                }
                missing.add(new Wanted(wanted.path(), wanted.name(), body, wanted.status()));
                continue;
            }
            if (named.size() > 1) {
                LOG.warn("Snap holds {} {}s named \"{}\" under {} (ids {}): adrelay works on the first; remove the others at Snap",
                        named.size(), kind.label, wanted.name(), sync.parentPath(), ids(named));
                run.report.duplicates(kind.label, wanted.path(), ids(named));
            }
            JsonNode found = named.get(0);
            run.held(sync.accountId()).put(kind, sync.parentKey(), wanted.name(), found);
            ObjectNode body = wanted.body().deepCopy();
            if (wanted.status() != null) {
                body.put("status", wanted.status());
            }
            if (SnapValues.holds(found, body)) {
                run.report.at(kind.label, wanted.path(), found, DpaReport.UNCHANGED);
                if (run.plan != null) {
                    run.plan.step(DECLARATION, kind.label, wanted.path(), SnapPlan.UNCHANGED);
                }
            } else {
                // Snap's update takes the whole object: a status not declared is sent back as Snap has it
                body.put("id", found.path("id").asText());
                if (kind.hasStatus && wanted.status() == null && found.hasNonNull("status")) {
                    body.put("status", found.path("status").asText());
                }
                changed.add(new Wanted(wanted.path(), wanted.name(), body, wanted.status()));
                if (run.plan != null) {
                    run.plan.update(DECLARATION, kind.label, wanted.path(), found, body, SnapValues::holds);
                    run.report.at(kind.label, wanted.path(), found, DpaReport.UPDATED);
                }
            }
        }
        if (run.plan != null) {
            // what the run would create, counted as it would be; the route sends nothing
            missing.forEach(wanted -> {
                run.plan.step(DECLARATION, kind.label, wanted.path(), SnapPlan.CREATE);
                run.report.at(kind.label, wanted.path(), wanted.body(), DpaReport.CREATED);
            });
        }
        e.setProperty(CREATES, missing.isEmpty() ? null : missing);
        e.setProperty(UPDATES, changed.isEmpty() ? null : changed);
    }

    /** POST {parent}/{kind}: the missing ones in one batch, named as an effect (looked for by name should the answer be lost). */
    public void createRequest(Exchange e) {
        List<Wanted> creates = wanted(e, CREATES);
        request(e, "POST", creates);
        e.getIn().setHeader(SentEffects.EFFECT, "snap POST " + e.getProperty(SYNC, Sync.class).parentPath() + " "
                + creates.stream().map(Wanted::name).toList());
        e.getIn().setHeader(SentEffects.CHECK, SnapCreateCheck.FIND_BY_NAME);
    }

    public void created(Exchange e, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        record(e, run, wanted(e, CREATES), DpaReport.CREATED);
    }

    /** PUT {parent}/{kind}: the changed ones in one batch (an update sent twice changes nothing). */
    public void updateRequest(Exchange e) {
        request(e, "PUT", wanted(e, UPDATES));
    }

    public void updated(Exchange e, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        record(e, run, wanted(e, UPDATES), DpaReport.UPDATED);
    }

    private static void request(Exchange e, String method, List<Wanted> wanted) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray(sync.kind().plural);
        wanted.forEach(w -> list.add(w.body()));
        EgressCall.request(e, method, sync.parentPath(), null, body.toString());
    }

    /** Snap's answer, item by item in the order sent: each one held (and reported), or refused with Snap's reason. */
    private static void record(Exchange e, DpaRun run, List<Wanted> wanted, String outcome) {
        Sync sync = e.getProperty(SYNC, Sync.class);
        SnapObjectKind kind = sync.kind();
        List<SnapItems.Item> items = SnapItems.of(EgressCall.json(e), kind.plural, kind.singular);
        for (int i = 0; i < wanted.size(); i++) {
            Wanted one = wanted.get(i);
            SnapItems.Item item = i < items.size() ? items.get(i) : new SnapItems.Item(null, "Snap answered no item for it");
            if (item.ok()) {
                run.held(sync.accountId()).put(kind, sync.parentKey(), one.name(), item.entity());
                run.report.at(kind.label, one.path(), item.entity(), outcome);
                LOG.info("Snap {} {}: {}", kind.label, outcome, one.path());
            } else {
                run.report.notProvisioned(kind.label, one.path(), DpaReport.REFUSED, item.error());
                // often fixes itself (a creative on a product set with no products yet is made once the feed brings some)
                LOG.warn("Snap refused {} {}: {}", kind.label, one.path(), item.error());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Wanted> wanted(Exchange e, String property) {
        return e.getProperty(property, List.class);
    }

    private static List<String> ids(List<JsonNode> entities) {
        return entities.stream().map(entity -> entity.path("id").asText()).toList();
    }
}
