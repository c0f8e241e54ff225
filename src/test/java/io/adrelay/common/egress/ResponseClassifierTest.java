package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import io.adrelay.common.egress.ResponseClassifier.Outcome;
import org.junit.jupiter.api.Test;

class ResponseClassifierTest {

    @Test
    void classifiesByStatus() {
        assertEquals(Outcome.OK, ResponseClassifier.classify(200, ""));
        assertEquals(Outcome.OK, ResponseClassifier.classify(202, ""));
        assertEquals(Outcome.RETRY, ResponseClassifier.classify(429, ""));
        assertEquals(Outcome.RETRY, ResponseClassifier.classify(500, ""));
        assertEquals(Outcome.RETRY, ResponseClassifier.classify(503, ""));
        assertEquals(Outcome.FINAL, ResponseClassifier.classify(400, ""));
        assertEquals(Outcome.FINAL, ResponseClassifier.classify(401, ""));
        assertEquals(Outcome.FINAL, ResponseClassifier.classify(404, ""));
        assertEquals(Outcome.FINAL, ResponseClassifier.classify(422, ""));
    }

    @Test
    void driveRateLimit403IsRetried_otherForbiddenIsFinal() {
        String drive = "{\"error\":{\"errors\":[{\"domain\":\"usageLimits\",\"reason\":\"userRateLimitExceeded\"}],\"code\":403}}";
        assertEquals(Outcome.RETRY, ResponseClassifier.classify(403, drive));
        assertEquals(Outcome.FINAL, ResponseClassifier.classify(403, "{\"error\":{\"code\":\"FORBIDDEN\"}}"));
    }

    @Test
    void parsesRetryAfterSecondsAndDates() {
        ZonedDateTime now = ZonedDateTime.of(2026, 11, 22, 10, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(Duration.ofSeconds(7), ResponseClassifier.parseRetryAfter("7", now));
        assertEquals(Duration.ofSeconds(90), ResponseClassifier.parseRetryAfter("Sun, 22 Nov 2026 10:01:30 GMT", now));
        assertEquals(Duration.ZERO, ResponseClassifier.parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now));
        assertNull(ResponseClassifier.parseRetryAfter("soon", now));
        assertNull(ResponseClassifier.parseRetryAfter(null, now));
    }

    @Test
    void aNegativeOrOtherwiseInvalidRetryAfterIsIgnored() {
        ZonedDateTime now = ZonedDateTime.parse("2026-11-22T10:00:00Z");
        for (String invalid : new String[] {"-5", "-0", "+5", "5.5", "1e3", "0x10", "5 s", "99999999999999999999999"}) {
            assertNull(ResponseClassifier.parseRetryAfter(invalid, now), invalid);
        }
        assertEquals(Duration.ZERO, ResponseClassifier.parseRetryAfter("0", now));
        ApiCallException refused = assertThrows(ApiCallException.class, () -> ResponseClassifier.check("bsa", 429, "-5", ""));
        assertNull(refused.retryAfter(), "absent: the exponential backoff applies");
    }

    @Test
    void checkThrowsTheApisOwnError() {
        ApiCallException e = assertThrows(ApiCallException.class, () -> ResponseClassifier.check("statlas", 403,
                null, "{\"error\":{\"code\":\"ASSET_ACCESS_DENIED\",\"message\":\"Cannot access the folder\"}}"));
        assertFalse(e.retryable());
        assertEquals("ASSET_ACCESS_DENIED", e.error().code());
        assertEquals("Cannot access the folder", e.error().message());

        ApiCallException limited = assertThrows(ApiCallException.class,
                () -> ResponseClassifier.check("bsa", 429, "3", "{\"error\":\"Too many requests\"}"));
        assertTrue(limited.retryable());
        assertEquals(Duration.ofSeconds(3), limited.retryAfter());
        assertEquals("Too many requests", limited.error().message());
    }

    @Test
    void readsJsonApiAndSnapErrorShapes() {
        ApiError jsonApi = ApiError.parse(422, "{\"errors\":[{\"status\":\"422\",\"code\":\"blank\",\"detail\":\"title can't be blank\"}]}");
        assertEquals("blank", jsonApi.code());
        assertEquals("title can't be blank", jsonApi.message());
        ApiError snap = ApiError.parse(400, "{\"request_status\":\"ERROR\",\"debug_message\":\"Invalid catalog\"}");
        assertEquals("ERROR", snap.code());
        assertEquals("Invalid catalog", snap.message());
        assertEquals("HTTP 502", ApiError.parse(502, "").message());
    }
}
