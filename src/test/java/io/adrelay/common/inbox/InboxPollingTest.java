package io.adrelay.common.inbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.MarkerFileExclusiveReadLockStrategy;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.StorageException;

/**
 * Real file consumers with {@link FileEndpointDefaults} applied, polling every minute: a backlog is taken batch
 * after batch without waiting the delay between them; a batch whose files stayed where they were (the disk
 * refused their .error/ reason) is not taken again before the delay; refused files leave the inbox, each beside
 * its reason, once their folders are fsync'd.
 */
class InboxPollingTest {

    private static final String EVERY_MINUTE = "&initialDelay=0&delay=60000&maxMessagesPerPoll=5";

    @TempDir
    Path dir;
    private DefaultCamelContext context;
    private final AtomicInteger attempts = new AtomicInteger();
    /** Where FileErrorReason writes the reasons and moves: the shared writers unless a test holds them. */
    private InboxWriters writers = InboxWriters.shared();

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    @Test
    void aBacklogIsTakenBatchAfterBatchWithoutWaitingTheDelay() throws Exception {
        Path inbox = drops(12);
        consume("file:" + inbox + "?move=.done" + EVERY_MINUTE, () -> { });
        // 5 + 5 + 2: the consumer's minute between polls would hold back all but the first five
        await().atMost(Duration.ofSeconds(20)).until(() -> names(inbox.resolve(".done")).size() == 12);
        assertEquals(12, attempts.get());
    }

    /**
     * A listed file can be gone when its turn comes (an exchange completing after the listing moved it), or be held
     * (another node's lock): it cannot begin. The next poll still follows at once; with one such file in the first
     * batch, the rest of a backlog waited the delay.
     */
    @Test
    void aBatchWithAFileThatCannotBeginIsFollowedAtOnce() throws Exception {
        Path inbox = drops(12);
        AtomicBoolean refusedOnce = new AtomicBoolean();
        consume("file:" + inbox + "?move=.done&exclusiveReadLockStrategy=#refuseFirst" + EVERY_MINUTE, () -> { },
                new MarkerFileExclusiveReadLockStrategy() {
                    @Override
                    public boolean acquireExclusiveReadLock(GenericFileOperations<File> operations, GenericFile<File> file,
                            Exchange exchange) {
                        return refusedOnce.getAndSet(true);
                    }
                });
        await().atMost(Duration.ofSeconds(20)).until(() -> names(inbox.resolve(".done")).size() == 12);
        assertTrue(refusedOnce.get());
    }

    @Test
    void aBatchLeftWhereItWasWaitsTheDelayInsteadOfBeingTakenAgainAtOnce() throws Exception {
        Path inbox = drops(5);
        consume("file:" + inbox + "?move=.done" + EVERY_MINUTE, () -> {
            throw new StorageException("Cannot write the reason", new IOException("No space left on device"));
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts.get() >= 5);
        // a full batch, but every file stayed: no second poll within the minute
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 5);
        assertEquals(5, names(inbox).size());
    }

    @Test
    void refusedFilesLeaveTheInboxEachBesideItsReason() throws Exception {
        Path inbox = drops(12);
        consume("file:" + inbox + "?move=.done" + EVERY_MINUTE, () -> {
            throw new InvalidInputException("not a record");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> names(inbox.resolve(".error")).size() == 24);
        assertEquals(List.of(), names(inbox));
        for (int i = 0; i < 12; i++) {
            String reason = Files.readString(inbox.resolve(".error/drop-" + i + ".json.error.json"));
            assertTrue(reason.contains("not a record"), reason);
        }
    }

    @Test
    void theConsumerTakesTheNextFilesWhileTheReasonsOfTheFirstAreWrittenAndNoFileTwice() throws Exception {
        // the writers hold every reason and move until released: a consumer that waited for each file's own would
        // take one file and stop there
        List<Runnable> held = new CopyOnWriteArrayList<>();
        writers = new InboxWriters(held::add);
        Path inbox = drops(12);
        consume("file:" + inbox + "?move=.done" + EVERY_MINUTE, () -> {
            throw new InvalidInputException("not a record");
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> held.size() == 12);
        // the files in flight stay in the inbox, and the polls after a full batch take none of them again
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> attempts.get() == 12);
        assertEquals(12, names(inbox).size());
        assertEquals(List.of(), names(inbox.resolve(".error")));
        held.forEach(Runnable::run);
        await().atMost(Duration.ofSeconds(20)).until(() -> names(inbox.resolve(".error")).size() == 24);
        assertEquals(List.of(), names(inbox));
        assertEquals(12, attempts.get());
    }

    private Path drops(int count) throws IOException {
        Path inbox = Files.createDirectories(dir.resolve("drops"));
        for (int i = 0; i < count; i++) {
            Files.writeString(inbox.resolve("drop-" + i + ".json"), "{}");
        }
        return inbox;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void consume(String uri, Step step) throws Exception {
        consume(uri, step, null);
    }

    private void consume(String uri, Step step, GenericFileExclusiveReadLockStrategy<File> readLock) throws Exception {
        context = new DefaultCamelContext();
        if (readLock != null) {
            context.getRegistry().bind("refuseFirst", readLock);
        }
        context.getShutdownStrategy().setTimeout(5);
        context.getCamelContextExtension().registerEndpointCallback(new FileEndpointDefaults(new DiskSpace(dir, 0)));
        RouteBuilder.addRoutes(context, rb -> {
            // as the file-drop route configuration does: not handled, the file is set aside (or left) by FileErrorReason
            rb.onException(Exception.class).handled(false).logExhausted(false).logStackTrace(false).process(new FileErrorReason(() -> null, writers));
            rb.from(uri).routeId("drop").process(e -> {
                attempts.incrementAndGet();
                step.run();
            });
        });
        context.start();
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
