package io.adrelay;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.adrelay.common.Json;
import io.adrelay.sandbox.DriveSimulator;
import io.adrelay.sandbox.JournalEntry;
import io.adrelay.sandbox.Simulator;
import io.adrelay.sandbox.StatlasSimulator;
import io.adrelay.sandbox.apisync.ApisyncSimulator;
import io.adrelay.sandbox.snap.SnapSimulator;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of hostile inbox entries under each inbox (Statlas, APISync, Snap), dropped into one
 * running adrelay (a child JVM, prod, a 256 MiB heap): symbolic links to a secret file, to a
 * directory, to "..", to /dev/zero, dangling, a named pipe, a symlinked directory full of someone
 * else's files. No consumer follows a link or reads anything but a regular file: each entry is moved,
 * not followed, to the .error/ folder beside it with a reason file; /etc/passwd never reaches a
 * simulator; the process neither runs out of memory nor exits; health stays UP; and the valid drop
 * beside them still goes through. With it, an APISync CSV whose quote never closes goes to .error/
 * at once, naming the line, with no dead letter (it is not retried as if transient).
 */
class HostileInboxIT {

    static final String APISYNC_TOKEN = "apisync-token-hostile";
    static final String APISYNC_SECRET = "apisync-webhook-secret-hostile";
    static final String STATLAS_KEY = "statlas-key-hostile";
    static final String STATLAS_SECRET = "statlas-hook-secret-hostile";
    static final String DRIVE_TOKEN = "drive-token-hostile";
    static final String SNAP_CLIENT = "snap-client-hostile";
    static final String SNAP_SECRET = "snap-client-secret-hostile";
    static final String SNAP_REFRESH = "snap-refresh-token-hostile";
    static final String SECRET_FILE = "/etc/passwd";
    static final String BATCH = "BAT001";

    @TempDir
    Path tmp;

    /** One hostile entry: where it is, what it is, and what it points to (null for a pipe). */
    record Hostile(String inbox, String kind, Path entry, Path target) {
    }

    @Test
    void hostileEntriesAreSetAsideWithAReasonAndNothingFollowsThem() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of(SECRET_FILE)) && Files.exists(Path.of("/dev/zero")), "needs /etc/passwd and /dev/zero");
        long began = System.nanoTime();
        Path data = tmp.resolve("data");
        Path declaration = Files.writeString(tmp.resolve("snap-catalogs.yaml"), "catalogs: []\n");
        // someone else's files, which a symlinked directory in an inbox must not make adrelay move or read
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("victim.json"), item("victim"));
        Files.writeString(victim.resolve("victim.csv"), "id,title\nv,Victim\n");
        Files.writeString(victim.resolve("victim.png"), "not yours");
        Path outsideGood = Files.writeString(tmp.resolve("outside-good.json"), item("outside"));
        try (ApisyncSimulator apisync = new ApisyncSimulator(APISYNC_TOKEN, 1000).start();
             StatlasSimulator statlas = new StatlasSimulator(STATLAS_KEY).start();
             DriveSimulator drive = new DriveSimulator(tmp.resolve("drive"), DRIVE_TOKEN).start();
             SnapSimulator snap = new SnapSimulator(SNAP_CLIENT, SNAP_SECRET, SNAP_REFRESH).start();
             ChildRuntime child = ChildRuntime.prod("hostile-inbox", "apisync,statlas,snap", data).heap("256m")
                     .env("APISYNC_BASE_URL", apisync.baseUrl()).env("APISYNC_API_TOKEN", APISYNC_TOKEN)
                     .env("APISYNC_WEBHOOK_SECRET", APISYNC_SECRET)
                     .env("STATLAS_BASE_URL", statlas.baseUrl()).env("STATLAS_API_KEY", STATLAS_KEY)
                     .env("STATLAS_WEBHOOK_SECRET", STATLAS_SECRET).env("STATLAS_DRIVE_FOLDER_ID", DriveSimulator.ROOT_ID)
                     .env("GOOGLE_DRIVE_ACCESS_TOKEN", DRIVE_TOKEN).env("GOOGLE_DRIVE_ROOT_URL", drive.baseUrl() + "/")
                     .env("SNAP_BASE_URL", snap.apiUrl()).env("SNAP_TOKEN_URL", snap.tokenUrl()).env("SNAP_CLIENT_ID", SNAP_CLIENT)
                     .env("SNAP_CLIENT_SECRET", SNAP_SECRET).env("SNAP_REFRESH_TOKEN", SNAP_REFRESH)
                     .property("snap.catalogs-file", declaration.toString())
                     .property("snap.campaigns-file", tmp.resolve("snap-campaigns.yaml").toString())
                     .property("adrelay.inbox.name-check-period-ms", "500")
                     .property("statlas.reconcile.cron", "0 0 0 1 1 ? 2099")) {
            child.start();
            assertEquals(202, statlas.sendBatchCreated(child.uri("/webhooks/statlas?token=" + STATLAS_SECRET).toString(), BATCH));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(data.resolve("state/statlas/batches/" + BATCH + ".json")));

            Path statlasInbox = data.resolve("inbox/statlas");
            Path statlasAd = Files.createDirectories(statlasInbox.resolve(BATCH).resolve("1"));
            Path items = Files.createDirectories(data.resolve("inbox/apisync/inventory-items"));
            Path snapInbox = data.resolve("inbox/snap");
            Path feed = Files.createDirectories(snapInbox.resolve("hostile"));

            List<Hostile> corpus = new ArrayList<>();
            // Statlas: links named like assets, in the ad's folder and at the top; a symlinked batch folder
            corpus.add(link("statlas", "link-to-secret", statlasAd.resolve("passwd2.png"), Path.of(SECRET_FILE)));
            corpus.add(link("statlas", "link-to-dev-zero", statlasAd.resolve("zero.png"), Path.of("/dev/zero")));
            corpus.add(link("statlas", "link-to-directory", statlasAd.resolve("etc.png"), Path.of("/etc")));
            corpus.add(link("statlas", "link-to-parent", statlasAd.resolve("LOOP"), Path.of("..")));
            corpus.add(link("statlas", "link-to-parent", statlasInbox.resolve("LOOP"), Path.of("..")));
            corpus.add(link("statlas", "symlinked-directory", statlasInbox.resolve("EVIL"), victim));
            corpus.add(link("statlas", "dangling-link", statlasAd.resolve("gone.png"), tmp.resolve("nothing-here")));
            corpus.add(link("statlas", "link-to-valid-file", statlasAd.resolve("outside.png"), outsideGood));
            corpus.add(fifo("statlas", statlasAd.resolve("pipe.png")));
            // APISync: links named like records
            corpus.add(link("apisync", "link-to-secret", items.resolve("passwd.json"), Path.of(SECRET_FILE)));
            corpus.add(link("apisync", "link-to-secret", items.resolve("passwd.csv"), Path.of(SECRET_FILE)));
            corpus.add(link("apisync", "link-to-dev-zero", items.resolve("zero.json"), Path.of("/dev/zero")));
            corpus.add(link("apisync", "link-to-directory", items.resolve("etc.json"), Path.of("/etc")));
            corpus.add(link("apisync", "link-to-parent", items.resolve("LOOP.json"), Path.of("..")));
            corpus.add(link("apisync", "symlinked-directory", items.resolve("EVIL"), victim));
            corpus.add(link("apisync", "dangling-link", items.resolve("gone.json"), tmp.resolve("nothing-here")));
            corpus.add(link("apisync", "link-to-valid-file", items.resolve("outside.json"), outsideGood));
            corpus.add(fifo("apisync", items.resolve("pipe.json")));
            // Snap: links named like feeds, a symlinked feed folder
            corpus.add(link("snap", "link-to-secret", feed.resolve("passwd.csv"), Path.of(SECRET_FILE)));
            corpus.add(link("snap", "link-to-dev-zero", feed.resolve("zero.csv"), Path.of("/dev/zero")));
            corpus.add(link("snap", "link-to-directory", feed.resolve("etc.csv"), Path.of("/etc")));
            corpus.add(link("snap", "link-to-parent", feed.resolve("LOOP"), Path.of("..")));
            corpus.add(link("snap", "symlinked-directory", snapInbox.resolve("EVIL"), victim));
            corpus.add(link("snap", "dangling-link", feed.resolve("gone.csv"), tmp.resolve("nothing-here")));
            corpus.add(fifo("snap", feed.resolve("pipe.csv")));

            // beside them, one valid drop per inbox, and a CSV whose quote never closes
            drop(statlasAd.resolve("ok.png"), "a real asset");
            drop(items.resolve("ok.json"), item("ok"));
            drop(items.resolve("unclosed.csv"), "reference_id,ad_template_type,available,content_language,title\n"
                    + "sku-1,shoe,true,pt-br,One\nsku-2,shoe,true,pt-br,\"Two\nsku-3,shoe,true,pt-br,Three\n");
            drop(feed.resolve("ok.csv"), "id,title,description,link,image_link,availability,price,condition,brand,gtin\n"
                    + "SKU-1,Trail runner,Light trail running shoe,https://shop.example/sku-1,https://shop.example/img/sku-1.jpg,in stock,"
                    + "89.00 USD,new,Acme,\n");

            List<String> notSetAside = new ArrayList<>();
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertTrue(child.isAlive(), "adrelay exited with " + child.exitCode() + "; see " + child.log());
                    notSetAside.clear();
                    corpus.stream().filter(h -> !setAside(h)).forEach(h -> notSetAside.add(h.inbox() + " " + h.kind() + " " + h.entry()));
                    return notSetAside.isEmpty();
                });
            } catch (org.awaitility.core.ConditionTimeoutException late) {
                // the assertions below say which
            }
            boolean assetUploaded = awaitQuietly(() -> !statlas.journal().matching("POST", "/batches/" + BATCH + "/ads/1/assets").isEmpty());
            boolean recordSynced = awaitQuietly(() -> apisync.count("inventory-items") == 1);
            boolean feedPublished = awaitQuietly(() -> Files.exists(data.resolve("feeds/hostile.csv")));
            boolean csvRefused = awaitQuietly(() -> Files.exists(items.resolve(".error/unclosed.csv.error.json")));

            List<String> withoutReason = corpus.stream().filter(h -> setAside(h) && !Files.exists(reasonOf(h)))
                    .map(h -> h.entry().toString()).toList();
            List<String> reasonsNotSaying = new ArrayList<>();
            for (Hostile h : corpus) {
                if (Files.exists(reasonOf(h))) {
                    String reason = Json.MAPPER.readTree(reasonOf(h).toFile()).path("reason").asText();
                    if (!reason.contains(h.kind().equals("fifo") ? "named pipe" : "symbolic link")) {
                        reasonsNotSaying.add(h.entry() + ": " + reason);
                    }
                }
            }
            List<String> secretSeen = new ArrayList<>();
            String secretLine = Files.readAllLines(Path.of(SECRET_FILE)).get(0);
            for (Simulator simulator : List.of(apisync, statlas, drive, snap)) {
                for (JournalEntry e : simulator.journal().entries()) {
                    if ((e.body() != null && (e.body().contains(secretLine) || e.body().contains("passwd"))) || e.path().contains("passwd")) {
                        secretSeen.add(simulator.getClass().getSimpleName() + " " + e.method() + " " + e.path());
                    }
                }
            }
            List<JournalEntry> uploads = statlas.journal().matching("POST", "/batches/");
            List<String> uploadedNames = uploads.stream().filter(e -> e.path().endsWith("/assets"))
                    .map(e -> e.body().contains("ok.png") ? "ok.png" : "other").toList();
            List<String> victimNow;
            try (Stream<Path> files = Files.list(victim)) {
                victimNow = files.map(f -> f.getFileName().toString()).sorted().toList();
            }
            JsonNode csvReason = csvRefused ? Json.MAPPER.readTree(items.resolve(".error/unclosed.csv.error.json").toFile()) : null;
            List<Path> deadLetters = files(data.resolve("dead-letter"));
            int health = child.healthStatus();
            boolean alive = child.isAlive();
            long rss = child.peakRssMiB();

            Map<String, Integer> byKind = new TreeMap<>();
            corpus.forEach(h -> byKind.merge(h.inbox() + "/" + h.kind(), 1, Integer::sum));
            System.out.printf("HostileInboxIT: %d hostile entries (%s), set aside %d, peak RSS %d MiB, %.1fs%n", corpus.size(), byKind,
                    corpus.size() - notSetAside.size(), rss, (System.nanoTime() - began) / 1e9);
            assertAll(
                    () -> assertTrue(alive, "adrelay still runs (exit " + child.exitCode() + "); see " + child.log()),
                    () -> assertEquals(200, health, "/observe/health is UP"),
                    () -> assertEquals(List.of(), notSetAside, "hostile entries moved to .error/ beside them"),
                    () -> assertEquals(List.of(), withoutReason, "each set-aside entry has its reason file"),
                    () -> assertEquals(List.of(), reasonsNotSaying, "each reason says what the entry is"),
                    () -> assertEquals(List.of(), secretSeen, SECRET_FILE + " never reached a simulator"),
                    () -> assertEquals(List.of("victim.csv", "victim.json", "victim.png"), victimNow, "the linked directory is untouched"),
                    () -> assertFalse(Files.exists(victim.resolve(".error")), "nothing was set aside inside the linked directory"),
                    () -> assertTrue(assetUploaded, "the valid asset beside them was uploaded"),
                    () -> assertEquals(List.of("ok.png"), uploadedNames, "only the valid asset was uploaded"),
                    () -> assertTrue(recordSynced, "the valid record beside them was synced"),
                    () -> assertEquals(1, apisync.count("inventory-items"), "only the valid record was synced"),
                    () -> assertTrue(feedPublished, "the valid feed beside them was published"),
                    () -> assertTrue(csvRefused, "the CSV with an unclosed quote is in .error/"),
                    () -> assertTrue(csvReason != null && csvReason.path("reason").asText().contains("line 3")
                            && csvReason.path("reason").asText().contains("never closed"), "its reason names the line: " + csvReason),
                    () -> assertEquals(List.of(), deadLetters, "nothing was retried into a dead letter"));
        }
    }

    /** Moved, as the link or pipe itself, into .error/ beside where it was. */
    static boolean setAside(Hostile h) {
        Path moved = h.entry().resolveSibling(".error").resolve(h.entry().getFileName());
        return !Files.exists(h.entry(), LinkOption.NOFOLLOW_LINKS) && Files.exists(moved, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(moved, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(moved, LinkOption.NOFOLLOW_LINKS);
    }

    static Path reasonOf(Hostile h) {
        return h.entry().resolveSibling(".error").resolve(h.entry().getFileName() + ".error.json");
    }

    static Hostile link(String inbox, String kind, Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, target);
        return new Hostile(inbox, kind, link, target);
    }

    static Hostile fifo(String inbox, Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed");
        }
        return new Hostile(inbox, "fifo", path, null);
    }

    /** Written beside the inbox and moved in, so no consumer reads it half written. */
    static void drop(Path file, String content) throws IOException {
        Path staged = Files.writeString(file.resolveSibling("." + file.getFileName() + ".staged"), content);
        Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(condition);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            return false;
        }
    }

    static List<Path> files(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList();
        }
    }

    static String item(String reference) {
        return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"shoe\", \"available\": true,"
                + " \"content_language\": \"pt-br\", \"title\": \"Shoe\"}";
    }
}
