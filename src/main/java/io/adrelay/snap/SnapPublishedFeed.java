package io.adrelay.snap;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The last publish of a feed (state/snap/feeds/&lt;feed&gt;.json); its SHA-256 tells the upload schedule whether it changed. */
@JsonIgnoreProperties(ignoreUnknown = true)
record SnapPublishedFeed(String feed, String file, @JsonProperty("published_at") String publishedAt, String sha256,
                         long rows, long published, long refused,
                         @JsonProperty("refused_by_code") Map<String, Long> refusedByCode, String report) {
}
