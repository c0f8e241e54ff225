package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.ApiError;
import io.adrelay.common.egress.EgressResponse;
import io.adrelay.common.egress.RetryPolicy;
import io.adrelay.common.egress.SentEffects;
import io.adrelay.common.intake.WebhookIntake;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.references.FileReferenceStore;
import io.adrelay.common.storage.deadletters.DeadLetterCounter;
import io.adrelay.common.storage.deadletters.DeadLetterStore;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.documents.FileDocumentStore;

/**
 * routes/apisync-sync-record.camel.yaml as an operator reads it, its calls to APISync woven to mock endpoints
 * (AdviceWith on the route's egress steps): each kind of record takes its branch and makes its calls in order; an
 * update its PUT or PATCH, a create its POST named as an effect (looked for by reference_id should its answer be
 * lost), a parent named by reference_id looked for page by page, an ad set naming no service its campaign read first.
 */
class ApisyncSyncRecordRouteTest {

    static final String NEXT_PAGE = "https://api.apisync.test/ad-sets?page[number]=2";
    static final String AD = "{\"reference_id\": \"beach\", \"ad_type\": \"image_with_link\", \"state\": \"active\","
            + " \"destination_url\": \"https://example.com\", \"ad_set\": {\"reference_id\": \"%s\"},"
            + " \"creative\": {\"story\": {\"link_data\": {\"link\": \"https://example.com\", \"message\": \"Beach house\"}}}}";

    @TempDir
    Path dir;
    final DefaultCamelContext context = new DefaultCamelContext();
    /** Every call the route made, in order: "GET /campaigns/c-1", "POST /ad-sets". */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** The service of campaign c-1 as APISync answers it. */
    String campaignService = "facebook-ads";
    /** Writes APISync answers 429 before taking one. */
    final AtomicInteger refusals = new AtomicInteger();
    ApisyncRequests requests;
    ApisyncDrain drain;
    ApisyncReferences references;
    MockEndpoint write;

    @BeforeEach
    void routes() throws Exception {
        DataDirectory data = new DataDirectory(dir);
        requests = new ApisyncRequests(new FileIntakeStore(data.state("apisync").resolve("requests")),
                new FileDocumentStore(data.root().resolve("state")), data);
        drain = new ApisyncDrain(requests, new DiskSpace(dir, 0));
        references = new ApisyncReferences(new FileReferenceStore(data.root().resolve("state")));
        references.remember("campaigns", "xmas", "c-1");
        context.getRegistry().bind("retryPolicy", new RetryPolicy(2, 1, 1));
        context.getRegistry().bind("deadLetterStore", new DeadLetterStore(new FileDeadLetters(data.deadLetters()), new DeadLetterCounter(context)));
        context.getRegistry().bind("apisyncOutcomes", new ApisyncOutcomes(requests, drain, new WebhookIntake("apisync", "s", null, null, 1, 1)));
        context.getRegistry().bind("apisyncRecordSync", new ApisyncRecordSync(references));
        context.addRoutes(new RouteConfigurations());
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/apisync-sync-record.camel.yaml"));
        AdviceWith.adviceWith(context, "apisync-sync-record", a -> {
            // a read's answer goes into a variable (the record stays the message): intercepted at its endpoint, the step stays as written
            a.interceptSendToEndpoint("direct:apisync-egress-read").skipSendToOriginalEndpoint().to("mock:apisync-read");
            a.weaveByToUri("direct:apisync-egress-write").replace().to("mock:apisync-write");
        });
        context.getEndpoint("mock:apisync-read", MockEndpoint.class).whenAnyExchangeReceived(this::answerRead);
        write = context.getEndpoint("mock:apisync-write", MockEndpoint.class);
        write.whenAnyExchangeReceived(this::answerWrite);
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void anInventoryItemIsPostedAsAnEffectThatIsLookedForByReferenceShouldItsAnswerBeLost() throws Exception {
        JsonNode outcome = sync(ApisyncResource.INVENTORY_ITEMS,
                "{\"reference_id\": \"sku-1\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\"}");
        assertEquals(List.of("POST /inventory-items"), calls);
        Exchange post = write.getReceivedExchanges().get(0);
        assertEquals("apisync POST /inventory-items sku-1", post.getIn().getHeader(SentEffects.EFFECT));
        assertEquals("direct:apisync-find-by-reference", post.getIn().getHeader(SentEffects.CHECK));
        assertEquals("sku-1", sent(0).path("attributes").path("reference_id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
        assertEquals("new-1", outcome.path("id").asText());
    }

    @Test
    void aRecordNamingItsIdIsUpdatedWithTheSpecsMethodAndNamesNoEffect() throws Exception {
        JsonNode ad = sync(ApisyncResource.ADS, "{\"id\": \"a-9\", \"state\": \"paused\"}");
        JsonNode campaign = sync(ApisyncResource.CAMPAIGNS, "{\"id\": \"c-9\", \"state\": \"paused\", \"title\": \"Xmas\"}");
        assertEquals(List.of("PATCH /ads/a-9", "PUT /campaigns/c-9"), calls);
        for (Exchange update : write.getReceivedExchanges()) {
            assertNull(update.getIn().getHeader(SentEffects.EFFECT), "an update changes nothing when sent twice");
        }
        assertEquals("updated", ad.path("outcome").asText(), ad.toString());
        assertEquals("a-9", ad.path("id").asText());
        assertEquals("updated", campaign.path("outcome").asText(), campaign.toString());
    }

    @Test
    void aCampaignNamingItsAdAccountIsPostedWithoutAnyRead() throws Exception {
        JsonNode outcome = sync(ApisyncResource.CAMPAIGNS, "{\"reference_id\": \"spring\", \"service\": \"facebook-ads\","
                + " \"state\": \"active\", \"ad_account\": {\"id\": \"act_1001\"}}");
        assertEquals(List.of("POST /campaigns"), calls);
        assertEquals("act_1001", sent(0).path("relationships").path("ad_account").path("data").path("id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
    }

    @Test
    void anAdWhoseAdSetIsNamedByReferenceLooksForItPageByPageThenIsPostedUnderIt() throws Exception {
        JsonNode outcome = sync(ApisyncResource.ADS, AD.formatted("houses"));
        assertEquals(List.of("GET /ad-sets", "GET /ad-sets?page%5Bnumber%5D=2", "POST /ads"), calls);
        assertEquals("s-7", sent(0).path("relationships").path("ad_set").path("data").path("id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
        assertEquals("s-7", references.idOf("ad-sets", "houses").orElseThrow(), "found once, remembered");
    }

    @Test
    void aParentNoPageListsFailsForGoodAndNothingIsPosted() throws Exception {
        JsonNode outcome = sync(ApisyncResource.ADS, AD.formatted("nowhere"));
        assertEquals(List.of("GET /ad-sets", "GET /ad-sets?page%5Bnumber%5D=2"), calls);
        assertEquals("failed", outcome.path("outcome").asText(), outcome.toString());
        assertTrue(outcome.path("errors").get(0).asText().contains("ad_set with reference_id nowhere is not in APISync yet"), outcome.toString());
    }

    @Test
    void anAdSetNamingNoServiceReadsItsCampaignFirst() throws Exception {
        JsonNode outcome = sync(ApisyncResource.AD_SETS, ApisyncValidatorTest.SPEC_AD_SET);
        assertEquals(List.of("GET /campaigns/c-1", "POST /ad-sets"), calls);
        assertEquals("c-1", sent(0).path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
    }

    @Test
    void anAdSetNamingNoServiceWhoseCampaignWasJustListedIsNotReadAgain() throws Exception {
        JsonNode outcome = sync(ApisyncResource.AD_SETS, ApisyncValidatorTest.SPEC_AD_SET.replace("\"xmas\"", "\"summer\""));
        assertEquals(List.of("GET /campaigns", "POST /ad-sets"), calls);
        assertEquals("c-2", sent(0).path("relationships").path("campaign").path("data").path("id").asText());
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
    }

    @Test
    void anAdSetBreakingTheRulesOfItsCampaignsServiceIsNeverPosted() throws Exception {
        campaignService = "google-ads";
        JsonNode outcome = sync(ApisyncResource.AD_SETS, ApisyncValidatorTest.SPEC_AD_SET);
        assertEquals(List.of("GET /campaigns/c-1"), calls);
        assertEquals("failed", outcome.path("outcome").asText(), outcome.toString());
        assertTrue(outcome.path("errors").get(0).asText().contains("breaks the rules of google-ads"), outcome.toString());
    }

    @Test
    void anAdSetNamingItsServiceIsPostedWithoutReadingItsCampaign() throws Exception {
        sync(ApisyncResource.AD_SETS, ApisyncValidatorTest.SPEC_AD_SET.replace("\"state\"", "\"service\": \"facebook-ads\", \"state\""));
        assertEquals(List.of("POST /ad-sets"), calls);
    }

    @Test
    void aRefusedPostIsRetriedAloneAsItWasShapedAndTheParentIsNotLookedForAgain() throws Exception {
        refusals.set(1);
        JsonNode outcome = sync(ApisyncResource.ADS, AD.formatted("houses"));
        assertEquals(List.of("GET /ad-sets", "GET /ad-sets?page%5Bnumber%5D=2", "POST /ads", "POST /ads"), calls);
        assertEquals(sent(0), sent(1), "the same request");
        assertEquals("apisync POST /ads beach", write.getReceivedExchanges().get(1).getIn().getHeader(SentEffects.EFFECT));
        assertEquals("created", outcome.path("outcome").asText(), outcome.toString());
    }

    /** One record stored as a request and synced by the route; its outcome as saved in the request's results. */
    private JsonNode sync(ApisyncResource resource, String record) throws Exception {
        String id = requests.accept(resource, List.of(Json.MAPPER.readTree(record)), "test");
        drain.add(id);
        context.createProducerTemplate().send("direct:apisync-sync-record", e -> {
            e.getIn().setHeaders(Map.of(ApisyncNames.TRACKING_ID, id, ApisyncNames.RESOURCE, resource.path, ApisyncNames.INDEX, 0));
            e.getIn().setBody(record);
        });
        JsonNode result = Json.MAPPER.valueToTree(requests.outcome(id).orElseThrow());
        assertEquals("done", result.path("status").asText(), result.toString());
        return result.path("records").get(0);
    }

    /** The data of the n-th write's document. */
    private JsonNode sent(int n) throws Exception {
        return Json.MAPPER.readTree(write.getReceivedExchanges().get(n).getIn().getBody(String.class)).path("data");
    }

    /** APISync's lists and records: ad set "houses" on the second page of /ad-sets, campaign "summer" on the first of /campaigns. */
    private void answerRead(Exchange e) {
        String path = e.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        String query = e.getIn().getHeader(Exchange.HTTP_QUERY, String.class);
        calls.add("GET " + path + (query == null ? "" : "?" + query));
        String answer = switch (path + (query == null ? "" : "?" + query)) {
            case "/campaigns/c-1" -> "{\"data\": {\"id\": \"c-1\", \"type\": \"campaigns\", \"attributes\": {\"reference_id\": \"xmas\","
                    + " \"service\": \"" + campaignService + "\"}}}";
            case "/campaigns" -> "{\"data\": [{\"id\": \"c-2\", \"type\": \"campaigns\", \"attributes\": {\"reference_id\": \"summer\","
                    + " \"service\": \"facebook-ads\"}}], \"links\": {}}";
            case "/ad-sets" -> "{\"data\": [{\"id\": \"s-0\", \"type\": \"ad-sets\", \"attributes\": {\"reference_id\": \"other\"}}],"
                    + " \"links\": {\"next\": \"" + NEXT_PAGE + "\"}}";
            case "/ad-sets?page%5Bnumber%5D=2" -> "{\"data\": [{\"id\": \"s-7\", \"type\": \"ad-sets\", \"attributes\":"
                    + " {\"reference_id\": \"houses\"}}], \"links\": {}}";
            default -> throw new IllegalStateException("no such page: " + path + "?" + query);
        };
        e.setProperty(EgressResponse.STATUS, 200);
        e.getMessage().setBody(answer.getBytes());
    }

    /** A write: 429 while refusals last, then 201 with a new id for a POST, 200 for an update. */
    private void answerWrite(Exchange e) {
        String method = e.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = e.getIn().getHeader(Exchange.HTTP_PATH, String.class);
        calls.add(method + " " + path);
        if (refusals.getAndDecrement() > 0) {
            throw new ApiCallException("apisync", new ApiError(429, "too_many_requests", "slow down", ""), true, Duration.ZERO);
        }
        boolean create = "POST".equals(method);
        e.setProperty(EgressResponse.STATUS, create ? 201 : 200);
        e.getMessage().setBody(("{\"data\": {\"id\": \"" + (create ? "new-1" : path.substring(path.lastIndexOf('/') + 1)) + "\"}}").getBytes());
    }
}
