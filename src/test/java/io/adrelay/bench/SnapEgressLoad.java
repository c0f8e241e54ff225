package io.adrelay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.adrelay.sandbox.Simulator;
import io.adrelay.sandbox.snap.SnapSimulator;

/**
 * Snap at its 10 requests a second per token: a catalog with two product sets and a DPA declaration of N campaigns
 * of two ad squads each, both saved before adrelay starts, so it provisions them as it comes up.
 */
final class SnapEgressLoad implements EgressLoad {

    static final int PER_SECOND = 10;
    private static final String ACCOUNT = "2c9f0d7e-1b3a-4c5d-8e6f-7a8b9c0d1e2f";
    private static final String CLIENT = "bench-snap-client";
    private static final String SECRET = "bench-snap-secret";
    private static final String REFRESH = "bench-snap-refresh";

    private final int campaigns;
    private final Path work;
    private SnapSimulator snap;

    SnapEgressLoad(int campaigns, Path work) {
        this.campaigns = campaigns;
        this.work = work;
    }

    @Override
    public void configure(AdrelayProcess adrelay) {
        snap = new SnapSimulator(CLIENT, SECRET, REFRESH).start();
        try {
            Path catalogs = Files.writeString(work.resolve("snap-catalogs.yaml"), """
                    catalogs:
                      - key: shop
                        organization_id: 0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e
                        name: Shop
                        product_sets:
                          - {name: In stock, filter: {AVAILABILITY: {EQ: IN_STOCK}}}
                          - {name: Acme, filter: {BRAND: {IS_ANY: [Acme]}}}
                    """);
            StringBuilder declaration = new StringBuilder("ad_accounts:\n  - ad_account_id: " + ACCOUNT + "\n"
                    + "    dynamic_templates: [{name: bench, layout: FIT, text_fields: [title]}]\n    campaigns:\n");
            for (int c = 1; c <= campaigns; c++) {
                declaration.append("      - name: bench ").append(c).append("\n        catalog: shop\n        ad_squads:\n");
                for (String set : List.of("In stock", "Acme")) {
                    declaration.append("          - {name: ").append(set).append(", use_case: PROSPECTING, product_set: ").append(set)
                            .append(", optimization_goal: IMPRESSIONS, bid_strategy: AUTO_BID, daily_budget_micro: 50000000,")
                            .append(" targeting: {geos: [{country_code: us}]}}\n");
                }
            }
            Path declared = Files.writeString(work.resolve("snap-campaigns.yaml"), declaration);
            adrelay.property("snap.catalogs-file", catalogs.toString()).property("snap.campaigns-file", declared.toString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the Snap declarations in " + work, e);
        }
        adrelay.env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", CLIENT)
                .env("SNAP_CLIENT_SECRET", SECRET).env("SNAP_REFRESH_TOKEN", REFRESH);
    }

    @Override
    public void push(AdrelayProcess adrelay) {
        // the declarations were there at start: adrelay provisions them on its own
    }

    @Override
    public boolean done() {
        return provisioned() >= campaigns;
    }

    @Override
    public String progress() {
        return provisioned() + " of " + campaigns + " DPA campaigns with their 2 ad squads each (" + (3 * campaigns + 1)
                + " objects, and the catalog's)";
    }

    private long provisioned() {
        return snap.campaigns(ACCOUNT).stream().filter(c -> snap.adSquads(c.path("id").asText()).size() >= 2).count();
    }

    @Override
    public List<String> throttles() {
        return List.of("snap.throttle", "snap.token.throttle");
    }

    @Override
    public List<EgressFigure> figures() {
        // the Marketing API, limited per token; the OAuth token endpoint is not
        return List.of(EgressFigure.of("snap", PER_SECOND + "/s", PER_SECOND, Duration.ofSeconds(1),
                snap.journal().entries().stream().filter(e -> e.path().startsWith("/v1/") && e.header("Authorization") != null).toList()));
    }

    @Override
    public List<Simulator> simulators() {
        return List.of(snap);
    }

    @Override
    public void close() {
        if (snap != null) {
            snap.close();
        }
    }
}
