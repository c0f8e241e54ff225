package io.adrelay.snap.dpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.ApiCallException;
import io.adrelay.common.EgressFailure;
import io.adrelay.common.Json;
import io.adrelay.common.RequestRejectedException;
import io.adrelay.common.WebhookResponses;
import io.adrelay.snap.SnapApi;
import io.adrelay.snap.SnapCatalogs;
import io.adrelay.snap.SnapDeclaration;
import org.apache.camel.Exchange;

/**
 * What a declared product set holds at Snap, by the spec's Product Search with the set's filter: the
 * operator's preview (GET /ops/snap/product-sets/{catalog}/{set}/preview, bean productSetSearch) and the
 * provisioning's count of products per set.
 */
public final class ProductSetSearch {

    /** The spec's smallest page of Product Search. */
    static final int FIRST_PAGE = 50;

    private final SnapApi api;
    private final SnapCatalogs catalogs;

    public ProductSetSearch(SnapApi api, SnapCatalogs catalogs) {
        this.api = api;
        this.catalogs = catalogs;
    }

    /** The ops answer: the set, its filter, the total and the first page of matching products. */
    public void preview(Exchange exchange) {
        String catalogKey = exchange.getIn().getHeader("catalog", String.class);
        String setName = exchange.getIn().getHeader("set", String.class);
        SnapDeclaration.ProductSet set = declared(catalogKey, setName);
        String catalogId = catalogs.catalogId(catalogKey);
        if (catalogId == null) {
            throw new RequestRejectedException(409, "catalog " + catalogKey + " is declared but not provisioned at Snap yet");
        }
        JsonNode page;
        try {
            page = firstPage(catalogId, set);
        } catch (EgressFailure failure) {
            ApiCallException snap = ApiCallException.in(failure);
            throw new RequestRejectedException(502, "Snap did not answer the product search: "
                    + (snap == null ? failure.getMessage() : snap.error().summary()));
        }
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

    /** How many products the set matches at Snap; null when its catalog is not provisioned. */
    Long count(String catalogKey, String setName) {
        String catalogId = catalogs.catalogId(catalogKey);
        return catalogId == null ? null : total(firstPage(catalogId, declared(catalogKey, setName)));
    }

    private JsonNode firstPage(String catalogId, SnapDeclaration.ProductSet set) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("limit", FIRST_PAGE);
        if (set.filter() != null) {
            body.set("filter", set.filter());
        }
        return api.call("POST", "/catalogs/" + catalogId + "/products/search", null, body);
    }

    private SnapDeclaration.ProductSet declared(String catalogKey, String setName) {
        SnapDeclaration.Catalog catalog = catalogs.declaration().catalog(catalogKey);
        if (catalog == null) {
            throw new RequestRejectedException(404, "no catalog " + catalogKey + " is declared (routes/snap-catalogs.yaml)");
        }
        return catalog.productSets().stream().filter(s -> s.name().equals(setName)).findFirst()
                .orElseThrow(() -> new RequestRejectedException(404, "catalog " + catalogKey + " declares no product set " + setName));
    }

    private static long total(JsonNode page) {
        return page.path("summary").path("total_products").path("count").asLong();
    }
}
