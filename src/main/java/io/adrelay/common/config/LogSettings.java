package io.adrelay.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ADRELAY_LOG_FORMAT (text or json, in any case) and ADRELAY_LOG_LEVEL. Logging starts before anything else, so
 * {@link LogConfigurator} falls back to text at INFO for a value it does not know: a wrong value still prints, and the
 * start-up check refuses it in one line like any setting.
 */
public final class LogSettings {

    public static final String FORMAT = "ADRELAY_LOG_FORMAT";
    public static final String LEVEL = "ADRELAY_LOG_LEVEL";
    private static final List<String> LEVELS = List.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    private LogSettings() {
    }

    public enum Format {
        TEXT, JSON;

        /** The format named in any case; blank is text; an unknown name is text too (and a problem at start). */
        public static Format of(String value) {
            Format format = parse(value);
            return format == null ? TEXT : format;
        }

        private static Format parse(String value) {
            String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                return TEXT;
            }
            for (Format format : values()) {
                if (format.name().equals(name)) {
                    return format;
                }
            }
            return null;
        }

    }

    /** Why the value is no log format, or null. */
    public static String formatProblem(String value) {
        return Format.parse(value) == null ? FORMAT + "=" + value + " is not a log format: use text or json" : null;
    }

    /** Why the value is no log level, or null. */
    public static String levelProblem(String value) {
        return level(value) == null ? LEVEL + "=" + value + " is not a log level: use " + String.join(", ", LEVELS.subList(0, 4))
                + " or " + LEVELS.get(4) : null;
    }

    /** The problems of this process's log settings (environment, or -D of the same name, as logback reads them). */
    public static List<String> problems() {
        List<String> problems = new ArrayList<>();
        String format = value(FORMAT);
        if (format != null && formatProblem(format) != null) {
            problems.add(formatProblem(format));
        }
        String level = value(LEVEL);
        if (level != null && levelProblem(level) != null) {
            problems.add(levelProblem(level));
        }
        return problems;
    }

    private static String value(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }

    /** The root logger's level: the configured one, INFO when it is unknown (and a problem at start). */
    public static String rootLevel(String value) {
        String level = level(value);
        return level == null ? "INFO" : level;
    }

    private static String level(String value) {
        String name = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        return name.isEmpty() ? "INFO" : LEVELS.contains(name) ? name : null;
    }
}
