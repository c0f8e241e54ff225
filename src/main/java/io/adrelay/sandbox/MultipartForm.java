package io.adrelay.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A multipart/form-data body as a simulator reads it: field name to part (filename, bytes). */
final class MultipartForm {

    record Part(String filename, String contentType, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private MultipartForm() {
    }

    /** Null when the request is not multipart/form-data. */
    static Map<String, Part> parse(String contentType, byte[] body) {
        Matcher boundary = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (boundary == null || !contentType.startsWith("multipart/form-data") || !boundary.find()) {
            return null;
        }
        // ISO-8859-1 maps bytes 1:1, so binary parts survive the round trip
        String raw = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary.group(1);
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String section : raw.split(Pattern.quote(delimiter))) {
            int headerEnd = section.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                continue;
            }
            String headers = section.substring(0, headerEnd);
            String content = section.substring(headerEnd + 4);
            if (content.endsWith("\r\n")) {
                content = content.substring(0, content.length() - 2);
            }
            Matcher name = NAME.matcher(headers);
            if (!name.find()) {
                continue;
            }
            Matcher filename = FILENAME.matcher(headers);
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse(null);
            parts.put(name.group(1), new Part(filename.find() ? filename.group(1) : null, type,
                    content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }
}
