package io.adrelay.common.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Masks secrets in any text that leaves the process: log lines, error files, dead letters.
 * Known secret values are replaced wherever they occur; credentials in query strings and
 * authorization headers are masked by shape even when their value was never registered.
 */
public final class SecretMasker {

    /** The mask Camel itself uses, so a log has one masking style. */
    public static final String MASK = "xxxxxx";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

    private static final List<Pattern> SHAPES = List.of(
            // query parameters and form fields: key=..., token=..., access_token=..., api_key=...
            Pattern.compile("(?i)([?&\\s\"']?(?:key|api_key|apikey|token|access_token|refresh_token|client_secret|password|secret)=)[^&\\s\"',}]+"),
            // Authorization: Bearer xxx / ApiToken xxx / Basic xxx
            Pattern.compile("(?i)((?:authorization|x-webhook-token|x-api-key)[\"']?\\s*[:=]\\s*[\"']?(?:bearer |apitoken |basic |token )?)[^\\s\"',}]+"),
            // JSON members named like secrets
            Pattern.compile("(?i)(\"(?:api_key|apikey|token|access_token|refresh_token|client_secret|password|secret)\"\\s*:\\s*\")[^\"]*"));
    /** Every name the shapes look for holds one of these: a text without any (most log lines) skips the regular expressions. */
    private static final List<String> SHAPE_WORDS = List.of("key", "token", "secret", "password", "authorization");
    /** The secrets, longest first (a secret containing another is masked whole); remade on each register. */
    private static volatile List<String> longestFirst = List.of();

    private SecretMasker() {
    }

    /**
     * Registers a secret value, and its URL-encoded form (how it travels in a query string); values shorter than 4
     * characters would mask ordinary text and are ignored.
     */
    public static synchronized void register(String secret) {
        if (secret != null && secret.trim().length() >= 4) {
            SECRETS.add(secret.trim());
            SECRETS.add(URLEncoder.encode(secret.trim(), StandardCharsets.UTF_8));
            longestFirst = SECRETS.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        if (!mayHaveShape(out)) {
            return out;
        }
        for (Pattern shape : SHAPES) {
            out = shape.matcher(out).replaceAll("$1" + MASK);
        }
        return out;
    }

    /** The shapes match ASCII letters in any case: lower-cased, a text they match holds one of the words. */
    private static boolean mayHaveShape(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String word : SHAPE_WORDS) {
            if (lower.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
