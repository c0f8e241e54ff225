package io.adrelay.statlas;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.Json;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.RouteConfigurationDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.storage.documents.FileDocumentStore;

/**
 * routes/statlas-reconcile-batches.camel.yaml as operators ship it: the split over statuses, the
 * paging loop and the filter of known batches, with Statlas and fetch-batch woven to mocks.
 */
class StatlasReconcileBatchesTest extends CamelTestSupport {

    private static final Pattern QUERY = Pattern.compile("status=(\\w+)&limit=2&offset=(\\d+)");

    @TempDir
    Path state;

    @Override
    public void configureTest(TestExecutionConfiguration configuration) {
        super.configureTest(configuration);
        configuration.withUseAdviceWith(true);
    }

    @Test
    void pagesEachStatusAndFetchesOnlyTheUnknownBatches() throws Exception {
        StatlasBatchRegistry registry = new StatlasBatchRegistry(new FileDocumentStore(state));
        registry.record(batch("S1"));
        context.getRegistry().bind("statlasReconciliation", new StatlasReconciliation(2));
        context.getRegistry().bind("statlasBatches", new StatlasBatches(registry));
        // the route names its error handling by id; here a failure is the test's failure (a definition, not a builder
        // class: camel-main's package scan would take a builder in io.adrelay for the application's)
        RouteConfigurationDefinition httpApi = new RouteConfigurationDefinition();
        httpApi.setId("http-api");
        context.addRouteConfiguration(httpApi);
        PluginHelper.getRoutesLoader(context).loadRoutes(ResourceHelper.resolveResource(context, "file:routes/statlas-reconcile-batches.camel.yaml"));
        AdviceWith.adviceWith(context, "statlas-reconcile-batches", a -> {
            a.replaceFromWith("direct:reconcile");
            a.weaveByToUri("direct:statlas-egress-get").replace().to("mock:statlas-get");
            a.weaveByToUri("direct:statlas-fetch-batch").replace().to("mock:fetch-batch");
        });
        context.start();

        // Statlas has five submitted batches (pages of two) and one in production, which adrelay knows
        MockEndpoint statlas = getMockEndpoint("mock:statlas-get");
        statlas.whenAnyExchangeReceived(this::page);
        statlas.expectedHeaderValuesReceivedInAnyOrder(Exchange.HTTP_QUERY,
                "status=submitted&limit=2&offset=0", "status=submitted&limit=2&offset=2", "status=submitted&limit=2&offset=4",
                "status=in_production&limit=2&offset=0");
        MockEndpoint fetch = getMockEndpoint("mock:fetch-batch");
        fetch.expectedHeaderValuesReceivedInAnyOrder(StatlasHeaders.BATCH_ID, "S0", "S2", "S3", "S4");
        fetch.expectedHeaderValuesReceivedInAnyOrder(StatlasHeaders.SHOP, "shop", "shop", "shop", "shop");

        Exchange run = template.send("direct:reconcile", e -> { });

        MockEndpoint.assertIsSatisfied(context);
        assertEquals(4, statlas.getReceivedCounter(), "no page read twice, none after the last");
        assertEquals("4 batch(es) picked up", run.getProperty(Flow.OUTCOME), String.valueOf(run.getException()));
    }

    /** GET /batches as Statlas answers it: submitted S0..S4, in_production S1 (moved on). */
    private void page(Exchange e) {
        Matcher query = QUERY.matcher(e.getIn().getHeader(Exchange.HTTP_QUERY, String.class));
        if (!query.matches()) {
            throw new IllegalArgumentException("unexpected query " + e.getIn().getHeader(Exchange.HTTP_QUERY));
        }
        List<String> ids = "submitted".equals(query.group(1)) ? List.of("S0", "S1", "S2", "S3", "S4") : List.of("S1");
        int offset = Integer.parseInt(query.group(2));
        ObjectNode page = Json.MAPPER.createObjectNode();
        ArrayNode data = page.putArray("data");
        ids.subList(Math.min(offset, ids.size()), Math.min(offset + 2, ids.size())).forEach(id -> data.add(batch(id)));
        page.putObject("pagination").put("total", ids.size()).put("limit", 2).put("offset", offset);
        e.getMessage().setBody(page.toString());
    }

    private static ObjectNode batch(String id) {
        return Json.MAPPER.createObjectNode().put("id", id).put("shop", "shop").put("status", "submitted");
    }
}
