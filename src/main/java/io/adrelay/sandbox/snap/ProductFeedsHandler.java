package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.batch;
import static io.adrelay.sandbox.snap.SnapEnvelope.deleted;
import static io.adrelay.sandbox.snap.SnapEnvelope.entity;
import static io.adrelay.sandbox.snap.SnapEnvelope.items;
import static io.adrelay.sandbox.snap.SnapEnvelope.malformed;
import static io.adrelay.sandbox.snap.SnapEnvelope.read;
import static io.adrelay.sandbox.snap.SnapEnvelope.touched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;

/**
 * Product feeds of a catalog: one PRIMARY feed per catalog, at most one SUPPLEMENTAL feed per
 * primary, ISO 4217 currencies; a schedule's password is never shown.
 */
final class ProductFeedsHandler implements SnapResource {

    private static final Set<String> CURRENCIES = Set.of(("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD"
            + " BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL"
            + " GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP"
            + " LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR"
            + " PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS"
            + " UAH UGX USD USN UYI UYU UYW UZS VES VND VUV WST XAF XBC XCD XOF XPF XSU XUA YER ZAR ZMW ZWL").split(" "));

    private final SnapStore store;
    private final Map<String, ObjectNode> feeds;

    ProductFeedsHandler(SnapStore store) {
        this.store = store;
        this.feeds = store.collection("product_feeds");
    }

    @Override
    public void register(SnapRouter router) {
        router.id("feed", "CAT_VALIDATION_ERROR_FEED_ID_INVALID", "feed", "product feed", feeds)
                .on("GET", "catalogs/{catalog}/product_feeds", call -> read("product_feeds", "product_feed",
                        store.where("product_feeds", "catalog_id", call.id("catalog")).stream().map(ProductFeedsHandler::withoutPassword).toList()))
                .on("POST", "catalogs/{catalog}/product_feeds", call -> create(call.id("catalog"), call))
                .on("PUT", "catalogs/{catalog}/product_feeds", this::update)
                .on("GET", "product_feeds/{feed}", call -> read("product_feeds", "product_feed", List.of(withoutPassword(call.entity("feed")))))
                .on("DELETE", "product_feeds/{feed}", call -> {
                    feeds.remove(call.id("feed"));
                    return deleted("product_feeds");
                });
    }

    private SimResponse create(String catalogId, SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "product_feeds");
        if (items == null) {
            return malformed("product_feeds");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String type = item.path("feed_type").asText("PRIMARY");
            String parent = item.path("parent_feed_id").asText("");
            ObjectNode parentFeed = feeds.get(parent);
            String problem = problem(item);
            if (problem == null && "SUPPLEMENTAL".equals(type) && (parentFeed == null || !"PRIMARY".equals(parentFeed.path("feed_type").asText())
                    || feeds.values().stream().anyMatch(f -> parent.equals(f.path("parent_feed_id").asText())))) {
                problem = "CAT_VALIDATION_ERROR_FEED_ID_INVALID: parent_feed_id must name a PRIMARY feed without a supplemental feed";
            }
            if (problem == null && "PRIMARY".equals(type) && feeds.values().stream().anyMatch(f -> catalogId.equals(f.path("catalog_id").asText())
                    && "PRIMARY".equals(f.path("feed_type").asText()))) {
                problem = "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: the catalog already has a PRIMARY feed";
            }
            if (problem == null && !Set.of("PRIMARY", "SUPPLEMENTAL").contains(type)) {
                problem = "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: feed_type must be PRIMARY or SUPPLEMENTAL";
            }
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode feed = entity().put("catalog_id", catalogId).put("name", item.path("name").asText())
                    .put("default_currency", item.path("default_currency").asText()).put("status", item.path("status").asText("ACTIVE"))
                    .put("feed_type", type);
            if (!parent.isEmpty()) {
                feed.put("parent_feed_id", parent);
            }
            if (item.hasNonNull("schedule")) {
                feed.set("schedule", item.get("schedule"));
            }
            feeds.put(feed.path("id").asText(), feed);
            results.add(withoutPassword(feed));
        }
        return batch("product_feeds", "product_feed", results);
    }

    private SimResponse update(SnapRouter.Call call) {
        ArrayNode items = items(call.request(), "product_feeds");
        if (items == null) {
            return malformed("product_feeds");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode feed = feeds.get(item.path("id").asText());
            String problem = feed == null ? "NOT_FOUND: product feed " + item.path("id").asText() + " not found" : problem(item);
            if (problem != null) {
                results.add(problem);
                continue;
            }
            feed.put("name", item.path("name").asText()).put("default_currency", item.path("default_currency").asText())
                    .put("status", item.path("status").asText("ACTIVE"));
            if (item.has("schedule")) {
                if (item.get("schedule").isNull()) {
                    feed.remove("schedule");
                } else {
                    feed.set("schedule", item.get("schedule"));
                }
            }
            results.add(withoutPassword(touched(feed)));
        }
        return batch("product_feeds", "product_feed", results);
    }

    private static String problem(JsonNode item) {
        String name = item.path("name").asText("");
        if (name.isEmpty() || name.length() > 375) {
            return "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: name must have 1 to 375 characters";
        }
        if (!CURRENCIES.contains(item.path("default_currency").asText())) {
            return "CAT_VALIDATION_ERROR_CURRENCY_INVALID: default_currency must be an ISO 4217 code";
        }
        return null;
    }

    private static ObjectNode withoutPassword(ObjectNode feed) {
        ObjectNode copy = feed.deepCopy();
        if (copy.path("schedule").isObject()) {
            ((ObjectNode) copy.get("schedule")).remove("password");
        }
        return copy;
    }
}
