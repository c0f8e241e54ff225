package io.adrelay.snap.dpa;

import static io.adrelay.snap.dpa.SnapObjectKind.AD;
import static io.adrelay.snap.dpa.SnapObjectKind.AD_SQUAD;
import static io.adrelay.snap.dpa.SnapObjectKind.CAMPAIGN;
import static io.adrelay.snap.dpa.SnapObjectKind.CREATIVE;
import static io.adrelay.snap.dpa.SnapObjectKind.DYNAMIC_TEMPLATE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.common.storage.ClusterLocks;
import io.adrelay.snap.ProvisioningTurn;
import io.adrelay.snap.SnapCatalogs;
import io.adrelay.snap.SnapPlan;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.storage.documents.Document;

/**
 * The steps of DPA provisioning (bean dpaProvisioning; the flow is routes/snap-provision-campaigns.camel.yaml),
 * in the spec's dependency order for each ad account: dynamic templates, campaigns, ad squads, creatives,
 * ads. Each step says what each parent should hold (a {@link DpaSync.Sync} per parent, which the route's sync
 * route applies), resolving the names its objects refer to into the Snap ids the steps before found or made;
 * an object whose parent or reference is not at Snap is skipped with the reason, the rest goes on.
 */
public final class DpaProvisioning {

    /** Exchange property: the ad account whose objects the steps are about. */
    static final String ACCOUNT = "AdrelayDpaAccount";
    /** Exchange property: the product set a count step is about. */
    static final String USED_SET = "AdrelayDpaUsedSet";
    /** A run waits this long for the one before it to end (a run makes at most a few thousand calls at 10/s). */
    private static final Duration RUN_WAIT = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(DpaProvisioning.class);

    /** A declared product set, as the catalog's key and the set's name. */
    record UsedSet(String catalog, String name) {
    }

    private final DpaCampaigns campaigns;
    private final SnapCatalogs catalogs;
    private final Document stateFile;
    private final ProvisioningTurn turn;

    /**
     * {@code stateFile}: where each run's result per object goes (document snap/campaigns); {@code cluster}: the turn is
     * held across the nodes too.
     */
    public DpaProvisioning(DpaCampaigns campaigns, SnapCatalogs catalogs, Document stateFile, ClusterLocks cluster) {
        this.campaigns = campaigns;
        this.catalogs = catalogs;
        this.stateFile = stateFile;
        this.turn = new ProvisioningTurn("snap DPA provisioning", cluster, RUN_WAIT);
    }

    /**
     * One run at a time, whatever started it (the schedule, an ops run, a saved file, the catalog provisioning) and on
     * whichever node: a run waits here for the one going to end, and holds the turn until its exchange is done (a lock,
     * not a throttle: a throttle only spaces starts).
     */
    public void oneRunAtATime(Exchange exchange) throws InterruptedException {
        if (exchange.getProperty(DpaRun.PROPERTY) != null) {
            return; // this exchange holds the turn already (a replayed step)
        }
        turn.take(exchange);
        exchange.setProperty(DpaRun.PROPERTY, new DpaRun(null));
    }

    /** A plan (POST /ops/snap/plan) of the declaration in the body: a run of its own that sends and writes nothing. */
    public void planRun(Exchange exchange) {
        exchange.setProperty(DpaRun.PROPERTY, new DpaRun(SnapPlan.of(exchange)));
    }

    public List<DpaSync.Sync> templates(@ExchangeProperty(ACCOUNT) DpaDeclaration.AdAccount account) {
        String id = account.adAccountId();
        return sync(DYNAMIC_TEMPLATE, id, "", "/adaccounts/" + id + "/dynamic_templates", account.dynamicTemplates().stream()
                .map(t -> new DpaSync.Wanted(id + "/" + t.name(), t.name(), DpaBodies.template(id, t), null)).toList());
    }

    public List<DpaSync.Sync> campaigns(@ExchangeProperty(ACCOUNT) DpaDeclaration.AdAccount account,
                                        @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        List<DpaSync.Wanted> wanted = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            String path = id + "/" + campaign.name();
            String catalogId = catalogId(run, campaign.catalog());
            if (catalogId == null) {
                notAtSnap(run, CAMPAIGN, path, "catalog " + campaign.catalog() + " is not provisioned at Snap",
                        planned(run, SnapPlan.CATALOG, campaign.catalog()));
                continue;
            }
            wanted.add(new DpaSync.Wanted(path, campaign.name(), DpaBodies.campaign(id, campaign, catalogId), campaign.status()));
        }
        return sync(CAMPAIGN, id, "", "/adaccounts/" + id + "/campaigns", wanted);
    }

    /** Per campaign at Snap, its ad squads. */
    public List<DpaSync.Sync> adSquads(@ExchangeProperty(ACCOUNT) DpaDeclaration.AdAccount account,
                                       @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        DpaRun.Held held = run.held(id);
        List<DpaSync.Sync> syncs = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            String path = id + "/" + campaign.name();
            JsonNode atSnap = held.get(CAMPAIGN, "", campaign.name());
            if (atSnap == null) {
                campaign.adSquads().forEach(s -> notAtSnap(run, AD_SQUAD, path + "/" + s.name(), "its campaign is not at Snap",
                        planned(run, CAMPAIGN.label, path)));
                continue;
            }
            Function<String, String> setIds = set -> productSetId(run, campaign.catalog(), set);
            List<DpaSync.Wanted> wanted = new ArrayList<>();
            for (DpaDeclaration.AdSquad squad : campaign.adSquads()) {
                String missing = missingSets(run, campaign.catalog(), squad);
                if (missing != null) {
                    notAtSnap(run, AD_SQUAD, path + "/" + squad.name(), missing, plannedSets(run, campaign.catalog(), squad));
                } else {
                    wanted.add(new DpaSync.Wanted(path + "/" + squad.name(), squad.name(),
                            DpaBodies.adSquad(atSnap.path("id").asText(), squad, setIds), squad.status()));
                }
            }
            syncs.addAll(sync(AD_SQUAD, id, campaign.name(), "/campaigns/" + atSnap.path("id").asText() + "/adsquads", wanted));
        }
        return syncs;
    }

    public List<DpaSync.Sync> creatives(@ExchangeProperty(ACCOUNT) DpaDeclaration.AdAccount account,
                                        @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        DpaRun.Held held = run.held(id);
        List<DpaSync.Wanted> wanted = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            for (DpaDeclaration.Creative creative : campaign.creatives()) {
                String path = id + "/" + campaign.name() + "/" + creative.name();
                JsonNode template = held.get(DYNAMIC_TEMPLATE, "", creative.template());
                String missingSet = missingSet(run, campaign.catalog(), creative.productSet());
                String missing = template == null ? "its dynamic template " + creative.template() + " is not at Snap" : missingSet;
                if (missing != null) {
                    boolean templateThere = template != null || planned(run, DYNAMIC_TEMPLATE.label, id + "/" + creative.template());
                    boolean setThere = missingSet == null || planned(run, SnapPlan.PRODUCT_SET, campaign.catalog() + "/" + creative.productSet());
                    notAtSnap(run, CREATIVE, path, missing, templateThere && setThere);
                } else {
                    wanted.add(new DpaSync.Wanted(path, creative.name(), DpaBodies.creative(id, creative, template.path("id").asText(),
                            productSetId(run, campaign.catalog(), creative.productSet())), null));
                }
            }
        }
        return sync(CREATIVE, id, "", "/adaccounts/" + id + "/creatives", wanted);
    }

    /** Per ad squad at Snap, its ads. */
    public List<DpaSync.Sync> ads(@ExchangeProperty(ACCOUNT) DpaDeclaration.AdAccount account,
                                  @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        DpaRun.Held held = run.held(id);
        List<DpaSync.Sync> syncs = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            for (DpaDeclaration.AdSquad squad : campaign.adSquads()) {
                String path = id + "/" + campaign.name() + "/" + squad.name();
                JsonNode atSnap = held.get(AD_SQUAD, campaign.name(), squad.name());
                List<DpaSync.Wanted> wanted = new ArrayList<>();
                for (DpaDeclaration.Ad ad : squad.ads()) {
                    DpaDeclaration.Creative creative = campaign.creatives().stream()
                            .filter(c -> c.name().equals(ad.creative())).findFirst().orElseThrow();
                    JsonNode creativeAtSnap = held.get(CREATIVE, "", ad.creative());
                    if (atSnap == null || creativeAtSnap == null) {
                        notAtSnap(run, AD, path + "/" + ad.name(), atSnap == null ? "its ad squad is not at Snap"
                                : "its creative " + ad.creative() + " is not at Snap",
                                (atSnap != null || planned(run, AD_SQUAD.label, path))
                                        && (creativeAtSnap != null || planned(run, CREATIVE.label, id + "/" + campaign.name() + "/" + ad.creative())));
                    } else {
                        wanted.add(new DpaSync.Wanted(path + "/" + ad.name(), ad.name(),
                                DpaBodies.ad(atSnap.path("id").asText(), ad, creative, creativeAtSnap.path("id").asText()), ad.status()));
                    }
                }
                if (atSnap != null) {
                    syncs.addAll(sync(AD, id, campaign.name() + "/" + squad.name(), "/adsquads/" + atSnap.path("id").asText() + "/ads", wanted));
                }
            }
        }
        return syncs;
    }

    /** The product sets the ad squads and creatives use: Snap refuses a creative on an empty one, so each is counted. */
    public List<UsedSet> usedProductSets(DpaDeclaration declaration) {
        Set<UsedSet> used = new LinkedHashSet<>();
        declaration.adAccounts().stream().flatMap(account -> account.campaigns().stream()).forEach(campaign -> {
            campaign.adSquads().forEach(squad -> used.add(new UsedSet(campaign.catalog(), squad.productSet())));
            campaign.creatives().forEach(creative -> used.add(new UsedSet(campaign.catalog(), creative.productSet())));
        });
        return List.copyOf(used);
    }

    /** Whether the set's catalog is at Snap, so its products can be counted; if not, the report says so. */
    public boolean countable(Exchange exchange, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        UsedSet set = exchange.getIn().getBody(UsedSet.class);
        exchange.setProperty(USED_SET, set);
        if (catalogId(run, set.catalog()) != null) {
            return true;
        }
        run.report.productSet(new DpaReport.ProductSetCount(set.catalog(), set.name(), null, "catalog not provisioned at Snap"));
        return false;
    }

    /** The count of a Product Search of the set's filter. */
    public void counted(Exchange exchange, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        UsedSet set = exchange.getProperty(USED_SET, UsedSet.class);
        run.report.productSet(new DpaReport.ProductSetCount(set.catalog(), set.name(), ProductSetSearch.total(EgressCall.json(exchange)), null));
    }

    /** The result per object in state/snap/campaigns.json, the summary in the log and as the job's outcome. */
    public void end(@ExchangeProperty(DpaRun.PROPERTY) DpaRun run, Exchange exchange) {
        if (run.plan != null) {
            // a plan writes nothing: its summary is the line the run would log
            run.plan.summary(DpaSync.DECLARATION, run.report.toString());
            return;
        }
        stateFile.write(Json.MAPPER.valueToTree(run.report.written()));
        String summary = (campaigns.lastRefused() ? campaigns.file().getFileName() + " as saved last was refused (see its dead letter),"
                + " the declaration before it is in force: " : "") + run.report;
        LOG.info("Snap DPA provisioning: {}", summary);
        exchange.setProperty(Flow.OUTCOME, summary);
    }

    /** One sync, unless nothing of this kind is declared under the parent (nothing to list then). */
    private static List<DpaSync.Sync> sync(SnapObjectKind kind, String accountId, String parentKey, String parentPath,
                                           List<DpaSync.Wanted> wanted) {
        return wanted.isEmpty() ? List.of() : List.of(new DpaSync.Sync(kind, accountId, parentKey, parentPath, wanted));
    }

    /** Why an ad squad cannot be sent: its product set, or one of its audiences', is not at Snap; null when all are. */
    private String missingSets(DpaRun run, String catalogKey, DpaDeclaration.AdSquad squad) {
        return setsOf(squad).stream().map(set -> missingSet(run, catalogKey, set)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether each of the ad squad's sets is at Snap or created by the plan. */
    private boolean plannedSets(DpaRun run, String catalogKey, DpaDeclaration.AdSquad squad) {
        return setsOf(squad).stream().allMatch(set -> missingSet(run, catalogKey, set) == null
                || planned(run, SnapPlan.PRODUCT_SET, catalogKey + "/" + set));
    }

    private static List<String> setsOf(DpaDeclaration.AdSquad squad) {
        List<String> sets = new ArrayList<>(List.of(squad.productSet()));
        if (squad.targeting() != null && squad.targeting().productAudiences() != null) {
            squad.targeting().productAudiences().forEach(audience -> sets.add(audience.productSet()));
        }
        return sets;
    }

    private String missingSet(DpaRun run, String catalogKey, String set) {
        return productSetId(run, catalogKey, set) == null
                ? "product set " + set + " of catalog " + catalogKey + " is not provisioned at Snap" : null;
    }

    /** Snap's ids in force, or those a plan found on its way. */
    private String catalogId(DpaRun run, String catalogKey) {
        return run.plan == null ? catalogs.catalogId(catalogKey) : run.plan.catalogId(catalogKey);
    }

    private String productSetId(DpaRun run, String catalogKey, String set) {
        return run.plan == null ? catalogs.productSetId(catalogKey, set) : run.plan.productSetId(catalogKey, set);
    }

    private static boolean planned(DpaRun run, String kind, String path) {
        return run.plan != null && run.plan.creates(kind, path);
    }

    /** What an object needs is not at Snap: skipped, or (in a plan that creates what it needs) created after it. */
    private static void notAtSnap(DpaRun run, SnapObjectKind kind, String path, String reason, boolean createdBefore) {
        if (run.plan != null && createdBefore) {
            run.plan.step(DpaSync.DECLARATION, kind.label, path, SnapPlan.CREATE);
            run.report.at(kind.label, path, Json.MAPPER.createObjectNode(), DpaReport.CREATED);
        } else {
            skipped(run, kind, path, reason);
        }
    }

    private static void skipped(DpaRun run, SnapObjectKind kind, String path, String reason) {
        run.report.notProvisioned(kind.label, path, DpaReport.SKIPPED, reason);
        if (run.plan != null) {
            run.plan.refused(DpaSync.DECLARATION, kind.label, path, reason);
        }
    }
}
