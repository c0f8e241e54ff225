package io.adrelay.snap;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Json;
import io.adrelay.ops.RunningJob;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.egress.EgressCall;
import io.adrelay.common.egress.SentEffects;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.Document;
import io.adrelay.common.storage.documents.DocumentStore;

/**
 * The steps of one firing of a feed's schedule (routes/snap-upload-feed.camel.yaml): when the published
 * feed changed since its last COMPLETE upload (or always, if the feed says so or the run is forced), ask
 * Snap for a one-time upload of ADRELAY_PUBLIC_URL/feeds/&lt;feed&gt;.csv, follow it to COMPLETE or ERRORED,
 * and write outbox/snap/feed-uploads/&lt;upload_id&gt;.json. An upload in progress is remembered
 * (document snap/uploads/&lt;feed&gt;), so a restart or a replay follows it instead of asking again;
 * an ask whose answer was lost is looked for at Snap before it is made again (common/egress/SentEffects).
 */
public final class SnapFeedUploads {

    /** How uploads are offered and followed. */
    record Settings(String publicUrl, String username, String password, long pollInitialMs, long pollMaxMs, long timeoutMs) {
    }

    private static final Set<String> FINAL = Set.of("COMPLETE", "ERRORED");
    /** Exchange property: the upload this firing asks for, once it has decided to. */
    static final String ASK = "AdrelaySnapAsk";

    /** What an ask is about: the feed, its id at Snap, the published file, and the last upload adrelay knew before it. */
    record Ask(SnapDeclaration.Feed feed, String feedId, String sha256, long rows, String lastUploadId) {
    }
    /** Looks for an upload whose answer was lost (routes/snap-egress.camel.yaml). */
    static final String FIND_UPLOAD = "direct:snap-find-feed-upload";
    private static final Logger LOG = LoggerFactory.getLogger(SnapFeedUploads.class);

    /** An upload in progress; {@code upload} is Snap's latest view of it. */
    static final class Following {
        final String feed;
        final String feedId;
        final String uploadId;
        final String sha256;
        final Instant deadline;
        long delayMs;
        JsonNode upload;
        int polls;

        Following(String feed, String feedId, String uploadId, String sha256, Instant deadline, long delayMs, JsonNode upload) {
            this.feed = feed;
            this.feedId = feedId;
            this.uploadId = uploadId;
            this.sha256 = sha256;
            this.deadline = deadline;
            this.delayMs = delayMs;
            this.upload = upload;
        }

        String status() {
            return upload.path("status").asText("INITIALIZED");
        }
    }

    private final SnapCatalogs catalogs;
    private final DataDirectory data;
    private final DocumentStore documents;
    private final Settings settings;
    private final CamelContext context;

    SnapFeedUploads(SnapCatalogs catalogs, DataDirectory data, DocumentStore documents, Settings settings, CamelContext context) {
        this.catalogs = catalogs;
        this.data = data;
        this.documents = documents;
        this.settings = settings;
        this.context = context;
    }

    /**
     * Decides what this firing does: follow the upload in progress, ask Snap for one (property {@link #ASK}: the route
     * sends the ask), or nothing (the route ends here).
     */
    public void begin(Exchange e) {
        String key = e.getIn().getHeader(SnapNames.FEED, String.class);
        SnapDeclaration.Feed feed = catalogs.declaration().feed(key == null ? "" : key);
        if (feed == null) {
            throw new InvalidInputException("no Snap feed '" + key + "' is declared in " + catalogs.file());
        }
        String feedId = catalogs.state().feedId(key);
        SnapUploadMemory memory = SnapStateFiles.read(uploadState(key), SnapUploadMemory.class);
        if (memory.pending() != null) {
            SnapUploadMemory.Pending pending = memory.pending();
            LOG.info("Snap feed {}: following upload {} asked for earlier", key, pending.uploadId());
            follow(e, key, pending.feedId(), pending.uploadId(), pending.sha256(), Json.MAPPER.createObjectNode().put("status", "INITIALIZED"));
            return;
        }
        if (feedId == null) {
            // at a first start the schedule may fire before the provisioning made the feed: it fixes itself
            skip(e, "feed " + key + " is not provisioned at Snap yet (see state/snap/provisioning.json)", false);
            return;
        }
        SnapPublishedFeed published = SnapStateFiles.read(documents.document(SnapFeedPublisher.PUBLISHED + "/" + key), SnapPublishedFeed.class);
        String sha = published.sha256() == null ? "" : published.sha256();
        if (sha.isEmpty() || !Files.exists(data.root().resolve("feeds").resolve(key + ".csv"))) {
            skip(e, "nothing published yet for feed " + key + " (drop a CSV in inbox/snap/" + key + "/)", false);
            return;
        }
        boolean always = feed.uploadAlways() || e.getIn().getHeader(Flow.JOB_FORCE, false, Boolean.class);
        if (!always && sha.equals(memory.lastUploadedSha256())) {
            skip(e, "feed " + key + " unchanged since upload " + memory.lastUploadId(), false);
            return;
        }
        e.setProperty(ASK, new Ask(feed, feedId, sha, published.published(), memory.lastUploadId()));
    }

    /** GET /product_feeds/{id}: a feed with a schedule at Snap takes no one-time upload. */
    public void feedRequest(Exchange e) {
        EgressCall.get(e, "/product_feeds/" + e.getProperty(ASK, Ask.class).feedId(), null);
    }

    /**
     * POST /product_feeds/{id}/feed_uploads of ADRELAY_PUBLIC_URL/feeds/&lt;feed&gt;.csv, named as an effect: should the
     * answer be lost, an upload of that URL made since is looked for before asking again. A feed with a schedule at
     * Snap ends the firing here.
     */
    public void askRequest(Exchange e) {
        Ask ask = e.getProperty(ASK, Ask.class);
        if (EgressCall.json(e).path("product_feeds").path(0).path("product_feed").hasNonNull("schedule")) {
            skip(e, "feed " + ask.feed().key() + " has a schedule at Snap, which fetches it itself; one-time uploads are only for"
                    + " feeds without one", true);
            return;
        }
        ObjectNode request = Json.MAPPER.createObjectNode().put("url", url(ask.feed().key())).put("update_type", ask.feed().updateType());
        if (!settings.username().isEmpty()) {
            request.put("username", settings.username()).put("password", settings.password());
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("feed_uploads").add(request);
        EgressCall.request(e, "POST", "/product_feeds/" + ask.feedId() + "/feed_uploads", null, body.toString());
        e.getIn().setHeader(SentEffects.EFFECT, "snap feed upload " + ask.feedId() + " " + ask.sha256());
        e.getIn().setHeader(SentEffects.CHECK, FIND_UPLOAD);
        if (ask.lastUploadId() != null) {
            e.getIn().setHeader(SentEffects.BASELINE, ask.lastUploadId());
        }
    }

    /** Snap's answer: the upload it made, remembered (a restart follows it rather than asking again), then followed. */
    public void asked(Exchange e) {
        Ask ask = e.getProperty(ASK, Ask.class);
        String key = ask.feed().key();
        SnapItems.Item item = SnapItems.of(EgressCall.json(e), "feed_uploads", "feed_upload").stream().findFirst()
                .orElse(new SnapItems.Item(null, "Snap answered no item for it"));
        if (!item.ok()) {
            throw new InvalidInputException("Snap refused the upload of feed " + key + ": " + item.error());
        }
        String uploadId = item.entity().path("id").asText();
        remember(SnapStateFiles.read(uploadState(key), SnapUploadMemory.class), key, ask.feedId(), uploadId, ask.sha256());
        LOG.info("Snap feed {}: upload {} asked for ({} rows, {})", key, uploadId, ask.rows(), ask.feed().updateType());
        follow(e, key, ask.feedId(), uploadId, ask.sha256(), item.entity());
    }

    private String url(String feed) {
        return settings.publicUrl().replaceAll("/+$", "") + "/feeds/" + feed + ".csv";
    }

    private void remember(SnapUploadMemory memory, String key, String feedId, String uploadId, String sha) {
        SnapStateFiles.write(uploadState(key),
                memory.pending(new SnapUploadMemory.Pending(uploadId, feedId, sha, Instant.now().toString())));
    }

    /** Loop condition: an upload is followed, not looked at yet in this firing or not in a final status. */
    public boolean following(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        return f != null && (f.polls == 0 || !FINAL.contains(f.status()));
    }

    /** GET /feed_uploads/{id}: one look at the upload. */
    public void pollRequest(Exchange e) {
        EgressCall.get(e, "/feed_uploads/" + e.getProperty(SnapNames.UPLOAD, Following.class).uploadId, null);
    }

    /** What the look found: Snap's status in {@link SnapNames#UPLOAD_STATUS}. */
    public void polled(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        f.upload = EgressCall.json(e).path("feed_uploads").path(0).path("feed_upload");
        f.polls++;
        reportProgress(f, null);
        e.setProperty(SnapNames.UPLOAD_STATUS, f.status());
    }

    /** Still running: the next look waits twice as long (up to the cap); past the overall timeout, gives up. */
    public void waitLonger(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        if (Instant.now().isAfter(f.deadline)) {
            throw new InvalidInputException("Snap upload " + f.uploadId + " of feed " + f.feed + " is still " + f.status()
                    + " after " + Duration.ofMillis(settings.timeoutMs()) + "; replay this dead letter to follow it again");
        }
        f.delayMs = Math.min(settings.pollMaxMs(), f.delayMs * 2);
        e.setProperty(SnapNames.POLL_DELAY, f.delayMs);
    }

    /** COMPLETE: Snap holds this file; it is not offered again until it changes. */
    public void completed(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        SnapStateFiles.write(uploadState(f.feed), SnapStateFiles.read(uploadState(f.feed), SnapUploadMemory.class).uploaded(f.sha256));
    }

    /** ERRORED: it changed nothing at Snap, so the same file is offered again at the next firing. */
    public void errored(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        LOG.warn("Snap feed {}: upload {} ERRORED, offered again at the next firing; issues {}", f.feed, f.uploadId,
                f.upload.path("summary").path("issues_summary"));
    }

    /** Writes the upload's report, forgets it as pending, counts it, and makes the job's outcome. */
    public void finish(Exchange e) {
        Following f = e.getProperty(SnapNames.UPLOAD, Following.class);
        JsonNode summary = f.upload.path("summary");
        String status = f.status();
        long errored = summary.path("items_errored").asLong(0);
        SnapStateFiles.write(data.outbox("snap").resolve("feed-uploads").resolve(f.uploadId + ".json"),
                new SnapUploadReport(f.uploadId, f.feed, f.feedId, status, f.upload.path("url").asText(),
                        f.upload.path("update_type").asText(), f.sha256, Instant.now().toString(), summary.deepCopy()));
        SnapStateFiles.write(uploadState(f.feed), SnapStateFiles.read(uploadState(f.feed), SnapUploadMemory.class).ended(f.uploadId, status));

        String outcome = status + ": " + summary.path("total_items").asLong(0) + " items, " + summary.path("items_modified").asLong(0)
                + " modified, " + summary.path("items_deleted").asLong(0) + " deleted, " + errored + " errored (upload "
                + f.uploadId + ")";
        if (errored > 0) {
            LOG.warn("Snap feed {}: {} issues {}", f.feed, outcome, summary.path("issues_summary"));
        } else {
            LOG.info("Snap feed {}: {}", f.feed, outcome);
        }
        count(f.feed, status, errored);
        reportProgress(f, (long) f.polls);
        e.setProperty(Flow.OUTCOME, outcome);
    }

    /** A run following the upload shows its polls so far (how many more is Snap's business) and Snap's status. */
    private static void reportProgress(Following f, Long total) {
        RunningJob.current().ifPresent(run -> {
            run.progress(f.polls, total, "polls");
            run.note("Snap upload " + f.uploadId + " of feed " + f.feed + " is " + f.status());
        });
    }

    private void follow(Exchange e, String feed, String feedId, String uploadId, String sha, JsonNode upload) {
        Following following = new Following(feed, feedId, uploadId, sha, Instant.now().plusMillis(settings.timeoutMs()),
                settings.pollInitialMs(), upload);
        e.setProperty(SnapNames.UPLOAD, following);
        reportProgress(following, null);
        e.setProperty(SnapNames.POLL_DELAY, settings.pollInitialMs());
    }

    private static void skip(Exchange e, String why, boolean warn) {
        if (warn) {
            LOG.warn("Snap upload skipped: {}", why);
        } else {
            LOG.info("Snap upload skipped: {}", why);
        }
        e.setProperty(Flow.OUTCOME, "skipped: " + why);
        e.setRouteStop(true);
    }

    private void count(String feed, String status, long errored) {
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            registry.counter("adrelay.snap.feed.uploads", "feed", feed, "status", status).increment();
            registry.counter("adrelay.snap.feed.items.errored", "feed", feed).increment(errored);
        }
    }

    private Document uploadState(String feed) {
        return documents.document(SnapUploadResume.UPLOADS + "/" + feed);
    }
}
