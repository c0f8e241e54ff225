package io.adrelay.common.storage;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.intake.RequestRejectedException;

/**
 * Free space on the data directory's file system, checked before the disk is full
 * ({@code adrelay.data-dir.min-free-bytes}): below it, health is DOWN, webhooks answer 503 with
 * Retry-After, and file consumers stop polling (drops wait where they are) until space returns.
 * A write that fails for lack of space (with the minimum at 0 too, or a disk filling faster than
 * the check) has the same effect until a write succeeds again: a small probe write, at most once a
 * second, tells when, if no other write does first.
 */
public class DiskSpace extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);
    /** Every data dir watched in this JVM (tests run several), told of the writes under it by {@link DataDirectory}. */
    private static final List<WeakReference<DiskSpace>> WATCHED = new CopyOnWriteArrayList<>();
    /** How many of them have a failed write outstanding: while none has, a successful write costs nothing here. */
    private static final AtomicInteger FAILING = new AtomicInteger();
    private static final long PROBE_PERIOD_MS = 1000;
    private static final int PROBE_BYTES = 4096;

    /** The bytes a write can use on the file system holding a path. */
    @FunctionalInterface
    public interface UsableSpace {
        long of(Path path) throws IOException;
    }

    /**
     * The usable space of the file store holding a path, the store looked up once per path: finding it reads the
     * whole mount table, and the check runs for every webhook. Asking the store for its space is one statfs.
     */
    static final class StoreSpace implements UsableSpace {
        /** Finds the file store of a path: Files::getFileStore, reading the mount table. */
        interface Lookup {
            FileStore of(Path path) throws IOException;
        }

        private final Lookup lookup;
        private volatile Map.Entry<Path, FileStore> known;

        StoreSpace() {
            this(Files::getFileStore);
        }

        StoreSpace(Lookup lookup) {
            this.lookup = lookup;
        }

        @Override
        public long of(Path path) throws IOException {
            Map.Entry<Path, FileStore> store = known;
            if (store == null || !store.getKey().equals(path)) {
                store = Map.entry(path, lookup.of(path));
                known = store;
            }
            return store.getValue().getUsableSpace();
        }
    }

    private final Path root;
    private final long minFreeBytes;
    private final UsableSpace usableSpace;
    private final AtomicBoolean low = new AtomicBoolean();
    /** The last known answer to "below the minimum?", which stands while free space cannot be checked. */
    private final AtomicBoolean belowMinimum = new AtomicBoolean();
    private final AtomicBoolean unknown = new AtomicBoolean();
    /** Why the last write under the data dir failed for lack of space; null while writes succeed. */
    private final AtomicReference<String> writeFailure = new AtomicReference<>();
    private volatile long lastProbe;

    public DiskSpace(Path root, long minFreeBytes) {
        this(root, minFreeBytes, new StoreSpace());
    }

    public DiskSpace(Path root, long minFreeBytes, UsableSpace usableSpace) {
        super("adrelay", "data-dir");
        this.root = root.toAbsolutePath().normalize();
        this.minFreeBytes = minFreeBytes;
        this.usableSpace = usableSpace;
        WATCHED.removeIf(ref -> ref.get() == null);
        WATCHED.add(new WeakReference<>(this));
    }

    /** A write under some data dir failed: when for lack of space, that data dir is short of space until a write succeeds. */
    public static void writeFailed(Path file, IOException failure) {
        String reason = lackOfSpace(failure);
        if (reason == null) {
            return;
        }
        for (DiskSpace disk : watching(file)) {
            // the first probe a second after the failure, not at once: a probe is smaller than most writes
            disk.lastProbe = System.currentTimeMillis();
            if (disk.writeFailure.getAndSet(reason) == null) {
                FAILING.incrementAndGet();
                LOG.warn("A write to {} failed for lack of space ({}): health is DOWN, webhooks answer 503, drops and calls wait until a write "
                        + "succeeds again", disk.root, reason);
            }
        }
    }

    /** A write under some data dir succeeded. */
    public static void writeSucceeded(Path file) {
        if (FAILING.get() == 0) {
            return;
        }
        watching(file).forEach(DiskSpace::writesSucceedAgain);
    }

    private static List<DiskSpace> watching(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        List<DiskSpace> found = new ArrayList<>(1);
        for (WeakReference<DiskSpace> ref : WATCHED) {
            DiskSpace disk = ref.get();
            if (disk != null && absolute.startsWith(disk.root)) {
                found.add(disk);
            }
        }
        return found;
    }

    /** The system's words for a full disk or quota anywhere in the failure, or null when it is another failure. */
    static String lackOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("No space left on device") || message.contains("Disk quota exceeded")) {
                return t.getMessage();
            }
        }
        return null;
    }

    private void writesSucceedAgain() {
        if (writeFailure.getAndSet(null) != null) {
            FAILING.decrementAndGet();
            LOG.info("Writes to {} succeed again: intake resumes", root);
        }
    }

    /** While a write has failed: a small write of our own, at most once a second, to learn whether writes succeed again. */
    private boolean writesFailing() {
        if (writeFailure.get() == null) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (now - lastProbe < PROBE_PERIOD_MS) {
            return true;
        }
        lastProbe = now;
        // a hidden .tmp name: removed at start should a crash leave it
        Path probe = root.resolve(".adrelay-write-probe-" + Thread.currentThread().getId() + ".tmp");
        try {
            try (FileChannel out = FileChannel.open(probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.allocate(PROBE_BYTES);
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            writesSucceedAgain();
            return false;
        } catch (IOException stillFailing) {
            return writeFailure.get() != null;
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException ignored) {
                // removed at the next start
            }
        }
    }

    /** Free space as the file system tells it, or why it could not be asked. */
    private record Reading(long usable, String failure) {
        boolean known() {
            return failure == null;
        }

        String free() {
            return known() ? mebibytes(usable) : "an unknown amount";
        }
    }

    /**
     * Bytes a write can still use. The file system cannot always be asked: out of file descriptors
     * (EMFILE) the JDK cannot read the mount table; that is said as such, never taken for 0 bytes free.
     */
    private Reading read() {
        try {
            try {
                return new Reading(usableSpace.of(root), null);
            } catch (NoSuchFileException notYet) {
                // the data dir is made later: the file system it will be on
                Path existing = root.getParent();
                while (existing != null && !Files.exists(existing)) {
                    existing = existing.getParent();
                }
                return new Reading(usableSpace.of(existing == null ? Path.of(".") : existing), null);
            }
        } catch (IOException e) {
            return new Reading(-1, e.getMessage());
        }
    }

    /**
     * True while free space is below the minimum, or since a write failed for lack of space until one
     * succeeds again; says so once when it happens and once when it ends. While free space cannot be
     * checked, the last answer about it stands (nothing is refused or resumed on a guess); that is
     * logged once, and health says it.
     */
    public boolean isLow() {
        return isLow(read());
    }

    private boolean isLow(Reading reading) {
        if (reading.known()) {
            unknown.set(false);
            belowMinimum.set(reading.usable() < minFreeBytes);
        } else if (!unknown.getAndSet(true)) {
            LOG.warn("Could not check the free space of data dir {}: {}", root, reading.failure());
        }
        boolean short_ = belowMinimum.get();
        boolean nowLow = short_ || writesFailing();
        if (low.getAndSet(nowLow) != nowLow && (short_ || !nowLow)) {
            if (nowLow) {
                LOG.warn("Data dir {} has {} free, below adrelay.data-dir.min-free-bytes ({}): webhooks answer 503 and file drops wait",
                        root, reading.free(), mebibytes(minFreeBytes));
            } else {
                LOG.info("Data dir {} has {} free again: intake resumes", root, reading.free());
            }
        }
        return nowLow;
    }

    /** A webhook is refused before anything is stored when the disk is nearly full. */
    public void requireSpace() {
        if (isLow()) {
            throw new RequestRejectedException(503, "adrelay's disk is nearly full; nothing was stored, retry later")
                    .retryAfter(30);
        }
    }

    /**
     * Before an outbound call: an effect is only made while its outcome can be recorded, or a
     * restart would not know it happened and could make it again.
     */
    public void requireRoomToRecord() {
        if (isLow()) {
            throw new StorageException("the data dir is short of space", new IOException("below adrelay.data-dir.min-free-bytes, or a write failed for lack of space; calls wait"));
        }
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Reading reading = read();
        builder.detail("data.dir", root.toString());
        boolean isLow = isLow(reading);
        if (!reading.known()) {
            builder.unknown().message("could not check the free space of " + root + ": " + reading.failure()
                    + (isLow ? "; as last checked, the data dir is short of space" : ""));
            return;
        }
        long usable = reading.usable();
        builder.detail("usable.bytes", usable);
        if (isLow) {
            String failure = writeFailure.get();
            builder.down().message(failure != null && usable >= minFreeBytes
                    ? "a write to " + root + " failed for lack of space (" + failure + "); waiting until writes succeed again"
                    : "only " + mebibytes(usable) + " free in " + root + ", below adrelay.data-dir.min-free-bytes ("
                    + mebibytes(minFreeBytes) + ")");
        } else {
            builder.up();
        }
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
