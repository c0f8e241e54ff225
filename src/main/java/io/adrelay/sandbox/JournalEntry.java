package io.adrelay.sandbox;

import java.time.Instant;
import java.util.Map;

/** One request a simulator received, and the status it answered (0: connection dropped). */
public record JournalEntry(Instant time, String method, String path, String rawQuery,
                           Map<String, String> headers, String body, int status) {

    public String header(String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }
}
