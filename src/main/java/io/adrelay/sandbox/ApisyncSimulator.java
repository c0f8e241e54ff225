package io.adrelay.sandbox;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * APISync's JSON:API: inventory items, read-only ad accounts, campaigns, ad sets and ads. Enforces
 * the ApiToken header, the media type, the envelope, snake_case keys at any depth, required attributes
 * (422 listing every problem), reference_id upserts, inventory fingerprints, cursor pagination of
 * 25 and one rate limit over every request. Errors use the JSON:API {@code errors} array.
 */
public class ApisyncSimulator extends Simulator {

    static final String MEDIA_TYPE = "application/vnd.api+json";
    private static final ObjectMapper JSON = SimResponse.JSON;
    private static final int PAGE = 25;
    private static final String CURSOR = "page[starting_after]";
    private static final List<String> TYPES = List.of("inventory-items", "ad-accounts", "campaigns", "ad-sets", "ads");
    private static final Set<String> SERVICES = Set.of("facebook-ads", "google-ads");
    private static final Set<String> STATES = Set.of("active", "paused", "removed");
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");
    /** Which service each ad type runs on. */
    private static final Map<String, String> AD_TYPE_SERVICE = Map.of(
            "expanded-text-ad", "google-ads", "image_with_link", "facebook-ads", "video", "facebook-ads");
    /** The lists nested under a parent, and the relationship that names the parent. */
    private static final Map<String, String> NESTED = Map.of(
            "ad-accounts/campaigns", "ad_account", "campaigns/ad-sets", "campaign", "ad-sets/ads", "ad_set");
    /** Attributes only APISync writes; a client sending them is ignored, as the real API does. */
    private static final Set<String> READ_ONLY = Set.of("created_at", "created_via", "fingerprint", "sold_out_at");
    /** The spec's error table: status, code, title. */
    private static final Map<Integer, String[]> ERRORS = Map.ofEntries(
            Map.entry(400, new String[] {"bad_request", "Incorrect request."}),
            Map.entry(401, new String[] {"unauthorized", "Invalid API key."}),
            Map.entry(403, new String[] {"forbidden", "You don't have permission to see this resource."}),
            Map.entry(404, new String[] {"not_found", "Resource can't be found."}),
            Map.entry(405, new String[] {"method_not_allowed", "The method you used isn't supported."}),
            Map.entry(406, new String[] {"not_acceptable", "Request format is not supported."}),
            Map.entry(410, new String[] {"gone", "Resource doesn't exist anymore."}),
            Map.entry(422, new String[] {"unprocessable_entity", "Request is good but can't be processed due to semantic errors."}),
            Map.entry(429, new String[] {"too_many_requests", "You are doing too many requests, slow down."}),
            Map.entry(500, new String[] {"internal_server_error", "Temporary server problem. Try again."}),
            Map.entry(503, new String[] {"service_unavailable", "We're in maintenance."}));

    /** A stored resource (id, type, attributes, relationships) and its creation time, the pagination cursor. */
    private record Entry(long createdMs, ObjectNode resource) {
        ObjectNode attributes() {
            return (ObjectNode) resource.path("attributes");
        }

        ObjectNode relationships() {
            return (ObjectNode) resource.path("relationships");
        }

        String attribute(String name) {
            return attributes().path(name).asText(null);
        }
    }

    private final String apiToken;
    private final RateLimiter limiter;
    private final Map<String, Map<String, Entry>> store = new LinkedHashMap<>();
    private long lastCreatedMs;

    public ApisyncSimulator(String apiToken) {
        this(apiToken, 20);
    }

    public ApisyncSimulator(String apiToken, int requestsPerSecond) {
        this.apiToken = apiToken;
        this.limiter = new RateLimiter(requestsPerSecond, Duration.ofSeconds(1));
        TYPES.forEach(type -> store.put(type, new LinkedHashMap<>()));
        addAdAccount("act_1001", "Acme Facebook", "facebook-ads");
        addAdAccount("act_1002", "Acme Facebook EU", "facebook-ads");
        addAdAccount("1234567890", "Acme Google", "google-ads");
    }

    /** An operator giving APISync access to one more ad account (ids come from Facebook/Google, not UUIDs). */
    public synchronized void addAdAccount(String id, String name, String service) {
        Entry account = newEntry("ad-accounts", id);
        account.attributes().put("name", name).put("service", service);
        store.get("ad-accounts").put(id, account);
    }

    /** Copies of the stored resources of a type, oldest first, as the API shows them. */
    public synchronized List<ObjectNode> records(String type) {
        return table(type).values().stream().map(e -> e.resource().deepCopy()).toList();
    }

    public synchronized int count(String type) {
        return table(type).size();
    }

    @Override
    protected RateLimiter limiterFor(SimRequest request) {
        return limiter;
    }

    @Override
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return error(429, "Retry in " + retryAfterSeconds + " s.");
    }

    @Override
    protected SimResponse error(int status, String message) {
        String[] known = ERRORS.getOrDefault(status, new String[] {"error", "Error."});
        return errors(status, List.of(problem(status, known[0], known[1], message, null)));
    }

    @Override
    protected synchronized SimResponse handle(SimRequest request) {
        if (!("ApiToken " + apiToken).equals(request.header("Authorization"))) {
            return error(401, "Send the header Authorization: ApiToken <token>.");
        }
        String[] parts = request.path().replaceFirst("^/", "").split("/", -1);
        String type = parts[0];
        if (!store.containsKey(type) || parts.length > 3 || (parts.length > 1 && parts[1].isEmpty())
                || (parts.length == 3 && !NESTED.containsKey(type + "/" + parts[2]))) {
            return error(404, "No such endpoint: " + request.path());
        }
        String method = request.method();
        if (parts.length == 3) {
            if (!"GET".equals(method)) {
                return notAllowed(method, request.path());
            }
            if (!store.get(type).containsKey(parts[1])) {
                return error(404, type + " " + parts[1] + " can't be found.");
            }
            String relation = NESTED.get(type + "/" + parts[2]);
            return list(request, parts[2], e -> parts[1].equals(e.relationships().path(relation).path("data").path("id").asText()));
        }
        String id = parts.length == 2 ? parts[1] : null;
        if ("GET".equals(method)) {
            if (id != null) {
                Entry found = store.get(type).get(id);
                return found == null ? error(404, type + " " + id + " can't be found.") : single(200, found);
            }
            // the spec reads ads one by one or per ad set, never as one top-level list
            return "ads".equals(type) ? notAllowed(method, request.path()) : list(request, type, e -> true);
        }
        boolean allowed = !"ad-accounts".equals(type) && (id == null ? "POST".equals(method)
                : Set.of("inventory-items", "ads").contains(type) ? "PATCH".equals(method) : "PUT".equals(method));
        if (!allowed) {
            return notAllowed(method, request.path());
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith(MEDIA_TYPE)) {
            return error(406, "Request format is not supported: send Content-Type " + MEDIA_TYPE + ".");
        }
        Entry existing = null;
        if (id != null) {
            existing = store.get(type).get(id);
            if (existing == null) {
                return error(404, type + " " + id + " can't be found.");
            }
        }
        JsonNode data;
        try {
            data = JSON.readTree(request.body()).path("data");
        } catch (Exception e) {
            return error(400, "The body is not JSON.");
        }
        if (!data.isObject() || !data.path("attributes").isObject() || !type.equals(data.path("type").asText())
                || (data.has("relationships") && !data.path("relationships").isObject())) {
            return error(400, "Send {\"data\": {\"type\": \"" + type + "\", \"attributes\": {...}, \"relationships\": {...}}}.");
        }
        if (id != null && data.has("id") && !id.equals(data.path("id").asText())) {
            return error(400, "data.id " + data.path("id").asText() + " differs from the id in the path.");
        }
        return write(type, existing, (ObjectNode) data.path("attributes").deepCopy(),
                data.has("relationships") ? (ObjectNode) data.path("relationships").deepCopy() : null);
    }

    /**
     * A create, an upsert (POST matching a reference_id or fingerprint) or an update (PATCH/PUT):
     * the incoming attributes are merged over the stored ones and the result validated as a whole.
     */
    private SimResponse write(String type, Entry existing, ObjectNode changes, ObjectNode relationships) {
        List<ObjectNode> problems = new ArrayList<>();
        snakeCaseKeys(changes, "/data/attributes", problems);
        if (relationships != null) {
            relationships.fieldNames().forEachRemaining(name -> {
                if (!SNAKE_CASE.matcher(name).matches()) {
                    problems.add(problem(422, "invalid", "Invalid relationship", "Relationship names are snake_case: " + name,
                            "/data/relationships/" + pointerToken(name)));
                }
            });
        }
        READ_ONLY.forEach(changes::remove);
        if ("ad-sets".equals(type)) {
            changes.remove("service"); // read-only: copied from the campaign, whatever the client sends
        }
        boolean post = existing == null;
        if (post) {
            existing = findExisting(type, changes);
        }
        ObjectNode merged = existing == null ? JSON.createObjectNode() : existing.attributes().deepCopy();
        merged.setAll(changes);
        ObjectNode links = existing == null ? JSON.createObjectNode() : existing.relationships().deepCopy();
        if (relationships != null) {
            links.setAll(relationships);
        }
        if ("ads".equals(type) && existing != null) {
            immutableAdParts(post, existing, changes, links, problems);
        }
        validate(type, merged, links, problems);
        if (!problems.isEmpty()) {
            return errors(422, problems);
        }
        Entry target = existing == null ? newEntry(type, UUID.randomUUID().toString()) : existing;
        Boolean wasAvailable = target.attributes().has("available") ? target.attributes().path("available").asBoolean() : null;
        String createdAt = target.attribute("created_at");
        target.resource().set("attributes", merged);
        merged.put("created_at", createdAt);
        target.resource().set("relationships", links);
        derive(type, target, wasAvailable);
        if (existing == null) {
            merged.put("created_via", "api");
            store.get(type).put(target.resource().path("id").asText(), target);
            return single(201, target);
        }
        return single(200, target);
    }

    /** "All JSON keys must use snake_case": every key of the attributes, nested ones too, each named by its pointer. */
    private static void snakeCaseKeys(JsonNode node, String pointer, List<ObjectNode> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                snakeCaseKeys(node.get(i), pointer + "/" + i, problems);
            }
        }
        node.properties().forEach(field -> {
            String at = pointer + "/" + pointerToken(field.getKey());
            if (!SNAKE_CASE.matcher(field.getKey()).matches()) {
                problems.add(problem(422, "invalid", "Invalid attribute", "Attribute keys are snake_case: " + field.getKey(), at));
            }
            snakeCaseKeys(field.getValue(), at, problems);
        });
    }

    /** A key as one JSON Pointer token (RFC 6901). */
    private static String pointerToken(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** An ad's PATCH may only carry state; a POST upsert may repeat the other values but not change them. */
    private static void immutableAdParts(boolean post, Entry existing, ObjectNode changes, ObjectNode links, List<ObjectNode> problems) {
        for (Iterator<String> keys = changes.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            boolean same = Objects.equals(existing.attributes().get(key), changes.get(key));
            if (!"state".equals(key) && (!post || !same)) {
                problems.add(problem(422, "immutable", "Attribute can't be changed",
                        "Only state can change on an ad; " + key + " can't.", key));
            }
        }
        if (!post && !changes.has("state")) {
            problems.add(required("state"));
        }
        if (!Objects.equals(existing.relationships().path("ad_set"), links.path("ad_set"))) {
            problems.add(problem(422, "immutable", "Relationship can't be changed", "An ad can't move to another ad set.",
                    "/data/relationships/ad_set"));
        }
    }

    /** The record a POST upserts: same reference_id, else for inventory items the same fingerprint. */
    private Entry findExisting(String type, ObjectNode attributes) {
        String reference = attributes.path("reference_id").asText(null);
        if (reference != null) {
            for (Entry e : store.get(type).values()) {
                if (reference.equals(e.attribute("reference_id"))) {
                    return e;
                }
            }
        }
        if ("inventory-items".equals(type)) {
            String fingerprint = fingerprint(attributes);
            for (Entry e : store.get(type).values()) {
                if (fingerprint.equals(e.attribute("fingerprint"))) {
                    return e;
                }
            }
        }
        return null;
    }

    /** The read-only attributes APISync computes. */
    private void derive(String type, Entry target, Boolean wasAvailable) {
        ObjectNode a = target.attributes();
        if ("inventory-items".equals(type)) {
            a.put("fingerprint", fingerprint(a));
            boolean available = a.path("available").asBoolean();
            if (!available && !Boolean.FALSE.equals(wasAvailable)) {
                a.put("sold_out_at", Instant.now().toString());
            } else if (available) {
                a.remove("sold_out_at");
            }
        } else if ("ad-sets".equals(type)) {
            a.put("service", parent("campaigns", target.relationships(), "campaign").attribute("service"));
        }
    }

    private void validate(String type, ObjectNode a, ObjectNode links, List<ObjectNode> problems) {
        switch (type) {
            case "inventory-items" -> {
                String template = a.path("ad_template_type").asText("");
                if (template.isEmpty()) {
                    problems.add(required("ad_template_type"));
                } else if (!template.matches("[A-Za-z0-9_-]+")) {
                    problems.add(invalid("ad_template_type", "Only letters, numbers, hyphens and underscores: " + template));
                }
                if (!a.path("available").isBoolean()) {
                    problems.add(a.has("available") ? invalid("available", "available is true or false") : required("available"));
                }
                if (!a.has("content_language")) {
                    problems.add(required("content_language"));
                } else if (!"pt-br".equals(a.path("content_language").asText())) {
                    problems.add(invalid("content_language", "The only accepted value is pt-br."));
                }
                if (present(a, "condition") && !Set.of("new", "used", "refurbished").contains(a.path("condition").asText())) {
                    problems.add(invalid("condition", "condition is new, used or refurbished"));
                }
                if (present(a, "price")) {
                    JsonNode amount = a.path("price").path("amount");
                    // exactly: asLong() alone reads 2^64 + 1 as 1
                    if (!amount.isIntegralNumber() || !amount.canConvertToLong() || amount.asLong() == 0) {
                        problems.add(invalid("price", "price.amount is a non-zero integer of cents"));
                    }
                }
                if (present(a, "link") && !a.path("link").asText().startsWith("http")) {
                    problems.add(invalid("link", "link must start with http"));
                }
                a.path("images").forEach(image -> {
                    if (!image.path("url").asText("").startsWith("http")) {
                        problems.add(invalid("images", "Every images[].url must start with http"));
                    }
                });
            }
            case "campaigns" -> {
                String service = a.path("service").asText(null);
                if (service == null) {
                    problems.add(required("service"));
                } else if (!SERVICES.contains(service)) {
                    problems.add(invalid("service", "service is facebook-ads or google-ads"));
                    service = null;
                }
                state(a, problems);
                Entry account = related("ad-accounts", links, "ad_account", problems);
                if (account != null && service != null && !service.equals(account.attribute("service"))) {
                    problems.add(problem(422, "invalid", "Invalid relationship", "Ad account " + account.resource().path("id").asText()
                            + " is on " + account.attribute("service") + ", not " + service + ".", "/data/relationships/ad_account"));
                }
            }
            case "ad-sets" -> {
                state(a, problems);
                if (!a.path("bids").isObject()) {
                    problems.add(a.has("bids") ? invalid("bids", "bids is an object") : required("bids"));
                }
                JsonNode configurations = a.path("service_configurations");
                if (!configurations.isObject()) {
                    problems.add(a.has("service_configurations")
                            ? invalid("service_configurations", "service_configurations is an object") : required("service_configurations"));
                }
                Entry campaign = related("campaigns", links, "campaign", problems);
                if (campaign != null && "facebook-ads".equals(campaign.attribute("service"))
                        && !configurations.path("geo_locations").isObject()) {
                    problems.add(problem(422, "required", "Missing attribute",
                            "Facebook requires location targeting: service_configurations.geo_locations.", "service_configurations"));
                }
            }
            case "ads" -> {
                state(a, problems);
                String adType = a.path("ad_type").asText(null);
                if (adType == null) {
                    problems.add(required("ad_type"));
                } else if (!AD_TYPE_SERVICE.containsKey(adType)) {
                    problems.add(invalid("ad_type", "ad_type is expanded-text-ad, image_with_link or video"));
                    adType = null;
                }
                JsonNode creative = a.path("creative");
                if (!creative.isObject()) {
                    problems.add(a.has("creative") ? invalid("creative", "creative is an object") : required("creative"));
                }
                if (!a.has("destination_url")) {
                    problems.add(required("destination_url"));
                } else if (!a.path("destination_url").asText().startsWith("http")) {
                    problems.add(invalid("destination_url", "destination_url must start with http"));
                }
                Entry adSet = related("ad-sets", links, "ad_set", problems);
                String service = adSet == null ? null : adSet.attribute("service");
                if (adType != null && service != null && !service.equals(AD_TYPE_SERVICE.get(adType))) {
                    problems.add(invalid("ad_type", "ad_type " + adType + " doesn't run on " + service + "."));
                } else if (adType != null && creative.isObject()) {
                    creative(adType, creative, problems);
                }
            }
            default -> {
            }
        }
    }

    /** The keys each ad type's creative must carry, as in "Creative per ad type". */
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
        String prefix = switch (adType) {
            case "image_with_link" -> "creative/story/link_data/";
            case "video" -> "creative/story/video_data/";
            default -> "creative/";
        };
        for (String key : keys) {
            if (node.path(key).asText("").isEmpty()) {
                problems.add(problem(422, "required", "Missing attribute", adType + " needs creative key " + key + ".", prefix + key));
            }
        }
    }

    /** The parent a relationship names, adding a problem when it is missing or unknown. */
    private Entry related(String parentType, ObjectNode links, String relation, List<ObjectNode> problems) {
        String pointer = "/data/relationships/" + relation;
        JsonNode ref = links.path(relation).path("data");
        if (!ref.path("id").isTextual()) {
            problems.add(problem(422, "required", "Missing relationship",
                    relation + " is required: {\"data\": {\"type\": \"" + parentType + "\", \"id\": \"...\"}}.", pointer));
            return null;
        }
        if (ref.has("type") && !parentType.equals(ref.path("type").asText())) {
            problems.add(problem(422, "invalid", "Invalid relationship", relation + " has type " + parentType + ".", pointer));
            return null;
        }
        Entry parent = store.get(parentType).get(ref.path("id").asText());
        if (parent == null) {
            problems.add(problem(422, "not_found", "Relationship not found",
                    parentType + " " + ref.path("id").asText() + " can't be found or we have no access to it.", pointer));
        }
        return parent;
    }

    private Entry parent(String parentType, ObjectNode links, String relation) {
        return store.get(parentType).get(links.path(relation).path("data").path("id").asText(""));
    }

    private static void state(ObjectNode a, List<ObjectNode> problems) {
        if (!a.has("state")) {
            problems.add(required("state"));
        } else if (!STATES.contains(a.path("state").asText())) {
            problems.add(invalid("state", "state is active, paused or removed"));
        }
    }

    private static boolean present(ObjectNode a, String name) {
        return a.has(name) && !a.get(name).isNull();
    }

    /** A page of up to 25 records created after the cursor, in creation order, filtered by filter[attribute]. */
    private SimResponse list(SimRequest request, String type, java.util.function.Predicate<Entry> scope) {
        long after;
        try {
            String cursor = request.query(CURSOR);
            after = cursor == null ? Long.MIN_VALUE : Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            return error(400, CURSOR + " takes milliseconds since the Unix epoch.");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        List<String> kept = new ArrayList<>();
        for (String pair : request.rawQuery() == null ? new String[0] : request.rawQuery().split("&")) {
            String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
            if (name.startsWith("filter[") && name.endsWith("]")) {
                // the spec spells it filter[ad-type] in one place; attributes are snake_case
                filters.put(name.substring(7, name.length() - 1).replace('-', '_'), request.query(name));
            }
            if (!pair.isEmpty() && !CURSOR.equals(name)) {
                kept.add(pair);
            }
        }
        List<Entry> matching = store.get(type).values().stream()
                .filter(e -> e.createdMs() > after)
                .filter(scope)
                .filter(e -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(e.attribute(f.getKey()))))
                .toList();
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        matching.stream().limit(PAGE).forEach(e -> data.add(e.resource()));
        ObjectNode links = page.putObject("links");
        if (matching.size() > PAGE) {
            kept.add(CURSOR + "=" + matching.get(PAGE - 1).createdMs());
            links.put("next", baseUrl() + request.path() + "?" + String.join("&", kept));
        }
        return json(200, page);
    }

    private Entry newEntry(String type, String id) {
        // strictly increasing creation times, so a cursor never skips or repeats a record
        long createdMs = Math.max(lastCreatedMs + 1, System.currentTimeMillis());
        lastCreatedMs = createdMs;
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("type", type);
        r.putObject("attributes").put("created_at", Instant.ofEpochMilli(createdMs).toString());
        r.putObject("relationships");
        return new Entry(createdMs, r);
    }

    private Map<String, Entry> table(String type) {
        Map<String, Entry> table = store.get(type);
        if (table == null) {
            throw new IllegalArgumentException("Unknown type " + type + "; one of " + TYPES);
        }
        return table;
    }

    private SimResponse notAllowed(String method, String path) {
        return error(405, method + " isn't supported on " + path + ".");
    }

    private static SimResponse single(int status, Entry e) {
        ObjectNode body = JSON.createObjectNode();
        body.set("data", e.resource());
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
        return problem(422, "required", "Missing attribute", attribute + " is required.", attribute);
    }

    private static ObjectNode invalid(String attribute, String detail) {
        return problem(422, "invalid", "Invalid attribute", detail, attribute);
    }

    /** One JSON:API error object; a pointer not starting with / names an attribute path. */
    private static ObjectNode problem(int status, String code, String title, String detail, String pointer) {
        ObjectNode p = JSON.createObjectNode();
        p.put("status", String.valueOf(status));
        p.put("code", code);
        p.put("title", title);
        p.put("detail", detail);
        if (pointer != null) {
            p.putObject("source").put("pointer", pointer.startsWith("/") ? pointer : "/data/attributes/" + pointer);
        }
        return p;
    }

    /** Hex SHA-256 of brand|model|year|reference_id: how APISync spots duplicate products. */
    private static String fingerprint(ObjectNode a) {
        String key = a.path("brand").asText("") + "|" + a.path("model").asText("") + "|" + a.path("year").asText("")
                + "|" + a.path("reference_id").asText("");
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
