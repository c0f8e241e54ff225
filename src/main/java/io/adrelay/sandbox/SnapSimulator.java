package io.adrelay.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Snap Marketing API, catalog part: the OAuth token endpoint; catalogs, product feeds and product
 * sets with the spec's limits and CAT_* codes in Snap's envelopes; one-time feed uploads that
 * really fetch their URL and move through INITIALIZED, FETCHING, PROCESSING to COMPLETE or
 * ERRORED with a summary computed from the file; catalog facets. 10 requests/s per token (429).
 */
public class SnapSimulator extends Simulator {

    private static final Pattern UUID_SHAPE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern PRICE = Pattern.compile("\\d+(\\.\\d{1,2})? [A-Z]{3}");
    private static final Set<String> VERTICALS = Set.of("UNKNOWN_VERTICAL", "COMMERCE", "HOTELS", "PLACES", "FLIGHTS");
    private static final Set<String> AVAILABILITY = Set.of("in stock", "out of stock", "preorder", "available for order", "discontinued");
    private static final Set<String> CURRENCIES = Set.of(("AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD"
            + " BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL"
            + " GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP"
            + " LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR"
            + " PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS"
            + " UAH UGX USD USN UYI UYU UYW UZS VES VND VUV WST XAF XBC XCD XOF XPF XSU XUA YER ZAR ZMW ZWL").split(" "));
    /** The spec's Filter Operator table ("ALL" in the attribute table). */
    private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE", "CONTAINS", "NOT_CONTAINS",
            "I_CONTAINS", "I_NOT_CONTAINS", "STARTS_WITH", "I_STARTS_WITH", "IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> LIST_OPERATORS = Set.of("IS_ANY", "IS_NOT_ANY", "I_IS_ANY", "I_IS_NOT_ANY");
    private static final Set<String> EQUALITY = Set.of("EQ", "NEQ");
    private static final Set<String> COMPARISON = Set.of("EQ", "NEQ", "GT", "GTE", "LT", "LTE");
    /** The spec's "Product attributes And Supported Filters" table: attribute -> operators it allows. */
    private static final Map<String, Set<String>> FILTER_ATTRIBUTES = Map.ofEntries(
            Map.entry("AGE_GROUP", EQUALITY), Map.entry("AVAILABILITY", EQUALITY), Map.entry("BRAND", OPERATORS),
            Map.entry("COLOR", OPERATORS), Map.entry("CONDITION", EQUALITY), Map.entry("CUSTOM_LABEL_0", OPERATORS),
            Map.entry("CUSTOM_LABEL_1", OPERATORS), Map.entry("CUSTOM_LABEL_2", OPERATORS), Map.entry("CUSTOM_LABEL_3", OPERATORS),
            Map.entry("CUSTOM_LABEL_4", OPERATORS), Map.entry("GENDER", EQUALITY), Map.entry("GOOGLE_PRODUCT_CATEGORY", OPERATORS),
            Map.entry("ID", OPERATORS), Map.entry("ITEM_GROUP_ID", OPERATORS), Map.entry("MATERIAL", OPERATORS),
            Map.entry("PATTERN", OPERATORS), Map.entry("PRICE_AMOUNT", COMPARISON), Map.entry("PRICE_CURRENCY", EQUALITY),
            Map.entry("PRODUCT_TYPE", OPERATORS), Map.entry("SIZE", OPERATORS), Map.entry("TITLE", OPERATORS));
    /** Enum attributes and the only values their filters take. */
    private static final Map<String, Set<String>> FILTER_ENUMS = Map.of(
            "AGE_GROUP", Set.of("NEWBORN", "INFANT", "TODDLER", "KIDS", "ADULT"),
            "AVAILABILITY", Set.of("IN_STOCK", "OUT_OF_STOCK", "PREORDER", "DISCONTINUED", "AVAILABLE_FOR_ORDER"),
            "CONDITION", Set.of("NEW", "REFURBISHED", "USED"),
            "GENDER", Set.of("MALE", "FEMALE", "UNISEX"));
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern AMOUNT = Pattern.compile("\\d+(\\.\\d{1,2})?");
    private static final int MAX_UPLOADS_PER_FEED = 200;
    private static final Set<String> FACETS = Set.of("AGE_GROUP", "AVAILABILITY", "BRAND", "COLOR", "CONDITION", "CUSTOM_LABEL_0",
            "CUSTOM_LABEL_1", "CUSTOM_LABEL_2", "CUSTOM_LABEL_3", "CUSTOM_LABEL_4", "GENDER", "GOOGLE_PRODUCT_CATEGORY",
            "ITEM_GROUP_ID", "MATERIAL", "PATTERN", "PRICE_CURRENCY", "PRODUCT_TYPE", "SIZE");

    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private volatile Duration tokenLifetime = Duration.ofSeconds(1800);
    private volatile Duration uploadStep = Duration.ofMillis(300);
    private volatile int perSecond = 10;
    private volatile String staticToken;
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger workerThreads = new AtomicInteger();
    /** Several threads, so one slow download does not hold up the other uploads' steps. */
    private final ScheduledExecutorService worker = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "snap-simulator-uploads-" + workerThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final HttpClient fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    // entities by id, in creation order
    private final Map<String, ObjectNode> catalogs = new LinkedHashMap<>();
    private final Map<String, ObjectNode> feeds = new LinkedHashMap<>();
    private final Map<String, ObjectNode> sets = new LinkedHashMap<>();
    private final Map<String, ObjectNode> uploads = new LinkedHashMap<>();
    private final Map<String, String> uploadPasswords = new HashMap<>();
    /** feed id -> product id -> the product's columns. */
    private final Map<String, Map<String, Map<String, String>>> products = new HashMap<>();

    public SnapSimulator(String clientId, String clientSecret, String refreshToken) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
    }

    public SnapSimulator tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    public SnapSimulator uploadStep(Duration step) {
        this.uploadStep = step;
        return this;
    }

    public SnapSimulator rateLimit(int requestsPerSecond) {
        this.perSecond = requestsPerSecond;
        limiters.clear();
        return this;
    }

    public SnapSimulator acceptStaticToken(String token) {
        this.staticToken = token;
        return this;
    }

    /** Every access token issued so far stops working (401), as if it had expired. */
    public void expireAllTokens() {
        tokens.replaceAll((token, expiry) -> Instant.EPOCH);
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    public String apiUrl() {
        return baseUrl() + "/v1";
    }

    public String tokenUrl() {
        return baseUrl() + "/login/oauth2/access_token";
    }

    public synchronized List<ObjectNode> catalogs() {
        return copies(catalogs.values().stream().toList());
    }

    public synchronized List<ObjectNode> productFeeds(String catalogId) {
        return copies(feeds.values().stream().filter(f -> catalogId.equals(f.path("catalog_id").asText())).toList());
    }

    public synchronized List<ObjectNode> productSets(String catalogId) {
        return copies(sets.values().stream().filter(s -> catalogId.equals(s.path("catalog_id").asText())).toList());
    }

    public synchronized List<ObjectNode> feedUploads(String feedId) {
        return copies(uploads.values().stream().filter(u -> feedId.equals(u.path("feed_id").asText())).toList());
    }

    public synchronized ObjectNode feedUpload(String uploadId) {
        ObjectNode upload = uploads.get(uploadId);
        return upload == null ? null : upload.deepCopy();
    }

    @Override
    public synchronized void close() {
        worker.shutdownNow();
        super.close();
    }

    @Override
    protected RateLimiter limiterFor(SimRequest request) {
        String auth = request.header("Authorization");
        if (!request.path().startsWith("/v1/") || auth == null) {
            return null;
        }
        return limiters.computeIfAbsent(auth, a -> new RateLimiter(perSecond, Duration.ofSeconds(1)));
    }

    @Override
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return fail(429, "RATE_LIMITED", "Too many requests for this access token");
    }

    @Override
    protected SimResponse error(int status, String message) {
        return fail(status, status == 404 ? "NOT_FOUND" : "INTERNAL_ERROR", message);
    }

    @Override
    protected SimResponse handle(SimRequest request) throws Exception {
        if (request.path().equals("/login/oauth2/access_token")) {
            return token(request);
        }
        if (!request.path().startsWith("/v1/")) {
            return fail(404, "NOT_FOUND", "no such endpoint " + request.path());
        }
        if (!authorized(request.header("Authorization"))) {
            return fail(401, "UNAUTHORIZED", "The access token is missing, invalid or expired");
        }
        String[] p = request.path().substring(4).split("/");
        String m = request.method();
        synchronized (this) {
            if (p[0].equals("organizations") && p.length == 3 && p[2].equals("catalogs")) {
                if (!UUID_SHAPE.matcher(p[1]).matches()) {
                    return fail(400, "CAT_VALIDATION_ERROR_ORGANIZATION_ID_INVALID", "organization id is malformed");
                }
                return switch (m) {
                    case "GET" -> page(request, "catalogs", "catalog",
                            catalogs.values().stream().filter(c -> p[1].equals(c.path("organization_id").asText())).toList());
                    case "POST" -> createCatalogs(p[1], request);
                    case "PUT" -> updateCatalogs(request);
                    default -> notAllowed();
                };
            }
            if (p[0].equals("catalogs") && p.length >= 2) {
                if (!UUID_SHAPE.matcher(p[1]).matches()) {
                    return fail(400, "CAT_VALIDATION_ERROR_CATALOG_ID_INVALID", "catalog id is malformed");
                }
                ObjectNode catalog = catalogs.get(p[1]);
                if (catalog == null) {
                    return fail(404, "NOT_FOUND", "catalog " + p[1] + " not found");
                }
                if (p.length == 2) {
                    return switch (m) {
                        case "GET" -> read("catalogs", "catalog", List.of(catalog));
                        case "DELETE" -> deleted("catalogs", catalogs.remove(p[1]));
                        default -> notAllowed();
                    };
                }
                switch (p[2]) {
                    case "product_feeds":
                        return switch (m) {
                            case "GET" -> read("product_feeds", "product_feed", feeds.values().stream()
                                    .filter(f -> p[1].equals(f.path("catalog_id").asText())).map(SnapSimulator::withoutPassword).toList());
                            case "POST" -> createFeeds(p[1], request);
                            case "PUT" -> updateFeeds(request);
                            default -> notAllowed();
                        };
                    case "product_sets":
                        return switch (m) {
                            case "GET" -> page(request, "product_sets", "product_set",
                                    sets.values().stream().filter(s -> p[1].equals(s.path("catalog_id").asText())).toList());
                            case "POST" -> createSets(p[1], request);
                            case "PUT" -> updateSets(request);
                            default -> notAllowed();
                        };
                    case "facets":
                        return "POST".equals(m) ? facets(p[1], request) : notAllowed();
                    default:
                        return fail(404, "NOT_FOUND", "no such endpoint " + request.path());
                }
            }
            if (p[0].equals("product_feeds") && p.length >= 2) {
                if (!UUID_SHAPE.matcher(p[1]).matches()) {
                    return fail(400, "CAT_VALIDATION_ERROR_FEED_ID_INVALID", "feed id is malformed");
                }
                ObjectNode feed = feeds.get(p[1]);
                if (feed == null) {
                    return fail(404, "NOT_FOUND", "product feed " + p[1] + " not found");
                }
                if (p.length == 2) {
                    return switch (m) {
                        case "GET" -> read("product_feeds", "product_feed", List.of(withoutPassword(feed)));
                        case "DELETE" -> deleted("product_feeds", feeds.remove(p[1]));
                        default -> notAllowed();
                    };
                }
                if (p.length == 3 && p[2].equals("feed_uploads")) {
                    return switch (m) {
                        case "GET" -> read("feed_uploads", "feed_upload", newestFirst(p[1]));
                        case "POST" -> createUpload(feed, request);
                        default -> notAllowed();
                    };
                }
            }
            if (p[0].equals("feed_uploads") && p.length == 2) {
                if (!UUID_SHAPE.matcher(p[1]).matches()) {
                    return fail(400, "CAT_VALIDATION_ERROR_UPLOAD_ID_INVALID", "upload id is malformed");
                }
                ObjectNode upload = uploads.get(p[1]);
                if (upload == null) {
                    return fail(404, "NOT_FOUND", "feed upload " + p[1] + " not found");
                }
                return "GET".equals(m) ? read("feed_uploads", "feed_upload", List.of(upload)) : notAllowed();
            }
            if (p[0].equals("product_sets")) {
                if (p.length == 1) {
                    return "PUT".equals(m) ? updateSets(request) : notAllowed();
                }
                if (!UUID_SHAPE.matcher(p[1]).matches()) {
                    return fail(400, "CAT_VALIDATION_ERROR_PRODUCT_SET_ID_INVALID", "product set id is malformed");
                }
                ObjectNode set = sets.get(p[1]);
                if (set == null) {
                    return fail(404, "NOT_FOUND", "product set " + p[1] + " not found");
                }
                return switch (m) {
                    case "GET" -> read("product_sets", "product_set", List.of(set));
                    case "DELETE" -> deleted("product_sets", sets.remove(p[1]));
                    default -> notAllowed();
                };
            }
        }
        return fail(404, "NOT_FOUND", "no such endpoint " + request.path());
    }

    // --- auth ---------------------------------------------------------------------------

    private SimResponse token(SimRequest request) {
        tokenRequests.incrementAndGet();
        if (!"POST".equals(request.method())) {
            return SimResponse.json(405, Map.of("error", "invalid_request", "error_description", "POST only"));
        }
        Map<String, String> form = form(request.bodyAsString());
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            return SimResponse.json(401, Map.of("error", "invalid_client", "error_description", "unknown client or wrong secret"));
        }
        if (!"refresh_token".equals(form.get("grant_type")) || !refreshToken.equals(form.get("refresh_token"))) {
            return SimResponse.json(400, Map.of("error", "invalid_grant", "error_description", "refresh token is invalid"));
        }
        String token = "snap-at-" + UUID.randomUUID();
        tokens.put(token, Instant.now().plus(tokenLifetime));
        ObjectNode body = SimResponse.JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", tokenLifetime.toSeconds()).put("refresh_token", refreshToken).put("scope", "snapchat-marketing-api");
        return SimResponse.json(200, body);
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        String token = header.substring(7).trim();
        if (token.equals(staticToken)) {
            return true;
        }
        Instant expiry = tokens.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    // --- catalogs, feeds, product sets --------------------------------------------------------

    private SimResponse createCatalogs(String org, SimRequest request) {
        ArrayNode items = items(request, "catalogs");
        if (items == null) {
            return malformed("catalogs");
        }
        if (items.size() > 10) {
            return fail(400, "CAT_VALIDATION_ERROR_TOO_MANY_CATALOGS_IN_BATCH", "at most 10 catalogs per batch");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String name = item.path("name").asText("");
            String problem = name.isEmpty() ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_EMPTY: name is required"
                    : name.length() > 375 ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_TOO_LARGE: name is longer than 375 characters"
                    : !VERTICALS.contains(item.path("vertical").asText()) ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: vertical must be one of " + VERTICALS
                    : !org.equals(item.path("organization_id").asText()) ? "CAT_VALIDATION_ERROR_ORGANIZATION_ID_INVALID: organization_id differs from the path"
                    : catalogs.values().stream().filter(c -> org.equals(c.path("organization_id").asText())).count() >= 200
                    ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: an organization holds at most 200 catalogs" : null;
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode catalog = entity().put("name", name).put("organization_id", org).put("vertical", item.path("vertical").asText())
                    .put("source", "FEED").put("default_product_set_id", UUID.randomUUID().toString());
            if (item.has("event_sources")) {
                catalog.set("event_sources", item.get("event_sources"));
            }
            catalogs.put(catalog.path("id").asText(), catalog);
            results.add(catalog);
        }
        return batch("catalogs", "catalog", results);
    }

    private SimResponse updateCatalogs(SimRequest request) {
        ArrayNode items = items(request, "catalogs");
        if (items == null) {
            return malformed("catalogs");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode catalog = catalogs.get(item.path("id").asText());
            if (catalog == null) {
                results.add("NOT_FOUND: catalog " + item.path("id").asText() + " not found");
                continue;
            }
            if (item.hasNonNull("name")) {
                catalog.put("name", item.path("name").asText());
            }
            if (item.has("event_sources")) {
                catalog.set("event_sources", item.get("event_sources"));
            }
            results.add(touched(catalog));
        }
        return batch("catalogs", "catalog", results);
    }

    private SimResponse createFeeds(String catalogId, SimRequest request) {
        ArrayNode items = items(request, "product_feeds");
        if (items == null) {
            return malformed("product_feeds");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String type = item.path("feed_type").asText("PRIMARY");
            String parent = item.path("parent_feed_id").asText("");
            ObjectNode parentFeed = feeds.get(parent);
            String problem = feedProblem(item);
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

    private SimResponse updateFeeds(SimRequest request) {
        ArrayNode items = items(request, "product_feeds");
        if (items == null) {
            return malformed("product_feeds");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode feed = feeds.get(item.path("id").asText());
            String problem = feed == null ? "NOT_FOUND: product feed " + item.path("id").asText() + " not found" : feedProblem(item);
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

    private static String feedProblem(JsonNode item) {
        String name = item.path("name").asText("");
        if (name.isEmpty() || name.length() > 375) {
            return "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: name must have 1 to 375 characters";
        }
        if (!CURRENCIES.contains(item.path("default_currency").asText())) {
            return "CAT_VALIDATION_ERROR_CURRENCY_INVALID: default_currency must be an ISO 4217 code";
        }
        return null;
    }

    private SimResponse createSets(String catalogId, SimRequest request) {
        ArrayNode items = items(request, "product_sets");
        if (items == null) {
            return malformed("product_sets");
        }
        if (items.size() > 50) {
            return fail(400, "CAT_VALIDATION_ERROR_TOO_MANY_PRODUCT_SETS_IN_BATCH", "at most 50 product sets per batch");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String problem = setProblem(item);
            if (problem == null && sets.values().stream().filter(s -> catalogId.equals(s.path("catalog_id").asText())).count() >= 50) {
                problem = "CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_COUNT_FOR_CATALOG_REACHED: a catalog holds at most 50 product sets";
            }
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode set = entity().put("catalog_id", catalogId).put("name", item.path("name").asText());
            set.set("filter", item.get("filter"));
            sets.put(set.path("id").asText(), set);
            results.add(set);
        }
        return batch("product_sets", "product_set", results);
    }

    private SimResponse updateSets(SimRequest request) {
        ArrayNode items = items(request, "product_sets");
        if (items == null) {
            return malformed("product_sets");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            ObjectNode set = sets.get(item.path("id").asText());
            String problem = set == null ? "NOT_FOUND: product set " + item.path("id").asText() + " not found" : setProblem(item);
            if (problem != null) {
                results.add(problem);
                continue;
            }
            set.put("name", item.path("name").asText()).set("filter", item.get("filter"));
            results.add(touched(set));
        }
        return batch("product_sets", "product_set", results);
    }

    private static String setProblem(JsonNode item) {
        String name = item.path("name").asText("");
        if (name.length() < 3 || name.length() > 255) {
            return "CAT_VALIDATION_ERROR_PRODUCT_SET_NAME_LENGTH_INVALID: name must have 3 to 255 characters";
        }
        JsonNode filter = item.path("filter");
        if (!filter.isObject() || filter.size() != 1) {
            return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: filter is required";
        }
        String first = filter.fieldNames().next();
        List<JsonNode> rules = new ArrayList<>();
        if (first.equals("AND") || first.equals("OR")) {
            if (!filter.get(first).isArray()) {
                return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: " + first + " takes a list of rules";
            }
            filter.get(first).forEach(rules::add);
            if (rules.size() > 10) {
                return "CAT_VALIDATION_ERROR_MAX_PRODUCT_SET_FILTER_ENTRY_COUNT_REACHED: at most 10 rules per product set";
            }
        } else {
            rules.add(filter);
        }
        for (JsonNode rule : rules) {
            String problem = ruleProblem(rule);
            if (problem != null) {
                return "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: " + problem;
            }
        }
        return rules.isEmpty() ? "CAT_VALIDATION_ERROR_INVALID_PRODUCT_SET_FILTER: no rule" : null;
    }

    private static String ruleProblem(JsonNode rule) {
        if (!rule.isObject() || rule.size() != 1) {
            return "a rule is {ATTRIBUTE: {OPERATOR: value}}";
        }
        String attribute = rule.fieldNames().next();
        JsonNode condition = rule.get(attribute);
        Set<String> allowed = FILTER_ATTRIBUTES.get(attribute);
        if (allowed == null || !condition.isObject() || condition.size() != 1) {
            return "unknown attribute or malformed rule (one logical operator, no nesting) " + rule;
        }
        String operator = condition.fieldNames().next();
        JsonNode value = condition.get(operator);
        if (!allowed.contains(operator)) {
            return attribute + " does not take " + operator;
        }
        if (LIST_OPERATORS.contains(operator)) {
            if (!value.isArray() || value.isEmpty() || value.size() > 10) {
                return operator + " takes a list of 1 to 10 strings";
            }
            for (JsonNode v : value) {
                if (!v.isTextual() || !ALPHANUMERIC.matcher(v.asText()).matches() || v.asText().length() > 255) {
                    return operator + " takes alphanumeric strings only, not " + v;
                }
            }
            return null;
        }
        if (!value.isValueNode() || value.isNull()) {
            return operator + " takes a single value";
        }
        if (FILTER_ENUMS.containsKey(attribute)) {
            return FILTER_ENUMS.get(attribute).contains(value.asText()) ? null
                    : attribute + " takes one of " + new TreeSet<>(FILTER_ENUMS.get(attribute));
        }
        if (attribute.equals("PRICE_AMOUNT")) {
            return (value.isTextual() || value.isNumber()) && AMOUNT.matcher(value.asText()).matches() ? null
                    : "PRICE_AMOUNT takes a number with at most 2 decimals";
        }
        return value.isTextual() && !value.asText().isEmpty() && value.asText().length() <= 255 ? null : "values are strings of 1 to 255 characters";
    }

    // --- feed uploads -------------------------------------------------------------------

    private SimResponse createUpload(ObjectNode feed, SimRequest request) {
        ArrayNode items = items(request, "feed_uploads");
        if (items == null) {
            return malformed("feed_uploads");
        }
        List<Object> results = new ArrayList<>();
        for (JsonNode item : items) {
            String url = item.path("url").asText("");
            String updateType = item.path("update_type").asText("");
            String problem = feed.hasNonNull("schedule")
                    ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: one time uploads are only allowed for product feeds without a schedule"
                    : !url.matches("(?i)(https?|s?ftp)://.+") ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: url must be an FTP/SFTP/HTTP/HTTPS URL"
                    : !Set.of("REPLACE", "UPSERT").contains(updateType) ? "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED: update_type must be REPLACE or UPSERT"
                    : null;
            if (problem != null) {
                results.add(problem);
                continue;
            }
            ObjectNode upload = entity().put("feed_id", feed.path("id").asText()).put("url", url).put("update_type", updateType)
                    .put("status", "INITIALIZED");
            upload.putObject("summary").putObject("issues_summary");
            String id = upload.path("id").asText();
            uploads.put(id, upload);
            forgetOldUploads(feed.path("id").asText());
            if (item.hasNonNull("username")) {
                uploadPasswords.put(id, item.path("username").asText() + ":" + item.path("password").asText());
            }
            worker.schedule(() -> fetch(id), uploadStep.toMillis(), TimeUnit.MILLISECONDS);
            results.add(upload.deepCopy());
        }
        return batch("feed_uploads", "feed_upload", results);
    }

    /** Snap keeps the latest 200 uploads of a feed. */
    private void forgetOldUploads(String feedId) {
        List<String> ids = uploads.values().stream().filter(u -> feedId.equals(u.path("feed_id").asText()))
                .map(u -> u.path("id").asText()).toList();
        for (int i = 0; i < ids.size() - MAX_UPLOADS_PER_FEED; i++) {
            uploads.remove(ids.get(i));
            uploadPasswords.remove(ids.get(i));
        }
    }

    private void fetch(String uploadId) {
        String url;
        String credentials;
        synchronized (this) {
            if (!uploads.containsKey(uploadId)) {
                return;
            }
            touched(uploads.get(uploadId)).put("status", "FETCHING");
            url = uploads.get(uploadId).path("url").asText();
            credentials = uploadPasswords.remove(uploadId);
        }
        String body = null;
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
            if (credentials != null) {
                get.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
            }
            HttpResponse<String> answer = fetcher.send(get.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            body = answer.statusCode() == 200 ? answer.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            body = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        String file = body;
        worker.schedule(() -> process(uploadId, file), uploadStep.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void process(String uploadId, String file) {
        synchronized (this) {
            if (!uploads.containsKey(uploadId)) {
                return;
            }
            touched(uploads.get(uploadId)).put("status", "PROCESSING");
        }
        worker.schedule(() -> finish(uploadId, file), uploadStep.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void finish(String uploadId, String file) {
        if (!uploads.containsKey(uploadId)) {
            return;
        }
        ObjectNode upload = touched(uploads.get(uploadId));
        ObjectNode summary = upload.putObject("summary");
        List<CSVRecord> rows = parse(file);
        if (rows == null || rows.isEmpty()) {
            summary.put("total_items", 0).put("items_modified", 0).put("items_deleted", 0).put("items_errored", 0).put("items_with_warnings", 0);
            summary.putObject("issues_summary").putObject("errors").put("CAT_FEED_FILE_NO_DATA", 1);
            upload.put("status", "ERRORED");
            return;
        }
        Map<String, Map<String, String>> before = products.getOrDefault(upload.path("feed_id").asText(), Map.of());
        Map<String, Map<String, String>> valid = new LinkedHashMap<>();
        Map<String, Integer> errors = new TreeMap<>();
        int modified = 0;
        int withoutDeepLinks = 0;
        for (CSVRecord row : rows) {
            Map<String, String> product = new LinkedHashMap<>(row.toMap());
            String code = rowError(product, valid);
            if (code != null) {
                errors.merge(code, 1, Integer::sum);
                continue;
            }
            valid.put(product.get("id"), product);
            if (!product.equals(before.get(product.get("id")))) {
                modified++;
            }
            if (product.getOrDefault("ios_url", "").isEmpty() && product.getOrDefault("android_url", "").isEmpty()) {
                withoutDeepLinks++;
            }
        }
        boolean replace = "REPLACE".equals(upload.path("update_type").asText());
        long deleted = replace ? before.keySet().stream().filter(id -> !valid.containsKey(id)).count() : 0;
        Map<String, Map<String, String>> after = replace ? valid : new LinkedHashMap<>(before);
        if (!replace) {
            after.putAll(valid);
        }
        products.put(upload.path("feed_id").asText(), after);
        int errored = errors.values().stream().mapToInt(Integer::intValue).sum();
        summary.put("total_items", rows.size()).put("items_modified", modified).put("items_deleted", deleted)
                .put("items_errored", errored).put("items_with_warnings", 0);
        ObjectNode issues = summary.putObject("issues_summary");
        if (!errors.isEmpty()) {
            issues.set("errors", SimResponse.JSON.valueToTree(errors));
        }
        if (withoutDeepLinks > 0) {
            issues.putObject("recommendations").put("CAT_RECOMMENDATION_MISSING_DEEP_LINK_PROPERTIES", withoutDeepLinks);
        }
        upload.put("status", "COMPLETE");
    }

    private static List<CSVRecord> parse(String file) {
        if (file == null) {
            return null;
        }
        String text = file.startsWith("\uFEFF") ? file.substring(1) : file;
        try (Reader in = new StringReader(text)) {
            return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(in).getRecords();
        } catch (IOException | IllegalArgumentException | IllegalStateException unreadable) {
            return null;
        }
    }

    private static String rowError(Map<String, String> p, Map<String, Map<String, String>> valid) {
        String id = p.getOrDefault("id", "");
        if (id.isEmpty()) {
            return "CAT_VALIDATION_ERROR_PRODUCT_ID_INVALID";
        }
        if (valid.containsKey(id)) {
            return "CAT_VALIDATION_ERROR_DUPLICATE_PRODUCT";
        }
        if (p.getOrDefault("title", "").isEmpty()) {
            return "CAT_VALIDATION_ERROR_TITLE_INVALID";
        }
        if (!p.getOrDefault("link", "").matches("(?i)https?://.+")) {
            return "CAT_VALIDATION_ERROR_PRODUCT_LINK_INVALID";
        }
        if (!p.getOrDefault("image_link", "").matches("(?i)https?://.+")) {
            return "CAT_VALIDATION_ERROR_IMAGE_LINK_INVALID";
        }
        if (!PRICE.matcher(p.getOrDefault("price", "")).matches()) {
            return "CAT_VALIDATION_ERROR_PRODUCT_PRICE_INVALID";
        }
        if (!AVAILABILITY.contains(p.getOrDefault("availability", "").toLowerCase(Locale.ROOT))) {
            return "CAT_VALIDATION_ERROR_AVAILABILITY_INVALID";
        }
        return null;
    }

    // --- diagnostics --------------------------------------------------------------------

    private SimResponse facets(String catalogId, SimRequest request) {
        int limit;
        try {
            limit = request.query("limit") == null ? 50 : Integer.parseInt(request.query("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 50) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", "limit must be 1 to 50");
        }
        JsonNode body = json(request);
        if (body == null || !body.path("facets").isArray() || body.path("facets").isEmpty()) {
            return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_NULL", "facets is required");
        }
        List<Map<String, String>> all = new ArrayList<>();
        feeds.values().stream().filter(f -> catalogId.equals(f.path("catalog_id").asText()))
                .forEach(f -> all.addAll(products.getOrDefault(f.path("id").asText(), Map.of()).values()));
        List<Map<String, String>> matching = all.stream().filter(p -> matches(p, body.path("filter"))).toList();
        ObjectNode answer = envelope("SUCCESS");
        answer.putObject("summary").putObject("total_products").put("count", String.valueOf(matching.size())).put("relation", "EQ");
        ArrayNode facets = answer.putArray("facets");
        for (JsonNode facet : body.path("facets")) {
            String property = facet.path("property").asText();
            if (!FACETS.contains(property)) {
                return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_MALFORMED", "cannot group by " + property);
            }
            Map<String, Integer> counts = new HashMap<>();
            matching.forEach(p -> {
                String value = value(p, property);
                if (!value.isEmpty()) {
                    counts.merge(value, 1, Integer::sum);
                }
            });
            ObjectNode out = facets.addObject();
            out.putObject("facet").put("property", property);
            ArrayNode values = out.putArray("values");
            counts.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(limit).forEach(e -> values.addObject().put("name", e.getKey()).put("count", String.valueOf(e.getValue())));
        }
        return SimResponse.json(200, answer);
    }

    private static String value(Map<String, String> product, String property) {
        if (property.equals("PRICE_CURRENCY")) {
            String price = product.getOrDefault("price", "");
            return price.contains(" ") ? price.substring(price.indexOf(' ') + 1) : "";
        }
        String value = product.getOrDefault(property.toLowerCase(Locale.ROOT), "");
        return Set.of("AVAILABILITY", "CONDITION", "GENDER", "AGE_GROUP").contains(property)
                ? value.toUpperCase(Locale.ROOT).replace(' ', '_') : value;
    }

    private static boolean matches(Map<String, String> product, JsonNode filter) {
        if (filter == null || !filter.isObject() || filter.isEmpty()) {
            return true;
        }
        String first = filter.fieldNames().next();
        if (first.equals("AND") || first.equals("OR")) {
            List<Boolean> results = new ArrayList<>();
            filter.get(first).forEach(rule -> results.add(matches(product, rule)));
            return first.equals("AND") ? !results.contains(false) : results.contains(true);
        }
        JsonNode condition = filter.get(first);
        String operator = condition.fieldNames().next();
        JsonNode wanted = condition.get(operator);
        if (first.equals("PRODUCT_SET_ID")) {
            return true;
        }
        String actual = value(product, first);
        return switch (operator) {
            case "EQ" -> actual.equalsIgnoreCase(wanted.asText());
            case "NEQ" -> !actual.equalsIgnoreCase(wanted.asText());
            case "IS_ANY", "I_IS_ANY" -> contains(wanted, actual);
            case "IS_NOT_ANY", "I_IS_NOT_ANY" -> !contains(wanted, actual);
            default -> true;
        };
    }

    private static boolean contains(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asText().equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    // --- envelopes ----------------------------------------------------------------------

    private static ObjectNode envelope(String status) {
        return SimResponse.JSON.createObjectNode().put("request_status", status).put("request_id", UUID.randomUUID().toString());
    }

    private static SimResponse fail(int status, String code, String message) {
        ObjectNode body = envelope("ERROR").put("debug_message", message).put("display_message", message).put("error_code", code);
        return SimResponse.json(status, body);
    }

    private static SimResponse notAllowed() {
        return fail(405, "METHOD_NOT_ALLOWED", "method not allowed");
    }

    private static SimResponse malformed(String plural) {
        return fail(400, "CAT_VALIDATION_ERROR_REQUIRED_INPUT_PARAMETER_NULL", "the body must hold a non-empty " + plural + " list");
    }

    private static SimResponse read(String plural, String singular, List<ObjectNode> entities) {
        ObjectNode body = envelope("SUCCESS");
        ArrayNode items = body.putArray(plural);
        entities.forEach(e -> items.addObject().put("sub_request_status", "SUCCESS").set(singular, e));
        return SimResponse.json(200, body);
    }

    /** A deletion (of an entity found before: unknown ids are 404) answers an empty list. */
    private static SimResponse deleted(String plural, ObjectNode removed) {
        ObjectNode body = envelope("SUCCESS");
        body.putArray(plural);
        return SimResponse.json(200, body);
    }

    /** Each result is an entity (created or updated) or a "CODE: message" refusal. */
    private static SimResponse batch(String plural, String singular, List<Object> results) {
        long failed = results.stream().filter(r -> r instanceof String).count();
        ObjectNode body = envelope(failed == 0 ? "SUCCESS" : failed == results.size() ? "ERROR" : "PARTIAL");
        ArrayNode items = body.putArray(plural);
        for (Object result : results) {
            if (result instanceof ObjectNode entity) {
                items.addObject().put("sub_request_status", "SUCCESS").set(singular, entity);
            } else {
                items.addObject().put("sub_request_status", "ERROR").put("sub_request_error_reason", (String) result);
            }
        }
        return SimResponse.json(failed == results.size() ? 400 : 200, body);
    }

    /** A list page: limit 1-1000, an opaque cursor, and next_link while more remain. */
    private SimResponse page(SimRequest request, String plural, String singular, List<ObjectNode> all) {
        String limitText = request.query("limit");
        String cursor = request.query("cursor");
        if (cursor != null && limitText == null) {
            return fail(400, "CAT_VALIDATION_ERROR_READ_LIMIT_MUST_BE_SPECIFIED", "a cursor needs a limit");
        }
        int limit;
        int offset;
        try {
            limit = limitText == null ? Integer.MAX_VALUE : Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
            limit = 0;
        }
        if (limit < 1 || limitText != null && limit > 1000) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_PAGINATION_READ_LIMIT", "limit must be 1 to 1000");
        }
        try {
            offset = cursor == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).substring(2));
        } catch (RuntimeException e) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_CURSOR", "the cursor is not valid");
        }
        if (offset < 0 || offset > all.size()) {
            return fail(400, "CAT_VALIDATION_ERROR_INVALID_CURSOR", "the cursor is not valid");
        }
        int end = (int) Math.min(all.size(), (long) offset + limit);
        SimResponse answer = read(plural, singular, all.subList(offset, end));
        ObjectNode body;
        try {
            body = (ObjectNode) SimResponse.JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectNode paging = body.putObject("paging");
        if (end < all.size()) {
            String next = Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + end).getBytes(StandardCharsets.UTF_8));
            paging.put("next_link", baseUrl() + request.path() + "?cursor=" + next + "&limit=" + limit);
        }
        return SimResponse.json(200, body);
    }

    private static ArrayNode items(SimRequest request, String plural) {
        JsonNode body = json(request);
        JsonNode items = body == null ? null : body.get(plural);
        return items instanceof ArrayNode array && !array.isEmpty() ? array : null;
    }

    private static JsonNode json(SimRequest request) {
        try {
            return SimResponse.JSON.readTree(request.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static ObjectNode entity() {
        String now = Instant.now().toString();
        return SimResponse.JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("created_at", now).put("updated_at", now);
    }

    private static ObjectNode touched(ObjectNode entity) {
        return entity.put("updated_at", Instant.now().toString());
    }

    private static ObjectNode withoutPassword(ObjectNode feed) {
        ObjectNode copy = feed.deepCopy();
        if (copy.path("schedule").isObject()) {
            ((ObjectNode) copy.get("schedule")).remove("password");
        }
        return copy;
    }

    /** The feed's latest 200 uploads, newest first. */
    private List<ObjectNode> newestFirst(String feedId) {
        List<ObjectNode> list = new ArrayList<>(uploads.values().stream().filter(u -> feedId.equals(u.path("feed_id").asText())).toList());
        Collections.reverse(list);
        return list.subList(0, Math.min(200, list.size()));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static List<ObjectNode> copies(List<ObjectNode> nodes) {
        return nodes.stream().map(ObjectNode::deepCopy).toList();
    }
}
