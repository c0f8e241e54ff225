package io.adrelay.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import io.adrelay.common.intake.RequestRejectedException;
import org.junit.jupiter.api.Test;

/**
 * A refused input (a drop's invalid records, a webhook answered 4xx/503) is thrown through Camel's deep stacks at the
 * rate bad input arrives: it carries its reason, not a stack trace, whose filling in was a large share of a refusal's
 * cost.
 */
class RefusalExceptionsTest {

    @Test
    void invalidInputKeepsItsProblemsAndHasNoStackTrace() {
        InvalidInputException invalid = new InvalidInputException("invalid campaign", List.of("name: missing", "status: unknown"));
        assertEquals("invalid campaign: name: missing; status: unknown", invalid.getMessage());
        assertEquals(List.of("name: missing", "status: unknown"), invalid.problems());
        assertEquals(0, invalid.getStackTrace().length);
    }

    @Test
    void aRefusedRequestKeepsItsStatusAndHasNoStackTrace() {
        RequestRejectedException full = new RequestRejectedException(503, "statlas intake is full").retryAfter(30);
        assertEquals(503, full.status());
        assertEquals("statlas intake is full", full.getMessage());
        assertEquals(0, full.getStackTrace().length);
    }
}
