package io.adrelay.common.storage.references;

import java.util.regex.Pattern;

/** What a kind of reference may be: {@code <api>/<resource>}, each of lower-case letters, digits, '-' and '_'. */
final class ReferenceKinds {

    private static final Pattern KIND = Pattern.compile("[a-z0-9_-]{1,30}/[a-z0-9_-]{1,30}");

    private ReferenceKinds() {
    }

    /** The kind itself, or an IllegalArgumentException saying what a kind is. */
    static String checked(String kind) {
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("not a kind of reference: \"" + kind + "\" (<api>/<resource>, e.g. apisync/campaigns)");
        }
        return kind;
    }
}
