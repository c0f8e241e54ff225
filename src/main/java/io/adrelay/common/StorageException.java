package io.adrelay.common;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The data directory refused a write (disk full, quota, read-only). Not the input's fault and not
 * the API's: whatever was being done stays where it is and is tried again once there is space.
 */
public class StorageException extends UncheckedIOException {

    public StorageException(String message, IOException cause) {
        super(message + ": " + cause.getMessage(), cause);
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
