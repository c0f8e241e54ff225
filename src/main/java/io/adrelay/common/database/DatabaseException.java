package io.adrelay.common.database;

import io.adrelay.common.config.SecretMasker;

/** The database cannot be used: a message an operator acts on, masked, without the chain of causes. */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message) {
        super(SecretMasker.mask(message));
    }

    /** The innermost message of a failure: the driver's own words ("Connection refused", "password authentication failed"). */
    static String reason(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String message = innermost.getMessage() == null ? innermost.getClass().getSimpleName() : innermost.getMessage();
        return SecretMasker.mask(message.lines().findFirst().orElse(message));
    }
}
