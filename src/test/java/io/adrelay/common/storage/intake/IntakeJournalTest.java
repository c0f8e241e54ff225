package io.adrelay.common.storage.intake;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The intake journal on a real directory: what a restart reads back, a record torn by a crash cut at the restart,
 * segments deleted and compacted, and concurrent adds sharing fsyncs (the fsyncs are counted by the journal itself).
 */
class IntakeJournalTest {

    @TempDir
    Path dir;

    @Test
    void aRestartReadsBackThePendingRequestsAsAddedAndNotTheRetiredOnes() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{\"n\":1}"));
        journal.add("03-c", bytes("{\"n\":3}"));
        journal.add("02-b", bytes("{\"n\":2}"));
        journal.add("04-d", new byte[0]);
        assertTrue(journal.done("01-a"));
        assertTrue(journal.setAside("02-b"));
        assertFalse(journal.done("01-a"), "done once");
        journal.close();

        IntakeJournal after = IntakeJournal.open(dir, 1 << 20);
        assertEquals(List.of("03-c", "04-d"), after.ids());
        assertArrayEquals(bytes("{\"n\":3}"), after.read("03-c"));
        assertArrayEquals(new byte[0], after.read("04-d"));
        assertThrows(IOException.class, () -> after.read("01-a"));
        assertEquals(List.of("03-c"), after.oldest(1));
        assertEquals(List.of("03-c", "04-d"), IntakeJournal.pendingIn(dir), "read the same without opening it");
    }

    @Test
    void theSameIdAgainReplacesTheRequest() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("first"));
        journal.add("01-a", bytes("second"));
        assertEquals(1, journal.size());
        assertArrayEquals(bytes("second"), IntakeJournal.open(dir, 1 << 20).read("01-a"));
    }

    /** A crash after a record's write and before its fsync returned: the record was never acknowledged. */
    @Test
    void aRecordCutShortByACrashIsCutAtTheRestartAndWhatFollowsIsKept() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{\"n\":1}"));
        journal.add("02-b", bytes("{\"n\":2}"));
        Path segment = onlySegment();
        long whole = Files.size(segment);
        journal.add("03-c", bytes("{\"n\":3, \"padding\": \"" + "x".repeat(100) + "\"}"));
        journal.close();
        truncate(segment, whole + 40);

        IntakeJournal after = IntakeJournal.open(dir, 1 << 20);
        assertEquals(List.of("01-a", "02-b"), after.ids());
        assertEquals(whole, Files.size(segment), "cut where the torn record began");
        after.add("04-d", bytes("{\"n\":4}"));
        after.close();
        assertEquals(List.of("01-a", "02-b", "04-d"), IntakeJournal.open(dir, 1 << 20).ids());
    }

    @Test
    void aRecordFailingItsChecksumEndsItsSegment() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{\"n\":1}"));
        Path segment = onlySegment();
        long whole = Files.size(segment);
        journal.add("02-b", bytes("{\"n\":2}"));
        journal.close();
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes("9")), Files.size(segment) - 2);
        }

        assertEquals(List.of("01-a"), IntakeJournal.open(dir, 1 << 20).ids());
        assertEquals(whole, Files.size(segment));
    }

    @Test
    void zerosAfterTheLastRecordAreCut() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{\"n\":1}"));
        journal.close();
        Path segment = onlySegment();
        long whole = Files.size(segment);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(4096), whole);
        }
        assertEquals(List.of("01-a"), IntakeJournal.open(dir, 1 << 20).ids());
        assertEquals(whole, Files.size(segment));
    }

    @Test
    void segmentsWhoseRequestsAreAllRetiredAreDeleted() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1024);
        for (int i = 0; i < 100; i++) {
            journal.add(id(i), new byte[100]);
            journal.done(id(i));
        }
        assertTrue(segments().size() <= 2, "segments left: " + segments());
        assertEquals(List.of(), IntakeJournal.open(dir, 1024).ids());
    }

    /** One request never processed does not hold every segment after it on disk. */
    @Test
    void theFewPendingRequestsOfAnOldSegmentAreCopiedForwardSoItCanGo() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 2048);
        journal.add("00-stuck", bytes("{\"stuck\":true}"));
        for (int i = 0; i < 300; i++) {
            journal.add(id(i), new byte[100]);
            journal.done(id(i));
        }
        assertTrue(segments().size() <= 3, "segments left: " + segments());
        assertArrayEquals(bytes("{\"stuck\":true}"), journal.read("00-stuck"));
        journal.close();

        IntakeJournal after = IntakeJournal.open(dir, 2048);
        assertEquals(List.of("00-stuck"), after.ids());
        assertArrayEquals(bytes("{\"stuck\":true}"), after.read("00-stuck"));
    }

    /**
     * The first fsync is held (as a slow disk would) until every adder has written its first record: that one fsync
     * covers them all, and each add returns only once an fsync that began after its write has returned.
     */
    @Test
    void addsArrivingWhileAnFsyncRunsShareTheNextOne() throws Exception {
        int threads = 16;
        int each = 25;
        AtomicBoolean first = new AtomicBoolean(true);
        AtomicReference<IntakeJournal> opened = new AtomicReference<>();
        IntakeJournal journal = IntakeJournal.open(dir, 32L << 20, () -> {
            if (first.getAndSet(false)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> opened.get().records() >= threads);
            }
        });
        opened.set(journal);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> adders = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                adders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < each; i++) {
                        journal.add(id(thread * 1000 + i), bytes("{\"thread\":" + thread + ",\"n\":" + i + "}"));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> adder : adders) {
                adder.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int requests = threads * each;
        assertEquals(requests, journal.size());
        assertTrue(journal.fsyncs() <= requests - threads + 1, journal.fsyncs() + " fsyncs for " + requests + " requests");
        IntakeJournal after = IntakeJournal.open(dir, 32L << 20);
        assertEquals(requests, after.size());
        assertArrayEquals(bytes("{\"thread\":7,\"n\":24}"), after.read(id(7024)));
    }

    /** Sixteen adds at once, the fsync held until all are written: one fsync for the sixteen. */
    @Test
    void oneFsyncCoversEveryAddWrittenBeforeItBegan() throws Exception {
        int threads = 16;
        AtomicReference<IntakeJournal> opened = new AtomicReference<>();
        IntakeJournal journal = IntakeJournal.open(dir, 32L << 20,
                () -> await().atMost(Duration.ofSeconds(30)).until(() -> opened.get().records() >= threads));
        opened.set(journal);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> adders = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String id = id(t);
                adders.add(pool.submit(() -> journal.add(id, bytes("{}"))));
            }
            for (Future<?> adder : adders) {
                adder.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads, journal.size());
        assertEquals(1, journal.fsyncs());
    }

    @Test
    void aLoneAddIsFsyncdBeforeItReturns() {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{}"));
        assertEquals(1, journal.fsyncs());
        journal.add("02-b", bytes("{}"));
        assertEquals(2, journal.fsyncs());
    }

    static String id(int n) {
        return String.format("01-%08d", n);
    }

    Path onlySegment() {
        List<Path> segments = segments();
        assertEquals(1, segments.size(), segments.toString());
        return segments.get(0);
    }

    List<Path> segments() {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(IntakeJournal.SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads share one channel per segment: the router read each request twice (to route it, to retire it), and opening
     * the segment for each read was two opens and closes per webhook. A reader interrupted mid-read closes the shared
     * channel; the next read opens it again.
     */
    @Test
    void readsShareOneChannelAndAnInterruptedReaderDoesNotBreakTheNext() throws Exception {
        IntakeJournal journal = IntakeJournal.open(dir, 1 << 20);
        journal.add("01-a", bytes("{\"n\":1}"));
        long before = openOnSegments();
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(bytes("{\"n\":1}"), journal.read("01-a"));
        }
        assertEquals(before + 1, openOnSegments(), "one channel kept open for the reads");

        Thread.currentThread().interrupt();
        try {
            assertThrows(java.nio.channels.ClosedByInterruptException.class, () -> journal.read("01-a"));
        } finally {
            Thread.interrupted();
        }
        assertArrayEquals(bytes("{\"n\":1}"), journal.read("01-a"), "opened again");
        journal.close();
    }

    /** Descriptors this JVM holds open on the journal's segment files. */
    private long openOnSegments() throws IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir);
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
