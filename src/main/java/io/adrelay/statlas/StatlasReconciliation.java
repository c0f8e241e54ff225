package io.adrelay.statlas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Flow;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;

/**
 * The steps of routes/statlas-reconcile-batches.camel.yaml (bean statlasReconciliation): the paging
 * of GET /batches per status, its batches named one by one, and the run's summary.
 */
public class StatlasReconciliation {

    private final int pageSize;

    StatlasReconciliation(int pageSize) {
        this.pageSize = pageSize;
    }

    /** The statuses to page through (comma-separated) as a list; the run's progress starts. */
    public List<String> start(String statuses, Exchange e) {
        List<String> list = Arrays.stream(statuses.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        e.setProperty(StatlasHeaders.RECONCILE, new ReconcileProgress(list, pageSize));
        return list;
    }

    /** The loop's condition: the status has another page. */
    public boolean more(Exchange e) {
        return progress(e).more(status(e));
    }

    /** The call of the status's next page: GET /batches?status=&limit=&offset=. */
    public void nextPage(Exchange e) {
        e.getIn().setHeader(Exchange.HTTP_METHOD, "GET");
        e.getIn().setHeader(Exchange.HTTP_PATH, "/batches");
        e.getIn().setHeader(Exchange.HTTP_QUERY, "status=" + status(e) + "&limit=" + pageSize + "&offset=" + progress(e).offset(status(e)));
        e.getIn().setBody(null);
    }

    /** The page's batches, the page counted. */
    public List<JsonNode> paged(Exchange e) {
        JsonNode page = EgressCall.json(e);
        List<JsonNode> batches = new ArrayList<>();
        page.path("data").forEach(batches::add);
        progress(e).paged(status(e), page.path("pagination").path("total").asInt(), batches.size());
        return batches;
    }

    /** One batch of a page, named as statlas-fetch-batch takes it. */
    public void name(JsonNode batch, Exchange e) {
        e.getIn().setHeader(StatlasHeaders.BATCH_ID, batch.path("id").asText());
        e.getIn().setHeader(StatlasHeaders.SHOP, batch.path("shop").asText());
    }

    /** A batch adrelay did not know, counted for the summary. */
    public void pickedUp(Exchange e) {
        progress(e).pickedUp();
    }

    /** The run's summary. */
    public void outcome(Exchange e) {
        e.setProperty(Flow.OUTCOME, progress(e).outcome());
    }

    private static ReconcileProgress progress(Exchange e) {
        return e.getProperty(StatlasHeaders.RECONCILE, ReconcileProgress.class);
    }

    private static String status(Exchange e) {
        return e.getProperty(StatlasHeaders.STATUS, String.class);
    }
}
