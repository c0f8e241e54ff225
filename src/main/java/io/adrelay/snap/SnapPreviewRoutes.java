package io.adrelay.snap;

import java.io.IOException;

import io.adrelay.ops.OpsRestRoutes;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestParamType;
import io.adrelay.common.egress.ApiCallException;
import io.adrelay.common.egress.RetryPolicy;

/**
 * GET /ops/snap/product-sets/{catalog}/{set}/preview (REST DSL, ops token): what a declared product set
 * holds at Snap, by the spec's Product Search, so an operator sees what an ad squad will advertise before
 * activating it. Here rather than in ops: it exists only when the Snap flow runs (routes snap-*).
 */
public class SnapPreviewRoutes extends RouteBuilder {

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
    }
}
