package io.adrelay.snap;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import io.adrelay.common.http.HttpGate;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.intake.WebhookResponses;

/**
 * GET and HEAD of a published feed for Snap's fetcher: streamed, with an ETag (size and time of the
 * atomic publish), If-None-Match (304) and a single byte Range (206); HEAD answers GET's headers, Content-Length included.
 */
public final class FeedServer {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}\\.csv");

    private final String credentials;
    private final Path feeds;

    /** credentials: the Authorization value a request must carry, null for none; feeds: the published feeds' directory. */
    FeedServer(String credentials, Path feeds) {
        this.credentials = credentials;
        this.feeds = feeds;
    }

    /** With credentials configured, only a request carrying them (compared in constant time) gets a feed. */
    public void authorize(Exchange e) {
        if (credentials == null) {
            return;
        }
        String given = e.getIn().getHeader("Authorization", "", String.class);
        if (!MessageDigest.isEqual(credentials.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new RequestRejectedException(401, "feeds need the credentials configured in ADRELAY_FEEDS_USERNAME/PASSWORD");
        }
    }

    public void serve(Exchange e) throws IOException {
        String name = e.getIn().getHeader("file", String.class);
        Path file = name != null && NAME.matcher(name).matches() ? feeds.resolve(name) : null;
        if (file == null || !Files.isRegularFile(file)) {
            throw new RequestRejectedException(404, "no published feed " + name);
        }
        long size = Files.size(file);
        String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "\"";
        String method = e.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
        String ifNoneMatch = e.getIn().getHeader("If-None-Match", String.class);
        String range = e.getIn().getHeader("Range", String.class);
        Message out = e.getMessage();
        if (etag.equals(ifNoneMatch)) {
            reply(out, 304, etag, null, null);
            return;
        }
        ByteRange part = new ByteRange(0, size - 1);
        int status = 200;
        if (range != null) {
            try {
                Optional<ByteRange> asked = ByteRange.of(range, size);
                if (asked.isPresent()) {
                    part = asked.get();
                    status = 206;
                }
            } catch (ByteRange.Unsatisfiable unsatisfiable) {
                WebhookResponses.reply(e, 416, Map.of("error", unsatisfiable.getMessage()));
                out.setHeader("Content-Range", "bytes */" + size);
                return;
            }
        }
        reply(out, status, etag, status == 206 ? "bytes " + part.start() + "-" + part.end() + "/" + size : null,
                "HEAD".equals(method) ? null : slice(file, part.start(), part.length()));
        // sent as Content-Length by the HTTP gate, for GET and HEAD alike (Camel would stream the file chunked)
        out.setHeader(HttpGate.DECLARED_LENGTH, part.length());
    }

    private static void reply(Message out, int status, String etag, String contentRange, InputStream body) {
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader("ETag", etag);
        out.setHeader("Accept-Ranges", "bytes");
        out.setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        if (contentRange != null) {
            out.setHeader("Content-Range", contentRange);
        }
        out.setBody(body);
    }

    /** The bytes [start, start + length) of the file, streamed. */
    private static InputStream slice(Path file, long start, long length) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(start);
        return new FilterInputStream(Channels.newInputStream(channel)) {
            private long left = length;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                left -= b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(count, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }
}
