package io.adrelay.common.config;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;

/**
 * ADRELAY_LOG_FORMAT=json: one JSON object per line, for a log shipper. Fields: time, level, thread, logger,
 * message (masked and escaped as in text), then whichever of route_id, exchange_id, job, run_id, tracking_id,
 * dead_letter_id the line has (MDC), and error (the masked stack trace) when there is one. A field without a
 * value is left out, never written empty.
 */
public class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    /** MDC key -> field, in the order written. */
    static final Map<String, String> FIELDS = orderedFields();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

    private final MaskingMessageConverter message = new MaskingMessageConverter();
    private final MaskingThrowableConverter error = new MaskingThrowableConverter();

    @Override
    public void start() {
        message.setContext(getContext());
        message.start();
        error.setContext(getContext());
        error.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(256).append('{');
        field(line, "time", TIME.format(Instant.ofEpochMilli(event.getTimeStamp())));
        field(line, "level", event.getLevel().toString());
        field(line, "thread", event.getThreadName());
        field(line, "logger", event.getLoggerName());
        field(line, "message", message.convert(event));
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            FIELDS.forEach((key, name) -> field(line, name, mdc.get(key)));
        }
        if (event.getThrowableProxy() != null) {
            field(line, "error", error.convert(event).strip());
        }
        return line.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }

    /** {@code "name":"value"}, escaped; nothing at all for a missing or empty value. */
    private static void field(StringBuilder line, String name, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        if (line.length() > 1) {
            line.append(',');
        }
        line.append('"').append(name).append("\":\"");
        escape(line, value);
        line.append('"');
    }

    static void escape(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static Map<String, String> orderedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("camel.routeId", "route_id");
        fields.put("camel.exchangeId", "exchange_id");
        fields.put(LogContext.JOB, "job");
        fields.put(LogContext.RUN_ID, "run_id");
        fields.put(LogContext.TRACKING_ID, "tracking_id");
        fields.put(LogContext.DEAD_LETTER_ID, "dead_letter_id");
        return Collections.unmodifiableMap(fields);
    }
}
