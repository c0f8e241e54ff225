package io.adrelay.apisync;

import io.adrelay.common.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.EgressResponse;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.RetryPolicy;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ad set naming no service is held to its campaign's service, read through the read egress, before it is sent. */
class ApisyncRecordSyncTest {

    @TempDir
    Path dir;
    final DefaultCamelContext context = new DefaultCamelContext();
    /** What reached the egress routes: "GET /campaigns/c-1", "POST /ad-sets {...}". */
    final List<String> calls = new CopyOnWriteArrayList<>();
    String campaignService = "facebook-ads";
    ApisyncRecordSync sync;

    @BeforeEach
    void egress() throws Exception {
        // stand in for the egress routes: campaign c-1 runs on campaignService; every write creates s-1
        RouteBuilder.addRoutes(context, r -> {
            r.from("direct:apisync-egress-read").process(e -> {
                calls.add("GET " + e.getIn().getHeader(Exchange.HTTP_PATH));
                e.getMessage().setBody(("{\"data\": {\"id\": \"c-1\", \"type\": \"campaigns\", \"attributes\":"
                        + " {\"reference_id\": \"xmas\", \"service\": \"" + campaignService + "\"}}}").getBytes());
            });
            r.from("direct:apisync-egress-write").process(e -> {
                calls.add(e.getIn().getHeader(Exchange.HTTP_METHOD) + " " + e.getIn().getHeader(Exchange.HTTP_PATH) + " "
                        + e.getIn().getBody(String.class));
                e.setProperty(EgressResponse.STATUS, 201);
                e.getMessage().setBody("{\"data\": {\"id\": \"s-1\", \"type\": \"ad-sets\"}}".getBytes());
            });
        });
        context.start();
        ApisyncReferences references = new ApisyncReferences(dir);
        references.remember("campaigns", "xmas", "c-1");
        sync = new ApisyncRecordSync(new ApisyncClient(context.createProducerTemplate()), references);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aSpecShapedAdSetIsSentInSnakeCaseAfterReadingItsCampaignsService() throws Exception {
        Exchange exchange = exchange(ApisyncValidatorTest.SPEC_AD_SET);
        sync.process(exchange);
        assertEquals("GET /campaigns/c-1", calls.get(0));
        assertTrue(calls.get(1).startsWith("POST /ad-sets "), calls.toString());
        JsonNode sent = Json.MAPPER.readTree(calls.get(1).substring("POST /ad-sets ".length())).path("data");
        assertFalse(sent.path("attributes").has("service"), "APISync copies it from the campaign");
        assertEquals("kilometer", sent.path("attributes").path("service_configurations").path("geo_locations")
                .path("custom_locations").get(0).path("distance_unit").asText());
        assertEquals("c-1", sent.path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals("created", exchange.getProperty(ApisyncRecordSync.OUTCOME, ObjectNode.class).path("outcome").asText());
    }

    @Test
    void aFacebookAdSetWithoutGeoLocationsFailsForGoodWithoutBeingSent() throws Exception {
        ObjectNode noGeo = (ObjectNode) Json.MAPPER.readTree(ApisyncValidatorTest.SPEC_AD_SET);
        ((ObjectNode) noGeo.path("service-configurations")).remove("geo-locations");
        noGeo.putObject("campaign").put("id", "c-1");
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> sync.process(exchange(noGeo.toString())));
        assertEquals(List.of("facebook-ads ad sets need geo_locations (Facebook requires location targeting on every ad set)"),
                failure.problems());
        assertFalse(RetryPolicy.isRetryable(failure));
        assertEquals(List.of("GET /campaigns/c-1"), calls, "read, never written");
    }

    @Test
    void aGoogleAdSetWithBudgetAndTargetingFailsForGood() {
        campaignService = "google-ads";
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> sync.process(exchange(ApisyncValidatorTest.SPEC_AD_SET)));
        assertEquals(List.of("google-ads takes daily_budget on the campaign, not on the ad set",
                "google-ads takes geo_locations on the campaign, not on the ad set"), failure.problems());
        assertTrue(failure.getMessage().startsWith("ad set my-custom-id breaks the rules of google-ads, the service of its campaign c-1"),
                failure.getMessage());
        assertEquals(1, calls.size());
    }

    @Test
    void anAdSetNamingItsServiceIsSentWithoutReadingTheCampaign() throws Exception {
        sync.process(exchange(ApisyncValidatorTest.SPEC_AD_SET.replace("\"state\"", "\"service\": \"facebook-ads\", \"state\"")));
        assertEquals(1, calls.size());
        assertTrue(calls.get(0).startsWith("POST /ad-sets "), calls.toString());
    }

    private Exchange exchange(String record) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getIn().setHeader(ApisyncRecordSync.RESOURCE, "ad-sets");
        exchange.getIn().setHeader(ApisyncRecordSync.INDEX, 0);
        exchange.getIn().setBody(record);
        return exchange;
    }
}
