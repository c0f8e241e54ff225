package io.adrelay.common.storage.documents;

import java.util.regex.Pattern;

/** What a document name may be: segments joined by '/', none empty, hidden ('.' first) or a path separator. */
public final class DocumentNames {

    private static final Pattern SEGMENT = Pattern.compile("[^/\\\\.\\x00-\\x1f][^/\\\\\\x00-\\x1f]*");

    private DocumentNames() {
    }

    /** The name itself, or an IllegalArgumentException naming what is wrong with it. */
    public static String checked(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a document needs a name");
        }
        for (String segment : name.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("not a document name: \"" + name + "\" (plain segments joined by '/', none"
                        + " empty or starting with '.')");
            }
        }
        return name;
    }
}
