package io.adrelay.sandbox.snap;

import static io.adrelay.sandbox.snap.SnapEnvelope.touched;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.sandbox.SimResponse;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * What Snap does with a feed upload, one step apart each: FETCHING (really downloads the URL),
 * PROCESSING, then COMPLETE with a summary computed from the file (rows checked, products kept
 * per feed, REPLACE deleting the others) or ERRORED when there is no data.
 */
final class FeedUploadProcessing implements AutoCloseable {

    private static final Pattern PRICE = Pattern.compile("\\d+(\\.\\d{1,2})? [A-Z]{3}");
    private static final Set<String> AVAILABILITY = Set.of("in stock", "out of stock", "preorder", "available for order", "discontinued");

    private final SnapStore store;
    private final Map<String, ObjectNode> uploads;
    /** upload id -> user:password for its download, until it is fetched. */
    private final Map<String, String> credentials = new HashMap<>();
    private final AtomicInteger workerThreads = new AtomicInteger();
    /** Several threads, so one slow download does not hold up the other uploads' steps. */
    private final ScheduledExecutorService worker = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "snap-simulator-uploads-" + workerThreads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private final HttpClient fetcher = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile Duration step = Duration.ofMillis(300);
    /** While held, no upload takes its next step (a test keeps one in progress); the steps wait here. */
    private boolean holding;
    private final List<Runnable> held = new ArrayList<>();

    FeedUploadProcessing(SnapStore store) {
        this.store = store;
        this.uploads = store.collection("feed_uploads");
    }

    void step(Duration step) {
        this.step = step;
    }

    /** Starts an upload just stored (the caller holds the store); credentials are user:password or null. */
    void start(String uploadId, String userPassword) {
        if (userPassword != null) {
            credentials.put(uploadId, userPassword);
        }
        later(() -> fetch(uploadId));
    }

    /** An upload Snap no longer keeps (the caller holds the store). */
    void forget(String uploadId) {
        credentials.remove(uploadId);
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }

    /** From now on every upload stays at the step it is at (INITIALIZED once stored) until {@link #release}. */
    synchronized void hold() {
        holding = true;
    }

    /** The uploads held go on, one step apart as before. */
    void release() {
        List<Runnable> waiting;
        synchronized (this) {
            holding = false;
            waiting = List.copyOf(held);
            held.clear();
        }
        waiting.forEach(this::later);
    }

    private void later(Runnable next) {
        synchronized (this) {
            if (holding) {
                held.add(next);
                return;
            }
        }
        worker.schedule(next, step.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fetch(String uploadId) {
        String url;
        String userPassword;
        synchronized (store) {
            if (!uploads.containsKey(uploadId)) {
                return;
            }
            touched(uploads.get(uploadId)).put("status", "FETCHING");
            url = uploads.get(uploadId).path("url").asText();
            userPassword = credentials.remove(uploadId);
        }
        String body;
        try {
            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
            if (userPassword != null) {
                get.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)));
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
        later(() -> process(uploadId, file));
    }

    private void process(String uploadId, String file) {
        synchronized (store) {
            if (!uploads.containsKey(uploadId)) {
                return;
            }
            touched(uploads.get(uploadId)).put("status", "PROCESSING");
        }
        later(() -> finish(uploadId, file));
    }

    private void finish(String uploadId, String file) {
        synchronized (store) {
            if (uploads.containsKey(uploadId)) {
                summarise(touched(uploads.get(uploadId)), file);
            }
        }
    }

    private void summarise(ObjectNode upload, String file) {
        ObjectNode summary = upload.putObject("summary");
        List<CSVRecord> rows = parse(file);
        if (rows == null || rows.isEmpty()) {
            summary.put("total_items", 0).put("items_modified", 0).put("items_deleted", 0).put("items_errored", 0).put("items_with_warnings", 0);
            summary.putObject("issues_summary").putObject("errors").put("CAT_FEED_FILE_NO_DATA", 1);
            upload.put("status", "ERRORED");
            return;
        }
        Map<String, Map<String, Map<String, String>>> products = store.products();
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
}
