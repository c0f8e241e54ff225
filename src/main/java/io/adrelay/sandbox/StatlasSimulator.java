package io.adrelay.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Statlas Ads partner API: batches (get, list with limit/offset), deliver, complete, ad copy
 * updates and direct asset uploads; its error format and codes; its three rate limits; status
 * transitions (deliver and complete move a batch to in_review); and the batch.created webhooks
 * it sends a partner for its seeded batches.
 */
public class StatlasSimulator extends Simulator {

    private static final ObjectMapper JSON = SimResponse.JSON;
    private static final Pattern BATCH = Pattern.compile("/batches/([^/]+)(/deliver|/complete|/ads/(\\d+)(/assets)?)?");

    private final String apiKey;
    private final RateLimiter gets;
    private final RateLimiter writes;
    private final RateLimiter uploads;
    private final Map<String, ObjectNode> batches = new LinkedHashMap<>();
    /** Drive folder URLs Statlas cannot read: delivering one answers ASSET_ACCESS_DENIED. */
    private final Set<String> deniedFolders = ConcurrentHashMap.newKeySet();
    private final List<ObjectNode> deliveries = new ArrayList<>();
    private int assetCounter;

    public StatlasSimulator(String apiKey) {
        this(apiKey, 100, 30, 10, Duration.ofMinutes(1));
    }

    /** Limits per window: GET, POST/PATCH, file uploads (the spec's are 100, 30 and 10 a minute). */
    public StatlasSimulator(String apiKey, int getLimit, int writeLimit, int uploadLimit, Duration window) {
        this.apiKey = apiKey;
        this.gets = new RateLimiter(getLimit, window);
        this.writes = new RateLimiter(writeLimit, window);
        this.uploads = new RateLimiter(uploadLimit, window);
        seed();
    }

    /** A batch as a client submits it: ads numbered from 1, videos first. */
    public synchronized ObjectNode addBatch(String id, String code, String shop, int videos, int statics, String status) {
        ObjectNode b = JSON.createObjectNode();
        b.put("id", id).put("batch_code", code).put("shop", shop).put("partner_id", "PTN00123");
        b.put("total_ads", videos + statics).put("video_count", videos).put("static_count", statics);
        b.put("marketing_event", "XMAS").put("event_type", "Campaign").put("go_live_date", LocalDate.now().plusDays(7).toString());
        b.put("product_id", "prod_mudmask").put("product_name", "MUD MASK").put("is_collection", false);
        b.put("status", status).put("submitted_at", Instant.now().toString()).putNull("completed_at");
        b.put("brief_notes", "Focus on holiday gifting angle").putArray("attachments");
        b.put("market_code", "US").put("funnel_type", "awareness").put("audience", "Women 25-45").put("angle", "Holiday gifting");
        ArrayNode ads = b.putArray("ads");
        for (int n = 1; n <= videos + statics; n++) {
            ads.addObject().put("ad_no", n).put("ad_code", String.format("%s-%02d", code, n))
                    .put("ad_type", n <= videos ? "video" : "static").put("status", "pending").put("has_revision", false);
        }
        batches.put(id, b);
        return b.deepCopy();
    }

    public synchronized List<String> seededBatchIds() {
        return List.copyOf(batches.keySet());
    }

    public synchronized ObjectNode batch(String id) {
        return batches.get(id).deepCopy();
    }

    /** Every accepted deliver body, in order. */
    public synchronized List<ObjectNode> deliveries() {
        return deliveries.stream().map(ObjectNode::deepCopy).toList();
    }

    public void denyFolder(String folderUrl) {
        deniedFolders.add(folderUrl);
    }

    public void allowFolder(String folderUrl) {
        deniedFolders.remove(folderUrl);
    }

    /** Statlas sends a partner's webhook endpoint batch.created for a batch; answers the partner's status. */
    public int sendBatchCreated(String webhookUrl, String batchId) throws IOException, InterruptedException {
        ObjectNode b = batch(batchId);
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "batch.created").put("timestamp", Instant.now().toString());
        ObjectNode data = event.putObject("data");
        data.put("batch_id", batchId);
        for (String f : List.of("batch_code", "shop", "partner_id", "total_ads", "video_count", "static_count", "marketing_event",
                "event_type", "go_live_date", "product_name", "brief_notes")) {
            data.set(f, b.get(f));
        }
        data.set("attachments", b.get("attachments"));
        return send(webhookUrl, event);
    }

    public int sendRevisionRequested(String webhookUrl, String batchId, int adNo, String feedback) throws IOException, InterruptedException {
        ObjectNode b;
        synchronized (this) {
            b = batches.get(batchId);
            ObjectNode ad = (ObjectNode) b.path("ads").get(adNo - 1);
            ad.put("status", "revision_requested").put("has_revision", true);
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("event", "revision.requested").put("timestamp", Instant.now().toString());
        event.putObject("data").put("batch_id", batchId).put("batch_code", b.path("batch_code").asText())
                .put("shop", b.path("shop").asText()).put("ad_no", adNo)
                .put("revision_url", "https://app.statlas.io/revisions/" + batchId + "/" + adNo).put("feedback_summary", feedback);
        return send(webhookUrl, event);
    }

    private static int send(String webhookUrl, ObjectNode event) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(webhookUrl))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event.toString())).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Override
    protected RateLimiter limiterFor(SimRequest request) {
        if ("GET".equals(request.method())) {
            return gets;
        }
        return request.path().endsWith("/assets") ? uploads : writes;
    }

    @Override
    protected SimResponse rateLimited(long retryAfterSeconds) {
        return failure(429, "RATE_LIMITED", "Too many requests");
    }

    @Override
    protected SimResponse error(int status, String message) {
        return failure(status, status >= 500 ? "INTERNAL_ERROR" : "ERROR", message);
    }

    @Override
    protected synchronized SimResponse handle(SimRequest request) throws Exception {
        if (!("Bearer " + apiKey).equals(request.header("Authorization"))) {
            return failure(401, "UNAUTHORIZED", "Invalid or missing API key");
        }
        if ("/batches".equals(request.path()) && "GET".equals(request.method())) {
            return list(request);
        }
        Matcher m = BATCH.matcher(request.path());
        if (!m.matches()) {
            return failure(404, "NOT_FOUND", "No such endpoint " + request.path());
        }
        String id = m.group(1);
        String action = m.group(2);
        ObjectNode batch = batches.get(id);
        JsonNode body = null;
        String shop;
        Map<String, MultipartForm.Part> form = null;
        if ("GET".equals(request.method())) {
            shop = request.query("shop");
        } else if (m.group(4) != null) {
            form = MultipartForm.parse(request.header("Content-Type"), request.body());
            if (form == null) {
                return failure(400, "VALIDATION_ERROR", "send the asset as multipart/form-data");
            }
            shop = form.containsKey("shop") ? form.get("shop").text() : null;
        } else {
            try {
                body = JSON.readTree(request.body());
            } catch (Exception e) {
                return failure(400, "VALIDATION_ERROR", "the body is not JSON");
            }
            shop = body == null ? null : body.path("shop").asText(null);
        }
        if (shop == null || shop.isBlank()) {
            return failure(400, "VALIDATION_ERROR", "shop is required");
        }
        if (batch == null) {
            return failure(404, "BATCH_NOT_FOUND", "No batch found with ID '" + id + "' for shop '" + shop + "'");
        }
        if (!shop.equals(batch.path("shop").asText())) {
            return failure(403, "FORBIDDEN", "Partner does not have access to this batch");
        }
        if (action == null && "GET".equals(request.method())) {
            return SimResponse.json(200, batch);
        }
        if ("/deliver".equals(action) && "POST".equals(request.method())) {
            return deliver(batch, body);
        }
        if ("/complete".equals(action) && "POST".equals(request.method())) {
            batch.put("status", "in_review").put("completed_at", Instant.now().toString());
            return SimResponse.json(200, Map.of("success", true, "batch_id", id, "status", "in_review",
                    "completed_at", batch.path("completed_at").asText(), "message", "Batch marked complete. Client has been notified to review."));
        }
        int adNo = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (adNo < 1 || adNo > batch.path("ads").size()) {
            return failure(400, "VALIDATION_ERROR", "ad_no " + adNo + " is not in batch " + id);
        }
        ObjectNode ad = (ObjectNode) batch.path("ads").get(adNo - 1);
        if (m.group(4) != null && "POST".equals(request.method())) {
            return upload(batch, ad, form);
        }
        if (m.group(4) == null && "PATCH".equals(request.method())) {
            for (String f : List.of("headline", "description", "body")) {
                if (body.hasNonNull(f)) {
                    ad.put(f, body.path(f).asText());
                }
            }
            ad.put("update_at", Integer.parseInt(LocalDate.now().toString().replace("-", "")));
            ObjectNode view = ad.deepCopy().put("batch_id", id);
            return SimResponse.json(200, Map.of("success", true, "ad", view));
        }
        return failure(405, "METHOD_NOT_ALLOWED", request.method() + " is not supported here");
    }

    private SimResponse deliver(ObjectNode batch, JsonNode body) {
        List<String> problems = new ArrayList<>();
        JsonNode ads = body.path("ads");
        if (!ads.isArray() || ads.isEmpty()) {
            problems.add("ads must be a non-empty array");
        }
        for (JsonNode ad : ads) {
            int adNo = ad.path("ad_no").asInt(0);
            if (adNo < 1 || adNo > batch.path("ads").size()) {
                problems.add("ad_no " + ad.path("ad_no") + " is not in the batch");
            } else if (!batch.path("ads").get(adNo - 1).path("ad_type").asText().equals(ad.path("ad_type").asText())) {
                problems.add("ad " + adNo + ": ad_type must be " + batch.path("ads").get(adNo - 1).path("ad_type").asText());
            }
            if (!ad.path("folder_url").asText("").startsWith("https://")) {
                problems.add("ad " + adNo + ": folder_url is required");
            }
            if (!ad.path("assets").isArray() || ad.path("assets").isEmpty()) {
                problems.add("ad " + adNo + ": assets must be a non-empty array");
            }
            for (JsonNode asset : ad.path("assets")) {
                if (asset.path("name").asText("").isEmpty() || asset.path("url").asText("").isEmpty()) {
                    problems.add("ad " + adNo + ": every asset needs name and url");
                }
            }
        }
        if (!problems.isEmpty()) {
            return failure(400, "VALIDATION_ERROR", String.join("; ", problems));
        }
        for (JsonNode ad : ads) {
            if (deniedFolders.contains(ad.path("folder_url").asText())) {
                return failure(400, "ASSET_ACCESS_DENIED", "Cannot access Google Drive folder " + ad.path("folder_url").asText());
            }
        }
        deliveries.add(((ObjectNode) body).deepCopy());
        batch.put("status", "in_review");
        // a delivered ad awaits the client's review again, a revised one included
        ads.forEach(ad -> ((ObjectNode) batch.path("ads").get(ad.path("ad_no").asInt() - 1)).put("status", "pending"));
        return SimResponse.json(200, Map.of("success", true, "batch_id", batch.path("id").asText(), "status", "in_review",
                "ads_delivered", ads.size(), "message", "Batch delivery successful. Client has been notified."));
    }

    private SimResponse upload(ObjectNode batch, ObjectNode ad, Map<String, MultipartForm.Part> form) {
        MultipartForm.Part file = form.get("file");
        if (file == null || file.content().length == 0) {
            return failure(400, "VALIDATION_ERROR", "file is required");
        }
        String name = form.containsKey("name") ? form.get("name").text() : file.filename();
        String assetId = "ast_" + Integer.toString(++assetCounter, 36) + "x" + batch.path("id").asText().toLowerCase();
        int revision = ad.path("revision_no").asInt(0) + 1;
        ad.put("revision_no", revision);
        ObjectNode asset = JSON.createObjectNode();
        asset.put("id", assetId).put("batch_id", batch.path("id").asText()).put("ad_no", ad.path("ad_no").asInt())
                .put("name", name).put("url", "https://storage.statlas.io/assets/" + assetId + "/" + name)
                .put("file_size_bytes", file.content().length).put("revision_no", revision);
        ((ArrayNode) ad.withArray("uploaded")).add(asset.deepCopy());
        return SimResponse.json(200, Map.of("success", true, "asset", asset));
    }

    private SimResponse list(SimRequest request) {
        String status = request.query("status");
        String shop = request.query("shop");
        int limit;
        int offset;
        try {
            limit = request.query("limit") == null ? 50 : Integer.parseInt(request.query("limit"));
            offset = request.query("offset") == null ? 0 : Integer.parseInt(request.query("offset"));
        } catch (NumberFormatException e) {
            return failure(400, "VALIDATION_ERROR", "limit and offset must be integers");
        }
        if (limit < 1 || limit > 100 || offset < 0) {
            return failure(400, "VALIDATION_ERROR", "limit must be 1..100 and offset >= 0");
        }
        List<ObjectNode> matching = batches.values().stream()
                .filter(b -> status == null || status.equals(b.path("status").asText()))
                .filter(b -> shop == null || shop.equals(b.path("shop").asText())).toList();
        ObjectNode page = JSON.createObjectNode();
        ArrayNode data = page.putArray("data");
        matching.stream().skip(offset).limit(limit).forEach(b -> {
            ObjectNode summary = data.addObject();
            for (String f : List.of("id", "batch_code", "shop", "total_ads", "video_count", "static_count", "marketing_event",
                    "go_live_date", "product_name", "status", "submitted_at")) {
                summary.set(f, b.get(f));
            }
        });
        page.putObject("pagination").put("total", matching.size()).put("limit", limit).put("offset", offset);
        return SimResponse.json(200, page);
    }

    private static SimResponse failure(int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("code", code).put("message", message).put("status", status);
        return SimResponse.json(status, body);
    }

    private void seed() {
        addBatch("BAT001", "BAMBU-XMAS-001", "bambu-earth", 3, 2, "in_production");
        addBatch("BAT002", "BAMBU-NY-002", "bambu-earth", 1, 1, "submitted");
    }
}
