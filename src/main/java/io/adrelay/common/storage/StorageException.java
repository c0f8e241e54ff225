package io.adrelay.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;

/**
 * The data directory refused a write (disk full, quota, read-only), or in the cluster profile the database could
 * not be reached or refused a statement. Not the input's fault and not
 * the API's: whatever was being done stays where it is and is tried again once there is space.
 */
public class StorageException extends UncheckedIOException {

    private static final AtomicLong LAST_WARNING = new AtomicLong();

    public StorageException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The cluster profile's database refused or could not be reached: like a full disk, it is waited out. */
    public StorageException(String message, SQLException cause) {
        this(message, new IOException(cause.getMessage(), cause));
    }

    /**
     * Says that something waits for disk space: a WARN at most once a minute (the disk stays full for
     * a while, and everything that waits says so every poll), DEBUG in between.
     */
    public static void logWait(Logger log, String what, Throwable failure) {
        long now = System.currentTimeMillis();
        long last = LAST_WARNING.get();
        if (now - last >= 60_000 && LAST_WARNING.compareAndSet(last, now)) {
            log.warn("{} waits for disk space: {}", what, failure.getMessage());
        } else {
            log.debug("{} waits for disk space: {}", what, failure.getMessage());
        }
    }

    /** The StorageException in a failure's cause chain, or null. */
    public static StorageException in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageException storage) {
                return storage;
            }
        }
        return null;
    }
}
