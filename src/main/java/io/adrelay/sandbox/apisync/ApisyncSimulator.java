package io.adrelay.sandbox.apisync;

import static io.adrelay.sandbox.apisync.ApisyncErrors.errors;
import static io.adrelay.sandbox.apisync.ApisyncErrors.json;
import static io.adrelay.sandbox.apisync.ApisyncErrors.notAllowed;
import static io.adrelay.sandbox.apisync.ApisyncErrors.problem;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.RateLimiter;
import io.adrelay.sandbox.SimRequest;
import io.adrelay.sandbox.SimResponse;
import io.adrelay.sandbox.Simulator;

/**
 * APISync's JSON:API: inventory items, read-only ad accounts, campaigns, ad sets and ads. Enforces
 * the ApiToken header, the media type, the envelope, snake_case keys at any depth, required attributes
 * (422 listing every problem), reference_id upserts, inventory fingerprints, cursor pagination of
 * 25 and one rate limit over every request. Errors use the JSON:API {@code errors} array.
 * Each resource type is one class; this one does the JSON:API part they share.
 */
public class ApisyncSimulator extends Simulator {

    static final String MEDIA_TYPE = ApisyncErrors.MEDIA_TYPE;
    private static final int PAGE = 25;
    private static final String CURSOR = "page[starting_after]";
    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9_]*");
    /** Attributes only APISync writes; a client sending them is ignored, as the real API does. */
    private static final Set<String> READ_ONLY = Set.of("created_at", "created_via", "fingerprint", "sold_out_at");

    /** APISync's limit, over every request in any second, as the simulator enforces it unless told otherwise. */
    public static final int REQUESTS_PER_SECOND = 20;

    private final String apiToken;
    private final RateLimiter limiter;
    private final ApisyncStore store = new ApisyncStore();
    private final Map<String, ApisyncResource> resources = new LinkedHashMap<>();

    public ApisyncSimulator(String apiToken) {
        this(apiToken, REQUESTS_PER_SECOND);
    }

    public ApisyncSimulator(String apiToken, int requestsPerSecond) {
        this.apiToken = apiToken;
        this.limiter = new RateLimiter(requestsPerSecond, Duration.ofSeconds(1));
        List.of(new InventoryItemsResource(store),
                new AdAccountsResource(),
                new CampaignsResource(store),
                new AdSetsResource(store),
                new AdsResource(store))
                .forEach(resource -> {
                    resources.put(resource.type(), resource);
                    store.addType(resource.type());
                });
        addAdAccount("act_1001", "Acme Facebook", "facebook-ads");
        addAdAccount("act_1002", "Acme Facebook EU", "facebook-ads");
        addAdAccount("1234567890", "Acme Google", "google-ads");
    }

    /** An operator giving APISync access to one more ad account (ids come from Facebook/Google, not UUIDs). */
    public synchronized void addAdAccount(String id, String name, String service) {
        ApisyncEntry account = store.newEntry("ad-accounts", id);
        account.attributes().put("name", name).put("service", service);
        store.table("ad-accounts").put(id, account);
    }

    /** Copies of the stored resources of a type, oldest first, as the API shows them. */
    public synchronized List<ObjectNode> records(String type) {
        return store.table(type).values().stream().map(e -> e.resource().deepCopy()).toList();
    }

    public synchronized int count(String type) {
        return store.table(type).size();
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
        return ApisyncErrors.error(status, message);
    }

    @Override
    protected synchronized SimResponse handle(SimRequest request) {
        if (!("ApiToken " + apiToken).equals(request.header("Authorization"))) {
            return error(401, "Send the header Authorization: ApiToken <token>.");
        }
        String[] parts = request.path().replaceFirst("^/", "").split("/", -1);
        String type = parts[0];
        ApisyncResource resource = resources.get(type);
        if (resource == null || parts.length > 3 || (parts.length > 1 && parts[1].isEmpty())
                || (parts.length == 3 && !resource.children().containsKey(parts[2]))) {
            return error(404, "No such endpoint: " + request.path());
        }
        String method = request.method();
        if (parts.length == 3) {
            if (!"GET".equals(method)) {
                return notAllowed(method, request.path());
            }
            if (!store.table(type).containsKey(parts[1])) {
                return error(404, type + " " + parts[1] + " can't be found.");
            }
            String relation = resource.children().get(parts[2]);
            return list(request, parts[2], e -> parts[1].equals(e.relationships().path(relation).path("data").path("id").asText()));
        }
        String id = parts.length == 2 ? parts[1] : null;
        if ("GET".equals(method)) {
            if (id != null) {
                ApisyncEntry found = store.table(type).get(id);
                return found == null ? error(404, type + " " + id + " can't be found.") : single(200, found);
            }
            // the spec reads ads one by one or per ad set, never as one top-level list
            return resource.listable() ? list(request, type, e -> true) : notAllowed(method, request.path());
        }
        boolean allowed = resource.writable() && (id == null ? "POST".equals(method) : resource.updateMethod().equals(method));
        if (!allowed) {
            return notAllowed(method, request.path());
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith(MEDIA_TYPE)) {
            return error(406, "Request format is not supported: send Content-Type " + MEDIA_TYPE + ".");
        }
        ApisyncEntry existing = null;
        if (id != null) {
            existing = store.table(type).get(id);
            if (existing == null) {
                return error(404, type + " " + id + " can't be found.");
            }
        }
        JsonNode data;
        try {
            data = SimResponse.JSON.readTree(request.body()).path("data");
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
        return write(resource, existing, (ObjectNode) data.path("attributes").deepCopy(),
                data.has("relationships") ? (ObjectNode) data.path("relationships").deepCopy() : null);
    }

    /**
     * A create, an upsert (POST matching a reference_id or fingerprint) or an update (PATCH/PUT):
     * the incoming attributes are merged over the stored ones and the result validated as a whole.
     */
    private SimResponse write(ApisyncResource resource, ApisyncEntry existing, ObjectNode changes, ObjectNode relationships) {
        String type = resource.type();
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
        resource.readOnly().forEach(changes::remove);
        boolean post = existing == null;
        if (post) {
            existing = findExisting(resource, changes);
        }
        ObjectNode merged = existing == null ? SimResponse.JSON.createObjectNode() : existing.attributes().deepCopy();
        merged.setAll(changes);
        ObjectNode links = existing == null ? SimResponse.JSON.createObjectNode() : existing.relationships().deepCopy();
        if (relationships != null) {
            links.setAll(relationships);
        }
        if (existing != null) {
            resource.checkChange(post, existing, changes, links, problems);
        }
        resource.validate(merged, links, problems);
        if (!problems.isEmpty()) {
            return errors(422, problems);
        }
        ApisyncEntry target = existing == null ? store.newEntry(type, UUID.randomUUID().toString()) : existing;
        Boolean wasAvailable = target.attributes().has("available") ? target.attributes().path("available").asBoolean() : null;
        String createdAt = target.attribute("created_at");
        target.resource().set("attributes", merged);
        merged.put("created_at", createdAt);
        target.resource().set("relationships", links);
        resource.derive(target, wasAvailable);
        if (existing == null) {
            merged.put("created_via", "api");
            store.table(type).put(target.id(), target);
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

    /** The record a POST upserts: same reference_id, else the resource's own duplicate (an inventory item's fingerprint). */
    private ApisyncEntry findExisting(ApisyncResource resource, ObjectNode attributes) {
        String reference = attributes.path("reference_id").asText(null);
        if (reference != null) {
            for (ApisyncEntry e : store.table(resource.type()).values()) {
                if (reference.equals(e.attribute("reference_id"))) {
                    return e;
                }
            }
        }
        return resource.duplicateOf(attributes);
    }

    /** A page of up to 25 records created after the cursor, in creation order, filtered by filter[attribute]. */
    private SimResponse list(SimRequest request, String type, Predicate<ApisyncEntry> scope) {
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
        List<ApisyncEntry> matching = store.table(type).values().stream()
                .filter(e -> e.createdMs() > after)
                .filter(scope)
                .filter(e -> filters.entrySet().stream().allMatch(f -> f.getValue().equals(e.attribute(f.getKey()))))
                .toList();
        ObjectNode page = SimResponse.JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        matching.stream().limit(PAGE).forEach(e -> data.add(e.resource()));
        ObjectNode links = page.putObject("links");
        if (matching.size() > PAGE) {
            kept.add(CURSOR + "=" + matching.get(PAGE - 1).createdMs());
            links.put("next", baseUrl() + request.path() + "?" + String.join("&", kept));
        }
        return json(200, page);
    }

    private static SimResponse single(int status, ApisyncEntry e) {
        ObjectNode body = SimResponse.JSON.createObjectNode();
        body.set("data", e.resource());
        return json(status, body);
    }
}
