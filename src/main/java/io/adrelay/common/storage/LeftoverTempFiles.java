package io.adrelay.common.storage;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the temp files a crash left in the data dir, beside the start rather than before it: the sweep walks the
 * whole dir, and with 100,000 stored requests waiting that walk alone held readiness back for seconds. Nothing waits
 * for it: a temp file has a hidden name no store, inbox or consumer reads, and only one written before this JVM
 * started is removed (a write going on meanwhile keeps its own). A stop waits for the sweep to end.
 */
public final class LeftoverTempFiles extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverTempFiles.class);

    private final DataDirectory data;
    private final Instant before;
    private Thread sweep;

    /** Sweeps {@code data} for temp files last written before {@code before} (the JVM's start). */
    public LeftoverTempFiles(DataDirectory data, Instant before) {
        this.data = data;
        this.before = before;
    }

    /**
     * Sweeps {@code data} for temp files last written before this JVM started, by the JVM's own clock reading at its
     * start. The process start the kernel reports ({@code ProcessHandle}) is counted from a boot time in whole seconds:
     * on a box measured here it came 0.6 s early, and a crashed run's last temp file, written just before a kill and a
     * quick restart, was kept.
     */
    public static LeftoverTempFiles ofThisJvm(DataDirectory data) {
        return new LeftoverTempFiles(data, Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    @Override
    protected void doStart() {
        sweep = new Thread(this::removeAll, "adrelay-leftover-temp-files");
        sweep.setDaemon(true);
        sweep.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (sweep != null) {
            // it only deletes files: bounded by the walk of the dir, never by an outside call
            sweep.join(TimeUnit.SECONDS.toMillis(30));
            sweep = null;
        }
    }

    private void removeAll() {
        try {
            int removed = data.removeLeftoverTempFiles(before);
            if (removed > 0) {
                LOG.info("Removed {} temp file(s) of writes interrupted by the last stop", removed);
            }
        } catch (StorageException e) {
            LOG.warn("{}: {}", e.getMessage(), e.getCause() == null ? "" : e.getCause().toString());
        }
    }
}
