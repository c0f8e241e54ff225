package io.adrelay.snap;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.snap.SnapSimulator;

/** The Snap flow in prod profile against a Snap simulator, with a catalog declaration of the test's own. */
public final class SnapTestRuntime {

    static final String CLIENT_ID = "snap-client-for-tests";
    static final String CLIENT_SECRET = "snap-client-secret-0042";
    static final String REFRESH_TOKEN = "snap-refresh-token-0042";
    static final String ORG = "0d6bd0a6-5b2f-4d32-b0a3-7c4c59f4bd0e";

    /** The DPA test account (SnapDpaIT, ClusterEgressIT). */
    public static final String DPA_ACCOUNT = "2c9f0d7e-1b3a-4c5d-8e6f-7a8b9c0d1e2f";

    /** The DPA declaration: a template, a campaign, two creatives, two ad squads with an ad each. */
    public static final String DPA_DECLARATION = """
            ad_accounts:
              - ad_account_id: %s
                dynamic_templates:
                  - {name: Spring template, layout: FILL_WIDTH, text_fields: [title, price]}
                campaigns:
                  - name: Spring DPA
                    catalog: spring
                    creatives:
                      - {name: In stock - web, type: WEB_VIEW, template: Spring template, product_set: In stock,
                         headline: Everything in stock, brand_name: Spring, call_to_action: SHOP_NOW}
                      - {name: Acme - web, type: WEB_VIEW, template: Spring template, product_set: Acme,
                         headline: "Still thinking about it?", brand_name: Spring}
                    ad_squads:
                      - name: Prospecting
                        use_case: PROSPECTING
                        product_set: In stock
                        optimization_goal: IMPRESSIONS
                        bid_strategy: AUTO_BID
                        daily_budget_micro: 50000000
                        targeting: {geos: [{country_code: us}]}
                        ads: [{name: Prospecting ad, creative: In stock - web}]
                      - name: Retargeting
                        use_case: RETARGETING
                        product_set: Acme
                        optimization_goal: PIXEL_PURCHASE
                        bid_strategy: TARGET_COST
                        bid_micro: 1000000
                        daily_budget_micro: 50000000
                        pixel_id: 9315b2c2-3680-411d-b6c1-d17de25fc1e0
                        targeting:
                          geos: [{country_code: us}]
                          product_audiences:
                            - {product_set: Acme, event_type: ADD_CART, retention_seconds: 1209600, operation: INCLUDE}
                            - {product_set: Acme, event_type: PURCHASE, retention_seconds: 1209600, operation: EXCLUDE}
                        ads: [{name: Retargeting ad, creative: Acme - web}]
            """.formatted(DPA_ACCOUNT);

    /** One catalog with the feed "demo" (whose schedule ships in routes/) and two product sets. */
    static final String DECLARATION = """
            catalogs:
              - key: spring
                organization_id: %s
                name: Spring shop
                feeds:
                  - {key: demo, name: Spring products, default_currency: USD}
                product_sets:
                  - {name: In stock, filter: {AVAILABILITY: {EQ: IN_STOCK}}}
                  - {name: Acme, filter: {BRAND: {IS_ANY: [Acme]}}}
            """.formatted(ORG);

    private SnapTestRuntime() {
    }

    static SnapSimulator simulator() {
        return new SnapSimulator(CLIENT_ID, CLIENT_SECRET, REFRESH_TOKEN).start();
    }

    static TestRuntime of(Path data, SnapSimulator snap, String declaration) {
        Path file = data.resolve("snap-catalogs.yaml");
        try {
            Files.writeString(file, declaration);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestRuntime runtime = TestRuntime.prod("snap", data.toString());
        return runtime.set("snap.base-url", snap.apiUrl()).set("snap.token-url", snap.tokenUrl())
                .set("snap.client-id", CLIENT_ID).set("snap.client-secret", CLIENT_SECRET).set("snap.refresh-token", REFRESH_TOKEN)
                .set("snap.catalogs-file", file.toString()).set("snap.catalogs.check-period-ms", "200")
                .set("snap.campaigns-file", data.resolve("snap-campaigns.yaml").toString())
                // DPA runs only when a test saves or runs it: a scheduled one would race the test's own
                .set("snap.campaigns.cron", "0 0 0 1 1 ? 2099")
                .set("snap.upload.poll-initial-ms", "100").set("snap.upload.poll-max-ms", "400")
                .set("adrelay.public-url", "http://127.0.0.1:" + runtime.port());
    }

    /** The declarations health check, with its data, while a declaration is refused (overall health 503, readiness unaffected). */
    static JsonNode refusedDeclarations(TestRuntime app) throws IOException {
        java.net.http.HttpResponse<String> health = app.get("/observe/health?data=true");
        org.junit.jupiter.api.Assertions.assertEquals(503, health.statusCode(), health.body());
        org.junit.jupiter.api.Assertions.assertEquals(200, app.get("/observe/health/ready").statusCode(),
                "a refused declaration does not take the service down");
        for (JsonNode check : Json.MAPPER.readTree(health.body()).path("checks")) {
            if (check.path("name").asText().equals("declarations")) {
                org.junit.jupiter.api.Assertions.assertEquals("DOWN", check.path("status").asText(), check.toString());
                return check;
            }
        }
        throw new AssertionError("no declarations check in " + health.body());
    }

    static final String HEADER = SnapFeedValidatorTest.HEADER;

    /** A valid feed row of brand Acme, in stock. */
    static String row(String id) {
        return SnapFeedValidatorTest.row(id, "https://shop.example/" + id, "in stock", "19.99 USD", "new", "Acme", "");
    }

    /** Drops a feed in inbox/snap/demo/ and waits until it is published with this many rows. */
    static void publish(Path data, String name, String csv, int rows) throws IOException {
        Path inbox = data.resolve("inbox/snap/demo");
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve(name), csv);
        await().atMost(Duration.ofSeconds(20)).until(() -> name.equals(
                state(data, "feeds/demo.json").path("file").asText()) && state(data, "feeds/demo.json").path("published").asInt() == rows);
    }

    static JsonNode state(Path data, String name) throws IOException {
        Path file = data.resolve("state/snap").resolve(name);
        return Files.exists(file) ? Json.MAPPER.readTree(file.toFile()) : Json.MAPPER.createObjectNode();
    }

    /** The upload reports in outbox/snap/feed-uploads/, oldest first. */
    static List<JsonNode> reports(Path data) throws IOException {
        Path dir = data.resolve("outbox/snap/feed-uploads");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<JsonNode> reports = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                reports.add(Json.MAPPER.readTree(file.toFile()));
            }
        }
        reports.sort(Comparator.comparing(r -> r.path("finished_at").asText()));
        return reports;
    }
}
