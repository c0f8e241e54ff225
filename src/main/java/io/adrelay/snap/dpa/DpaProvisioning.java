package io.adrelay.snap.dpa;

import static io.adrelay.snap.dpa.SnapObjectKind.AD;
import static io.adrelay.snap.dpa.SnapObjectKind.AD_SQUAD;
import static io.adrelay.snap.dpa.SnapObjectKind.CAMPAIGN;
import static io.adrelay.snap.dpa.SnapObjectKind.CREATIVE;
import static io.adrelay.snap.dpa.SnapObjectKind.DYNAMIC_TEMPLATE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import io.adrelay.snap.SnapApi;
import io.adrelay.snap.SnapCatalogs;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of DPA provisioning (bean dpaProvisioning; the flow is routes/snap-provision-campaigns.camel.yaml),
 * in the spec's dependency order for each ad account: dynamic templates, campaigns, ad squads, creatives,
 * ads. Each step resolves the names its objects refer to into the Snap ids the steps before found or made;
 * an object whose parent or reference is not at Snap is skipped with the reason, the rest goes on.
 */
public final class DpaProvisioning {

    private static final Logger LOG = LoggerFactory.getLogger(DpaProvisioning.class);

    private final DpaSync sync;
    private final DpaCampaigns campaigns;
    private final SnapCatalogs catalogs;
    private final ProductSetSearch search;
    private final Path stateFile;

    public DpaProvisioning(SnapApi api, DpaCampaigns campaigns, SnapCatalogs catalogs, ProductSetSearch search, DataDirectory data) {
        this.sync = new DpaSync(api);
        this.campaigns = campaigns;
        this.catalogs = catalogs;
        this.search = search;
        this.stateFile = data.state("snap").resolve("campaigns.json");
    }

    public void begin(Exchange exchange) {
        exchange.setProperty(DpaRun.PROPERTY, new DpaRun());
    }

    public void templates(DpaDeclaration.AdAccount account, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        run.held(id).templates = sync.sync(DYNAMIC_TEMPLATE, "/adaccounts/" + id + "/dynamic_templates",
                account.dynamicTemplates().stream().map(t -> new DpaSync.Wanted(id + "/" + t.name(), t.name(),
                        DpaBodies.template(id, t), null)).toList(), run.report);
    }

    public void campaigns(DpaDeclaration.AdAccount account, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        List<DpaSync.Wanted> wanted = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            String path = id + "/" + campaign.name();
            String catalogId = catalogs.catalogId(campaign.catalog());
            if (catalogId == null) {
                skipped(run, CAMPAIGN, path, "catalog " + campaign.catalog() + " is not provisioned at Snap");
                continue;
            }
            wanted.add(new DpaSync.Wanted(path, campaign.name(), DpaBodies.campaign(id, campaign, catalogId), campaign.status()));
        }
        run.held(id).campaigns = sync.sync(CAMPAIGN, "/adaccounts/" + id + "/campaigns", wanted, run.report);
    }

    public void adSquads(DpaDeclaration.AdAccount account, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        DpaRun.Held held = run.held(account.adAccountId());
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            String path = account.adAccountId() + "/" + campaign.name();
            JsonNode atSnap = held.campaigns.get(campaign.name());
            if (atSnap == null) {
                campaign.adSquads().forEach(s -> skipped(run, AD_SQUAD, path + "/" + s.name(), "its campaign is not at Snap"));
                continue;
            }
            Function<String, String> setIds = set -> catalogs.productSetId(campaign.catalog(), set);
            List<DpaSync.Wanted> wanted = new ArrayList<>();
            for (DpaDeclaration.AdSquad squad : campaign.adSquads()) {
                String missing = missingSets(campaign.catalog(), squad);
                if (missing != null) {
                    skipped(run, AD_SQUAD, path + "/" + squad.name(), missing);
                } else {
                    wanted.add(new DpaSync.Wanted(path + "/" + squad.name(), squad.name(),
                            DpaBodies.adSquad(atSnap.path("id").asText(), squad, setIds), squad.status()));
                }
            }
            held.adSquads.put(campaign.name(),
                    sync.sync(AD_SQUAD, "/campaigns/" + atSnap.path("id").asText() + "/adsquads", wanted, run.report));
        }
    }

    public void creatives(DpaDeclaration.AdAccount account, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        String id = account.adAccountId();
        DpaRun.Held held = run.held(id);
        List<DpaSync.Wanted> wanted = new ArrayList<>();
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            for (DpaDeclaration.Creative creative : campaign.creatives()) {
                String path = id + "/" + campaign.name() + "/" + creative.name();
                JsonNode template = held.templates.get(creative.template());
                String missing = template == null ? "its dynamic template " + creative.template() + " is not at Snap"
                        : missingSet(campaign.catalog(), creative.productSet());
                if (missing != null) {
                    skipped(run, CREATIVE, path, missing);
                } else {
                    wanted.add(new DpaSync.Wanted(path, creative.name(), DpaBodies.creative(id, creative, template.path("id").asText(),
                            catalogs.productSetId(campaign.catalog(), creative.productSet())), null));
                }
            }
        }
        held.creatives = sync.sync(CREATIVE, "/adaccounts/" + id + "/creatives", wanted, run.report);
    }

    public void ads(DpaDeclaration.AdAccount account, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        DpaRun.Held held = run.held(account.adAccountId());
        for (DpaDeclaration.Campaign campaign : account.campaigns()) {
            Map<String, JsonNode> squads = held.adSquads.getOrDefault(campaign.name(), Map.of());
            for (DpaDeclaration.AdSquad squad : campaign.adSquads()) {
                String path = account.adAccountId() + "/" + campaign.name() + "/" + squad.name();
                JsonNode atSnap = squads.get(squad.name());
                List<DpaSync.Wanted> wanted = new ArrayList<>();
                for (DpaDeclaration.Ad ad : squad.ads()) {
                    DpaDeclaration.Creative creative = campaign.creatives().stream()
                            .filter(c -> c.name().equals(ad.creative())).findFirst().orElseThrow();
                    JsonNode creativeAtSnap = held.creatives.get(ad.creative());
                    if (atSnap == null || creativeAtSnap == null) {
                        skipped(run, AD, path + "/" + ad.name(), atSnap == null ? "its ad squad is not at Snap"
                                : "its creative " + ad.creative() + " is not at Snap");
                    } else {
                        wanted.add(new DpaSync.Wanted(path + "/" + ad.name(), ad.name(),
                                DpaBodies.ad(atSnap.path("id").asText(), ad, creative, creativeAtSnap.path("id").asText()), ad.status()));
                    }
                }
                if (atSnap != null) {
                    sync.sync(AD, "/adsquads/" + atSnap.path("id").asText() + "/ads", wanted, run.report);
                }
            }
        }
    }

    /** How many products each product set the ad squads and creatives use holds: Snap refuses a creative on an empty one. */
    public void productSets(DpaDeclaration declaration, @ExchangeProperty(DpaRun.PROPERTY) DpaRun run) {
        record UsedSet(String catalog, String name) {
        }
        Set<UsedSet> used = new LinkedHashSet<>();
        declaration.adAccounts().stream().flatMap(account -> account.campaigns().stream()).forEach(campaign -> {
            campaign.adSquads().forEach(squad -> used.add(new UsedSet(campaign.catalog(), squad.productSet())));
            campaign.creatives().forEach(creative -> used.add(new UsedSet(campaign.catalog(), creative.productSet())));
        });
        for (UsedSet set : used) {
            Long count = search.count(set.catalog(), set.name());
            run.report.productSet(new DpaReport.ProductSetCount(set.catalog(), set.name(), count,
                    count == null ? "catalog not provisioned at Snap" : null));
        }
    }

    /** The result per object in state/snap/campaigns.json, the summary in the log and as the job's outcome. */
    public void end(@ExchangeProperty(DpaRun.PROPERTY) DpaRun run, Exchange exchange) {
        DataDirectory.writeObject(stateFile, Json.MAPPER.valueToTree(run.report.written()));
        String summary = (campaigns.lastRefused() ? campaigns.file().getFileName() + " as saved last was refused (see its dead letter),"
                + " the declaration before it is in force: " : "") + run.report;
        LOG.info("Snap DPA provisioning: {}", summary);
        exchange.setProperty(Flow.OUTCOME, summary);
    }

    /** Why an ad squad cannot be sent: its product set, or one of its audiences', is not at Snap; null when all are. */
    private String missingSets(String catalogKey, DpaDeclaration.AdSquad squad) {
        List<String> sets = new ArrayList<>(List.of(squad.productSet()));
        if (squad.targeting() != null && squad.targeting().productAudiences() != null) {
            squad.targeting().productAudiences().forEach(audience -> sets.add(audience.productSet()));
        }
        return sets.stream().map(set -> missingSet(catalogKey, set)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    private String missingSet(String catalogKey, String set) {
        return catalogs.productSetId(catalogKey, set) == null
                ? "product set " + set + " of catalog " + catalogKey + " is not provisioned at Snap" : null;
    }

    private static void skipped(DpaRun run, SnapObjectKind kind, String path, String reason) {
        run.report.notProvisioned(kind.label, path, DpaReport.SKIPPED, reason);
    }
}
