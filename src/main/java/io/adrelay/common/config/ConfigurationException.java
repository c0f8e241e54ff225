package io.adrelay.common.config;

import java.util.List;

/**
 * A configuration adrelay cannot run with: every problem found, one line each, so an operator
 * fixes them all in one go. At start it ends the process with exit code 2 and no stack trace; at
 * run time (a credentials file that vanished, say) it is final, never retried.
 */
public class ConfigurationException extends RuntimeException {

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigurationException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        // the lines are the whole story
        return this;
    }
}
