package io.adrelay.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import io.adrelay.common.intake.RequestRejectedException;

/**
 * The operator's console: four static files packaged in the jar (console/), served as they are (bean consoleFiles).
 * The page holds no data: its script asks /ops/* with the ops token the operator types in. Every answer forbids
 * inline script, framing and other origins (Content-Security-Policy), type sniffing and referrers.
 */
public final class ConsoleFiles {

    /** Only what the page itself loads, nothing from another origin; no inline script or style, no framing. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record StaticFile(byte[] bytes, String contentType) {
    }

    private final Map<String, StaticFile> files = new LinkedHashMap<>();

    public ConsoleFiles() {
        files.put("index.html", load("index.html", "text/html; charset=utf-8"));
        files.put("console.js", load("console.js", "text/javascript; charset=utf-8"));
        files.put("console.css", load("console.css", "text/css; charset=utf-8"));
        files.put("favicon.svg", load("favicon.svg", "image/svg+xml"));
    }

    /** GET /console: the page. */
    public void page(Exchange e) {
        reply(e, files.get("index.html"));
    }

    /** GET /console/{file}: the script, the style sheet, the icon, or the page again; nothing else. */
    public void file(Exchange e) {
        String name = e.getIn().getHeader("file", String.class);
        StaticFile file = name == null ? null : files.get(name);
        if (file == null) {
            throw new RequestRejectedException(404, "the console has no file " + name);
        }
        reply(e, file);
    }

    private static void reply(Exchange e, StaticFile file) {
        boolean head = "HEAD".equals(e.getIn().getHeader(Exchange.HTTP_METHOD, String.class));
        Message out = e.getMessage();
        // platform-http would echo the request's headers back
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, file.contentType());
        out.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setHeader("X-Frame-Options", "DENY");
        // a new jar serves new files: the browser asks each time (they are small)
        out.setHeader("Cache-Control", "no-cache");
        out.setBody(head ? null : file.bytes());
    }

    private static StaticFile load(String name, String contentType) {
        try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is not packaged");
            }
            return new StaticFile(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
