package io.adrelay.common;

import java.io.IOException;
import java.nio.file.FileStore;
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

    private final Path root;
    private final long minFreeBytes;
    private final AtomicBoolean low = new AtomicBoolean();

    public DiskSpace(Path root, long minFreeBytes) {
        super("adrelay", "data-dir");
        this.root = root;
        this.minFreeBytes = minFreeBytes;
    }

    /** Bytes a write can still use; 0 when the file system cannot be asked. */
    public long usableBytes() {
        try {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            FileStore store = Files.getFileStore(existing == null ? Path.of(".") : existing);
            return store.getUsableSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    /** True while free space is below the minimum; says so once when it happens and once when it ends. */
    public boolean isLow() {
        long usable = usableBytes();
        boolean nowLow = usable < minFreeBytes;
        if (low.getAndSet(nowLow) != nowLow) {
            if (nowLow) {
                LOG.warn("Data dir {} has {} free, below adrelay.data-dir.min-free-bytes ({}): webhooks answer 503 and file drops wait",
                        root, mebibytes(usable), mebibytes(minFreeBytes));
            } else {
                LOG.info("Data dir {} has {} free again: intake resumes", root, mebibytes(usable));
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
        long usable = usableBytes();
        builder.detail("data.dir", root.toString());
        builder.detail("usable.bytes", usable);
        if (isLow()) {
            builder.down().message("only " + mebibytes(usable) + " free in " + root + ", below adrelay.data-dir.min-free-bytes ("
                    + mebibytes(minFreeBytes) + ")");
        } else {
            builder.up();
        }
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
