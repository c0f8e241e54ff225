package io.adrelay.snap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

import io.adrelay.common.InvalidInputException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.inbox.InboxEntries;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.documents.DocumentStore;
import io.adrelay.common.storage.StorageException;

/**
 * A Snap product feed dropped in inbox/snap/&lt;feed&gt;/ (routes/snap-publish-feed.camel.yaml), validated
 * as a stream: valid rows published atomically to feeds/&lt;feed&gt;.csv, refused rows listed in
 * &lt;file&gt;.errors.csv beside the processed file, a summary in the document snap/feeds/&lt;feed&gt;.
 */
public final class SnapFeedPublisher {

    private static final Pattern FEED = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Logger LOG = LoggerFactory.getLogger(SnapFeedPublisher.class);

    /** The documents of the last publish of each feed: snap/feeds/&lt;feed&gt;. */
    static final String PUBLISHED = "snap/feeds";

    private final DataDirectory data;
    private final DocumentStore documents;
    private final long maxBytes;

    SnapFeedPublisher(DataDirectory data, DocumentStore documents, long maxBytes) {
        this.data = data;
        this.documents = documents;
        this.maxBytes = maxBytes;
    }

    /** A feed validated: how it went, and the SHA-256 of the rows published. */
    record Validated(SnapFeedValidator.Outcome outcome, byte[] sha256) {
    }

    /**
     * Validates a feed into temp (its valid rows, fsync'd) and report (see {@link SnapFeedValidator}), then takes
     * the duplicates found only once the feed is read out of both ({@link LateDuplicateRemoval}). The published
     * rows are digested and written from a thread of their own ({@link WriteBehind}, named name), and fsync'd there
     * while the spilled ids are checked. The caller deletes temp when this fails.
     */
    static Validated validate(InputStream feed, Path temp, Path report, ProductIds ids, String name) throws IOException {
        FeedDigest sha256 = new FeedDigest(DataDirectory.durableOutput(temp));
        WriteBehind published = new WriteBehind(sha256, name);
        SnapFeedValidator.Outcome outcome;
        WriteBehind.Closing fsynced = null;
        try (DataDirectory.DurableOutput reportOut = DataDirectory.durableOutput(report);
             Writer errors = new BufferedWriter(new OutputStreamWriter(reportOut, StandardCharsets.UTF_8))) {
            outcome = SnapFeedValidator.validate(feed, published, errors, ids);
            fsynced = published.closeInBackground();
        } catch (IOException | RuntimeException | Error failure) {
            stopQuietly(published, fsynced, failure);
            throw failure;
        }
        byte[] digest = sha256.digest();
        LateDuplicates late;
        try {
            late = ids.lateDuplicates(); // the spilled ids checked while the published rows are fsync'd
        } catch (RuntimeException | Error failure) {
            stopQuietly(published, fsynced, failure);
            throw failure;
        }
        try (late) {
            fsynced.await(); // on disk before it is changed in place, or renamed
            if (!late.hasNext()) {
                return new Validated(outcome, digest);
            }
            LateDuplicateRemoval.Result without = LateDuplicateRemoval.apply(late, temp, sha256, report, outcome);
            return new Validated(without.outcome(), without.sha256());
        }
    }

    /** After a failure: the writing thread stopped and the file closed, what that throws added to the failure. */
    private static void stopQuietly(WriteBehind published, WriteBehind.Closing closing, Throwable failure) {
        try {
            if (closing == null) {
                published.close();
            } else {
                closing.await();
            }
        } catch (IOException | RuntimeException | Error also) {
            if (also != failure) {
                failure.addSuppressed(also);
            }
        }
    }

    public void publish(Exchange e) throws Exception {
        String[] path = e.getIn().getHeader(Exchange.FILE_NAME, String.class).replace('\\', '/').split("/");
        if (path.length != 2 || !FEED.matcher(path[0]).matches()) {
            throw new InvalidInputException("drop feeds as inbox/snap/<feed>/<file>.csv (feed: letters, digits, - and _)");
        }
        String feed = path[0];
        long length = e.getIn().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        if (length > maxBytes) {
            throw new InvalidInputException("feed " + feed + ": " + path[1] + " has " + length + " bytes, more than adrelay.inbox.snap.max-bytes ("
                    + maxBytes + ")");
        }
        Path inboxDir = Path.of(e.getIn().getHeader(Exchange.FILE_PARENT, String.class));
        Path published = data.root().resolve("feeds").resolve(feed + ".csv");
        Path temp = published.resolveSibling("." + feed + ".csv.tmp");
        Path report = inboxDir.resolve(".reports").resolve(path[1] + ".errors.csv");
        SnapFeedValidator.Outcome outcome;
        byte[] digest;
        Path file = InboxEntries.path(e);
        try (ProductIds ids = new ProductIds(published.resolveSibling("." + feed), ProductIds.heapShare());
             // opened without following a link swapped in after the consumer's check
             InputStream in = file == null ? e.getIn().getBody(InputStream.class) : InboxEntries.open(file)) {
            Validated validated = validate(in, temp, report, ids, "snap-feed-" + feed);
            outcome = validated.outcome();
            // the digest tells the upload schedule whether the feed changed since Snap last took it
            digest = validated.sha256();
        } catch (StorageException full) {
            Files.deleteIfExists(temp);
            throw full;
        } catch (RuntimeException | IOException failure) {
            Files.deleteIfExists(temp);
            throw failure instanceof InvalidInputException invalid ? invalid
                    : new InvalidInputException("feed " + feed + " could not be read: " + failure.getMessage());
        }
        if (outcome.published() == 0) {
            Files.deleteIfExists(temp);
            throw new InvalidInputException("feed " + feed + ": no valid row of " + outcome.rows() + "; see " + report);
        }
        DataDirectory.moveDurably(temp, published);
        SnapStateFiles.write(documents.document(PUBLISHED + "/" + feed), new SnapPublishedFeed(feed, path[1],
                Instant.now().toString(), HexFormat.of().formatHex(digest), outcome.rows(), outcome.published(),
                outcome.refused(), outcome.byCode(), report.toString()));
        if (outcome.refused() > 0) {
            LOG.warn("Snap feed {}: {} of {} rows refused {} (report {}); {} published", feed, outcome.refused(), outcome.rows(),
                    outcome.byCode(), report, outcome.published());
        } else {
            LOG.info("Snap feed {}: {} rows published to {}", feed, outcome.published(), published);
        }
    }
}
