package io.adrelay.common;

/** Startup refused: a setting an enabled flow needs is missing. Its message names the variable. */
public class MissingSettingException extends RuntimeException {

    public MissingSettingException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // one line is the whole story
        return this;
    }
}
