package io.adrelay.snap;

import java.util.List;
import java.util.Map;

/**
 * The longest value, in characters, each column of a Snap product feed may hold.
 * <p>
 * The Snap spec (Dynamic Product Ads guide) documents no length for feed columns: only catalog and
 * template names (375) and product set filter values (255). The figures here are Snap's catalog
 * guidance as feed vendors relay it, the larger one where they differ, so that no row Snap would
 * take is refused here: id 128, title 375, description 5,000, link 2,000, brand 70, mpn 50; image_link
 * as link. Any other column (additional_image_link, custom labels, ...) gets {@link #DEFAULT}, the
 * longest documented one, so a runaway value is refused rather than sent on.
 */
final class FeedFieldLimits {

    static final int DEFAULT = 5000;
    static final Map<String, Integer> BY_COLUMN = Map.of("id", 128, "title", 375, "description", 5000,
            "link", 2000, "image_link", 2000, "brand", 70, "mpn", 50);

    private FeedFieldLimits() {
    }

    /** The limit of each column of a header, by position. */
    static int[] of(List<String> header) {
        return header.stream().mapToInt(column -> BY_COLUMN.getOrDefault(column, DEFAULT)).toArray();
    }

    /** True when the value has more than max characters; a surrogate pair (an emoji, say) counts as one. */
    static boolean over(String value, int max) {
        return value.length() > max && value.codePointCount(0, value.length()) > max;
    }

    static int length(String value) {
        return value.codePointCount(0, value.length());
    }
}
