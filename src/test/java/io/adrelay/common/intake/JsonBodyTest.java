package io.adrelay.common.intake;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Strict, bounded JSON: one value, UTF-8, no NUL, bounded depth, strings and numbers; each refusal says where. */
class JsonBodyTest {

    private final JsonBody json = new JsonBody(new JsonBody.Limits(8, 100, 20));

    @Test
    void oneObjectIsRead() {
        assertEquals("Citroën", json.parse("{\"brand\": \"Citroën\"}".getBytes(StandardCharsets.UTF_8)).path("brand").asText());
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] body = ("\uFEFF{\"a\": 1}").getBytes(StandardCharsets.UTF_8);
        assertEquals(1, json.parse(body).path("a").asInt());
    }

    @Test
    void twoObjectsBackToBackAreRefusedNotHalfRead() {
        JsonBody.MalformedException e = refused("{\"a\": 1}{\"b\": 2}");
        assertEquals(8, e.offset());
        assertTrue(e.getMessage().contains("Trailing token"), e.getMessage());
    }

    @Test
    void closingBracesAfterTheValueAreRefused() {
        assertEquals(8, refused("{\"a\": 1}}}}").offset());
    }

    @Test
    void invalidUtf8IsRefusedAtItsByteOffset() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', 'x', (byte) 0xFF, (byte) 0xFE, '"', '}'};
        JsonBody.MalformedException e = assertThrows(JsonBody.MalformedException.class, () -> json.parse(body));
        assertEquals(7, e.offset());
        assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    }

    @Test
    void latin1TextIsInvalidUtf8() {
        assertEquals(12, assertThrows(JsonBody.MalformedException.class,
                () -> json.parse("{\"a\": \"Citroën\"}".getBytes(StandardCharsets.ISO_8859_1))).offset());
    }

    @Test
    void nulBytesAndEscapedNulsAreRefused() {
        byte[] raw = {'{', '"', 'a', '"', ':', '"', 0, '"', '}'};
        assertEquals(6, assertThrows(JsonBody.MalformedException.class, () -> json.parse(raw)).offset());
        assertTrue(refused("{\"a\": {\"b\": [\"ok\", \"x\\u0000y\"]}}").getMessage().contains("a.b[1]"));
        assertTrue(refused("{\"a\": {\"k\\u0000\": 1}}").getMessage().contains("a.k"), "in a key too");
        assertDoesNotThrow(() -> json.parse("{\"a\": \"x\\\\u0000\"}".getBytes(StandardCharsets.UTF_8)),
                "an escaped backslash before u0000 is no NUL");
    }

    @Test
    void aLoneSurrogateEscapeIsRefusedAtItsByteOffset() {
        // "V\ud800W" would be read as V, half a character, W and sent on as V?W
        JsonBody.MalformedException lone = refused("{\"title\": \"V\\ud800W\"}");
        assertEquals(12, lone.offset());
        assertTrue(lone.getMessage().contains("surrogate"), lone.getMessage());
        assertEquals(14, refused("{\"a\": [\"ok\", \"\\udc00\"]}").offset(), "a low surrogate alone");
        assertEquals(3, refused("{\"a\\uDBFF\": 1}").offset(), "in a key");
        assertEquals(7, refused("{\"a\": \"\\ud83d\\u0041\"}").offset(), "a high surrogate followed by something else");
        // a pair is one character, an escaped backslash before "ud800" is no escape
        assertEquals("\uD83D\uDE00", json.parse("{\"a\": \"\\ud83d\\ude00\"}".getBytes()).path("a").asText());
        assertEquals("\\ud800", json.parse("{\"a\": \"\\\\ud800\"}".getBytes()).path("a").asText());
    }

    @Test
    void aKeyTwiceInOneObjectIsRefusedNamingIt() {
        JsonBody.MalformedException twice = refused("{\"a\": {\"title\": \"x\", \"title\": \"y\"}}");
        assertTrue(twice.getMessage().contains("\"title\""), twice.getMessage());
        assertTrue(twice.offset() > 0, twice.getMessage());
        assertDoesNotThrow(() -> json.parse("[{\"title\": 1}, {\"title\": 2}]".getBytes()), "the same key in two objects is fine");
    }

    @Test
    void depthStringsAndNumbersAreBounded() {
        assertTrue(refused("[".repeat(20) + "]".repeat(20)).getMessage().contains("depth"));
        assertTrue(refused("{\"a\": \"" + "x".repeat(101) + "\"}").getMessage().contains("length"));
        assertTrue(refused("{\"a\": " + "9".repeat(21) + "}").getMessage().contains("length"));
        assertDoesNotThrow(() -> json.parse(("{\"a\": \"" + "x".repeat(100) + "\"}").getBytes()));
    }

    @Test
    void emptyAndBlankBodiesAreRefused() {
        assertTrue(refused("").getMessage().contains("empty"));
        assertThrows(JsonBody.MalformedException.class, () -> json.parse("   ".getBytes()));
    }

    @Test
    void onlyUtf8CharsetsAreAccepted() {
        assertDoesNotThrow(() -> JsonBody.requireUtf8("application/json"));
        assertDoesNotThrow(() -> JsonBody.requireUtf8("application/json; charset=UTF-8"));
        assertDoesNotThrow(() -> JsonBody.requireUtf8("text/plain;charset=\"utf8\""));
        assertDoesNotThrow(() -> JsonBody.requireUtf8(null));
        assertTrue(assertThrows(JsonBody.MalformedException.class, () -> JsonBody.requireUtf8("application/json; charset=iso-8859-1"))
                .getMessage().contains("iso-8859-1"));
    }

    private JsonBody.MalformedException refused(String body) {
        return assertThrows(JsonBody.MalformedException.class, () -> json.parse(body.getBytes(StandardCharsets.UTF_8)));
    }
}
