package io.adrelay.snap;

import static io.adrelay.snap.SnapTestRuntime.HEADER;
import static io.adrelay.snap.SnapTestRuntime.row;
import static org.apache.camel.builder.Builder.exchangeProperty;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.TestRuntime;
import io.adrelay.common.Flow;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed's own cron (every second here) uploads a changed feed to COMPLETE, and an unchanged one never again. */
@CamelMainTest(properties = "adrelay.profile=prod")
class SnapUploadScheduleIT {

    @TempDir
    Path data;
    final SnapSimulator snap = SnapTestRuntime.simulator().uploadStep(Duration.ofMillis(100));
    TestRuntime app;
    @BeanInject
    CamelContext context;

    @Configure
    void configure(MainConfigurationProperties main) {
        app = SnapTestRuntime.of(data, snap, SnapTestRuntime.DECLARATION).set("snap.feed.demo.cron", "0/1 * * * * ?")
                // feeds behind basic auth: Snap is given the credentials with the upload
                .set("adrelay.feeds.username", "snap-fetcher").set("adrelay.feeds.password", "feed-password-0042");
        main.addMainListener(app);
    }

    @AfterEach
    void stop() {
        snap.close();
    }

    /** The resume at start sends each feed's upload in progress to the upload route itself, each on its own thread (a split). */
    @Test
    void theResumeRouteSendsEachUploadInProgressToTheUpload() {
        assertEquals(java.util.List.of("split {", "to direct:snap-upload-feed", "}"), io.adrelay.RouteSteps.sends(context, "snap-resume-uploads"));
    }

    @Test
    void aChangedFeedIsUploadedOnItsScheduleAndAnUnchangedOneIsNot() throws Exception {
        // four rows dropped, one refused by adrelay's validator: Snap gets the three others
        SnapTestRuntime.publish(data, "spring.csv", HEADER + row("1") + row("2") + row("3")
                + SnapFeedValidatorTest.row("4", "not-a-link", "in stock", "19.99 USD", "new", "Acme", ""), 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> SnapTestRuntime.reports(data).size() == 1);
        NotifyBuilder unchanged = new NotifyBuilder(context).fromRoute("snap-upload-feed-demo")
                .whenAnyDoneMatches(exchangeProperty(Flow.OUTCOME).startsWith("skipped: feed demo unchanged")).create();
        JsonNode report = SnapTestRuntime.reports(data).get(0);
        assertEquals("COMPLETE", report.path("status").asText(), report.toString());
        assertEquals(3, report.path("summary").path("total_items").asInt());
        assertEquals(3, report.path("summary").path("items_modified").asInt());
        assertEquals(0, report.path("summary").path("items_errored").asInt());
        assertEquals(app.uri("/feeds/demo.csv").toString(), report.path("url").asText());
        assertEquals(401, app.send(HttpRequest.newBuilder(app.uri("/feeds/demo.csv")).GET()).statusCode(), "no credentials, no feed");
        assertFalse(report.toString().contains("feed-password-0042"), "the report never holds the password");

        // the schedule goes on firing; the feed has not changed, so nothing more is asked of Snap
        assertTrue(unchanged.matches(20, TimeUnit.SECONDS), "a later firing finds the feed unchanged");
        assertEquals(1, uploadsAsked());

        // a new file: uploaded at the next firing (one product changed, one new)
        SnapTestRuntime.publish(data, "summer.csv", HEADER + row("1") + row("2")
                + SnapFeedValidatorTest.row("3", "https://shop.example/3", "out of stock", "19.99 USD", "new", "Acme", "") + row("5"), 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> SnapTestRuntime.reports(data).size() == 2);
        JsonNode second = SnapTestRuntime.reports(data).get(1);
        assertEquals(4, second.path("summary").path("total_items").asInt(), second.toString());
        assertEquals(2, second.path("summary").path("items_modified").asInt(), "product 3 changed, product 5 is new");
        assertEquals(2, uploadsAsked());
    }

    private long uploadsAsked() {
        return snap.journal().count(e -> e.method().equals("POST") && e.path().endsWith("/feed_uploads"));
    }
}
