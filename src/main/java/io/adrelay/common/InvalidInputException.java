package io.adrelay.common;

import java.util.List;

/** Input that can never succeed as it is (bad file, bad record, bad report): final, with every problem found. */
public class InvalidInputException extends RuntimeException {

    private final List<String> problems;

    public InvalidInputException(String message, List<String> problems) {
        super(problems.isEmpty() ? message : message + ": " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidInputException(String message) {
        this(message, List.of());
    }

    public List<String> problems() {
        return problems;
    }
}
