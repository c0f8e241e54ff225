package io.adrelay.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import io.adrelay.common.intake.RequestRejectedException;

/** The body of POST /ops/jobs/{id}/run: read as strictly as a webhook's. */
class OpsRequestsTest {

    @Test
    void aRangeIsRead() {
        JobParameters p = OpsRequests.jobParameters("{\"from\": \"2026-11-01\", \"to\": \"2026-11-07\", \"force\": true}");
        assertEquals(LocalDate.parse("2026-11-01"), p.from());
        assertEquals(LocalDate.parse("2026-11-07"), p.to());
        assertEquals(Boolean.TRUE, p.force());
    }

    @Test
    void aKeyTwiceIsRefusedNamingIt() {
        RequestRejectedException twice = assertThrows(RequestRejectedException.class,
                () -> OpsRequests.jobParameters("{\"from\": \"2026-11-01\", \"from\": \"2026-01-01\"}"));
        assertEquals(400, twice.status());
        assertTrue(twice.getMessage().contains("\"from\""), twice.getMessage());
    }
}
