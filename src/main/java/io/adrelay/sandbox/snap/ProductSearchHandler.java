package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.envelope;
import static io.adrelay.sandbox.snap.SnapEnvelope.fail;
import static io.adrelay.sandbox.snap.SnapEnvelope.page;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/**
 * A catalog's product search: the products its feed uploads loaded that the optional filter selects
 * (PRODUCT_SET_ID: what that set holds), 50 to 1000 a page (50 by default). The next page is the same
 * POST, with the same body, to paging.next_link, whose query holds the cursor and the limit.
 */
final class ProductSearchHandler implements SnapResource {

    private final SnapStore store;

    ProductSearchHandler(SnapStore store) {
        this.store = store;
    }

    @Override
    public void register(SnapRouter router) {
        router.on("POST", "catalogs/{catalog}/products/search", this::search);
    }

    private SimResponse search(SnapRouter.Call call) {
        JsonNode body = SnapEnvelope.json(call.request());
        if (body == null || !body.isObject() && !body.isMissingNode()) {
            return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED", "the body must be a JSON object");
        }
        String limitText = call.request().query("limit") != null ? call.request().query("limit") : body.path("limit").asText("50");
        int limit;
        try {
            limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 50 || limit > 1000) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", "limit must be 50 to 1000, not " + limitText);
        }
        JsonNode filter = body.path("filter");
        String problem = filter.isMissingNode() ? null : ProductSetFilter.searchProblem(filter);
        if (problem != null) {
            return fail(400, problem.substring(0, problem.indexOf(':')), problem.substring(problem.indexOf(':') + 2));
        }
        String catalogId = call.id("catalog");
        List<ObjectNode> products = ProductSetFilter.select(store, catalogId, filter).stream().map(p -> product(catalogId, p)).toList();
        ObjectNode answer = envelope("SUCCESS");
        answer.putObject("summary").putObject("total_products").put("count", String.valueOf(products.size())).put("relation", "EQ");
        return page(call, answer, "products", "product", products, limit);
    }

    /** A product as Snap shows it: its own id, the feed's id as external_id, the feed's columns, prices as {value, currency}. */
    private static ObjectNode product(String catalogId, Map<String, String> columns) {
        String externalId = columns.get("id");
        ObjectNode product = SimResponse.JSON.createObjectNode()
                .put("id", String.valueOf(UUID.nameUUIDFromBytes((catalogId + "/" + externalId).getBytes(StandardCharsets.UTF_8))
                        .getMostSignificantBits() >>> 1))
                .put("external_id", externalId).put("catalog_id", catalogId);
        columns.forEach((name, value) -> {
            if (name.equals("id") || value.isEmpty()) {
                return;
            }
            if ((name.equals("price") || name.equals("sale_price")) && value.contains(" ")) {
                product.putObject(name).put("value", value.substring(0, value.indexOf(' '))).put("currency", value.substring(value.indexOf(' ') + 1));
            } else {
                product.put(name, value);
            }
        });
        return product;
    }
}
