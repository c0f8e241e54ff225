package io.adrelay.common;

import java.util.List;

/**
 * Input that can never succeed as it is (bad file, bad record, bad report): final, with every problem found. Without a
 * stack trace: it says what is wrong with the input, not where adrelay was (filling in the trace through Camel's
 * frames was a large share of what a refused drop cost).
 */
public class InvalidInputException extends RuntimeException {

    private final List<String> problems;

    public InvalidInputException(String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ": " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String message) {
        this(message, List.of());
    }

    public List<String> problems() {
        return problems;
    }
}
