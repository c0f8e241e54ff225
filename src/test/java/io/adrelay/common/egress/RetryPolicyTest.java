package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.storage.StorageException;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(3, 500, 10_000);

    @Test
    void backsOffExponentiallyUpToTheCap() {
        assertEquals(500, policy.delayFor(1, null));
        assertEquals(1000, policy.delayFor(2, null));
        assertEquals(2000, policy.delayFor(3, null));
        assertEquals(10_000, policy.delayFor(10, null));
    }

    @Test
    void honoursRetryAfterButNotBeyondTheCap() {
        assertEquals(4000, policy.delayFor(1, Duration.ofSeconds(4)));
        assertEquals(10_000, policy.delayFor(1, Duration.ofHours(1)));
    }

    @Test
    void aNegativeRetryAfterIsNoRetryAfter() {
        assertEquals(1000, policy.delayFor(2, Duration.ofSeconds(-5)));
        Exchange exchange = exchange(new ApiCallException("bsa", ApiError.parse(429, ""), true, Duration.ofSeconds(-5)));
        assertTrue(policy.shouldRetry(exchange));
        assertEquals(500L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));
    }

    @Test
    void retriesRetryableFailuresAndPutsTheDelayWhereCamelReadsIt() {
        Exchange exchange = exchange(new ApiCallException("bsa", ApiError.parse(429, ""), true, Duration.ofSeconds(2)));
        assertTrue(policy.shouldRetry(exchange));
        assertEquals(2000L, exchange.getIn().getHeader(Exchange.REDELIVERY_DELAY));

        assertTrue(policy.shouldRetry(exchange(new IOException("Connection reset"))));
    }

    @Test
    void neverRetriesFinalErrorsNorBeyondMaxAttempts() {
        assertFalse(policy.shouldRetry(exchange(new ApiCallException("bsa", ApiError.parse(401, ""), false, null))));
        assertFalse(policy.shouldRetry(exchange(new InvalidInputException("garbage"))));
        Exchange last = exchange(new IOException("reset"));
        last.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 3);
        assertTrue(policy.shouldRetry(last), "the third retry of three");
        Exchange tired = exchange(new IOException("reset"));
        tired.getIn().setHeader(Exchange.REDELIVERY_COUNTER, 4);
        assertFalse(policy.shouldRetry(tired));
    }

    private static Exchange exchange(Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setException(failure);
        return exchange;
    }

    @Test
    void deterministicFailuresAreNeverRetried() {
        assertFalse(RetryPolicy.isRetryable(new java.io.UncheckedIOException(
                new com.fasterxml.jackson.core.JsonParseException(null, "String value length (20000001) exceeds the maximum"))));
        assertFalse(RetryPolicy.isRetryable(new StorageException("Cannot write x", new IOException("No space left on device"))));
        assertFalse(RetryPolicy.isRetryable(new java.nio.file.FileSystemException("/data/x: No space left on device")));
        assertFalse(RetryPolicy.isRetryable(new InvalidInputException("parent with reference_id x is not in APISync yet")));
        assertFalse(RetryPolicy.isRetryable(new java.nio.charset.MalformedInputException(1)));
        // commons-csv's syntax error is an IOException, thrown unchecked while a file's rows are read
        assertFalse(RetryPolicy.isRetryable(new java.io.UncheckedIOException(
                new org.apache.commons.csv.CSVException("(startline %d) EOF reached before encapsulated token finished", 3))));
        assertTrue(RetryPolicy.isRetryable(new EgressFailure("GET http://api/x", new java.net.SocketException("Connection reset"))));
        assertTrue(RetryPolicy.isRetryable(new java.net.http.HttpTimeoutException("request timed out")));
    }
}
