package io.adrelay.sandbox.snap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.RateLimiter;
import io.adrelay.sandbox.SimRequest;
import io.adrelay.sandbox.SimResponse;
import io.adrelay.sandbox.Simulator;

/**
 * Snap Marketing API, catalog and Dynamic Product Ads parts: the OAuth token endpoint; catalogs,
 * product feeds and product sets with the spec's limits and CAT_* codes in Snap's envelopes;
 * one-time feed uploads that really fetch their URL and move through INITIALIZED, FETCHING,
 * PROCESSING to COMPLETE or ERRORED with a summary computed from the file; catalog facets and
 * product search over the products the uploads loaded; and for DPA, dynamic templates, campaigns,
 * ad squads, creatives and ads, each item checked against the spec's rule tables and answered item
 * by item ("CODE: message" refusals). Any well-formed id names an ad account. 10 requests/s per
 * token (429). Each resource is one handler; this class authenticates, limits and routes.
 */
public class SnapSimulator extends Simulator {

    private final SnapStore store = new SnapStore();
    private final TokenHandler tokens;
    private final FeedUploadProcessing uploadProcessing = new FeedUploadProcessing(store);
    private final SnapRouter router = new SnapRouter();
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private volatile int perSecond = 10;

    public SnapSimulator(String clientId, String clientSecret, String refreshToken) {
        this.tokens = new TokenHandler(clientId, clientSecret, refreshToken);
        List.of(new CatalogsHandler(store),
                new ProductFeedsHandler(store),
                new ProductSetsHandler(store),
                new FacetsHandler(store),
                new FeedUploadsHandler(store, uploadProcessing),
                new ProductSearchHandler(store),
                new DynamicTemplatesHandler(store),
                new CampaignsHandler(store),
                new AdSquadsHandler(store),
                new CreativesHandler(store),
                new AdsHandler(store))
                .forEach(resource -> resource.register(router));
    }

    public SnapSimulator tokenLifetime(Duration lifetime) {
        tokens.lifetime(lifetime);
        return this;
    }

    public SnapSimulator uploadStep(Duration step) {
        uploadProcessing.step(step);
        return this;
    }

    /** Feed uploads stay in progress (INITIALIZED) until {@link #releaseUploads()}: Snap taking its time. */
    public void holdUploads() {
        uploadProcessing.hold();
    }

    /** The held uploads go on to COMPLETE or ERRORED. */
    public void releaseUploads() {
        uploadProcessing.release();
    }

    public SnapSimulator rateLimit(int requestsPerSecond) {
        this.perSecond = requestsPerSecond;
        limiters.clear();
        return this;
    }

    public SnapSimulator acceptStaticToken(String token) {
        tokens.acceptStaticToken(token);
        return this;
    }

    /** Every access token issued so far stops working (401), as if it had expired. */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    /** After that many more authorized /v1 requests, every access token issued so far stops working (401), as expireAllTokens() does. */
    public void expireTokensAfter(int requests) {
        tokens.expireAfter(requests);
    }

    public int tokenRequests() {
        return tokens.requests();
    }

    public String apiUrl() {
        return baseUrl() + "/v1";
    }

    public String tokenUrl() {
        return baseUrl() + TokenHandler.PATH;
    }

    public List<ObjectNode> catalogs() {
        synchronized (store) {
            return copies(List.copyOf(store.collection("catalogs").values()));
        }
    }

    public List<ObjectNode> productFeeds(String catalogId) {
        return copiesWhere("product_feeds", "catalog_id", catalogId);
    }

    public List<ObjectNode> productSets(String catalogId) {
        return copiesWhere("product_sets", "catalog_id", catalogId);
    }

    public List<ObjectNode> dynamicTemplates(String adAccountId) {
        return copiesWhere("dynamic_templates", "ad_account_id", adAccountId);
    }

    public List<ObjectNode> campaigns(String adAccountId) {
        return copiesWhere("campaigns", "ad_account_id", adAccountId);
    }

    public List<ObjectNode> adSquads(String campaignId) {
        return copiesWhere("adsquads", "campaign_id", campaignId);
    }

    public List<ObjectNode> creatives(String adAccountId) {
        return copiesWhere("creatives", "ad_account_id", adAccountId);
    }

    public List<ObjectNode> ads(String adSquadId) {
        return copiesWhere("ads", "ad_squad_id", adSquadId);
    }

    public List<ObjectNode> feedUploads(String feedId) {
        return copiesWhere("feed_uploads", "feed_id", feedId);
    }

    public ObjectNode feedUpload(String uploadId) {
        synchronized (store) {
            ObjectNode upload = store.collection("feed_uploads").get(uploadId);
            return upload == null ? null : upload.deepCopy();
        }
    }

    @Override
    public synchronized void close() {
        uploadProcessing.close();
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
        return SnapEnvelope.fail(429, "RATE_LIMITED", "Too many requests for this access token");
    }

    @Override
    protected SimResponse error(int status, String message) {
        return SnapEnvelope.fail(status, status == 404 ? "NOT_FOUND" : "INTERNAL_ERROR", message);
    }

    @Override
    protected SimResponse handle(SimRequest request) throws Exception {
        if (request.path().equals(TokenHandler.PATH)) {
            return tokens.answer(request);
        }
        if (!request.path().startsWith("/v1/")) {
            return SnapEnvelope.fail(404, "NOT_FOUND", "no such endpoint " + request.path());
        }
        if (!tokens.authorized(request.header("Authorization"))) {
            return SnapEnvelope.fail(401, "UNAUTHORIZED", "The access token is missing, invalid or expired");
        }
        synchronized (store) {
            return router.route(request, request.path().substring(4), baseUrl());
        }
    }

    private List<ObjectNode> copiesWhere(String collection, String field, String id) {
        synchronized (store) {
            return copies(store.where(collection, field, id));
        }
    }

    private static List<ObjectNode> copies(List<ObjectNode> nodes) {
        return nodes.stream().map(ObjectNode::deepCopy).toList();
    }
}
