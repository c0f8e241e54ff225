package io.adrelay.snap;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the published feed through to a stream and takes its SHA-256 on the way, keeping the digest's state
 * every {@link #INTERVAL} bytes: when the feed is later changed from some offset on (late duplicates taken out,
 * see {@link LateDuplicateRemoval}), its new digest is taken from the last state before that offset, not from
 * the first byte of a file of up to 2 GiB. A state is about 100 bytes: 128 of them for 2 GiB.
 */
final class FeedDigest extends FilterOutputStream {

    static final long INTERVAL = 16 << 20;

    /** The digest of the feed's first offset bytes, ready for the bytes that follow. */
    record Checkpoint(long offset, MessageDigest state) {

        /** A copy of the state to go on from, the checkpoint itself left as it is. */
        MessageDigest resume() {
            return copy(state);
        }
    }

    private final MessageDigest sha256 = sha256();
    private final long interval;
    private final List<Checkpoint> checkpoints = new ArrayList<>();
    private long written;

    FeedDigest(OutputStream out) {
        this(out, INTERVAL);
    }

    /** As above, with the state kept every interval bytes (tests use a small one). */
    FeedDigest(OutputStream out, long interval) {
        super(out);
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
        checkpoints.add(new Checkpoint(0, copy(sha256)));
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        while (len > 0) {
            long next = (written / interval + 1) * interval;
            int n = (int) Math.min(len, next - written);
            sha256.update(b, off, n);
            written += n;
            off += n;
            len -= n;
            if (written == next) {
                checkpoints.add(new Checkpoint(written, copy(sha256)));
            }
        }
    }

    /** The digest of everything written; call it once, after the last write. */
    byte[] digest() {
        return sha256.digest();
    }

    /** The last checkpoint at or before offset. */
    Checkpoint before(long offset) {
        int i = (int) Math.min(checkpoints.size() - 1, Math.max(0, offset) / interval);
        return checkpoints.get(i);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest copy(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 of this JDK cannot be copied", e);
        }
    }
}
