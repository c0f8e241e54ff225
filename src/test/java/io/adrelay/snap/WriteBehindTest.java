package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import io.adrelay.common.storage.StorageException;
import org.junit.jupiter.api.Test;

/**
 * The published feed written from a thread of its own: every byte arrives, in order, by the time flush returns;
 * the stream's failure is thrown to the validating thread as it was thrown; the thread ends with close.
 */
class WriteBehindTest {

    @Test
    void everyByteArrivesInOrderByTheTimeFlushReturns() throws Exception {
        byte[] feed = new byte[3 * WriteBehind.BLOCK + 12_345];
        new Random(3).nextBytes(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Random sizes = new Random(4);
        try (WriteBehind behind = new WriteBehind(out, "write-behind-test-order")) {
            int at = 0;
            while (at < feed.length / 2) {
                int n = Math.min(feed.length - at, sizes.nextInt(100_000));
                behind.write(feed, at, n);
                at += n;
            }
            behind.write(feed[at++]);
            behind.flush();
            assertArrayEquals(Arrays.copyOf(feed, at), out.toByteArray(), "all written so far, once flush returned");
            behind.write(feed, at, feed.length - at); // more than a block at once
        }
        assertArrayEquals(feed, out.toByteArray());
        assertFalse(running("write-behind-test-order"), "the thread ends with close");
    }

    @Test
    void theStreamsFailureIsThrownToTheWritingThreadAsItWasThrown() throws Exception {
        StorageException full = new StorageException("Cannot write feed: disk full", new IOException("No space left on device"));
        Failing out = new Failing(WriteBehind.BLOCK + 10, full);
        WriteBehind behind = new WriteBehind(out, "write-behind-test-failure");
        byte[] chunk = new byte[64 << 10];
        StorageException thrown = assertThrows(StorageException.class, () -> {
            for (int i = 0; i < 1_000; i++) {
                behind.write(chunk);
            }
            behind.flush();
        });
        assertSame(full, thrown);
        assertSame(full, assertThrows(StorageException.class, behind::close), "close throws it too");
        assertTrue(out.closed, "and closes the stream all the same");
        assertFalse(running("write-behind-test-failure"));

        Failing broken = new Failing(0, null);
        WriteBehind io = new WriteBehind(broken, "write-behind-test-io");
        io.write(1);
        assertEquals("broken pipe", assertThrows(IOException.class, io::flush).getMessage());
        assertThrows(IOException.class, io::close);
        assertThrows(IOException.class, () -> io.write(2), "nothing is written after close");
    }

    @Test
    void closesTheStreamOnItsThreadWhileTheCallerGoesOn() throws Exception {
        byte[] feed = new byte[WriteBehind.BLOCK + 5];
        new Random(8).nextBytes(feed);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        StringBuilder closedOn = new StringBuilder();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() throws IOException {
                try {
                    release.await(); // a slow fsync: held until the caller has gone on
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                closedOn.append(Thread.currentThread().getName());
                throw new IOException("fsync failed");
            }
        };
        WriteBehind behind = new WriteBehind(out, "write-behind-test-close");
        behind.write(feed);
        WriteBehind.Closing closing = behind.closeInBackground();
        assertArrayEquals(feed, out.toByteArray(), "every byte in the stream when it returns");
        assertThrows(IOException.class, () -> behind.write(1), "nothing is written after it");
        release.countDown();
        assertEquals("fsync failed", assertThrows(IOException.class, closing::await).getMessage());
        assertEquals("write-behind-test-close", closedOn.toString());
        assertFalse(running("write-behind-test-close"));
    }

    private static boolean running(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** Takes limit bytes, then fails with the given runtime exception, or an IOException when there is none. */
    private static final class Failing extends OutputStream {
        private final long limit;
        private final RuntimeException failure;
        private long taken;
        boolean closed;

        Failing(long limit, RuntimeException failure) {
            this.limit = limit;
            this.failure = failure;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (taken + len > limit) {
                if (failure != null) {
                    throw failure;
                }
                throw new IOException("broken pipe");
            }
            taken += len;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
