package io.adrelay.common.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Refused webhooks, one WARN line each, at most so many a minute per status: a flood cannot fill the disk. */
class RefusedWebhookLogTest {

    Instant now = Instant.parse("2026-12-06T10:00:00Z");
    final RefusedWebhookLog log = new RefusedWebhookLog(3, new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void eachRefusalIsOneLineWithStatusReasonAndSource() {
        assertEquals(Optional.of("Webhook statlas refused with 401 (invalid token) from 203.0.113.9"),
                log.line("statlas", 401, "invalid token", "203.0.113.9"));
        // what follows a colon may quote the body: only the reason before it is logged
        assertEquals(Optional.of("Webhook apisync refused with 400 (malformed JSON) from 127.0.0.1"),
                log.line("apisync", 400, "malformed JSON: not JSON: Unrecognized token 'hunter2-in-the-body'", "127.0.0.1"));
        assertEquals(Optional.of("Webhook apisync refused with 422 (invalid records) from unknown"),
                log.line("apisync", 422, "invalid records", null));
    }

    @Test
    void aFloodIsCountedNotLoggedAndTheCountIsSaidOnceTheMinuteIsOver() {
        List<Optional<String>> lines = IntStream.range(0, 5).mapToObj(i -> log.line("statlas", 401, "invalid token", "10.0.0.1")).toList();
        assertEquals(3, lines.stream().filter(Optional::isPresent).count());
        assertTrue(log.line("statlas", 413, "body is larger than 1048576 bytes", "10.0.0.1").isPresent(), "each status has its own budget");
        assertEquals(List.of(), log.unlogged(false), "the minute is not over");

        now = now.plus(Duration.ofSeconds(61));
        assertEquals(List.of("2 more refused webhook(s) with status 401 were not logged in the minute from 2026-12-06T10:00:00Z"
                + " (at most 3 lines a minute per status)"), log.unlogged(false));
        assertEquals(List.of(), log.unlogged(false), "said once");
        assertTrue(log.line("statlas", 401, "invalid token", "10.0.0.1").isPresent(), "a new minute, new lines");
    }

    @Test
    void atStopWhatWasNotLoggedIsSaidAtOnce() {
        IntStream.range(0, 4).forEach(i -> log.line("apisync", 415, "not UTF-8", "10.0.0.2"));
        assertEquals(List.of("1 more refused webhook(s) with status 415 were not logged in the minute from 2026-12-06T10:00:00Z"
                + " (at most 3 lines a minute per status)"), log.unlogged(true));
    }
}
