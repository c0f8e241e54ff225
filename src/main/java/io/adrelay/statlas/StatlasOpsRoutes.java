package io.adrelay.statlas;

import io.adrelay.ops.OpsRestRoutes;
import org.apache.camel.builder.RouteBuilder;

/**
 * Statlas's ops path (REST DSL, ops token), here rather than in ops: it exists only when the Statlas flow runs (routes
 * statlas-*). GET /ops/statlas/batches: the open batches with each ad's readiness in Drive, read without asking anyone.
 */
public class StatlasOpsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        OpsRestRoutes.guarded(rest("/ops/statlas").description("What adrelay knows of Statlas batches")
                .get("/batches").routeId("statlas-list-batches")
                .description("The open batches of the registry (still in production, or with a revision asked for): status, go-live"
                        + " date, a pause and its reason, the last Drive poll (when, what it decided) and per ad its readiness in"
                        + " Drive as that poll saw it (assets of the ad's kind, copy.json, ready, unchanged since the poll before).")
                .responseMessage("200", "{batches: [{batch_id, batch_code, shop, status, go_live_date, paused, polled_at, decision,"
                        + " ads: [{ad_no, ad_code, ad_type, status, revision_requested, folder_url, assets, copy, ready, stable}]}]}"))
                .to("direct:statlas-list-batches");

        from("direct:statlas-list-batches").routeId("statlas-list-batches-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("statlasBatchView", "batches");
    }
}
