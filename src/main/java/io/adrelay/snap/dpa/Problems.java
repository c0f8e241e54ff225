package io.adrelay.snap.dpa;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The problems of one declaration, each as "path: what is wrong", in the order found. One problem per field:
 * the first found stands (a field the reader could not read is not also reported missing by the checks).
 */
final class Problems {

    private static final Pattern HEX_COLOUR = Pattern.compile("[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final Map<String, String> byPath = new LinkedHashMap<>();

    void add(String path, String problem) {
        byPath.putIfAbsent(path, problem);
    }

    boolean isEmpty() {
        return byPath.isEmpty();
    }

    List<String> list() {
        return byPath.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
    }

    /** False, with a problem, when the value is missing (or blank). */
    boolean required(String path, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            add(path, "required");
            return false;
        }
        return true;
    }

    /** Null-safe membership (an immutable List.contains(null) throws). */
    static boolean in(String value, List<String> values) {
        return value != null && values.contains(value);
    }

    void oneOf(String path, String value, List<String> allowed) {
        if (value != null && !in(value, allowed)) {
            add(path, value + " is not one of " + String.join(", ", allowed));
        }
    }

    void requiredOneOf(String path, String value, List<String> allowed) {
        if (required(path, value)) {
            oneOf(path, value, allowed);
        }
    }

    void atLeast(String path, Long value, long min) {
        if (value != null && value < min) {
            add(path, number(value) + " is below " + number(min));
        }
    }

    void within(String path, Long value, long min, long max) {
        atLeast(path, value, min);
        if (value != null && value > max) {
            add(path, number(value) + " is above " + number(max));
        }
    }

    void maxLength(String path, String value, int max) {
        if (value != null && value.length() > max) {
            add(path, value.length() + " characters; at most " + max);
        }
    }

    /** The spec's colours: "Represented as three- or six-digit hexadecimal number", e.g. 09C or FFFF00, no '#'. */
    void hexColour(String path, String value) {
        if (value != null && !HEX_COLOUR.matcher(value).matches()) {
            add(path, value + " is not a three- or six-digit hexadecimal colour such as 09C or FFFF00");
        }
    }

    void snapId(String path, String value) {
        if (value != null && !UUID.matcher(value).matches()) {
            add(path, value + " is not a Snap id (a UUID)");
        }
    }

    /** The spec's times, e.g. 2019-12-01T17:12:49.707Z; null (with a problem) when not one. */
    Instant instant(String path, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            add(path, value + " is not a time such as 2019-12-01T17:12:49.707Z");
            return null;
        }
    }

    /** An end time, when both are given, comes after the start time (adrelay's check: the spec states none). */
    void endsAfterStart(String at, String start, String end) {
        Instant from = instant(at + ".start_time", start);
        Instant to = instant(at + ".end_time", end);
        if (from != null && to != null && !to.isAfter(from)) {
            add(at + ".end_time", end + " is not after start_time " + start);
        }
    }

    /** A name given twice under one parent: Snap finds each object by its name under its parent. */
    void uniqueName(Set<String> seen, String path, String name, String parent) {
        if (name != null && !seen.add(name)) {
            add(path, name + " is declared twice in this " + parent);
        }
    }

    /** Visits each entry with its path; an empty entry ("- " with nothing after it) is a problem, not visited. */
    <T> void each(String path, List<T> list, BiConsumer<T, String> check) {
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            if (list.get(i) == null) {
                add(at, "an empty entry");
            } else {
                check.accept(list.get(i), at);
            }
        }
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
