package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.egress.EgressResponse;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.references.FileReferenceStore;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.StorageException;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.documents.FileDocumentStore;

/**
 * The drain and the sync of one record as routes/apisync-drain-requests.camel.yaml and
 * routes/apisync-sync-record.camel.yaml route them: the drain's timer replaced by a direct: endpoint
 * (AdviceWith), APISync's egress routes stood in for by mock endpoints; outcomes read from the stored request.
 */
class ApisyncRecordSyncTest {

    @TempDir
    Path dir;
    final DefaultCamelContext context = new DefaultCamelContext();
    String campaignService = "facebook-ads";
    ApisyncRequests requests;
    ApisyncDrain drain;
    MockEndpoint read;
    MockEndpoint write;

    @BeforeEach
    void routes() throws Exception {
        Properties settings = new Properties();
        settings.setProperty("apisync.drain.period-ms", "60000");
        settings.setProperty("apisync.drain.round-size", "20");
        context.getPropertiesComponent().setOverrideProperties(settings);
        DataDirectory data = new DataDirectory(dir);
        requests = new ApisyncRequests(new FileIntakeStore(data.state("apisync").resolve("requests")),
                new FileDocumentStore(data.root().resolve("state")), data);
        drain = new ApisyncDrain(requests, new DiskSpace(dir, 0));
        ApisyncReferences references = new ApisyncReferences(new FileReferenceStore(data.root().resolve("state")));
        references.remember("campaigns", "xmas", "c-1");
        context.getRegistry().bind("retryPolicy", new RetryPolicy(0, 1, 1));
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(data.deadLetters()), new DeadLetterCounter(context)));
        context.getRegistry().bind("apisyncDrain", drain);
        context.getRegistry().bind("apisyncOutcomes", new ApisyncOutcomes(requests, drain, new WebhookIntake("apisync", "s", null, null, 1, 1)));
        context.getRegistry().bind("apisyncRecordSync", new ApisyncRecordSync(references));
        context.addRoutes(new RouteConfigurations());
        for (String file : List.of("apisync-drain-requests", "apisync-sync-record")) {
            PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/" + file + ".camel.yaml"));
        }
        // stand in for the egress routes: campaign c-1 runs on campaignService; every write creates s-1
        RouteBuilder.addRoutes(context, r -> {
            r.from("direct:apisync-egress-read").to("mock:apisync-read");
            r.from("direct:apisync-egress-write").to("mock:apisync-write");
        });
        AdviceWith.adviceWith(context, "apisync-drain-requests", a -> a.replaceFromWith("direct:apisync-drain"));
        read = context.getEndpoint("mock:apisync-read", MockEndpoint.class);
        read.whenAnyExchangeReceived(e -> e.getMessage().setBody(("{\"data\": {\"id\": \"c-1\", \"type\": \"campaigns\", \"attributes\":"
                + " {\"reference_id\": \"xmas\", \"service\": \"" + campaignService + "\"}}}").getBytes()));
        write = context.getEndpoint("mock:apisync-write", MockEndpoint.class);
        write.whenAnyExchangeReceived(e -> {
            e.setProperty(EgressResponse.STATUS, 201);
            e.getMessage().setBody("{\"data\": {\"id\": \"s-1\", \"type\": \"ad-sets\"}}".getBytes());
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aSpecShapedAdSetIsSentInSnakeCaseAfterReadingItsCampaignsService() throws Exception {
        read.expectedHeaderReceived(Exchange.HTTP_PATH, "/campaigns/c-1");
        write.expectedHeaderReceived(Exchange.HTTP_PATH, "/ad-sets");
        write.expectedHeaderReceived(Exchange.HTTP_METHOD, "POST");
        JsonNode outcome = syncOne(ApisyncValidatorTest.SPEC_AD_SET);
        MockEndpoint.assertIsSatisfied(read, write);
        JsonNode sent = Json.MAPPER.readTree(write.getReceivedExchanges().get(0).getIn().getBody(String.class)).path("data");
        assertFalse(sent.path("attributes").has("service"), "APISync copies it from the campaign");
        assertEquals("kilometer", sent.path("attributes").path("service_configurations").path("geo_locations")
                .path("custom_locations").get(0).path("distance_unit").asText());
        assertEquals("c-1", sent.path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
        assertEquals("s-1", outcome.path("id").asText());
        assertEquals("my-custom-id", outcome.path("reference_id").asText());
    }

    @Test
    void aFacebookAdSetWithoutGeoLocationsFailsForGoodWithoutBeingSent() throws Exception {
        ObjectNode noGeo = (ObjectNode) Json.MAPPER.readTree(ApisyncValidatorTest.SPEC_AD_SET);
        ((ObjectNode) noGeo.path("service-configurations")).remove("geo-locations");
        noGeo.putObject("campaign").put("id", "c-1");
        read.expectedMessageCount(1);
        write.expectedMessageCount(0);
        JsonNode outcome = syncOne(noGeo.toString());
        MockEndpoint.assertIsSatisfied(read, write);
        assertEquals("failed", outcome.path("outcome").asText(), outcome.toString());
        assertTrue(outcome.path("errors").get(0).asText().contains("facebook-ads ad sets need geo_locations"), outcome.toString());
        String letter = outcome.path("dead_letter").asText();
        assertTrue(Files.exists(dir.resolve("dead-letter/apisync").resolve(letter + ".json")), "the dead letter " + letter + " is written");
    }

    @Test
    void aGoogleAdSetWithBudgetAndTargetingFailsForGood() throws Exception {
        campaignService = "google-ads";
        write.expectedMessageCount(0);
        JsonNode outcome = syncOne(ApisyncValidatorTest.SPEC_AD_SET);
        MockEndpoint.assertIsSatisfied(write);
        assertEquals("failed", outcome.path("outcome").asText(), outcome.toString());
        assertTrue(outcome.path("errors").get(0).asText()
                .startsWith("ad set my-custom-id breaks the rules of google-ads, the service of its campaign c-1"), outcome.toString());
    }

    @Test
    void anAdSetNamingItsServiceIsSentWithoutReadingTheCampaign() throws Exception {
        read.expectedMessageCount(0);
        write.expectedMessageCount(1);
        JsonNode outcome = syncOne(ApisyncValidatorTest.SPEC_AD_SET.replace("\"state\"", "\"service\": \"facebook-ads\", \"state\""));
        MockEndpoint.assertIsSatisfied(read, write);
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
    }

    @Test
    void aRecordNamingItsIdIsUpdatedWithTheSpecsMethodAndOnlyWhatTheUpdateTakes() throws Exception {
        write.expectedHeaderReceived(Exchange.HTTP_METHOD, "PUT");
        write.expectedHeaderReceived(Exchange.HTTP_PATH, "/ad-sets/s-9");
        write.whenAnyExchangeReceived(e -> {
            e.setProperty(EgressResponse.STATUS, 200);
            e.getMessage().setBody("{\"data\": {\"id\": \"s-9\", \"type\": \"ad-sets\"}}".getBytes());
        });
        JsonNode outcome = syncOne(ApisyncValidatorTest.SPEC_AD_SET.replace("\"reference_id\"", "\"id\": \"s-9\", \"reference_id\""));
        MockEndpoint.assertIsSatisfied(write);
        JsonNode sent = Json.MAPPER.readTree(write.getReceivedExchanges().get(0).getIn().getBody(String.class)).path("data");
        assertFalse(sent.has("relationships"));
        assertFalse(sent.path("attributes").has("bids"), "bids are create-only");
        assertEquals("updated", outcome.path("outcome").asText(), outcome.toString());
    }

    @Test
    void aFailedRecordsOutcomeIsSavedBeforeTheNextRecordOfItsRequestInTheSameRound() throws Exception {
        ObjectNode noGeo = (ObjectNode) Json.MAPPER.readTree(ApisyncValidatorTest.SPEC_AD_SET);
        ((ObjectNode) noGeo.path("service-configurations")).remove("geo-locations");
        String id = requests.accept(ApisyncResource.AD_SETS, List.of(noGeo, Json.MAPPER.readTree(ApisyncValidatorTest.SPEC_AD_SET)), "test");
        drain.add(id);
        context.createProducerTemplate().sendBody("direct:apisync-drain", null);
        JsonNode result = result(id);
        assertEquals("done", result.path("status").asText(), "both records in one round: " + result);
        assertEquals(List.of("failed", "created"),
                List.of(result.path("records").get(0).path("outcome").asText(), result.path("records").get(1).path("outcome").asText()));
    }

    @Test
    void aRecordWhoseOutcomeCannotBeSavedStaysQueuedForALaterRound() throws Exception {
        write.whenExchangeReceived(1, e -> {
            throw new StorageException("Cannot write the outcome", new IOException("No space left on device"));
        });
        String id = requests.accept(ApisyncResource.INVENTORY_ITEMS, List.of(Json.MAPPER.readTree(
                "{\"reference_id\": \"sku-1\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\"}")), "test");
        drain.add(id);
        context.createProducerTemplate().sendBody("direct:apisync-drain", null);
        assertEquals("pending", result(id).path("status").asText(), "no outcome, no dead letter");
        assertFalse(Files.exists(dir.resolve("dead-letter/apisync")));
        context.createProducerTemplate().sendBody("direct:apisync-drain", null);
        assertEquals("created", result(id).path("records").get(0).path("outcome").asText());
    }

    /** One record stored as a request, one round of the drain; its outcome as saved in the request's results. */
    private JsonNode syncOne(String record) throws Exception {
        String id = requests.accept(ApisyncResource.AD_SETS, List.of(Json.MAPPER.readTree(record)), "test");
        drain.add(id);
        context.createProducerTemplate().sendBody("direct:apisync-drain", null);
        JsonNode result = result(id);
        assertEquals("done", result.path("status").asText(), result.toString());
        return result.path("records").get(0);
    }

    /** A request's outcome as written and answered. */
    private JsonNode result(String id) {
        return Json.MAPPER.valueToTree(requests.outcome(id).orElseThrow());
    }
}
