package io.adrelay.snap.dpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.snap.SnapCatalogs;
import io.adrelay.snap.SnapDeclaration;
import io.adrelay.snap.SnapResponse;
import org.apache.camel.Exchange;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;

/**
 * What a declared product set holds at Snap, by the spec's Product Search with the set's filter (bean
 * productSetSearch): the operator's preview (GET /ops/snap/product-sets/{catalog}/{set}/preview,
 * snap/SnapOpsRoutes) and the DPA provisioning's count of products per set (its route's last split).
 */
public final class ProductSetSearch {

    /** The spec's smallest page of Product Search. */
    static final int FIRST_PAGE = 50;
    /** Exchange properties: the catalog and the declared set a preview is about (the call clears the request's headers). */
    private static final String CATALOG = "AdrelaySnapPreviewCatalog";
    private static final String SET = "AdrelaySnapPreviewSet";

    private final SnapCatalogs catalogs;

    public ProductSetSearch(SnapCatalogs catalogs) {
        this.catalogs = catalogs;
    }

    /** The preview's search: the declared set (404 if none), its catalog at Snap (409 if not yet), its filter. */
    public void previewRequest(Exchange exchange) {
        String catalogKey = exchange.getIn().getHeader("catalog", String.class);
        SnapDeclaration.ProductSet set = declared(catalogKey, exchange.getIn().getHeader("set", String.class));
        if (catalogs.catalogId(catalogKey) == null) {
            throw new RequestRejectedException(409, "catalog " + catalogKey + " is declared but not provisioned at Snap yet");
        }
        exchange.setProperty(CATALOG, catalogKey);
        exchange.setProperty(SET, set);
        search(exchange, catalogKey, set);
    }

    /** The count's search of a set a DPA run uses (its catalog is at Snap). */
    public void countRequest(Exchange exchange) {
        DpaProvisioning.UsedSet used = exchange.getProperty(DpaProvisioning.USED_SET, DpaProvisioning.UsedSet.class);
        search(exchange, used.catalog(), declared(used.catalog(), used.name()));
    }

    /** The ops answer: the set, its filter, the total and the first page of matching products. */
    public void preview(Exchange exchange) {
        String catalogKey = exchange.getProperty(CATALOG, String.class);
        SnapDeclaration.ProductSet set = exchange.getProperty(SET, SnapDeclaration.ProductSet.class);
        String setName = set.name();
        JsonNode page = EgressCall.json(exchange);
        List<JsonNode> products = new ArrayList<>();
        page.path("products").forEach(item -> products.add(item.path("product")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("catalog", catalogKey);
        answer.put("product_set", setName);
        answer.put("product_set_id", catalogs.productSetId(catalogKey, setName));
        answer.put("filter", set.filter());
        answer.put("total", total(page));
        answer.put("total_relation", page.path("summary").path("total_products").path("relation").asText("EQ"));
        answer.put("products", products);
        answer.put("more", !page.path("paging").path("next_link").asText("").isEmpty());
        WebhookResponses.reply(exchange, 200, answer);
    }

    /** Snap did not answer the search, after the retries every call gets: 502 with Snap's own error. */
    public void unanswered(Exchange exchange) {
        SnapResponse.unanswered(exchange, "the product search");
    }

    /** POST /catalogs/{id}/products/search: the first page of the set's filter. */
    private void search(Exchange exchange, String catalogKey, SnapDeclaration.ProductSet set) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("limit", FIRST_PAGE);
        if (set.filter() != null) {
            body.set("filter", set.filter());
        }
        EgressCall.request(exchange, "POST", "/catalogs/" + catalogs.catalogId(catalogKey) + "/products/search", null, body.toString());
    }

    private SnapDeclaration.ProductSet declared(String catalogKey, String setName) {
        SnapDeclaration.Catalog catalog = catalogs.declaration().catalog(catalogKey);
        if (catalog == null) {
            throw new RequestRejectedException(404, "no catalog " + catalogKey + " is declared (routes/snap-catalogs.yaml)");
        }
        return catalog.productSets().stream().filter(s -> s.name().equals(setName)).findFirst()
                .orElseThrow(() -> new RequestRejectedException(404, "catalog " + catalogKey + " declares no product set " + setName));
    }

    static long total(JsonNode page) {
        return page.path("summary").path("total_products").path("count").asLong();
    }
}
