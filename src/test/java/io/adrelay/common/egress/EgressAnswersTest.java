package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Per API, the 429s it answered and its last success, as the console's flows page shows them. */
class EgressAnswersTest {

    static final Instant NOON = Instant.parse("2026-12-06T12:00:00Z");

    final EgressAnswers answers = new EgressAnswers(Clock.fixed(NOON, ZoneOffset.UTC));

    @Test
    void countsTooManyRequestsAndKeepsTheLastSuccessPerApi() {
        assertTrue(answers.seen("bsa").isEmpty(), "nothing answered yet");
        answers.answered("bsa", 429);
        answers.answered("bsa", 429);
        answers.answered("bsa", 200);
        answers.answered("statlas", 500);

        EgressAnswers.Seen bsa = answers.seen("bsa").orElseThrow();
        assertEquals(2, bsa.tooManyRequests());
        assertEquals(NOON, bsa.lastSuccess());
        assertEquals(200, bsa.lastStatus());

        EgressAnswers.Seen statlas = answers.seen("statlas").orElseThrow();
        assertEquals(0, statlas.tooManyRequests(), "a 500 is no 429");
        assertNull(statlas.lastSuccess(), "nor a success");
        assertEquals(500, statlas.lastStatus());
    }
}
