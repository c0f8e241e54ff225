package io.adrelay.common.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DiskSpace;

/**
 * Real file consumers, declared like any route's (in a folder outside inbox/, so the inbox sweep
 * plays no part), with {@link FileEndpointDefaults} applied: each takes regular files only; the links
 * and pipes it meets are moved (as themselves) to .error/ with a reason, the rest goes on.
 */
class RegularFilesOnlyTest {

    @TempDir
    Path dir;
    private DefaultCamelContext context;
    private final List<String> taken = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    void consume(String uri) throws Exception {
        context = new DefaultCamelContext();
        context.getShutdownStrategy().setTimeout(5);
        context.getCamelContextExtension().registerEndpointCallback(new FileEndpointDefaults(new DiskSpace(dir, 0)));
        RouteBuilder.addRoutes(context, rb -> rb.from(uri).routeId("drop")
                .process(e -> taken.add(e.getIn().getHeader(Exchange.FILE_NAME, String.class) + "=" + e.getIn().getBody(String.class))));
        context.start();
    }

    @Test
    void linksAndPipesAreSetAsideAndTheRegularFileBesideThemIsTaken() throws Exception {
        Path drops = Files.createDirectories(dir.resolve("drops"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("theirs.txt"), "not yours");
        Files.createSymbolicLink(drops.resolve("secret.txt"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(drops.resolve("zero.txt"), Path.of("/dev/zero"));
        Files.createSymbolicLink(drops.resolve("LOOP"), Path.of(".."));
        Files.createSymbolicLink(drops.resolve("EVIL"), elsewhere);
        mkfifo(drops.resolve("pipe.txt"));
        Files.createDirectories(drops.resolve("sub"));
        Files.writeString(drops.resolve("sub/ok.txt"), "fine");

        consume("file:" + drops + "?recursive=true&move=.done&initialDelay=0&delay=50");

        await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 1 && !Files.exists(drops.resolve("pipe.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("sub" + java.io.File.separator + "ok.txt=fine"), taken);
        for (String name : List.of("secret.txt", "zero.txt", "LOOP", "EVIL", "pipe.txt")) {
            Path moved = drops.resolve(".error").resolve(name);
            assertFalse(Files.exists(drops.resolve(name), LinkOption.NOFOLLOW_LINKS), name + " left the folder");
            assertTrue(Files.exists(moved, LinkOption.NOFOLLOW_LINKS), name + " is in .error/");
            JsonNode reason = Json.MAPPER.readTree(drops.resolve(".error").resolve(name + ".error.json").toFile());
            assertTrue(reason.path("reason").asText().contains(name.equals("pipe.txt") ? "named pipe" : "symbolic link"), reason.toString());
        }
        assertTrue(Files.isSymbolicLink(drops.resolve(".error/secret.txt")), "the link itself moved, not what it points to");
        assertEquals(List.of("theirs.txt"), list(elsewhere), "the linked folder is untouched");
        assertTrue(Files.exists(Path.of("/etc/passwd")));
    }

    @Test
    void aRouteFilterStillAppliesAfterThisOne() throws Exception {
        Path drops = Files.createDirectories(dir.resolve("drops"));
        Files.writeString(drops.resolve("a.txt"), "a");
        Files.writeString(drops.resolve("b.txt"), "b");
        Files.createSymbolicLink(drops.resolve("c.txt"), drops.resolve("a.txt"));

        consume("file:" + drops + "?move=.done&initialDelay=0&delay=50&filterFile=${file:onlyname} != 'b.txt'");

        await().atMost(Duration.ofSeconds(10)).until(() -> taken.size() == 1 && Files.exists(drops.resolve(".error/c.txt"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of("a.txt=a"), taken);
        assertTrue(Files.exists(drops.resolve("b.txt")), "the route's own filter left b.txt alone");
    }

    @Test
    void aFileWhoseDoneFolderIsALinkIsLeftWhereItIs() throws Exception {
        Path drops = Files.createDirectories(dir.resolve("drops"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createSymbolicLink(drops.resolve(".done"), elsewhere);
        Files.writeString(drops.resolve("a.txt"), "a");
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("b.txt"), "b");

        consume("file:" + drops + "?move=.done&initialDelay=0&delay=50");
        RouteBuilder.addRoutes(context, rb -> rb.from("file:" + other + "?move=.done&initialDelay=0&delay=50").routeId("other")
                .process(e -> taken.add(e.getIn().getHeader(Exchange.FILE_NAME, String.class))));

        // a second consumer's file taken shows the first one has polled several times meanwhile
        await().atMost(Duration.ofSeconds(10)).until(() -> taken.contains("b.txt"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> taken.equals(List.of("b.txt")));
        assertTrue(Files.exists(drops.resolve("a.txt")), "a.txt stays where it is");
        assertEquals(List.of(), list(elsewhere), "nothing went through the link");
    }

    @Test
    void aWatcherMovesNothingAndFollowsALinkOnlyWithinItsFolder() throws Exception {
        // how Kubernetes mounts a ConfigMap: the file is a link into a hidden folder beside it
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(config.resolve("..data"));
        Files.writeString(config.resolve("..data/declared.yaml"), "declared");
        Files.createSymbolicLink(config.resolve("declared.yaml"), Path.of("..data/declared.yaml"));
        Files.createSymbolicLink(config.resolve("secret.yaml"), Path.of("/etc/passwd"));

        consume("file:" + config + "?noop=true&initialDelay=0&delay=50");

        await().atMost(Duration.ofSeconds(10)).until(() -> taken.contains("declared.yaml=declared"));
        assertEquals(List.of("declared.yaml=declared"), taken);
        assertTrue(Files.isSymbolicLink(config.resolve("secret.yaml")), "a watcher moves nothing");
        assertFalse(Files.exists(config.resolve(".error")));
    }

    static void mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo " + path);
    }

    static List<String> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
