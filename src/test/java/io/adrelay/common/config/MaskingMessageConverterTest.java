package io.adrelay.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Text from outside cannot forge a log line: line breaks and control characters are escaped. */
class MaskingMessageConverterTest {

    @Test
    void lineBreaksAndControlsAreEscaped() {
        assertEquals("revision: \"fix\\n2026-11-28 INFO forged\\r\" \\u001b[31m",
                MaskingMessageConverter.escapeControls("revision: \"fix\n2026-11-28 INFO forged\r\" \u001b[31m"));
        assertEquals("a\\u2028b", MaskingMessageConverter.escapeControls("a\u2028b"));
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        String text = "Statlas batch BAT001 (5 ads)\tdelivered: Citroën";
        assertSame(text, MaskingMessageConverter.escapeControls(text));
    }
}
