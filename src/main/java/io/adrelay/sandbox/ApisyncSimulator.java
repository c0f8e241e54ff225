package io.adrelay.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * APISync's JSON:API: inventory items, read-only ad accounts, campaigns, ad sets and ads. Enforces
 * the ApiToken header, the media type, the envelope, required attributes (422 listing every
 * problem), reference_id upserts, inventory fingerprints, cursor pagination of 25, and a rate limit.
 */
public class ApisyncSimulator extends Simulator {

    static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final ObjectMapper JSON = SimResponse.JSON;
    private static final int PAGE = 25;
    private static final Pattern ITEM = Pattern.compile("/(inventory-items|ad-accounts|campaigns|ad-sets|ads)(?:/([^/]+))?(?:/(campaigns|ad-sets|ads))?");
    private static final Map<String, String> AD_TYPE_SERVICE = Map.of(
            "expanded-text-ad", "google-ads", "image_with_link", "facebook-ads", "video", "facebook-ads");

    private final String apiToken;
    private final RateLimiter limiter;
    private final Map<String, Map<String, ObjectNode>> store = new LinkedHashMap<>();
    private final AtomicLong clock = new AtomicLong();

    public ApisyncSimulator(String apiToken) {
        this(apiToken, 20);
    }

    public ApisyncSimulator(String apiToken, int requestsPerSecond) {
        this.apiToken = apiToken;
        this.limiter = new RateLimiter(requestsPerSecond, Duration.ofSeconds(1));
        for (String type : List.of("inventory-items", "ad-accounts", "campaigns", "ad-sets", "ads")) {
            store.put(type, new LinkedHashMap<>());
        }
        addAdAccount("act_1001", "Acme Facebook", "facebook-ads");
        addAdAccount("act_1002", "Acme Facebook EU", "facebook-ads");
        addAdAccount("1234567890", "Acme Google", "google-ads");
    }

    /** An operator giving APISync access to one more ad account. */
    public synchronized void addAdAccount(String id, String name, String service) {
        ObjectNode account = record("ad-accounts", id);
        ((ObjectNode) account.path("attributes")).put("name", name).put("service", service);
        store.get("ad-accounts").put(id, account);
    }

    public synchronized List<ObjectNode> records(String type) {
        return store.get(type).values().stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized int count(String type) {
        return store.get(type).size();
    }

    @Override
    protected RateLimiter limiterFor(SimRequest request) {
        return limiter;
    }

    @Override
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return errors(429, List.of(problem(429, "rate_limited", "You are doing too many requests, slow down.", null)));
    }

    @Override
    protected SimResponse error(int status, String message) {
        return errors(status, List.of(problem(status, "error", message, null)));
    }

    @Override
    protected synchronized SimResponse handle(SimRequest request) throws Exception {
        if (!("ApiToken " + apiToken).equals(request.header("Authorization"))) {
            return error(401, "Invalid API key.");
        }
        Matcher m = ITEM.matcher(request.path());
        if (!m.matches()) {
            return error(404, "Resource can't be found.");
        }
        String type = m.group(1);
        String id = m.group(2);
        String child = m.group(3);
        String method = request.method();
        if (child != null) {
            return "GET".equals(method) ? list(request, child, parentFilter(type, id)) : error(405, "The method you used isn't supported.");
        }
        if ("GET".equals(method)) {
            if (id == null) {
                return list(request, type, null);
            }
            ObjectNode found = store.get(type).get(id);
            return found == null ? error(404, "Resource can't be found.") : single(200, found);
        }
        if ("ad-accounts".equals(type)) {
            return error(405, "Ad accounts are read-only.");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.startsWith(MEDIA_TYPE)) {
            return error(406, "Request format is not supported: send " + MEDIA_TYPE);
        }
        JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (Exception e) {
            return error(400, "Incorrect request: the body is not JSON.");
        }
        JsonNode data = body == null ? null : body.path("data");
        if (data == null || !data.isObject() || !data.path("attributes").isObject() || !type.equals(data.path("type").asText())) {
            return error(400, "Incorrect request: send {\"data\": {\"type\": \"" + type + "\", \"attributes\": {...}}}.");
        }
        if ("POST".equals(method) && id == null) {
            return create(type, data);
        }
        boolean update = ("PATCH".equals(method) && Set.of("inventory-items", "ads").contains(type))
                || ("PUT".equals(method) && Set.of("campaigns", "ad-sets").contains(type));
        if (!update || id == null) {
            return error(405, "The method you used isn't supported.");
        }
        ObjectNode existing = store.get(type).get(id);
        return existing == null ? error(404, "Resource can't be found.") : update(type, existing, (ObjectNode) data.path("attributes"));
    }

    private SimResponse create(String type, JsonNode data) {
        ObjectNode attributes = ((ObjectNode) data.path("attributes")).deepCopy();
        JsonNode relationships = data.path("relationships");
        List<ObjectNode> problems = validate(type, attributes, relationships);
        if (!problems.isEmpty()) {
            return errors(422, problems);
        }
        ObjectNode existing = findExisting(type, attributes);
        if (existing != null) {
            return update(type, existing, attributes);
        }
        ObjectNode created = record(type, UUID.randomUUID().toString());
        ObjectNode stored = (ObjectNode) created.path("attributes");
        stored.setAll(attributes);
        stored.put("created_via", "api");
        if (relationships.isObject()) {
            created.set("relationships", relationships.deepCopy());
        }
        if ("ad-sets".equals(type)) {
            stored.put("service", parentService("campaigns", relationships.path("campaign")));
        }
        derive(type, stored);
        store.get(type).put(created.path("id").asText(), created);
        return single(201, created);
    }

    private SimResponse update(String type, ObjectNode existing, ObjectNode changes) {
        if ("ads".equals(type) && changes.fieldNames().hasNext()) {
            List<String> fixed = new ArrayList<>();
            changes.fieldNames().forEachRemaining(f -> {
                if (!Set.of("state", "reference_id").contains(f)) {
                    fixed.add(f);
                }
            });
            if (!fixed.isEmpty()) {
                return errors(422, fixed.stream().map(f -> problem(422, "immutable", f + " can't be changed on an ad", f)).toList());
            }
        }
        List<ObjectNode> problems = new ArrayList<>();
        state(changes, problems, false);
        if (!problems.isEmpty()) {
            return errors(422, problems);
        }
        ObjectNode attributes = (ObjectNode) existing.path("attributes");
        attributes.setAll(changes);
        derive(type, attributes);
        return single(200, existing);
    }

    /** The record a POST upserts: same reference_id, or for inventory items the same fingerprint. */
    private ObjectNode findExisting(String type, ObjectNode attributes) {
        String reference = attributes.path("reference_id").asText(null);
        for (ObjectNode r : store.get(type).values()) {
            if (reference != null && reference.equals(r.path("attributes").path("reference_id").asText(null))) {
                return r;
            }
        }
        if ("inventory-items".equals(type)) {
            String fingerprint = fingerprint(attributes);
            for (ObjectNode r : store.get(type).values()) {
                if (fingerprint.equals(r.path("attributes").path("fingerprint").asText())) {
                    return r;
                }
            }
        }
        return null;
    }

    private void derive(String type, ObjectNode attributes) {
        if ("inventory-items".equals(type)) {
            attributes.put("fingerprint", fingerprint(attributes));
            if (attributes.path("available").isBoolean() && !attributes.path("available").asBoolean() && !attributes.has("sold_out_at")) {
                attributes.put("sold_out_at", Instant.now().toString());
            }
        }
    }

    private List<ObjectNode> validate(String type, ObjectNode a, JsonNode relationships) {
        List<ObjectNode> problems = new ArrayList<>();
        switch (type) {
            case "inventory-items" -> {
                String template = a.path("ad_template_type").asText("");
                if (template.isEmpty()) {
                    problems.add(required("ad_template_type"));
                } else if (!template.matches("[A-Za-z0-9_-]+")) {
                    problems.add(problem(422, "invalid", "ad_template_type allows only letters, numbers, hyphens and underscores", "ad_template_type"));
                }
                if (!a.path("available").isBoolean()) {
                    problems.add(required("available"));
                }
                if (!"pt-br".equals(a.path("content_language").asText())) {
                    problems.add(problem(422, "invalid", "content_language must be pt-br", "content_language"));
                }
                if (a.has("condition") && !Set.of("new", "used", "refurbished").contains(a.path("condition").asText())) {
                    problems.add(problem(422, "invalid", "condition must be new, used or refurbished", "condition"));
                }
                JsonNode amount = a.path("price").path("amount");
                if (a.has("price") && !a.path("price").isNull() && (!amount.isIntegralNumber() || amount.asLong() == 0)) {
                    problems.add(problem(422, "invalid", "price.amount must be a non-zero integer of cents", "price"));
                }
                url(a.path("link"), "link", problems);
                a.path("images").forEach(image -> url(image.path("url"), "images", problems));
            }
            case "campaigns" -> {
                String service = service(a, problems);
                state(a, problems, true);
                String accountId = relationships.path("ad_account").path("data").path("id").asText(null);
                ObjectNode account = accountId == null ? null : store.get("ad-accounts").get(accountId);
                if (account == null) {
                    problems.add(problem(422, "not_found", "ad_account " + accountId + " can't be found or we have no access to it",
                            "/data/relationships/ad_account"));
                } else if (service != null && !service.equals(account.path("attributes").path("service").asText())) {
                    problems.add(problem(422, "invalid", "ad_account belongs to another service", "/data/relationships/ad_account"));
                }
            }
            case "ad-sets" -> {
                state(a, problems, true);
                if (!a.path("bids").isObject()) {
                    problems.add(required("bids"));
                }
                if (!a.path("service_configurations").isObject()) {
                    problems.add(required("service_configurations"));
                }
                String service = parentService("campaigns", relationships.path("campaign"));
                if (service == null) {
                    problems.add(problem(422, "not_found", "campaign can't be found", "/data/relationships/campaign"));
                } else if ("facebook-ads".equals(service) && !a.path("service_configurations").path("geo_locations").isObject()) {
                    problems.add(problem(422, "required", "Facebook ad sets need service_configurations.geo_locations", "service_configurations"));
                }
            }
            case "ads" -> {
                state(a, problems, true);
                String adType = a.path("ad_type").asText(null);
                if (adType == null) {
                    problems.add(required("ad_type"));
                }
                if (!a.path("creative").isObject()) {
                    problems.add(required("creative"));
                }
                if (!a.path("destination_url").asText("").startsWith("http")) {
                    problems.add(problem(422, "invalid", "destination_url must start with http", "destination_url"));
                }
                String service = parentService("ad-sets", relationships.path("ad_set"));
                if (service == null) {
                    problems.add(problem(422, "not_found", "ad_set can't be found", "/data/relationships/ad_set"));
                } else if (adType != null && !service.equals(AD_TYPE_SERVICE.get(adType))) {
                    problems.add(problem(422, "invalid", "ad_type " + adType + " is not available on " + service, "ad_type"));
                } else if (adType != null) {
                    creative(adType, a.path("creative"), problems);
                }
            }
            default -> {
            }
        }
        return problems;
    }

    private static void creative(String adType, JsonNode creative, List<ObjectNode> problems) {
        JsonNode node = switch (adType) {
            case "image_with_link" -> creative.path("story").path("link_data");
            case "video" -> creative.path("story").path("video_data");
            default -> creative;
        };
        List<String> keys = switch (adType) {
            case "image_with_link" -> List.of("link", "message", "picture");
            case "video" -> List.of("video_url", "image_url", "message");
            default -> List.of("headline_part1", "headline_part2", "description");
        };
        for (String key : keys) {
            if (node.path(key).asText("").isEmpty()) {
                problems.add(problem(422, "required", "creative needs " + key + " for " + adType, "creative"));
            }
        }
    }

    private String parentService(String parentType, JsonNode relation) {
        ObjectNode parent = store.get(parentType).get(relation.path("data").path("id").asText(""));
        return parent == null ? null : parent.path("attributes").path("service").asText(null);
    }

    private static String service(ObjectNode a, List<ObjectNode> problems) {
        String service = a.path("service").asText(null);
        if (!Set.of("facebook-ads", "google-ads").contains(String.valueOf(service))) {
            problems.add(problem(422, "invalid", "service must be facebook-ads or google-ads", "service"));
            return null;
        }
        return service;
    }

    private static void state(ObjectNode a, List<ObjectNode> problems, boolean required) {
        if (!a.has("state") && !required) {
            return;
        }
        if (!Set.of("active", "paused", "removed").contains(a.path("state").asText())) {
            problems.add(problem(422, "invalid", "state must be active, paused or removed", "state"));
        }
    }

    private static void url(JsonNode value, String attribute, List<ObjectNode> problems) {
        if (!value.isMissingNode() && !value.isNull() && !value.asText().startsWith("http")) {
            problems.add(problem(422, "invalid", attribute + " must start with http", attribute));
        }
    }

    private SimResponse list(SimRequest request, String type, java.util.function.Predicate<ObjectNode> parent) {
        long after = parseLong(request.query("page[starting_after]"));
        String service = request.query("filter[service]");
        String adType = request.query("filter[ad_type]");
        List<ObjectNode> matching = store.get(type).values().stream()
                .filter(r -> r.path("meta_created_ms").asLong() > after)
                .filter(r -> parent == null || parent.test(r))
                .filter(r -> service == null || service.equals(r.path("attributes").path("service").asText()))
                .filter(r -> adType == null || adType.equals(r.path("attributes").path("ad_type").asText()))
                .toList();
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        matching.stream().limit(PAGE).forEach(r -> data.add(view(r)));
        ObjectNode links = page.putObject("links");
        if (matching.size() > PAGE) {
            links.put("next", baseUrl() + "/" + type + "?page[starting_after]=" + matching.get(PAGE - 1).path("meta_created_ms").asLong());
        }
        return json(200, page);
    }

    private java.util.function.Predicate<ObjectNode> parentFilter(String parentType, String parentId) {
        String relation = switch (parentType) {
            case "ad-accounts" -> "ad_account";
            case "campaigns" -> "campaign";
            default -> "ad_set";
        };
        return r -> parentId.equals(r.path("relationships").path(relation).path("data").path("id").asText());
    }

    private ObjectNode record(String type, String id) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("type", type);
        r.putObject("attributes").put("created_at", Instant.now().toString());
        // strictly increasing creation times, so cursors never skip or repeat a record
        r.put("meta_created_ms", clock.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis())));
        return r;
    }

    private static ObjectNode view(ObjectNode r) {
        ObjectNode copy = r.deepCopy();
        copy.remove("meta_created_ms");
        return copy;
    }

    private static SimResponse single(int status, ObjectNode r) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", view(r));
        return json(status, body);
    }

    private static SimResponse json(int status, JsonNode body) {
        return SimResponse.bytes(status, MEDIA_TYPE, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static SimResponse errors(int status, List<ObjectNode> problems) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").addAll(problems);
        return json(status, body);
    }

    private static ObjectNode required(String attribute) {
        return problem(422, "required", attribute + " is required", attribute);
    }

    private static ObjectNode problem(int status, String code, String detail, String attribute) {
        ObjectNode p = JSON.createObjectNode();
        p.put("status", String.valueOf(status));
        p.put("code", code);
        p.put("title", status == 422 ? "Unprocessable entity" : "Error");
        p.put("detail", detail);
        if (attribute != null) {
            p.putObject("source").put("pointer", attribute.startsWith("/") ? attribute : "/data/attributes/" + attribute);
        }
        return p;
    }

    private static String fingerprint(ObjectNode a) {
        String key = a.path("brand").asText("") + "|" + a.path("model").asText("") + "|" + a.path("year").asText("")
                + "|" + a.path("reference_id").asText("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
