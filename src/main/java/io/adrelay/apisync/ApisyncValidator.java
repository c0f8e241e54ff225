package io.adrelay.apisync;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks an inbound record against the APISync spec before anything is sent, and names every
 * problem it finds: keys, required attributes, enums, formats, integer ranges, creatives per ad
 * type, relationships, and budgets/geo targeting on the resource their service wants them on.
 * Keys are read in snake_case whatever the record's spelling ({@link ApisyncSnakeCaseKeys}).
 */
final class ApisyncValidator {

    static final Set<String> SERVICES = Set.of("facebook-ads", "google-ads");
    static final Set<String> STATES = Set.of("active", "paused", "removed");
    static final Map<String, String> SERVICE_OF_AD_TYPE = Map.of(
            "expanded-text-ad", "google-ads", "image_with_link", "facebook-ads", "video", "facebook-ads");

    private static final Pattern TEMPLATE_TYPE = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern FACEBOOK_ACCOUNT = Pattern.compile("act_\\d+");
    private static final Pattern GOOGLE_ACCOUNT = Pattern.compile("\\d{10}");

    private ApisyncValidator() {
    }

    static List<String> validate(ApisyncResource resource, JsonNode given) {
        List<String> problems = new ArrayList<>();
        if (given == null || !given.isObject()) {
            problems.add("a record must be a JSON object");
            return problems;
        }
        JsonNode record = ApisyncSnakeCaseKeys.normalize(given);
        problems.addAll(ApisyncSnakeCaseKeys.problems(record));
        if (text(record, "id") != null && resource != ApisyncResource.INVENTORY_ITEMS) {
            // an update: PUT/PATCH take the state (required) and a few descriptive attributes
            state(record, problems);
            return problems;
        }
        switch (resource) {
            case INVENTORY_ITEMS -> inventoryItem(record, problems);
            case CAMPAIGNS -> campaign(record, problems);
            case AD_SETS -> adSet(record, problems);
            case ADS -> ad(record, problems);
        }
        return problems;
    }

    private static void inventoryItem(JsonNode r, List<String> problems) {
        String templateType = text(r, "ad_template_type");
        if (templateType == null) {
            problems.add("ad_template_type is required");
        } else if (!TEMPLATE_TYPE.matcher(templateType).matches()) {
            problems.add("ad_template_type may hold only letters, numbers, hyphens and underscores (no accents): " + templateType);
        }
        if (!r.path("available").isBoolean()) {
            problems.add("available is required and must be true or false");
        }
        String language = text(r, "content_language");
        if (language == null) {
            problems.add("content_language is required");
        } else if (!"pt-br".equals(language)) {
            problems.add("content_language must be pt-br, got " + language);
        }
        String condition = text(r, "condition");
        if (condition != null && !Set.of("new", "used", "refurbished").contains(condition)) {
            problems.add("condition must be new, used or refurbished, got " + condition);
        }
        JsonNode price = r.path("price");
        if (!price.isMissingNode() && !price.isNull()) {
            JsonNode amount = price.path("amount");
            if (amount.isIntegralNumber() && amount.bigIntegerValue().signum() == 0) {
                problems.add("price.amount can't be 0: leave price out to set none");
            } else {
                amount(price, "price", problems);
            }
            String currency = text(price, "currency");
            if (currency == null || !currency.matches("[A-Z]{3}")) {
                problems.add("price.currency must be an ISO 4217 code such as BRL or USD");
            }
        }
        link(r, "link", problems);
        images(r.path("images"), problems);
        JsonNode year = r.path("year");
        if (!year.isMissingNode() && !year.isNull()) {
            addIfAny(ApisyncIntegerRange.YEAR.problem("year", year), problems);
        }
    }

    /** The spec's images: a list of objects, each with a url (starting with http) and the order it shows in (1 = cover). */
    private static void images(JsonNode images, List<String> problems) {
        if (images.isMissingNode() || images.isNull()) {
            return;
        }
        if (!images.isArray()) {
            problems.add("images must be a list of {\"url\", \"order\"} objects");
            return;
        }
        for (int i = 0; i < images.size(); i++) {
            JsonNode image = images.get(i);
            String where = "images[" + i + "]";
            if (!image.isObject()) {
                problems.add(where + " must be an object like {\"url\": \"https://...\", \"order\": 1}, got " + image);
                continue;
            }
            if (text(image, "url") == null) {
                problems.add(where + ".url is required and must start with http");
            } else {
                link(image, "url", where + ".url", problems);
            }
            JsonNode order = image.path("order");
            if (!order.isMissingNode() && !order.isNull()) {
                addIfAny(ApisyncIntegerRange.IMAGE_ORDER.problem(where + ".order", order), problems);
            }
        }
    }

    private static void campaign(JsonNode r, List<String> problems) {
        String service = service(r, problems);
        state(r, problems);
        String account = parentId(r, "ad_account", problems, false);
        if (account != null && service != null) {
            boolean fits = "facebook-ads".equals(service) ? FACEBOOK_ACCOUNT.matcher(account).matches()
                    : GOOGLE_ACCOUNT.matcher(account).matches();
            if (!fits) {
                problems.add("ad_account " + account + " is not a " + service + " account ("
                        + ("facebook-ads".equals(service) ? "act_<digits>" : "10 digits") + ")");
            }
        }
        configurations(r, problems);
        if ("facebook-ads".equals(service)) {
            notHere(r, "facebook-ads", "campaign", "ad set", problems);
        }
    }

    private static void adSet(JsonNode r, List<String> problems) {
        state(r, problems);
        JsonNode bids = r.path("bids");
        if (!bids.isObject()) {
            problems.add("bids is required (e.g. {\"cpc\": {\"amount\": 123}})");
        } else {
            bids.properties().forEach(bid -> amount(bid.getValue(), "bids." + bid.getKey(), problems));
        }
        parentId(r, "campaign", problems, true);
        configurations(r, problems);
        String service = adSetService(r, problems);
        if (service != null) {
            problems.addAll(adSetServiceRules(r, service));
        }
    }

    /**
     * APISync copies an ad set's service from its campaign, so a record may leave it out: then it is
     * unknown until the sync step reads the campaign from APISync and applies {@link #adSetServiceRules}.
     */
    private static String adSetService(JsonNode r, List<String> problems) {
        String given = text(r, "service");
        if (given != null && !SERVICES.contains(given)) {
            problems.add("service must be facebook-ads or google-ads, got " + given);
            return null;
        }
        return given;
    }

    /** What an ad set's service asks of it: Facebook wants location targeting there, Google wants budget and targeting on the campaign. */
    static List<String> adSetServiceRules(JsonNode r, String service) {
        if ("facebook-ads".equals(service)) {
            return facebookAdSetRules(r);
        }
        return "google-ads".equals(service) ? googleAdSetRules(r) : List.of();
    }

    /** Facebook requires location targeting on every ad set. */
    static List<String> facebookAdSetRules(JsonNode r) {
        return ApisyncMapper.serviceConfiguration(r, "geo_locations").isObject() ? List.of()
                : List.of("facebook-ads ad sets need geo_locations (Facebook requires location targeting on every ad set)");
    }

    /** Google takes budget and targeting on the campaign, not on the ad set. */
    static List<String> googleAdSetRules(JsonNode r) {
        List<String> problems = new ArrayList<>();
        notHere(r, "google-ads", "ad set", "campaign", problems);
        return problems;
    }

    /** service_configurations is an object; a configuration given flat too would be sent twice, one value lost. */
    private static void configurations(JsonNode r, List<String> problems) {
        JsonNode nested = r.path("service_configurations");
        if (!nested.isMissingNode() && !nested.isNull() && !nested.isObject()) {
            problems.add("service_configurations must be an object");
        }
        for (String key : List.of("daily_budget", "geo_locations")) {
            if (r.hasNonNull(key) && nested.has(key)) {
                problems.add(key + " is given both flat and under service_configurations: keep one");
            }
        }
        JsonNode budget = ApisyncMapper.serviceConfiguration(r, "daily_budget");
        if (!budget.isMissingNode()) {
            amount(budget, "daily_budget", problems);
        }
    }

    /** An {"amount": cents} object: required, an integer, in range. */
    private static void amount(JsonNode holder, String name, List<String> problems) {
        if (!holder.isObject()) {
            problems.add(name + " must be an object with an amount, e.g. {\"amount\": 1299}");
            return;
        }
        JsonNode amount = holder.path("amount");
        if (amount.isMissingNode() || amount.isNull()) {
            problems.add(name + ".amount is required: " + ApisyncIntegerRange.AMOUNT.expected() + " (cents)");
        } else {
            addIfAny(ApisyncIntegerRange.AMOUNT.problem(name + ".amount", amount), problems);
        }
    }

    private static void addIfAny(String problem, List<String> problems) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static void ad(JsonNode r, List<String> problems) {
        state(r, problems);
        String type = text(r, "ad_type");
        String service = text(r, "service");
        if (type == null) {
            problems.add("ad_type is required (expanded-text-ad for google-ads; image_with_link or video for facebook-ads)");
        } else if (!SERVICE_OF_AD_TYPE.containsKey(type)) {
            problems.add("ad_type " + type + " is unknown: expanded-text-ad, image_with_link or video");
        } else if (service != null && !SERVICE_OF_AD_TYPE.get(type).equals(service)) {
            problems.add("ad_type " + type + " is not a " + service + " ad type");
        }
        if (service != null && !SERVICES.contains(service)) {
            problems.add("service must be facebook-ads or google-ads, got " + service);
        }
        String url = text(r, "destination_url");
        if (url == null) {
            problems.add("destination_url is required");
        } else {
            link(r, "destination_url", problems);
        }
        JsonNode creative = r.path("creative");
        if (!creative.isObject()) {
            problems.add("creative is required");
        } else if (type != null) {
            creative(type, creative, problems);
        }
        parentId(r, "ad_set", problems, true);
    }

    private static void creative(String type, JsonNode creative, List<String> problems) {
        switch (type) {
            case "expanded-text-ad" -> require(creative, "creative", List.of("headline_part1", "headline_part2", "description"), problems);
            case "image_with_link" -> {
                JsonNode data = creative.path("story").path("link_data");
                require(data, "creative.story.link_data", List.of("link", "message", "picture"), problems);
                link(data, "link", "creative.story.link_data.link", problems);
                link(data, "picture", "creative.story.link_data.picture", problems);
            }
            case "video" -> {
                JsonNode data = creative.path("story").path("video_data");
                require(data, "creative.story.video_data", List.of("video_url", "image_url", "message"), problems);
                link(data, "video_url", "creative.story.video_data.video_url", problems);
                link(data, "image_url", "creative.story.video_data.image_url", problems);
            }
            default -> {
            }
        }
    }

    private static void require(JsonNode node, String where, List<String> keys, List<String> problems) {
        for (String key : keys) {
            if (text(node, key) == null) {
                problems.add(where + "." + key + " is required");
            }
        }
    }

    /** Budgets and geo targeting live where the service wants them: Facebook on ad sets, Google on campaigns. */
    private static void notHere(JsonNode r, String service, String here, String there, List<String> problems) {
        for (String key : List.of("daily_budget", "geo_locations")) {
            if (!ApisyncMapper.serviceConfiguration(r, key).isMissingNode()) {
                problems.add(service + " takes " + key + " on the " + there + ", not on the " + here);
            }
        }
    }

    private static String service(JsonNode r, List<String> problems) {
        String service = text(r, "service");
        if (service == null) {
            problems.add("service is required: facebook-ads or google-ads");
        } else if (!SERVICES.contains(service)) {
            problems.add("service must be facebook-ads or google-ads, got " + service);
            return null;
        }
        return service;
    }

    private static void state(JsonNode r, List<String> problems) {
        String state = text(r, "state");
        if (state == null) {
            problems.add("state is required: active, paused or removed");
        } else if (!STATES.contains(state)) {
            problems.add("state must be active, paused or removed, got " + state);
        }
    }

    /** The parent as {"id": ...} or {"reference_id": ...}; only APISync-generated parents may use reference_id. */
    private static String parentId(JsonNode r, String relation, List<String> problems, boolean referenceAllowed) {
        JsonNode parent = r.path(relation);
        String id = text(parent, "id");
        String reference = text(parent, "reference_id");
        if (id == null && (reference == null || !referenceAllowed)) {
            problems.add(relation + " is required, as {\"id\": \"...\"}" + (referenceAllowed ? " or {\"reference_id\": \"...\"}" : ""));
        }
        return id;
    }

    private static void link(JsonNode node, String key, List<String> problems) {
        link(node, key, key, problems);
    }

    private static void link(JsonNode node, String key, String name, List<String> problems) {
        String value = text(node, key);
        if (value != null && !value.startsWith("http")) {
            problems.add(name + " must start with http: " + value);
        }
    }

    static String text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank() ? value.asText() : null;
    }
}
