package io.adrelay.snap;

import io.adrelay.common.Json;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.DataDirectory;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.Settings;
import io.adrelay.common.StorageException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Snap product feeds dropped in inbox/snap/&lt;feed&gt;/ (routes/snap-publish-feed.camel.yaml): validated
 * as a stream; valid rows published atomically to feeds/&lt;feed&gt;.csv, refused rows listed in
 * &lt;file&gt;.errors.csv beside the processed file, a summary in state/snap/feeds/&lt;feed&gt;.json.
 */
public class SnapFeedRoutes extends RouteBuilder {

    private static final Pattern FEED = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Override
    public void configure() {
        DataDirectory data = getContext().getRegistry().findSingleByType(DataDirectory.class);
        long maxBytes = new Settings(getContext()).getLong("adrelay.inbox.snap.max-bytes", 2L << 30);

        from("direct:snap-publish-feed").routeId("snap-publish-feed-core").routeConfigurationId("file-drop")
                .process(e -> publish(e, data, maxBytes));

        // Snap fetches published feeds from ADRELAY_PUBLIC_URL/feeds/<feed>.csv (with basic auth when configured; the path: SnapFeedRestRoutes)
        Settings settings = new Settings(getContext());
        String user = settings.get("adrelay.feeds.username");
        String credentials = user.isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + settings.get("adrelay.feeds.password")).getBytes(StandardCharsets.UTF_8));
        from("direct:snap-serve-feed").routeId("snap-serve-feed-core").routeConfigurationId("webhook")
                .process(e -> FeedServer.authorize(e, credentials))
                .process(e -> FeedServer.serve(e, data.root().resolve("feeds")));
    }

    private void publish(Exchange e, DataDirectory data, long maxBytes) throws Exception {
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
        // the digest tells the upload schedule whether the feed changed since Snap last took it
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = e.getIn().getBody(InputStream.class);
             DataDirectory.DurableOutput feedOut = DataDirectory.durableOutput(temp);
             DataDirectory.DurableOutput reportOut = DataDirectory.durableOutput(report);
             Writer out = new BufferedWriter(new OutputStreamWriter(new DigestOutputStream(feedOut, sha256), StandardCharsets.UTF_8), 1 << 16);
             Writer errors = new BufferedWriter(new OutputStreamWriter(reportOut, StandardCharsets.UTF_8))) {
            outcome = SnapFeedValidator.validate(in, out, errors);
        } catch (StorageException full) {
            Files.deleteIfExists(temp);
            throw full;
        } catch (RuntimeException | java.io.IOException failure) {
            Files.deleteIfExists(temp);
            throw failure instanceof InvalidInputException invalid ? invalid
                    : new InvalidInputException("feed " + feed + " could not be read: " + failure.getMessage());
        }
        if (outcome.published() == 0) {
            Files.deleteIfExists(temp);
            throw new InvalidInputException("feed " + feed + ": no valid row of " + outcome.rows() + "; see " + report);
        }
        DataDirectory.moveDurably(temp, published);
        ObjectNode summary = Json.MAPPER.createObjectNode();
        summary.put("feed", feed).put("file", path[1]).put("published_at", Instant.now().toString())
                .put("sha256", HexFormat.of().formatHex(sha256.digest()))
                .put("rows", outcome.rows()).put("published", outcome.published()).put("refused", outcome.refused());
        summary.set("refused_by_code", Json.MAPPER.valueToTree(outcome.byCode()));
        summary.put("report", report.toString());
        DataDirectory.writeObject(data.state("snap").resolve("feeds").resolve(feed + ".json"), summary);
        if (outcome.refused() > 0) {
            log.warn("Snap feed {}: {} of {} rows refused {} (report {}); {} published", feed, outcome.refused(), outcome.rows(),
                    outcome.byCode(), report, outcome.published());
        } else {
            log.info("Snap feed {}: {} rows published to {}", feed, outcome.published(), published);
        }
    }
}
