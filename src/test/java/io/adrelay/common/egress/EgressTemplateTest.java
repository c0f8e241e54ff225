package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Flow;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.ledger.FileCallsInDoubt;

/**
 * An egress route made from the template every API's egress is made from (EgressTemplate), its HTTP call woven
 * to a mock: inbound headers cleared before the call (the flow's own kept), the API's auth bean called, the
 * budget, the response checked into the API's error, and the response's headers cleared after it.
 */
class EgressTemplateTest extends CamelTestSupport {

    private static final String URL = "http://127.0.0.1:9/v1";
    private static final long PERIOD_MS = 300;

    @TempDir
    Path data;

    final Authorization authorization = new Authorization();
    final List<Long> calledAt = new CopyOnWriteArrayList<>();

    /** An API's auth, as an egress route's {@code authorize} bean calls it. */
    public static class Authorization {
        final AtomicInteger calls = new AtomicInteger();

        public void json(Exchange e) {
            calls.incrementAndGet();
            e.getIn().setHeader("Authorization", "Bearer api-key-123");
            e.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
    }

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext context = super.createCamelContext();
        context.getRegistry().bind("egressSteps", new EgressSteps(new DiskSpace(data, 0)));
        context.getRegistry().bind("sentEffects", new SentEffects(new FileCallsInDoubt(data.resolve("state/egress/sent")), Duration.ofSeconds(1)));
        context.getRegistry().bind("egressResponse", new EgressResponse());
        context.getRegistry().bind("egressBudgets", new EgressBudgets());
        context.getRegistry().bind("egressAnswers", new EgressAnswers());
        context.getRegistry().bind("testAuthorization", authorization);
        context.addRoutes(new EgressTemplate());
        context.addRoutes(new LostAnswerCheck());
        TemplatedRouteBuilder.builder(context, EgressTemplate.ID).routeId("test-egress-post")
                .parameter("routeId", "test-egress-post").parameter("api", "test")
                .parameter("requests", "1").parameter("periodMs", String.valueOf(PERIOD_MS))
                .parameter("url", URL).parameter("authorize", "testAuthorization?method=json")
                .add();
        return context;
    }

    @Override
    public boolean isUseAdviceWith() {
        return true;
    }

    /** The API: the call woven to a mock that answers {@code status} with a body and headers of its own. */
    MockEndpoint api(int status, String body, Map<String, Object> headers) throws Exception {
        // the template's call to the API's URL ({{url}}?throwExceptionOnFailure=false in the route's model)
        AdviceWith.adviceWith(context, "test-egress-post", a -> a.weaveByToUri(".*throwExceptionOnFailure=false").replace().to("mock:api"));
        context.start();
        MockEndpoint api = getMockEndpoint("mock:api");
        api.whenAnyExchangeReceived(e -> {
            calledAt.add(System.nanoTime());
            e.getIn().getHeaders().putAll(headers);
            e.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            e.getIn().setBody(body.getBytes(StandardCharsets.UTF_8));
        });
        return api;
    }

    Exchange call() {
        return template.send("direct:test-egress-post", e -> {
            e.getIn().setHeader("X-Forwarded-For", "203.0.113.9");
            e.getIn().setHeader("Authorization", "Bearer what-came-in");
            e.getIn().setHeader(Exchange.HTTP_URI, "http://elsewhere.example/");
            e.getIn().setHeader("AdrelayBatchId", "B1");
            e.getIn().setHeader(Exchange.HTTP_METHOD, "POST");
            e.getIn().setHeader(Exchange.HTTP_PATH, "/batches/B1/deliver");
            e.getIn().setHeader(Exchange.HTTP_QUERY, "shop=s");
            e.getIn().setBody("{\"shop\": \"s\"}");
        });
    }

    @Test
    void headersAreClearedOnTheWayInAndOutAndTheAuthIsTheApis() throws Exception {
        MockEndpoint api = api(200, "{\"success\": true}", Map.of("Set-Cookie", "session=1", "X-RateLimit-Remaining", "29"));

        Exchange done = call();

        assertNull(done.getException());
        Exchange sent = api.getReceivedExchanges().get(0);
        Map<String, Object> headers = sent.getIn().getHeaders();
        assertFalse(headers.containsKey("X-Forwarded-For"), "an inbound header never leaves: " + headers);
        assertFalse(headers.containsKey(Exchange.HTTP_URI), "nor one that would redirect the call");
        assertEquals("Bearer api-key-123", headers.get("Authorization"), "the API's auth, not what came in");
        assertEquals(1, authorization.calls.get());
        assertEquals("B1", headers.get("AdrelayBatchId"), "the flow's parameters stay");
        assertEquals("POST", headers.get(Exchange.HTTP_METHOD));
        assertEquals("/batches/B1/deliver", headers.get(Exchange.HTTP_PATH));
        assertEquals("shop=s", headers.get(Exchange.HTTP_QUERY));
        assertEquals("{\"shop\": \"s\"}", sent.getIn().getBody(String.class));
        assertEquals("POST " + URL + "/batches/B1/deliver?shop=s", done.getProperty(Flow.REQUEST), "the call as a dead letter names it");

        Map<String, Object> after = done.getMessage().getHeaders();
        for (String header : List.of("Set-Cookie", "X-RateLimit-Remaining", "Authorization", Exchange.HTTP_RESPONSE_CODE, Exchange.HTTP_PATH)) {
            assertFalse(after.containsKey(header), header + " must not leak into a file or the next call: " + after);
        }
        assertEquals("B1", after.get("AdrelayBatchId"));
        assertEquals("{\"success\": true}", new String(done.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
        assertEquals(200, done.getProperty(EgressResponse.STATUS));
    }

    @Test
    void aRefusalIsTheApisErrorAndFinal() throws Exception {
        api(422, "{\"success\": false, \"error\": {\"code\": \"ASSET_ACCESS_DENIED\", \"message\": \"share the folder\"}}", Map.of());

        Exchange done = call();

        ApiCallException failure = ApiCallException.in(done.getException());
        assertNotNull(failure, String.valueOf(done.getException()));
        assertEquals(422, failure.error().status());
        assertEquals("ASSET_ACCESS_DENIED", failure.error().code());
        assertFalse(failure.retryable());
    }

    @Test
    void aRateLimitIsRetryableWithTheServersRetryAfter() throws Exception {
        api(429, "{\"error\": \"slow down\"}", Map.of("Retry-After", "7"));

        ApiCallException failure = ApiCallException.in(call().getException());

        assertNotNull(failure);
        assertTrue(failure.retryable());
        assertEquals(Duration.ofSeconds(7), failure.retryAfter());
    }

    @Test
    void theBudgetLetsOneCallThroughPerPeriod() throws Exception {
        api(200, "{}", Map.of());

        int calls = 4;
        for (int i = 0; i < calls; i++) {
            assertNull(call().getException());
        }

        assertEquals(calls, calledAt.size());
        assertEquals(calls, authorization.calls.get(), "authorised once per call");
        // a lower bound only, with room for a busy machine: without the budget the four calls take a few ms
        long spread = calledAt.get(calls - 1) - calledAt.get(0);
        long budget = Duration.ofMillis((calls - 1) * PERIOD_MS - PERIOD_MS / 2).toNanos();
        assertTrue(spread >= budget, calls + " calls within " + spread / 1_000_000 + " ms: more than 1 per " + PERIOD_MS + " ms");
    }
}
