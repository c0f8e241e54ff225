package io.adrelay.snap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.common.storage.documents.Document;

/**
 * The steps of routes/snap-provision-catalogs.camel.yaml (bean snapProvisioning): what each parent at Snap should
 * hold, in the order Snap needs it (catalogs per organization; primary feeds, then supplemental ones, which name
 * their parent by Snap id; product sets), each handed to the sync route ({@link CatalogSync}). Idempotent: a second
 * run over an unchanged declaration only reads. Items Snap refuses are reported one by one; the rest go on.
 */
public final class SnapProvisioning {

    /**
     * What a run did, object by object, what Snap refused (item by item), and names Snap holds twice. It lives as long
     * as the run's exchange: a pass made again after a retry finds made what the first pass made, and what it counted
     * stays counted once.
     */
    static final class Report {
        static final String PROPERTY = "AdrelaySnapProvisioningReport";
        private final Map<String, String> done = new LinkedHashMap<>();
        final Set<String> problems = new LinkedHashSet<>();
        final Set<String> duplicates = new LinkedHashSet<>();

        void count(String what, String object) {
            done.put(what + " " + object, what);
        }

        Map<String, Integer> counts() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            done.values().forEach(what -> counts.merge(what, 1, Integer::sum));
            return counts;
        }

        @Override
        public String toString() {
            Map<String, Integer> counts = counts();
            return (counts.isEmpty() ? "nothing to do" : counts.toString())
                    + (problems.isEmpty() ? "" : "; " + problems.size() + " refused: " + problems)
                    + (duplicates.isEmpty() ? "" : "; Snap holds two of one name: " + duplicates);
        }
    }

    /** Exchange property: the declaration being provisioned. */
    static final String DECLARATION = "AdrelaySnapDeclaration";

    private static final Logger LOG = LoggerFactory.getLogger(SnapProvisioning.class);
    /** Exchange property: this exchange holds the provisioning's turn. */
    private static final String TURN = "AdrelaySnapProvisioningTurn";
    /** A run waits this long for the one before it to end. */
    private static final Duration RUN_WAIT = Duration.ofHours(1);

    /** What the last run did (state/snap/provisioning.json). */
    record Written(@JsonProperty("provisioned_at") String provisionedAt, String declaration, Map<String, Integer> counts,
                   List<String> problems, List<String> duplicates) {
    }

    private final SnapCatalogs catalogs;
    private final SnapCatalogState state;
    private final Document provisioned;
    private final ProvisioningTurn turn;

    /** {@code cluster}: a run's turn is held across the nodes too (each provisions at its start and on each save). */
    SnapProvisioning(SnapCatalogs catalogs, Document provisioned, ClusterLocks cluster) {
        this.catalogs = catalogs;
        this.state = catalogs.state();
        this.provisioned = provisioned;
        this.turn = new ProvisioningTurn("snap catalog provisioning", cluster, RUN_WAIT);
    }

    /** One run at a time, on whichever node (a start, a save, a replay): a run waits here for the one going to end. */
    public void oneRunAtATime(Exchange e) throws InterruptedException {
        if (e.getProperty(TURN) == null) {
            turn.take(e);
            e.setProperty(TURN, true);
        }
    }

    /** A run of the declaration (the body) begins; its report outlives the retries of its steps. */
    public void begin(Exchange e) {
        e.setProperty(DECLARATION, e.getIn().getBody(SnapDeclaration.class));
        if (e.getProperty(Report.PROPERTY) == null) {
            e.setProperty(Report.PROPERTY, new Report());
        }
    }

    /** Each organization's catalogs. */
    public List<CatalogSync.Sync> catalogs(@ExchangeProperty(DECLARATION) SnapDeclaration declaration) {
        Map<String, List<SnapDeclaration.Catalog>> byOrganization = declaration.catalogs().stream()
                .collect(Collectors.groupingBy(SnapDeclaration.Catalog::organizationId, LinkedHashMap::new, Collectors.toList()));
        List<CatalogSync.Sync> syncs = new ArrayList<>();
        byOrganization.forEach((org, declared) -> syncs.add(
                new CatalogSync.Sync(CatalogSync.Kind.CATALOG, org, "/organizations/" + org + "/catalogs", declared)));
        return syncs;
    }

    /** Each provisioned catalog's primary feeds. */
    public List<CatalogSync.Sync> primaryFeeds(Exchange e, @ExchangeProperty(DECLARATION) SnapDeclaration declaration) {
        return feeds(e, declaration, false);
    }

    /** Each provisioned catalog's supplemental feeds (their parents provisioned by now). */
    public List<CatalogSync.Sync> supplementalFeeds(Exchange e, @ExchangeProperty(DECLARATION) SnapDeclaration declaration) {
        return feeds(e, declaration, true);
    }

    /** Each provisioned catalog's product sets. */
    public List<CatalogSync.Sync> productSets(Exchange e, @ExchangeProperty(DECLARATION) SnapDeclaration declaration) {
        List<CatalogSync.Sync> syncs = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : declaration.catalogs()) {
            String id = ids(e).catalogId(catalog.key());
            if (id != null) {
                syncs.add(new CatalogSync.Sync(CatalogSync.Kind.PRODUCT_SET, catalog.key(), "/catalogs/" + id + "/product_sets",
                        List.of(catalog)));
            } else {
                catalog.productSets().forEach(set -> createdWithCatalog(e, catalog, SnapPlan.PRODUCT_SET, catalog.key() + "/" + set.name()));
            }
        }
        return syncs;
    }

    /**
     * Snap's ids to state/snap/catalogs.json, what was done to state/snap/provisioning.json; the job's outcome.
     * A plan writes nothing: its summary is the line the run would log.
     */
    public void end(Exchange e, @ExchangeProperty(Report.PROPERTY) Report report) {
        SnapPlan plan = SnapPlan.of(e);
        if (plan != null) {
            plan.summary(CatalogSync.DECLARATION, report.toString());
            return;
        }
        state.save();
        SnapStateFiles.write(provisioned, new Written(Instant.now().toString(),
                catalogs.source(), report.counts(), List.copyOf(report.problems), List.copyOf(report.duplicates)));
        LOG.info("Snap provisioning of {}: {}", catalogs.source(), report);
        e.setProperty(Flow.OUTCOME, report.toString());
    }

    private List<CatalogSync.Sync> feeds(Exchange e, SnapDeclaration declaration, boolean supplemental) {
        List<CatalogSync.Sync> syncs = new ArrayList<>();
        for (SnapDeclaration.Catalog catalog : declaration.catalogs()) {
            String id = ids(e).catalogId(catalog.key());
            List<SnapDeclaration.Feed> feeds = catalog.feeds().stream().filter(feed -> feed.supplemental() == supplemental).toList();
            if (id != null && !feeds.isEmpty()) {
                syncs.add(new CatalogSync.Sync(CatalogSync.Kind.FEED, catalog.key(), "/catalogs/" + id + "/product_feeds", feeds));
            } else if (id == null) {
                // a catalog Snap refused has no id: reported there
                feeds.forEach(feed -> createdWithCatalog(e, catalog, "feed", feed.key()));
            }
        }
        return syncs;
    }

    /** In a plan, what a catalog the plan creates holds is created after it (there is nothing of it to list yet). */
    private static void createdWithCatalog(Exchange e, SnapDeclaration.Catalog catalog, String kind, String label) {
        SnapPlan plan = SnapPlan.of(e);
        if (plan != null && plan.creates(SnapPlan.CATALOG, catalog.key())) {
            plan.step(CatalogSync.DECLARATION, kind, label, SnapPlan.CREATE);
            e.getProperty(Report.PROPERTY, Report.class).count(kind + " created", label);
        }
    }

    private SnapCatalogState ids(Exchange e) {
        SnapPlan plan = SnapPlan.of(e);
        return plan == null ? state : plan.ids();
    }
}
