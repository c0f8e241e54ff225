package io.adrelay.common.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.adrelay.common.Json;
import io.adrelay.common.routes.QuartzSchedule;


/**
 * Everything about the configuration that can be checked before a route starts, all at once, one
 * line per problem: the log format and level, secrets of the enabled flows (prod), URLs, Quartz crons and
 * time zones, numbers, the credentials file, and that the data dir can be written.
 */
public final class ConfigurationCheck {

    private static final List<String> URL_KEYS = List.of("adrelay.public-url", "statlas.base-url", "google.drive-root-url",
            "apisync.base-url", "snap.base-url", "snap.token-url", "bsa.base-url");
    private static final List<String> NUMBER_SUFFIXES = List.of("-ms", "-bytes", ".requests", "-size", "-records", "-depth",
            "-chars", "-digits", "-problems", "-pending", "-attempts", "-days", ".limit", "port-base", "-connections");

    private static final Pattern REFERENCE = Pattern.compile("\\{\\{([a-z0-9.-]+)}}");

    private final Settings settings;

    public ConfigurationCheck(Settings settings) {
        this.settings = settings;
    }

    /** Every problem of the settings of these flows; prod also needs their secrets. */
    public List<String> problems(Profile profile, Set<String> flows, Properties all) {
        List<String> problems = new ArrayList<>(LogSettings.problems());
        if (profile.realApis()) {
            problems.addAll(RequiredSecrets.missing(settings, flows));
        } else {
            opsBeyondLoopback(problems);
        }
        for (String key : URL_KEYS) {
            if (concerns(key, flows)) {
                url(key, problems);
            }
        }
        for (String key : all.stringPropertyNames().stream().sorted().toList()) {
            if (!concerns(key, flows) || sameAsItsSource(key, all.getProperty(key))) {
                continue;
            }
            if (key.endsWith(".cron")) {
                cron(key, problems);
            } else if (key.endsWith("time-zone")) {
                timeZone(key, problems);
            } else if (NUMBER_SUFFIXES.stream().anyMatch(key::endsWith)) {
                number(key, problems);
            }
        }
        if (flows.contains("statlas")) {
            credentialsFile(problems);
        }
        checkAfterReadTimeout(problems);
        return problems;
    }

    /**
     * The sandbox's /ops is open when no token is set, which is only safe on this machine: bound beyond loopback
     * (the Docker image binds 0.0.0.0) it needs ADRELAY_OPS_TOKEN.
     */
    private void opsBeyondLoopback(List<String> problems) {
        String bind = settings.get("adrelay.bind-address").trim();
        if (bind.isEmpty() || !settings.get("adrelay.ops-token").isBlank()) {
            return;
        }
        boolean loopback;
        try {
            loopback = InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException unknown) {
            loopback = false;
        }
        if (!loopback) {
            problems.add("ADRELAY_BIND_ADDRESS=" + bind + " opens the sandbox's /ops (open without a token) beyond this machine:"
                    + " set ADRELAY_OPS_TOKEN, or bind 127.0.0.1");
        }
    }

    /** The data dir exists (or can be made) and takes a file. */
    public static void writable(Path dataDir, List<String> problems) {
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            problems.add("ADRELAY_DATA_DIR " + dataDir + " cannot be written: " + e.getMessage());
        }
    }

    /** Shared keys, and the keys of enabled flows (drive belongs to statlas). */
    private static boolean concerns(String key, Set<String> flows) {
        String prefix = key.substring(0, Math.max(0, key.indexOf('.')));
        return switch (prefix) {
            case "adrelay", "camel" -> true;
            case "google", "drive" -> flows.contains("statlas");
            default -> flows.contains(prefix);
        };
    }

    private void url(String key, List<String> problems) {
        String value = settings.get(key);
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(name(key) + "=" + value + " is not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            problems.add(name(key) + "=" + value + " is not a URL: " + e.getReason());
        }
    }

    private void cron(String key, List<String> problems) {
        String value = resolved(key, problems);
        String problem = value == null || value.isEmpty() ? null : QuartzSchedule.cronProblem(value);
        if (problem != null) {
            problems.add(name(key) + "=\"" + value + "\" " + problem);
        }
    }

    private void timeZone(String key, List<String> problems) {
        String value = resolved(key, problems);
        String problem = value == null || value.isEmpty() ? null : QuartzSchedule.zoneProblem(value);
        if (problem != null) {
            problems.add(name(key) + "=" + value + " " + problem);
        }
    }

    private void number(String key, List<String> problems) {
        String value = resolved(key, problems);
        if (value != null && !value.isEmpty()) {
            try {
                Long.parseLong(value);
            } catch (NumberFormatException e) {
                problems.add(name(key) + "=" + value + " is not a whole number");
            }
        }
    }

    /** A lost answer looked for before the API could have acted late would see nothing, and the call would be made twice. */
    private void checkAfterReadTimeout(List<String> problems) {
        try {
            long checkAfter = settings.getLong("adrelay.egress.check-after-ms");
            long readTimeout = settings.getLong("camel.component.http.so-timeout");
            if (checkAfter < readTimeout) {
                problems.add("adrelay.egress.check-after-ms=" + checkAfter + " is shorter than camel.component.http.so-timeout="
                        + readTimeout + ": a call whose answer was lost would be looked for before the API could have acted");
            }
        } catch (RuntimeException notNumbers) {
            // reported as such above
        }
    }

    private void credentialsFile(List<String> problems) {
        String file = settings.get("google.application-credentials");
        if (file.isEmpty()) {
            return;
        }
        Path path = Path.of(file);
        try {
            Map<?, ?> key = Json.MAPPER.readValue(path.toFile(), Map.class);
            if (!"service_account".equals(key.get("type"))) {
                problems.add("GOOGLE_APPLICATION_CREDENTIALS " + file + " is not a service-account key file (its type is not service_account)");
            }
        } catch (IOException e) {
            problems.add("GOOGLE_APPLICATION_CREDENTIALS " + file + " cannot be read as a service-account key file: " + e.getMessage());
        }
    }

    /** A key defined as another key ({{bsa.report.cron}}) and not overridden: its source's line says it all. */
    private boolean sameAsItsSource(String key, String raw) {
        Matcher reference = REFERENCE.matcher(raw == null ? "" : raw.trim());
        if (!reference.matches()) {
            return false;
        }
        try {
            return settings.get(key).equals(settings.get(reference.group(1)));
        } catch (RuntimeException unresolved) {
            return false;
        }
    }

    /** The value, or null with a problem when a placeholder in it cannot be resolved. */
    private String resolved(String key, List<String> problems) {
        try {
            return settings.get(key);
        } catch (RuntimeException unresolved) {
            problems.add(name(key) + " cannot be resolved: " + unresolved.getMessage());
            return null;
        }
    }

    /** How an operator sets a key: its environment variable. */
    private static String name(String key) {
        return Settings.envName(key);
    }
}
