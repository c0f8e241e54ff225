package io.adrelay.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.support.DefaultPollingConsumerPollStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Free space on the data directory's file system, checked before the disk is full
 * ({@code adrelay.data-dir.min-free-bytes}): below it, health is DOWN, webhooks answer 503 with
 * Retry-After, and file consumers stop polling (drops wait where they are) until space returns.
 */
public class DiskSpace extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(DiskSpace.class);

    /** The bytes a write can use on the file system holding a path. */
    @FunctionalInterface
    public interface UsableSpace {
        long of(Path path) throws IOException;
    }

    private final Path root;
    private final long minFreeBytes;
    private final UsableSpace usableSpace;
    private final AtomicBoolean low = new AtomicBoolean();
    private final AtomicBoolean unknown = new AtomicBoolean();

    public DiskSpace(Path root, long minFreeBytes) {
        this(root, minFreeBytes, path -> Files.getFileStore(path).getUsableSpace());
    }

    public DiskSpace(Path root, long minFreeBytes, UsableSpace usableSpace) {
        super("adrelay", "data-dir");
        this.root = root;
        this.minFreeBytes = minFreeBytes;
        this.usableSpace = usableSpace;
    }

    /** Free space as the file system tells it, or why it could not be asked. */
    private record Reading(long usable, String failure) {
        boolean known() {
            return failure == null;
        }
    }

    /**
     * Bytes a write can still use. The file system cannot always be asked: out of file descriptors
     * (EMFILE) the JDK cannot read the mount table; that is said as such, never taken for 0 bytes free.
     */
    private Reading read() {
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return new Reading(usableSpace.of(existing == null ? Path.of(".") : existing), null);
        } catch (IOException e) {
            return new Reading(-1, e.getMessage());
        }
    }

    /**
     * True while free space is below the minimum; says once when that starts and once when it ends. While free
     * space cannot be checked, the last answer stands (nothing is refused or resumed on a guess); that is logged
     * once, and health says it.
     */
    public boolean isLow() {
        return isLow(read());
    }

    private boolean isLow(Reading reading) {
        if (!reading.known()) {
            if (!unknown.getAndSet(true)) {
                LOG.warn("Could not check the free space of data dir {}: {}", root, reading.failure());
            }
            return low.get();
        }
        unknown.set(false);
        boolean nowLow = reading.usable() < minFreeBytes;
        if (low.getAndSet(nowLow) != nowLow) {
            if (nowLow) {
                LOG.warn("Data dir {} has {} free, below adrelay.data-dir.min-free-bytes ({}): webhooks answer 503 and file drops wait",
                        root, mebibytes(reading.usable()), mebibytes(minFreeBytes));
            } else {
                LOG.info("Data dir {} has {} free again: intake resumes", root, mebibytes(reading.usable()));
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
            throw new StorageException("the data dir is short of space", new IOException("below adrelay.data-dir.min-free-bytes; calls wait"));
        }
    }

    /** Poll strategy of every file consumer: no poll while space is low, so a drop waits rather than fails. */
    public DefaultPollingConsumerPollStrategy pollGate() {
        return new DefaultPollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                return !isLow();
            }
        };
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Reading reading = read();
        builder.detail("data.dir", root.toString());
        if (!reading.known()) {
            isLow(reading);
            builder.unknown().message("could not check the free space of " + root + ": " + reading.failure());
            return;
        }
        builder.detail("usable.bytes", reading.usable());
        if (isLow(reading)) {
            builder.down().message("only " + mebibytes(reading.usable()) + " free in " + root + ", below adrelay.data-dir.min-free-bytes ("
                    + mebibytes(minFreeBytes) + ")");
        } else {
            builder.up();
        }
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
