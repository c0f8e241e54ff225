package io.adrelay.common.config;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Logback {@code %maskedMsg}: the log message with secrets masked and control characters escaped,
 * so a CR/LF in something from outside (a webhook field, a file name) cannot forge a log line.
 */
public class MaskingMessageConverter extends MessageConverter {

    /**
     * Marks adrelay's own multi-line text that shows sandbox-only credentials on purpose (they are
     * documented, not secrets): printed as it is.
     */
    public static final Marker NOT_SECRET = MarkerFactory.getMarker("NOT_SECRET");

    @Override
    public String convert(ILoggingEvent event) {
        String message = super.convert(event);
        if (event.getMarkerList() != null && event.getMarkerList().contains(NOT_SECRET)) {
            return message;
        }
        return escapeControls(SecretMasker.mask(message));
    }

    public static String escapeControls(String text) {
        if (text == null || text.chars().noneMatch(MaskingMessageConverter::isControl)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t') || c == 0x7F || (c >= 0x80 && c < 0xA0) || c == 0x2028 || c == 0x2029;
    }
}
