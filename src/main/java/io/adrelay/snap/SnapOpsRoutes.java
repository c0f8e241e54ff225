package io.adrelay.snap;

import java.io.IOException;

import io.adrelay.ops.OpsRestRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.RetryPolicy;

/**
 * Snap's ops paths (REST DSL, ops token), here rather than in ops: they exist only when the Snap flow runs (routes
 * snap-*). GET /ops/snap/product-sets/{catalog}/{set}/preview: what a declared product set holds at Snap, by the
 * spec's Product Search, so an operator sees what an ad squad will advertise before activating it.
 * POST /ops/snap/plan: what provisioning the declarations would do at Snap, object by object, before it does it.
 * GET /ops/snap/state: what adrelay holds of Snap (the last DPA run, each feed's last upload), read without asking Snap.
 */
public class SnapOpsRoutes extends RouteBuilder {

    @Override
    public void configure() {
        OpsRestRoutes.guarded(rest("/ops/snap").description("What Snap holds for the declarations")
                .get("/product-sets/{catalog}/{set}/preview").routeId("snap-preview-product-set")
                .description("The products a declared product set matches at Snap (Product Search with the set's filter):"
                        + " the total and the first page of 50.")
                .param().name("catalog").type(RestParamType.path).required(true).description("a catalog key of routes/snap-catalogs.yaml").endParam()
                .param().name("set").type(RestParamType.path).required(true).description("a product set name of that catalog (URL-encoded)").endParam()
                .responseMessage("200", "{catalog, product_set, product_set_id, filter, total, total_relation, products: [...], more}")
                .responseMessage("404", "no such catalog or product set declared: {\"error\": ...}")
                .responseMessage("409", "the catalog is not provisioned at Snap yet: {\"error\": ...}")
                .responseMessage("502", "Snap did not answer the search: {\"error\": ...}"))
                .to("direct:snap-preview-product-set");
        OpsRestRoutes.guarded(rest("/ops/snap").post("/plan").routeId("snap-plan")
                .description("What provisioning both Snap declarations would do, without doing it: per object create,"
                        + " update (each field: at Snap -> declared), unchanged, delete or refused (every problem with its path),"
                        + " and per declaration the summary line the run would log. No body: the saved files;"
                        + " a body: that declaration (snap-catalogs.yaml or snap-campaigns.yaml) in place of its saved file.")
                .responseMessage("200", "{summary: {catalogs, campaigns}, objects: [{declaration, kind, path, action, changes, problems}]}")
                .responseMessage("400", "the body is no Snap declaration: {\"error\": ...}")
                .responseMessage("413", "the body is larger than a declaration may be: {\"error\": ...}")
                .responseMessage("502", "Snap did not answer the reads: {\"error\": ...}"))
                .to("direct:snap-plan");

        OpsRestRoutes.guarded(rest("/ops/snap").get("/state").routeId("snap-show-state")
                .description("What adrelay holds of Snap, read only, without asking Snap: the last DPA run's objects"
                        + " (state/snap/campaigns.json: kind, path, Snap id, status, review status, outcome, the reason of what was"
                        + " refused or skipped), per declared feed its upload in progress and its last one (status, when, items"
                        + " errored, Snap's issues by code), per declared product set its Snap id and the path of its preview.")
                .responseMessage("200", "{campaigns: {provisioned_at, summary, objects, product_sets} or null, feeds: [{feed, catalog,"
                        + " feed_id, uploading, last_upload}], product_sets: [{catalog, product_set, product_set_id, products_at_last_run, preview}]}"))
                .to("direct:snap-show-state");

        from("direct:snap-show-state").routeId("snap-show-state-core").routeConfigurationId("webhook")
                .bean("opsAuthorization", "authorise")
                .bean("snapStateView", "state");

        from("direct:snap-preview-product-set").routeId("snap-preview-product-set-core").routeConfigurationId("webhook")
                // the search is retried like every call (429 with Retry-After, 5xx, timeouts); after the retries,
                // 502 with Snap's own error
                .onException(ApiCallException.class, IOException.class)
                    // a predicate, not a bean expression: the policy reads the failure off the exchange itself
                    .retryWhile(getContext().getRegistry().findSingleByType(RetryPolicy.class)::shouldRetry)
                    .logRetryAttempted(false).logExhausted(false).logStackTrace(false).logHandled(false)
                    .handled(true)
                    .bean("productSetSearch", "unanswered")
                .end()
                .bean("opsAuthorization", "authorise")
                // POST /catalogs/{id}/products/search with the set's filter
                .bean("productSetSearch", "previewRequest")
                .to("direct:snap-egress-call")
                .bean("productSetSearch", "preview");

        from("direct:snap-plan").routeId("snap-plan-core").routeConfigurationId("webhook")
                // the reads are retried by the provisioning routes like every call; after the retries, 502 with Snap's error
                .onException(ApiCallException.class, IOException.class)
                    .handled(true).logExhausted(false).logStackTrace(false).logHandled(false)
                    .bean("snapPlanning", "unanswered")
                .end()
                .bean("opsAuthorization", "authorise")
                // the provisioning routes themselves, as a dry run: they read Snap and decide; they send and write nothing
                .bean("snapPlanning", "catalogs")
                .filter(body().isNotNull())
                    .to("direct:snap-provision-catalogs-apply")
                    .bean("snapPlanning", "campaigns")
                    .filter(body().isNotNull())
                        .bean("dpaProvisioning", "planRun")
                        .to("direct:snap-provision-campaigns-apply")
                    .end()
                .end()
                .bean("snapPlanning", "answer");
    }
}
