package io.adrelay.common.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.storage.BoundedLruCacheFactory;

/**
 * A real file consumer, with its default in-progress repository (an LRU cache of 50,000), keeps
 * up after more than 150,000 distinct file names. On Camel 4.14.0's own LRU cache it stalls after
 * ~100,000 (one poll of 5,000 files then takes minutes); {@link BoundedLruCacheFactory} prevents it.
 * The per-round timings printed are for reading, not asserted.
 */
class FileConsumerVolumeTest {

    private static final int ROUNDS = 31;
    private static final int FILES_PER_ROUND = 5_000;

    @TempDir
    Path dir;
    private Path inbox;
    private DefaultCamelContext context;
    private final AtomicLong consumed = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        inbox = Files.createDirectories(dir.resolve("inbox"));
        context = new DefaultCamelContext();
        // a stalled poll cannot be interrupted; do not wait the default 45 s for it
        context.getShutdownStrategy().setTimeout(5);
        RouteBuilder.addRoutes(context, rb -> rb
                .from("file:" + inbox + "?delete=true&maxMessagesPerPoll=" + FILES_PER_ROUND + "&initialDelay=0&delay=10")
                .routeId("volume")
                .process(e -> consumed.incrementAndGet()));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aFileConsumerKeepsUpWithManyDistinctFileNames() throws IOException {
        long expected = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < FILES_PER_ROUND; i++) {
                drop("file-" + round + "-" + i + ".csv");
            }
            long written = System.nanoTime();
            expected += FILES_PER_ROUND;
            long target = expected;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .untilAsserted(() -> assertEquals(target, consumed.get(), "files consumed"));
            long done = System.nanoTime();
            // the consumer polls while the round is written, so most of a round is consumed by then
            System.out.printf("round %2d: %,7d names, round done in %,6d ms (%,6d ms after the last file)%n",
                    round, expected, (done - start) / 1_000_000, (done - written) / 1_000_000);
        }
        assertEquals(ROUNDS * FILES_PER_ROUND, consumed.get());
    }

    /** As files arrive in production: written hidden (the consumer skips dot files), then renamed. */
    private void drop(String name) throws IOException {
        Path hidden = Files.writeString(inbox.resolve("." + name), "id,price\n1,2\n");
        Files.move(hidden, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
