package io.adrelay.snap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The published feed's SHA-256 taken as it is written, and the states kept on the way: each one is the digest
 * of exactly the bytes before its offset, so going on from it gives the digest of the whole.
 */
class FeedDigestTest {

    @Test
    void passesTheBytesOnAndDigestsThemWhateverTheWritesSizes() throws Exception {
        byte[] feed = new byte[100_000];
        new Random(5).nextBytes(feed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FeedDigest digest = new FeedDigest(out, 1000);
        Random sizes = new Random(6);
        for (int at = 0; at < feed.length; ) {
            int n = Math.min(feed.length - at, sizes.nextInt(3000));
            if (n == 1) {
                digest.write(feed[at]);
            } else {
                digest.write(feed, at, n);
            }
            at += n;
        }
        digest.close();

        assertArrayEquals(feed, out.toByteArray());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(feed), digest.digest());
    }

    @Test
    void aCheckpointGoesOnToTheDigestOfTheWhole() throws Exception {
        byte[] feed = new byte[10_500];
        new Random(7).nextBytes(feed);
        FeedDigest digest = new FeedDigest(new ByteArrayOutputStream(), 1000);
        digest.write(feed, 0, 2_345);
        digest.write(feed, 2_345, feed.length - 2_345);
        byte[] whole = MessageDigest.getInstance("SHA-256").digest(feed);

        for (long offset : new long[] {0, 999, 1000, 4_321, 10_000, 10_499, 10_500, 99_999}) {
            FeedDigest.Checkpoint checkpoint = digest.before(offset);
            assertEquals(Math.min(offset, 10_000) / 1000 * 1000, checkpoint.offset(), "the last checkpoint at or before " + offset);
            MessageDigest resumed = checkpoint.resume();
            resumed.update(feed, (int) checkpoint.offset(), feed.length - (int) checkpoint.offset());
            assertArrayEquals(whole, resumed.digest(), "from " + checkpoint.offset());
        }
        // a checkpoint is not used up by going on from it
        MessageDigest again = digest.before(4_321).resume();
        again.update(feed, 4_000, feed.length - 4_000);
        assertArrayEquals(whole, again.digest());
        assertArrayEquals(whole, digest.digest());
    }

    @Test
    void refusesAnIntervalBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> new FeedDigest(new ByteArrayOutputStream(), 0));
    }
}
