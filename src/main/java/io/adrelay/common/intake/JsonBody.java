package io.adrelay.common.intake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Strict, bounded reading of a JSON document from outside (webhook body, dropped file, stored
 * record): UTF-8 only (a BOM is skipped), no NUL, no lone surrogate, no key twice in one object,
 * exactly one value, and bounded nesting, string and number lengths, so a hostile body costs no
 * more than its size. Every refusal names where.
 */
public final class JsonBody {

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'", Pattern.DOTALL);

    /** The bounds; see adrelay.webhook.* in application.properties. */
    public record Limits(int maxDepth, int maxStringChars, int maxNumberDigits) {
        public static final Limits DEFAULT = new Limits(32, 65_536, 100);
    }

    /** Why a body was refused, and the byte offset (or -1). */
    public static class MalformedException extends RuntimeException {
        private final long offset;

        MalformedException(String message, long offset) {
            super(offset >= 0 ? message + " (at byte " + offset + ")" : message);
            this.offset = offset;
        }

        public long offset() {
            return offset;
        }
    }

    private final ObjectMapper json;

    public JsonBody(Limits limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringChars())
                        .maxNumberLength(limits.maxNumberDigits())
                        .maxNameLength(1024)
                        .build())
                // a key twice in one object is refused, not "the last one wins"
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // exactly one value: {...}{...} or {...}}}} is not a body we half-read
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The charset a Content-Type names must be UTF-8 (or none): anything else is refused, not guessed at. */
    public static void requireUtf8(String contentType) {
        if (contentType == null) {
            return;
        }
        for (String part : contentType.split(";")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.startsWith("charset=")) {
                String charset = p.substring(8).replace("\"", "").trim();
                if (!charset.equals("utf-8") && !charset.equals("utf8")) {
                    throw new MalformedException("the body must be UTF-8 JSON; Content-Type says charset=" + charset, -1);
                }
            }
        }
    }

    /** One JSON value, or a MalformedException saying what is wrong and where. */
    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedException("the body is empty", -1);
        }
        int start = hasBom(body) ? 3 : 0;
        checkUtf8(body, start);
        JsonNode root;
        try {
            root = json.readTree(body, start, body.length - start);
        } catch (StreamConstraintsException tooBig) {
            throw new MalformedException(tooBig.getOriginalMessage(), offset(tooBig.getLocation(), start));
        } catch (JsonProcessingException malformed) {
            Matcher twice = DUPLICATE.matcher(String.valueOf(malformed.getOriginalMessage()));
            if (twice.matches()) {
                throw new MalformedException("the key \"" + twice.group(1) + "\" is given twice in one object: give each key once",
                        offset(malformed.getLocation(), start));
            }
            // Jackson (2.22) refuses a broken pair in a key itself, pointing after it: name the escape, as in a value
            long at = offset(malformed.getLocation(), start);
            int lone = loneSurrogate(body, start, at >= 0 ? at : body.length);
            if (lone >= 0) {
                throw loneSurrogateRefused(body, lone);
            }
            throw new MalformedException("not JSON: " + malformed.getOriginalMessage(), at);
        } catch (IOException e) {
            throw new MalformedException("not JSON: " + e.getMessage(), -1);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedException("the body holds no JSON value", -1);
        }
        int lone = loneSurrogate(body, start, body.length);
        if (lone >= 0) {
            throw loneSurrogateRefused(body, lone);
        }
        String nul = spellsNul(body, start) ? fieldWithNul(root, "") : null;
        if (nul != null) {
            throw new MalformedException("a NUL character (\\u0000) is not allowed, found in " + (nul.isEmpty() ? "the body" : nul), -1);
        }
        return root;
    }

    private static MalformedException loneSurrogateRefused(byte[] body, int lone) {
        return new MalformedException("a lone surrogate escape (\\u" + new String(body, lone + 2, 4, StandardCharsets.US_ASCII)
                + ") is half a character: send the character itself, or both halves of its surrogate pair", lone);
    }

    private static boolean hasBom(byte[] body) {
        return body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF;
    }

    /** Invalid UTF-8 or a raw NUL byte, refused with its offset rather than read as U+FFFD. */
    private static void checkUtf8(byte[] body, int start) {
        boolean ascii = true;
        for (int i = start; i < body.length; i++) {
            if (body[i] == 0) {
                throw new MalformedException("a NUL byte is not allowed", i);
            }
            ascii &= body[i] >= 0;
        }
        if (ascii) {
            // ASCII is UTF-8: most bodies need no decoder (nor its buffer, allocated for each one)
            return;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, start, body.length - start);
        CharBuffer out = CharBuffer.allocate(Math.min(8192, body.length - start + 16));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw new MalformedException("the body is not valid UTF-8", in.position());
            }
            if (result.isUnderflow()) {
                break;
            }
            out.clear();
        }
    }

    /**
     * The offset of the first \\uD800-\\uDFFF escape before {@code end} that is not half of a pair (high then low), or -1.
     * Jackson reads one in a value as half a character, which becomes "?" when the text is written out. Raw bytes
     * cannot hold one (checkUtf8 refuses them), so only escapes in strings are looked at; what Jackson read before
     * {@code end} is well-formed, and an escape that is not four hex digits is no surrogate.
     */
    private static int loneSurrogate(byte[] body, int start, long end) {
        boolean inString = false;
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b == '"') {
                inString = !inString;
            } else if (inString && b == '\\') {
                if (i + 1 >= body.length || body[i + 1] != 'u') {
                    i++;
                    continue;
                }
                int unit = hex4(body, i + 2);
                if (unit >= 0 && Character.isLowSurrogate((char) unit)) {
                    return i;
                }
                if (unit >= 0 && Character.isHighSurrogate((char) unit)) {
                    int next = i + 7 < body.length && body[i + 6] == '\\' && body[i + 7] == 'u' ? hex4(body, i + 8) : -1;
                    if (next < 0 || !Character.isLowSurrogate((char) next)) {
                        return i;
                    }
                    i += 6;
                }
                i += 5;
            }
        }
        return -1;
    }

    /** The four hex digits at {@code at} as a number, or -1. */
    private static int hex4(byte[] body, int at) {
        if (at + 4 > body.length) {
            return -1;
        }
        int value = 0;
        for (int k = at; k < at + 4; k++) {
            int digit = Character.digit(body[k], 16);
            if (digit < 0) {
                return -1;
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static long offset(JsonLocation location, int start) {
        if (location == null) {
            return -1;
        }
        long byteOffset = location.getByteOffset();
        return byteOffset >= 0 ? byteOffset + start : -1;
    }

    /**
     * Whether the body spells the escape \\u0000 anywhere. A raw NUL byte is refused before, so without the escape no
     * string can hold U+0000, and the walk through every key and value (a path string built for each) is left out.
     */
    private static boolean spellsNul(byte[] body, int start) {
        for (int i = start; i + 5 < body.length; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u' && body[i + 2] == '0' && body[i + 3] == '0' && body[i + 4] == '0'
                    && body[i + 5] == '0') {
                return true;
            }
        }
        return false;
    }

    /** The path of the first string (value or key) holding U+0000, or null. */
    private static String fieldWithNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = fieldWithNul(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                String here = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return here;
                }
                String found = fieldWithNul(field.getValue(), here);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
