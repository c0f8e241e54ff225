package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.Simulator;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.intake.WebhookAuthenticator;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * One running adrelay (prod, apisync and statlas, a 256 MiB heap) against a corpus of more than
 * 10,000 bad webhook bodies and odd file drops, generated from a seed ({@code -Dbadinput.seed}):
 * every answer is JSON, nothing is a 5xx but a 503 with Retry-After, nothing bad is stored or reaches
 * an API, every bad file ends in .error/ with its reason, and the process is still healthy at the end
 * within a bounded resident set.
 */
class BadInputIT {

    static final long SEED = Long.getLong("badinput.seed", 20_261_128L);
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final String APISYNC_TOKEN = "apisync-token-bad-input";
    static final String APISYNC_SECRET = "apisync-webhook-secret-bad-input";
    static final String STATLAS_KEY = "statlas-key-bad-input";
    static final String STATLAS_SECRET = "statlas-hook-secret-bad-input";
    static final String DRIVE_TOKEN = "drive-token-bad-input";
    static final int INBOX_MAX_BYTES = 65_536;
    static final int MAX_PROBLEMS = 50;
    static final long RSS_BOUND_MIB = 600;
    static final List<String> RESOURCES = List.of("inventory-items", "campaigns", "ad-sets", "ads");

    @TempDir
    Path tmp;

    /** One request of the corpus: its category, where it goes, and how its bytes are made (from its own seed). */
    record Probe(String category, String method, String path, Map<String, String> headers, byte[] body, Set<Integer> expected) {
    }

    /** What came back: status, Retry-After, body; status -1 when the connection failed. */
    record Answer(int status, String retryAfter, String body) {
    }

    @Test
    void aBadInputCorpusIsRefusedWithJsonAndNothingReachesTheApis() throws Exception {
        long began = System.nanoTime();
        Path data = tmp.resolve("data");
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 1000).start();
             StatlasSimulator statlas = new StatlasSimulator(STATLAS_KEY).start();
             DriveSimulator drive = new DriveSimulator(tmp.resolve("drive"), DRIVE_TOKEN).start();
             ChildRuntime child = ChildRuntime.prod("bad-input", "apisync,statlas", data).heap("256m").fastStart(false)
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                     .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                     .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                     .env("STATLAS_WEBHOOK_SECRET", STATLAS_SECRET).env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID)
                     .env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN).env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/")
                     .property("adrelay.inbox.apisync.max-bytes", String.valueOf(INBOX_MAX_BYTES))
                     .property("adrelay.inbox.name-check-period-ms", "500")
                     .property("adrelay.webhook.max-problems", String.valueOf(MAX_PROBLEMS))
                     // no reconciliation: it would register the simulator's seeded batches, writes no bad input caused
                     .property("statlas.reconcile.cron", "0 0 0 1 1 ? 2099")) {
            Tally tally = new Tally();

            // while it starts: every answer is a JSON 503 with Retry-After (or no answer before it listens)
            child.launch();
            Probe early = new Probe("while-starting", "POST", "/webhooks/apisync/inventory-items",
                    Map.of(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET), "{\"not\": json".getBytes(), Set.of(503, 400));
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(20)).until(() -> {
                Answer answer = send(child, early);
                if (answer.status() != -1) {
                    tally.add(early, answer);
                }
                assertTrue(child.isAlive(), "adrelay exited while starting; see " + child.log());
                return child.healthStatus() == 200;
            });

            List<FileDrop> drops = Corpus.files(new Random(SEED ^ 0xF11E), data);
            for (FileDrop drop : drops) {
                drop.write(tmp.resolve("staging"));
            }

            List<Probe> corpus = Corpus.webhooks(SEED);
            System.out.printf("BadInputIT corpus of %d webhooks made after %.1fs%n", corpus.size(), (System.nanoTime() - began) / 1e9);
            AtomicInteger next = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                senders.submit(() -> {
                    for (int i = next.getAndIncrement(); i < corpus.size(); i = next.getAndIncrement()) {
                        tally.add(corpus.get(i), send(child, corpus.get(i)));
                    }
                    return null;
                });
            }
            senders.shutdown();
            assertTrue(senders.awaitTermination(5, TimeUnit.MINUTES), "the corpus was sent");
            System.out.printf("BadInputIT corpus sent after %.1fs%n", (System.nanoTime() - began) / 1e9);

            // every bad file ends in .error/ beside a reason file; nothing is left in the inboxes, nothing is done
            Path inbox = data.resolve("inbox");
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> leftInInbox(inbox).isEmpty() && errorEntries(inbox).size() >= drops.size());
            } catch (org.awaitility.core.ConditionTimeoutException stillThere) {
                // the assertions below say what is missing
            }
            List<String> left = leftInInbox(inbox).stream().map(Path::toString).toList();
            List<String> withoutReason = errorEntries(inbox).stream().filter(f -> !Files.exists(f.resolveSibling(f.getFileName() + ".error.json")))
                    .map(Path::toString).toList();

            long rss = child.peakRssMiB();
            int health = child.healthStatus();
            boolean alive = child.isAlive();

            // while it stops: still JSON (a 503 with Retry-After), until nothing listens any more
            Probe late = new Probe("while-stopping", "POST", "/webhooks/statlas", Map.of(WebhookAuthenticator.TOKEN_HEADER, STATLAS_SECRET),
                    "{\"event\": ".getBytes(), Set.of(503, 400, 422));
            ExecutorService stopper = Executors.newSingleThreadExecutor();
            java.util.concurrent.Future<Integer> exit = stopper.submit(child::stop);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
                Answer answer = send(child, late);
                if (answer.status() != -1) {
                    tally.add(late, answer);
                }
                return exit.isDone();
            });
            stopper.shutdown();
            List<String> writes = new ArrayList<>();
            for (Simulator simulator : List.of(apisync, statlas, drive)) {
                simulator.journal().entries().stream().filter(e -> !"GET".equals(e.method()))
                        .forEach(e -> writes.add(simulator.getClass().getSimpleName() + " " + e.method() + " " + e.path()));
            }
            List<JournalEntry> apisyncCalls = apisync.journal().entries();
            List<String> stored = storedRequests(data);

            System.out.printf("BadInputIT seed=%d webhooks=%d file drops=%d peakRSS=%dMiB time=%.1fs%n", SEED, tally.total(), drops.size(),
                    rss, (System.nanoTime() - began) / 1e9);
            System.out.println("BadInputIT per category and status: " + tally.byCategory());
            System.out.println("BadInputIT per status: " + tally.byStatus());
            System.out.println("BadInputIT answers breaking the contract per category: " + tally.violationsByCategory());
            System.out.println("BadInputIT file drops per category: " + Corpus.countByCategory(drops));

            assertAll(
                    () -> assertEquals(List.of(), tally.violations(), "answers breaking the contract (first 20 shown)"),
                    () -> assertTrue(tally.total() >= 10_000 - drops.size(), "corpus size " + tally.total()),
                    () -> assertEquals(List.of(), left, "files left in the inboxes"),
                    () -> assertEquals(List.of(), withoutReason, "every file in .error/ has its reason file"),
                    () -> assertEquals(drops.size(), errorEntries(inbox).size(), "each bad file is in .error/ once: " + errorEntries(inbox)),
                    () -> assertEquals(List.of(), doneEntries(inbox), "no bad file was taken"),
                    () -> assertEquals(List.of(), writes, "no write reached a simulator"),
                    () -> assertEquals(List.of(), apisyncCalls.stream().map(e -> e.method() + " " + e.path()).toList(), "APISync was never called"),
                    () -> assertEquals(List.of(), stored, "nothing bad was stored"),
                    () -> assertTrue(alive, "adrelay is still running; see " + child.log()),
                    () -> assertEquals(200, health, "/observe/health is UP at the end"),
                    () -> assertTrue(rss < RSS_BOUND_MIB, "peak RSS " + rss + " MiB below " + RSS_BOUND_MIB));
        }
    }

    static Answer send(ChildRuntime child, Probe probe) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(child.uri(probe.path()))
                    .method(probe.method(), probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(probe.body()));
            probe.headers().forEach(request::header);
            HttpResponse<String> response = child.send(request);
            return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            return new Answer(-1, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, null, e.toString());
        }
    }

    /** Counts per category and status, and every answer that breaks the contract. */
    static final class Tally {
        private final Map<String, Map<Integer, LongAdder>> counts = new ConcurrentHashMap<>();
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final LongAdder total = new LongAdder();
        private final Map<String, LongAdder> violationsByCategory = new ConcurrentHashMap<>();

        void add(Probe probe, Answer answer) {
            total.increment();
            counts.computeIfAbsent(probe.category(), c -> new ConcurrentHashMap<>())
                    .computeIfAbsent(answer.status(), s -> new LongAdder()).increment();
            String problem = problem(probe, answer);
            if (problem != null) {
                violationsByCategory.computeIfAbsent(probe.category(), c -> new LongAdder()).increment();
                violations.add(probe.category() + " " + probe.method() + " " + probe.path() + " -> " + answer.status() + ": " + problem
                        + " | body " + abbreviate(answer.body()));
            }
        }

        private static String problem(Probe probe, Answer answer) {
            if (answer.status() == -1) {
                return "no answer";
            }
            if (answer.status() / 100 == 2) {
                return "a bad input was accepted";
            }
            if (answer.status() >= 500 && answer.status() != 503) {
                return "a server error";
            }
            if (answer.status() == 503 && answer.retryAfter() == null) {
                return "a 503 without Retry-After";
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(answer.body());
            } catch (IOException e) {
                return "the body is not JSON";
            }
            if (body == null || !body.isObject() || !body.path("error").isTextual()) {
                return "the body is not a JSON object with an error";
            }
            if (answer.status() == 422 && body.path("problems").size() > MAX_PROBLEMS) {
                return "a 422 listing " + body.path("problems").size() + " problems, more than " + MAX_PROBLEMS;
            }
            if (answer.status() != 503 && !probe.expected().contains(answer.status())) {
                return "expected one of " + probe.expected();
            }
            return null;
        }

        long total() {
            return total.sum();
        }

        Map<String, Long> violationsByCategory() {
            Map<String, Long> out = new TreeMap<>();
            violationsByCategory.forEach((c, n) -> out.put(c, n.sum()));
            return out;
        }

        List<String> violations() {
            synchronized (violations) {
                return List.copyOf(violations.subList(0, Math.min(20, violations.size())));
            }
        }

        Map<String, Map<Integer, Long>> byCategory() {
            Map<String, Map<Integer, Long>> out = new TreeMap<>();
            counts.forEach((category, statuses) -> {
                Map<Integer, Long> s = new TreeMap<>();
                statuses.forEach((status, n) -> s.put(status, n.sum()));
                out.put(category, s);
            });
            return out;
        }

        Map<Integer, Long> byStatus() {
            Map<Integer, Long> out = new TreeMap<>();
            counts.values().forEach(statuses -> statuses.forEach((status, n) -> out.merge(status, n.sum(), Long::sum)));
            return out;
        }

        private static String abbreviate(String body) {
            return body == null ? "null" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    // ---------------------------------------------------------------------------------------------
    // files

    /** A file dropped into an inbox: its category, the directory, its name as raw bytes, its content. */
    record FileDrop(String category, Path dir, byte[] name, byte[] content) {

        /**
         * Writes the file beside the inbox and moves it in, so no consumer reads it half written. Names that
         * are not valid UTF-8 cannot be made from a Java String: the shell makes them from octal escapes.
         */
        void write(Path staging) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            Files.createDirectories(staging);
            String text = new String(name, StandardCharsets.UTF_8);
            boolean utf8 = java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), name);
            if (utf8) {
                Path staged = Files.write(staging.resolve(text), content);
                Files.move(staged, dir.resolve(text), StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            StringBuilder octal = new StringBuilder();
            for (byte b : name) {
                octal.append(String.format("\\%03o", b & 0xFF));
            }
            Path body = Files.write(staging.resolve("content-" + System.nanoTime()), content);
            Process shell = new ProcessBuilder("sh", "-c", "f=$(printf '" + octal + "') && cp \"$1\" \"$2/$f\" && mv \"$2/$f\" \"$3/$f\"",
                    "sh", body.toString(), staging.toString(), dir.toString()).inheritIO().start();
            if (!shell.waitFor(30, TimeUnit.SECONDS) || shell.exitValue() != 0) {
                throw new IOException("could not make a file named with bytes " + octal);
            }
        }
    }

    /** Regular, visible files still in the inboxes (not in .error/, .done/ or another hidden folder). */
    static List<Path> leftInInbox(Path inbox) throws IOException {
        return files(inbox, f -> !hidden(inbox, f) && !f.getFileName().toString().endsWith(".camelLock"));
    }

    /** Files set aside in .error/ folders, reason files not counted. */
    static List<Path> errorEntries(Path inbox) throws IOException {
        return files(inbox, f -> f.getParent().getFileName().toString().equals(".error") && !f.getFileName().toString().endsWith(".error.json"));
    }

    static List<Path> doneEntries(Path inbox) throws IOException {
        return files(inbox, f -> f.getParent().getFileName().toString().equals(".done"));
    }

    static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    static List<Path> files(Path root, java.util.function.Predicate<Path> filter) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).filter(filter).toList();
        }
    }

    /** Requests and events adrelay stored for processing (none may come from bad input). */
    static List<String> storedRequests(Path data) throws IOException {
        List<String> stored = new ArrayList<>();
        for (String dir : List.of("state/apisync/requests", "state/statlas/events")) {
            stored.addAll(files(data.resolve(dir), f -> f.getFileName().toString().endsWith(".json")).stream().map(Path::toString).toList());
            // the pending ones are in the queue's journal, the done ones lines of its .done/ logs, set-aside ones files in .error/
            FileIntakeStore.pendingIn(data.resolve(dir)).forEach(id -> stored.add(dir + " pending " + id));
            for (Path log : files(data.resolve(dir).resolve(".done"), f -> f.getFileName().toString().endsWith(".jsonl"))) {
                Files.readAllLines(log).forEach(line -> stored.add(log + " " + line));
            }
        }
        return stored;
    }

    // ---------------------------------------------------------------------------------------------
    // the corpus

    /** Deterministic generators of bad input; each probe's bytes come from its own seed. */
    static final class Corpus {

        private static final String APISYNC = "/webhooks/apisync/";
        private static final String STATLAS = "/webhooks/statlas";
        private static final Set<Integer> BAD_JSON = Set.of(400);
        private static final Set<Integer> INVALID = Set.of(422);
        private static final Set<Integer> TOO_BIG = Set.of(413);
        private static final Set<Integer> NOT_FOUND = Set.of(404, 405);

        /** A category: how many probes, and how probe i is made from its random source. */
        private record Category(String name, int count, Function<Random, Probe> make) {
        }

        static List<Probe> webhooks(long seed) {
            List<Category> categories = List.of(
                    new Category("malformed", 2500, r -> json(r, "malformed", malformed(r, document(r)), BAD_JSON)),
                    new Category("truncated", 1500, r -> {
                        String doc = document(r);
                        return json(r, "truncated", doc.substring(0, r.nextInt(doc.length())), BAD_JSON);
                    }),
                    new Category("concatenated", 500, r -> {
                        String doc = document(r);
                        String[] glue = {"", " ", "\n", ",", "\r\n"};
                        String second = r.nextBoolean() ? doc : List.of("{}", "[]", "1", "\"x\"", "null").get(r.nextInt(5));
                        return json(r, "concatenated", doc + glue[r.nextInt(glue.length)] + second, BAD_JSON);
                    }),
                    new Category("extra-closers", 500, r -> json(r, "extra-closers",
                            document(r) + (r.nextBoolean() ? "}" : "]").repeat(1 + r.nextInt(20)), BAD_JSON)),
                    new Category("deep-nesting", 300, r -> {
                        int depth = 1000 + r.nextInt(20_000);
                        String open = r.nextBoolean() ? "[" : "{\"a\":";
                        String close = open.equals("[") ? "]" : "}";
                        return json(r, "deep-nesting", open.repeat(depth) + "1" + (r.nextBoolean() ? close.repeat(depth) : ""), BAD_JSON);
                    }),
                    new Category("huge-string", 150, r -> {
                        int length = 65_537 + r.nextInt(200_000);
                        String chunk = r.nextBoolean() ? "x" : "\u00e9\u4e2d";
                        String huge = chunk.repeat(length / chunk.length() + 1);
                        return json(r, "huge-string", r.nextInt(4) == 0
                                ? "{\"" + "k".repeat(2000 + r.nextInt(5000)) + "\": 1}"
                                : item(r, "huge").replace("\"Shoe\"", "\"" + huge + "\""), Set.of(400, 413));
                    }),
                    new Category("huge-number", 600, Corpus::hugeNumber),
                    new Category("invalid-utf8", 500, r -> {
                        byte[][] sequences = {{(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0x80}};
                        String doc = item(r, "utf8");
                        int at = doc.indexOf("Shoe") + r.nextInt(4);
                        return probe(r, "invalid-utf8", concat(doc.substring(0, at).getBytes(StandardCharsets.UTF_8),
                                sequences[r.nextInt(sequences.length)], doc.substring(at).getBytes(StandardCharsets.UTF_8)), BAD_JSON);
                    }),
                    new Category("nul", 500, r -> {
                        String doc = item(r, "nul");
                        if (r.nextBoolean()) {
                            int at = r.nextInt(doc.length() + 1);
                            return probe(r, "nul", concat(doc.substring(0, at).getBytes(), new byte[] {0}, doc.substring(at).getBytes()), BAD_JSON);
                        }
                        String escaped = r.nextBoolean() ? doc.replace("\"Shoe\"", "\"Sh\\u0000oe\"") : doc.replace("\"title\"", "\"ti\\u0000tle\"");
                        return json(r, "nul", escaped, BAD_JSON);
                    }),
                    new Category("charset", 300, r -> {
                        String charset = List.of("iso-8859-1", "ISO-8859-1", "latin1", "windows-1252", "utf-16", "us-ascii", "\"utf-16le\"")
                                .get(r.nextInt(7));
                        String type = List.of("application/json", "text/plain", "application/x-www-form-urlencoded").get(r.nextInt(3));
                        Probe p = json(r, "charset", document(r), Set.of(415));
                        Map<String, String> headers = new LinkedHashMap<>(p.headers());
                        headers.put("Content-Type", type + "; charset=" + charset);
                        return new Probe(p.category(), p.method(), p.path(), headers, p.body(), p.expected());
                    }),
                    new Category("form-bad-json", 500, r -> {
                        String body = r.nextInt(3) == 0 ? "a=1&b=" + r.nextInt(100) : malformed(r, document(r));
                        Probe p = json(r, "form-bad-json", body, BAD_JSON);
                        Map<String, String> headers = new LinkedHashMap<>(p.headers());
                        headers.put("Content-Type", "application/x-www-form-urlencoded");
                        return new Probe(p.category(), p.method(), p.path(), headers, p.body(), p.expected());
                    }),
                    new Category("many-empty-objects", 30, r -> json(r, "many-empty-objects",
                            "[" + "{},".repeat(99_999) + "{}]", Set.of(413, 422))),
                    new Category("oversized", 25, r -> {
                        int size = (1 << 20) + 1 + r.nextInt(2 << 20);
                        return json(r, "oversized", "[" + (item(r, "big") + ",").repeat(size / 150) + item(r, "last") + "]", TOO_BIG);
                    }),
                    new Category("oversized-beyond-server-limit", 3, r -> json(r, "oversized-beyond-server-limit",
                            "[" + " ".repeat(11 << 20) + "]", TOO_BIG)),
                    new Category("wrong-resource", 300, r -> {
                        String path = List.of(APISYNC + "tiktok-ads", APISYNC + "inventory-items/extra", APISYNC, APISYNC + "Inventory-Items",
                                APISYNC + "inventory_items", STATLAS + "/extra", "/webhooks/", "/webhooks/snap", "/webhook/apisync/ads",
                                APISYNC + "%2E%2E%2Fops", APISYNC + "ads%2Fx", "/" + "x".repeat(200), APISYNC + "\u00e4ds".replace("\u00e4", "%C3%A4"))
                                .get(r.nextInt(13));
                        return new Probe("wrong-resource", "POST", path, auth(r, path), document(r).getBytes(StandardCharsets.UTF_8), NOT_FOUND);
                    }),
                    new Category("wrong-method", 100, r -> {
                        String path = r.nextBoolean() ? STATLAS : APISYNC + RESOURCES.get(r.nextInt(4));
                        String method = List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS").get(r.nextInt(5));
                        return new Probe("wrong-method", method, path, auth(r, path), document(r).getBytes(StandardCharsets.UTF_8), NOT_FOUND);
                    }),
                    new Category("auth", 600, Corpus::badAuth),
                    new Category("invalid-records", 1000, Corpus::invalidRecords),
                    new Category("not-a-record", 200, r -> json(r, "not-a-record",
                            List.of("1", "-0.5", "\"text\"", "true", "null", "[]", "[1,2]", "[[{}]]", "[null]", "[\"a\"]", "{}", "[{}]").get(r.nextInt(12)),
                            Set.of(400, 422))),
                    new Category("statlas-invalid-event", 400, Corpus::statlasInvalid),
                    new Category("empty-or-blank", 100, r -> json(r, "empty-or-blank",
                            List.of("", " ", "\n\t ", "\uFEFF", "\uFEFF\uFEFF").get(r.nextInt(5)), BAD_JSON)),
                    new Category("too-many-problems", 20, r -> {
                        StringBuilder array = new StringBuilder("[");
                        for (int i = 0; i < 1000; i++) {
                            array.append(i == 0 ? "" : ",").append("{\"reference_id\": \"p").append(i).append("\", \"available\": \"yes\"}");
                        }
                        return new Probe("too-many-problems", "POST", APISYNC + "inventory-items", token(),
                                array.append(']').toString().getBytes(StandardCharsets.UTF_8), INVALID);
                    }));
            List<Probe> probes = new ArrayList<>();
            // each probe has its own source, seeded from one master: java.util.Random's first draws of
            // neighbouring seeds are alike, so seed + index would send a whole category the same way
            Random master = new Random(seed);
            for (Category category : categories) {
                for (int i = 0; i < category.count(); i++) {
                    probes.add(category.make().apply(new Random(master.nextLong())));
                }
            }
            Collections.shuffle(probes, new Random(seed));
            return probes;
        }

        /** A well-formed JSON document some endpoint would take: the raw material of the syntax errors. */
        static String document(Random r) {
            return switch (r.nextInt(5)) {
                case 0 -> item(r, "d" + r.nextInt(1000));
                case 1 -> "[" + item(r, "a" + r.nextInt(1000)) + "," + item(r, "b" + r.nextInt(1000)) + "]";
                case 2 -> campaign(r);
                case 3 -> "{\"event\": \"batch.created\", \"timestamp\": \"2026-11-28T10:00:00Z\", \"data\": {\"batch_id\": \"BAT00"
                        + r.nextInt(9) + "\", \"shop\": \"bambu-earth\", \"total_ads\": 5}}";
                default -> "{\"reference_id\": \"houses" + r.nextInt(100) + "\", \"service\": \"facebook-ads\", \"state\": \"active\","
                        + " \"bids\": {\"cpc\": {\"amount\": 123}}, \"campaign\": {\"reference_id\": \"xmas\"},"
                        + " \"daily_budget\": {\"amount\": 1299}, \"geo_locations\": {\"countries\": [\"US\"]}}";
            };
        }

        static String item(Random r, String reference) {
            return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\", \"available\": true,"
                    + " \"content_language\": \"pt-br\", \"title\": \"Shoe\", \"price\": {\"amount\": " + (1 + r.nextInt(99_999))
                    + ", \"currency\": \"BRL\"}}";
        }

        static String campaign(Random r) {
            return "{\"reference_id\": \"xmas" + r.nextInt(100) + "\", \"service\": \"facebook-ads\", \"state\": \"active\","
                    + " \"title\": \"Xmas\", \"ad_account\": {\"id\": \"act_1001\"}}";
        }

        /** 1 to 3 edits that break the syntax; an edit that happens to leave valid JSON is made again. */
        static String malformed(Random r, String doc) {
            String breakers = "{}[]:,\"\\'tfn0-.eE+ \u00e9x";
            String out = doc;
            for (int attempt = 0; attempt < 100; attempt++) {
                StringBuilder s = new StringBuilder(doc);
                for (int edits = 1 + r.nextInt(3); edits > 0 && s.length() > 0; edits--) {
                    int at = r.nextInt(s.length());
                    switch (r.nextInt(3)) {
                        case 0 -> s.deleteCharAt(at);
                        case 1 -> s.insert(at, breakers.charAt(r.nextInt(breakers.length())));
                        default -> s.setCharAt(at, breakers.charAt(r.nextInt(breakers.length())));
                    }
                }
                out = s.toString();
                if (!parses(out)) {
                    return out;
                }
            }
            return out + "{";
        }

        static boolean parses(String text) {
            try {
                return Json.MAPPER.readTree(text) != null;
            } catch (IOException e) {
                return false;
            }
        }

        /** Numbers beyond every range, where the records have numbers. */
        static Probe hugeNumber(Random r) {
            String[] huge = {new BigInteger("2").pow(64).add(BigInteger.ONE).toString(), "1e400", "-1e400", "1" + "0".repeat(1000),
                    "-" + new BigInteger("2").pow(63).add(BigInteger.ONE), "1.5", "0", "-1", "1e-400", "9".repeat(101)};
            String n = huge[r.nextInt(huge.length)];
            boolean tooLong = n.replace("-", "").length() > 100;
            Set<Integer> expected = tooLong ? BAD_JSON : INVALID;
            return switch (r.nextInt(4)) {
                case 0 -> new Probe("huge-number", "POST", APISYNC + "inventory-items", token(),
                        item(r, "n").replaceFirst("\"amount\": \\d+", "\"amount\": " + n).getBytes(StandardCharsets.UTF_8), expected);
                case 1 -> new Probe("huge-number", "POST", APISYNC + "inventory-items", token(),
                        item(r, "y").replace("\"title\"", "\"year\": " + n + ", \"title\"").getBytes(StandardCharsets.UTF_8),
                        n.equals("1e-400") ? INVALID : expected);
                case 2 -> new Probe("huge-number", "POST", APISYNC + "ad-sets", token(), ("{\"reference_id\": \"s\", \"service\": \"facebook-ads\","
                        + " \"state\": \"active\", \"bids\": {\"cpc\": {\"amount\": " + n + "}}, \"campaign\": {\"reference_id\": \"xmas\"},"
                        + " \"geo_locations\": {\"countries\": [\"US\"]}}").getBytes(StandardCharsets.UTF_8), expected);
                default -> new Probe("huge-number", "POST", APISYNC + "campaigns", token(), ("{\"reference_id\": \"c\", \"service\": \"google-ads\","
                        + " \"state\": \"active\", \"ad_account\": {\"id\": \"1234567890\"}, \"daily_budget\": {\"amount\": " + n + "}}")
                        .getBytes(StandardCharsets.UTF_8), expected);
            };
        }

        /** A valid record, but no credentials, wrong ones, or a signature of something else. */
        static Probe badAuth(Random r) {
            boolean statlas = r.nextInt(3) == 0;
            String path = statlas ? STATLAS : APISYNC + RESOURCES.get(r.nextInt(4));
            String secret = statlas ? STATLAS_SECRET : APISYNC_SECRET;
            String other = statlas ? APISYNC_SECRET : STATLAS_SECRET;
            byte[] body = (statlas ? "{\"event\": \"batch.created\", \"data\": {\"batch_id\": \"BAT001\", \"shop\": \"bambu-earth\"}}"
                    : item(r, "auth")).getBytes(StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            switch (r.nextInt(8)) {
                case 0 -> { }
                case 1 -> headers.put(WebhookAuthenticator.TOKEN_HEADER, other);
                case 2 -> headers.put(WebhookAuthenticator.TOKEN_HEADER, secret.substring(0, secret.length() - 1));
                case 3 -> headers.put("Authorization", "Bearer " + secret);
                case 4 -> headers.put(WebhookAuthenticator.SIGNATURE_HEADER,
                        WebhookAuthenticator.expectedSignature(secret, "something else".getBytes(StandardCharsets.UTF_8)));
                case 5 -> headers.put(WebhookAuthenticator.SIGNATURE_HEADER, "sha256=" + "0".repeat(64));
                case 6 -> path = path + "?token=" + other;
                default -> path = path + "?token=";
            }
            return new Probe("auth", "POST", path, headers, body, Set.of(401, 403));
        }

        /** Well-formed JSON whose records break the spec; sometimes one bad record among good ones. */
        static Probe invalidRecords(Random r) {
            String resource = RESOURCES.get(r.nextInt(4));
            String bad = switch (resource) {
                case "inventory-items" -> List.of(
                        "{\"reference_id\": \"i\", \"available\": true, \"content_language\": \"pt-br\"}",
                        "{\"reference_id\": \"i\", \"ad_template_type\": \"ve\u00edculo\", \"available\": true, \"content_language\": \"pt-br\"}",
                        "{\"reference_id\": \"i\", \"ad_template_type\": \"shoe\", \"available\": \"yes\", \"content_language\": \"pt-br\"}",
                        "{\"reference_id\": \"i\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"en\"}",
                        "{\"reference_id\": \"i\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\","
                                + " \"price\": {\"amount\": 0, \"currency\": \"BRL\"}}",
                        "{\"reference_id\": \"i\", \"ad_template_type\": \"shoe\", \"available\": true, \"content_language\": \"pt-br\","
                                + " \"link\": \"javascript:alert(1)\"}").get(r.nextInt(6));
                case "campaigns" -> List.of(
                        "{\"reference_id\": \"c\", \"state\": \"active\", \"ad_account\": {\"id\": \"act_1001\"}}",
                        "{\"reference_id\": \"c\", \"service\": \"tiktok-ads\", \"state\": \"active\", \"ad_account\": {\"id\": \"act_1001\"}}",
                        "{\"reference_id\": \"c\", \"service\": \"google-ads\", \"state\": \"active\", \"ad_account\": {\"id\": \"act_1001\"}}",
                        "{\"reference_id\": \"c\", \"service\": \"facebook-ads\", \"state\": \"running\", \"ad_account\": {\"id\": \"act_1001\"}}")
                        .get(r.nextInt(4));
                case "ad-sets" -> List.of(
                        "{\"reference_id\": \"s\", \"service\": \"facebook-ads\", \"state\": \"active\", \"campaign\": {\"reference_id\": \"x\"}}",
                        "{\"reference_id\": \"s\", \"service\": \"facebook-ads\", \"state\": \"active\", \"bids\": {\"cpc\": {\"amount\": 1}},"
                                + " \"campaign\": {\"reference_id\": \"x\"}}",
                        "{\"reference_id\": \"s\", \"state\": \"active\", \"bids\": {\"cpc\": {\"amount\": 1}}}").get(r.nextInt(3));
                default -> List.of(
                        "{\"reference_id\": \"a\", \"ad_type\": \"carousel\", \"state\": \"active\", \"destination_url\": \"https://x\","
                                + " \"creative\": {}, \"ad_set\": {\"id\": \"x\"}}",
                        "{\"reference_id\": \"a\", \"ad_type\": \"expanded-text-ad\", \"state\": \"active\", \"destination_url\": \"https://x\","
                                + " \"creative\": {\"headline_part1\": \"Hi\"}, \"ad_set\": {\"id\": \"x\"}}",
                        "{\"reference_id\": \"a\", \"ad_type\": \"image_with_link\", \"state\": \"active\", \"destination_url\": \"ftp://x\","
                                + " \"creative\": {\"story\": {}}, \"ad_set\": {\"id\": \"x\"}}").get(r.nextInt(3));
            };
            String body = bad;
            if (r.nextBoolean()) {
                // one bad record among good ones: nothing of the request may be stored
                String good = "inventory-items".equals(resource) ? item(r, "good") : "campaigns".equals(resource) ? campaign(r) : null;
                if (good != null) {
                    body = "[" + good + "," + bad + "," + good.replace("good", "good2") + "]";
                }
            }
            return new Probe("invalid-records", "POST", APISYNC + resource, token(), body.getBytes(StandardCharsets.UTF_8), INVALID);
        }

        static Probe statlasInvalid(Random r) {
            String body = List.of(
                    "{\"event\": \"batch.created\"}",
                    "{\"event\": \"batch.created\", \"data\": []}",
                    "{\"event\": \"batch.created\", \"data\": {\"shop\": \"bambu-earth\"}}",
                    "{\"event\": \"batch.updated\", \"data\": {\"batch_id\": \"../../etc\", \"shop\": \"bambu-earth\"}}",
                    "{\"event\": \"batch.created\", \"data\": {\"batch_id\": \"BAT001\"}}",
                    "{\"event\": \"revision.requested\", \"data\": {\"batch_id\": \"BAT001\", \"shop\": \"s\", \"ad_no\": -1}}",
                    "{\"event\": \"revision.requested\", \"data\": {\"batch_id\": \"BAT001\", \"shop\": \"s\", \"ad_no\": \"two\"}}",
                    "{\"event\": \"\", \"data\": {}}",
                    "{\"event\": 42}",
                    "{\"data\": {\"batch_id\": \"BAT001\", \"shop\": \"s\"}}",
                    "[{\"event\": \"batch.created\"}]").get(r.nextInt(11));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put(WebhookAuthenticator.TOKEN_HEADER, STATLAS_SECRET);
            return new Probe("statlas-invalid-event", "POST", STATLAS, headers, body.getBytes(StandardCharsets.UTF_8), INVALID);
        }

        /** Text to a random webhook endpoint, authenticated. */
        static Probe json(Random r, String category, String body, Set<Integer> expected) {
            return probe(r, category, body.getBytes(StandardCharsets.UTF_8), expected);
        }

        static Probe probe(Random r, String category, byte[] body, Set<Integer> expected) {
            boolean statlas = r.nextInt(4) == 0;
            String path = statlas ? STATLAS : APISYNC + RESOURCES.get(r.nextInt(4));
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            if (statlas) {
                headers.put(WebhookAuthenticator.TOKEN_HEADER, STATLAS_SECRET);
            } else if (r.nextBoolean()) {
                headers.put(WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET);
            } else {
                headers.put(WebhookAuthenticator.SIGNATURE_HEADER, WebhookAuthenticator.expectedSignature(APISYNC_SECRET, body));
            }
            // a bad body to Statlas may also be a bad event: 400 and 422 are both refusals of what was sent
            Set<Integer> refused = statlas && expected.equals(BAD_JSON) ? Set.of(400, 422) : expected;
            return new Probe(category, "POST", path, headers, body, refused);
        }

        static Map<String, String> auth(Random r, String path) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/json");
            headers.put(WebhookAuthenticator.TOKEN_HEADER, path.startsWith(STATLAS) ? STATLAS_SECRET : APISYNC_SECRET);
            return headers;
        }

        static Map<String, String> token() {
            return Map.of("Content-Type", "application/json", WebhookAuthenticator.TOKEN_HEADER, APISYNC_SECRET);
        }

        static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }

        // -----------------------------------------------------------------------------------------

        /** Odd file drops into the APISync and Statlas inboxes. */
        static List<FileDrop> files(Random r, Path data) {
            Path apisync = data.resolve("inbox/apisync");
            Path statlas = data.resolve("inbox/statlas");
            List<FileDrop> drops = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String resource = RESOURCES.get(r.nextInt(4));
                Path dir = apisync.resolve(resource);
                String valid = "inventory-items".equals(resource) ? item(r, "f" + i) : "campaigns".equals(resource) ? campaign(r)
                        : "ad-sets".equals(resource) ? document(new Random(4)) : "{\"reference_id\": \"a\", \"ad_type\": \"video\"}";
                Path items = apisync.resolve("inventory-items");
                drops.add(drop("oversized", items, "big-" + i + ".json",
                        ("[" + (item(r, "big") + ",").repeat(INBOX_MAX_BYTES / 150 + 10 + r.nextInt(2000)) + item(r, "end") + "]").getBytes()));
                String doc = item(r, "t" + i);
                drops.add(drop("truncated", dir, "truncated-" + i + ".json", doc.substring(0, r.nextInt(doc.length())).getBytes()));
                drops.add(drop("invalid-utf8", dir, "utf8-" + i + ".json", concat("{\"title\": \"".getBytes(), new byte[] {(byte) 0xC3, 0x28},
                        "\"}".getBytes())));
                drops.add(drop("nul", dir, "nul-" + i + ".json", concat(valid.getBytes(), new byte[] {0})));
                drops.add(drop("concatenated", dir, "twice-" + i + ".json", (valid + valid).getBytes()));
                drops.add(drop("extra-closers", dir, "closers-" + i + ".json", (valid + "}}}}").getBytes()));
                drops.add(drop("deep-nesting", dir, "deep-" + i + ".json", ("[".repeat(5000) + "]".repeat(5000)).getBytes()));
                drops.add(drop("empty", dir, "empty-" + i + ".json", new byte[0]));
                drops.add(drop("invalid-records", items, "invalid-" + i + ".json",
                        ("[" + item(r, "ok") + ", {\"reference_id\": \"x\", \"available\": 1}]").getBytes()));
                drops.add(drop("bad-csv", items, "bad-" + i + ".csv", List.of(
                        "reference_id,ad_template_type,available,content_language\nsku-1,shoe,true\n",
                        "reference_id,ad_template_type,available,content_language\nsku-1,ve\u00edculo,true,pt-br\n",
                        "reference_id,ad_template_type,available,content_language\n\"sku-1,shoe,true,pt-br\n").get(i % 3)
                        .getBytes(StandardCharsets.UTF_8)));
                drops.add(drop("invalid-utf8-csv", items, "latin1-" + i + ".csv", concat(
                        "reference_id,ad_template_type,available,content_language,title\nsku-l".getBytes(), new byte[] {(byte) (0xE0 + i)},
                        (",shoe,true,pt-br,Cal" + "\u00e7" + "ado\n").getBytes(StandardCharsets.ISO_8859_1))));
                // valid content under names no consumer can take: they must be set aside, not synced
                drops.add(drop("newline-name", items, "line\nbreak-" + i + ".json", item(r, "nl" + i).getBytes()));
                drops.add(drop("long-name", items, "n" + i + "-" + "x".repeat(245) + ".json", item(r, "long" + i).getBytes()));
                drops.add(new FileDrop("invalid-utf8-name", items, concat(("bad-" + i + "-").getBytes(), new byte[] {(byte) 0xFF, (byte) 0xFE},
                        ".json".getBytes()), item(r, "name" + i).getBytes()));
                drops.add(drop("statlas-unknown-batch", statlas.resolve("NOBATCH" + i).resolve("1"), "spot.mp4", "video".getBytes()));
                drops.add(drop("statlas-wrong-place", i % 2 == 0 ? statlas : statlas.resolve("BAT001").resolve("first"), "asset-" + i + ".png",
                        "png".getBytes()));
            }
            return drops;
        }

        static FileDrop drop(String category, Path dir, String name, byte[] content) {
            return new FileDrop(category, dir, name.getBytes(StandardCharsets.UTF_8), content);
        }

        static Map<String, Integer> countByCategory(List<FileDrop> drops) {
            Map<String, Integer> counts = new TreeMap<>();
            drops.forEach(d -> counts.merge(d.category(), 1, Integer::sum));
            return counts;
        }
    }
}
