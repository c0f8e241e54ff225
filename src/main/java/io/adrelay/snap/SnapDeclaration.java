package io.adrelay.snap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.adrelay.common.InvalidInputException;
import org.apache.camel.spi.Resource;
import io.adrelay.common.routes.QuartzSchedule;

/**
 * What the operator declares in the Snap catalog file (routes/snap-catalogs.yaml): catalogs, each
 * with its product feeds and product sets. Read whole and checked against the spec's limits; a
 * declaration with any problem is refused with all of them, and nothing of it is provisioned.
 */
public record SnapDeclaration(List<Catalog> catalogs) {

    public record Catalog(String key, String organizationId, String name, String vertical, JsonNode eventSources,
                          boolean deleteUndeclaredProductSets, List<Feed> feeds, List<ProductSet> productSets) {
    }

    /**
     * A product feed; {@code key} names it in adrelay (inbox/snap/&lt;key&gt;/, feeds/&lt;key&gt;.csv, the route
     * snap-upload-feed-&lt;key&gt;); {@code cron} and {@code timeZone} are its own upload schedule, empty when not given.
     */
    public record Feed(String key, String catalogKey, String name, String defaultCurrency, String feedType, String parent,
                       String updateType, boolean uploadAlways, String cron, String timeZone) {

        boolean supplemental() {
            return "SUPPLEMENTAL".equals(feedType);
        }
    }

    public record ProductSet(String name, JsonNode filter) {
    }

    /** 1 MiB: hundreds of catalogs or campaigns, written by hand. */
    public static final long MAX_FILE_BYTES = 1L << 20;
    static final int MAX_CATALOGS_PER_ORGANIZATION = 200;
    static final int MAX_PRODUCT_SETS_PER_CATALOG = 50;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Set<String> VERTICALS = Set.of("UNKNOWN_VERTICAL", "COMMERCE", "HOTELS", "PLACES", "FLIGHTS");
    private static final Set<String> FEED_TYPES = Set.of("PRIMARY", "SUPPLEMENTAL");
    private static final Set<String> UPDATE_TYPES = Set.of("REPLACE", "UPSERT");

    /** Nothing declared: nothing to provision, no feed to upload. */
    public static SnapDeclaration empty() {
        return new SnapDeclaration(List.of());
    }

    /** Reads and checks the file; a missing file declares nothing. */
    public static SnapDeclaration read(Path file) {
        return read(file.toString(), Files.exists(file) ? () -> openBounded(file, "Snap declaration") : null);
    }

    /**
     * An operator's declaration file, refused when larger than {@link #MAX_FILE_BYTES}: the YAML parser takes
     * time and memory out of proportion to a huge file (a 20 MB comment kept a core busy for minutes).
     */
    public static InputStream openBounded(Path file, String what) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidInputException(what + " " + file + " is " + size + " bytes; a declaration is at most "
                    + MAX_FILE_BYTES + " bytes (split what it declares, or remove what is not needed)");
        }
        return Files.newInputStream(file);
    }

    /** Reads and checks a declaration packaged in the jar; a missing one declares nothing. */
    public static SnapDeclaration read(Resource file) {
        return read(file.getLocation(), file.exists() ? file::getInputStream : null);
    }

    private interface Source {
        InputStream open() throws IOException;
    }

    private static SnapDeclaration read(String file, Source source) {
        if (source == null) {
            return empty();
        }
        JsonNode root;
        try (InputStream in = source.open()) {
            root = YAML.readTree(in);
        } catch (IOException e) {
            throw new InvalidInputException("Snap declaration " + file + " is not readable YAML: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        SnapDeclaration declaration = parse(root == null ? YAML.createObjectNode() : root, problems);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Snap declaration " + file + " refused, nothing provisioned", problems);
        }
        return declaration;
    }

    public Feed feed(String key) {
        return catalogs.stream().flatMap(c -> c.feeds().stream()).filter(f -> f.key().equals(key)).findFirst().orElse(null);
    }

    public Catalog catalog(String key) {
        return catalogs.stream().filter(c -> c.key().equals(key)).findFirst().orElse(null);
    }

    static SnapDeclaration parse(JsonNode root, List<String> problems) {
        JsonNode list = root.path("catalogs");
        if (!list.isMissingNode() && !list.isArray()) {
            problems.add("catalogs: a list");
            return empty();
        }
        List<Catalog> catalogs = new ArrayList<>();
        Set<String> catalogKeys = new HashSet<>();
        Map<String, Feed> feeds = new HashMap<>();
        Map<String, Integer> perOrganization = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Catalog catalog = catalog("catalogs[" + i + "]", list.get(i), problems, feeds);
            if (!catalogKeys.add(catalog.key())) {
                problems.add("catalogs[" + i + "].key: " + catalog.key() + " is declared twice");
            }
            perOrganization.merge(catalog.organizationId(), 1, Integer::sum);
            catalogs.add(catalog);
        }
        perOrganization.forEach((org, count) -> {
            if (count > MAX_CATALOGS_PER_ORGANIZATION) {
                problems.add("organization " + org + ": " + count + " catalogs; Snap allows " + MAX_CATALOGS_PER_ORGANIZATION);
            }
        });
        checkParents(feeds, problems);
        return new SnapDeclaration(List.copyOf(catalogs));
    }

    private static Catalog catalog(String at, JsonNode node, List<String> problems, Map<String, Feed> allFeeds) {
        String key = text(node, "key");
        checkKey(at + ".key", key, problems);
        String org = text(node, "organization_id");
        if (!UUID.matcher(org).matches()) {
            problems.add(at + ".organization_id: the Snap organization id (a UUID)");
        }
        String name = text(node, "name");
        checkLength(at + ".name", name, 1, 375, problems);
        String vertical = text(node, "vertical", "COMMERCE");
        if (!VERTICALS.contains(vertical)) {
            problems.add(at + ".vertical: one of " + VERTICALS);
        }
        JsonNode eventSources = node.get("event_sources");
        if (eventSources != null && !eventSources.isArray()) {
            problems.add(at + ".event_sources: a list of {id, type}");
        }
        List<Feed> feeds = new ArrayList<>();
        JsonNode feedList = node.path("feeds");
        for (int i = 0; i < feedList.size(); i++) {
            Feed feed = feed(at + ".feeds[" + i + "]", key, feedList.get(i), problems);
            if (allFeeds.putIfAbsent(feed.key(), feed) != null) {
                problems.add(at + ".feeds[" + i + "].key: feed " + feed.key() + " is declared twice");
            }
            feeds.add(feed);
        }
        if (feeds.stream().filter(f -> !f.supplemental()).count() > 1) {
            problems.add(at + ".feeds: a catalog has one PRIMARY feed");
        }
        List<ProductSet> sets = new ArrayList<>();
        JsonNode setList = node.path("product_sets");
        if (setList.size() > MAX_PRODUCT_SETS_PER_CATALOG) {
            problems.add(at + ".product_sets: " + setList.size() + " sets; Snap allows " + MAX_PRODUCT_SETS_PER_CATALOG + " per catalog");
        }
        Set<String> setNames = new HashSet<>();
        for (int i = 0; i < setList.size(); i++) {
            String where = at + ".product_sets[" + i + "]";
            String setName = text(setList.get(i), "name");
            checkLength(where + ".name", setName, 3, 255, problems);
            if (!setNames.add(setName)) {
                problems.add(where + ".name: " + setName + " is declared twice in this catalog");
            }
            problems.addAll(SnapFilterRules.problems(where + ".filter", setList.get(i).get("filter")));
            sets.add(new ProductSet(setName, setList.get(i).get("filter")));
        }
        return new Catalog(key, org, name, vertical, eventSources, node.path("delete_undeclared_product_sets").asBoolean(false),
                List.copyOf(feeds), List.copyOf(sets));
    }

    private static Feed feed(String at, String catalogKey, JsonNode node, List<String> problems) {
        String key = text(node, "key");
        checkKey(at + ".key", key, problems);
        String name = text(node, "name");
        checkLength(at + ".name", name, 1, 375, problems);
        String currency = text(node, "default_currency");
        if (!SnapFeedValidator.CURRENCIES.contains(currency)) {
            problems.add(at + ".default_currency: a three-letter ISO 4217 code, e.g. USD");
        }
        String type = text(node, "feed_type", "PRIMARY");
        if (!FEED_TYPES.contains(type)) {
            problems.add(at + ".feed_type: PRIMARY or SUPPLEMENTAL");
        }
        String parent = text(node, "parent");
        if ("SUPPLEMENTAL".equals(type) == parent.isEmpty()) {
            problems.add(at + ".parent: a SUPPLEMENTAL feed names its PRIMARY feed's key, and only it does");
        }
        String updateType = text(node, "update_type", "REPLACE");
        if (!UPDATE_TYPES.contains(updateType)) {
            problems.add(at + ".update_type: REPLACE or UPSERT");
        }
        JsonNode schedule = node.path("schedule");
        if (!schedule.isMissingNode() && !schedule.isObject()) {
            problems.add(at + ".schedule: {cron, time_zone}");
        }
        String cron = text(schedule, "cron");
        String cronProblem = cron.isEmpty() ? null : QuartzSchedule.cronProblem(cron);
        if (cronProblem != null) {
            problems.add(at + ".schedule.cron \"" + cron + "\" " + cronProblem);
        }
        String zone = text(schedule, "time_zone");
        String zoneProblem = zone.isEmpty() ? null : QuartzSchedule.zoneProblem(zone);
        if (zoneProblem != null) {
            problems.add(at + ".schedule.time_zone " + zone + " " + zoneProblem);
        }
        return new Feed(key, catalogKey, name, currency, type, parent, updateType, node.path("upload_always").asBoolean(false),
                cron, zone);
    }

    /** A supplemental feed's parent is a declared PRIMARY feed, with no other supplemental. */
    private static void checkParents(Map<String, Feed> feeds, List<String> problems) {
        Set<String> parents = new HashSet<>();
        feeds.values().stream().filter(Feed::supplemental).forEach(feed -> {
            Feed parent = feeds.get(feed.parent());
            if (parent == null || parent.supplemental()) {
                problems.add("feed " + feed.key() + ": parent " + feed.parent() + " is not a declared PRIMARY feed");
            } else if (!parents.add(parent.key())) {
                problems.add("feed " + parent.key() + ": a PRIMARY feed has at most one SUPPLEMENTAL feed");
            }
        });
    }

    private static void checkKey(String at, String key, List<String> problems) {
        if (!KEY.matcher(key).matches()) {
            problems.add(at + ": letters, digits, - and _ (it names files and routes)");
        }
    }

    private static void checkLength(String at, String value, int min, int max, List<String> problems) {
        if (value.length() < min || value.length() > max) {
            problems.add(at + ": " + min + " to " + max + " characters (is " + value.length() + ")");
        }
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, "");
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isValueNode() ? value.asText().trim() : fallback;
    }
}
