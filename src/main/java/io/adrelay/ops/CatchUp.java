package io.adrelay.ops;

import java.util.Map;

/**
 * One catch-up run a flow asks for at start: the job, its parameters as the run records them, and the headers its
 * route reads (the body of {@link CatchUpRuns#begin}).
 */
public record CatchUp(String job, Map<String, Object> parameters, Map<String, Object> headers) {

    public CatchUp {
        parameters = Map.copyOf(parameters);
        headers = Map.copyOf(headers);
    }
}
