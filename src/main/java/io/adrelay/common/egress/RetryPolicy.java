package io.adrelay.common.egress;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.Flow;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.config.SecretMasker;
import io.adrelay.common.storage.StorageException;

/**
 * Decides whether a failed exchange is tried again and how long to wait first. Used as the
 * {@code retryWhile} of the error handler: it runs before Camel computes the delay, so the
 * delay it puts in {@link Exchange#REDELIVERY_DELAY} is the one Camel waits.
 */
public class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    private final int maxAttempts;
    private final long initialDelayMs;
    private final long maxDelayMs;

    public RetryPolicy(int maxAttempts, long initialDelayMs, long maxDelayMs) {
        this.maxAttempts = maxAttempts;
        this.initialDelayMs = initialDelayMs;
        this.maxDelayMs = maxDelayMs;
    }

    /** Predicate for {@code onException(...).retryWhile(...)}. */
    public boolean shouldRetry(Exchange exchange) {
        Throwable failure = exchange.getException();
        // Camel has already counted the retry it is asking about: 1 after the first failure
        int retry = Math.max(1, exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, 1, Integer.class));
        // which is also the number of calls made so far
        exchange.setProperty(Flow.ATTEMPTS, retry);
        if (!isRetryable(failure) || retry > maxAttempts || stopping(exchange)) {
            return false;
        }
        ApiCallException api = ApiCallException.in(failure);
        Duration retryAfter = api == null ? null : api.retryAfter();
        long delay = delayFor(retry, retryAfter);
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        LOG.warn("Retry {}/{} of {} in {} ms: {}", retry, maxAttempts,
                exchange.getProperty(Exchange.FAILURE_ROUTE_ID, exchange.getFromRouteId(), String.class), delay, SecretMasker.mask(String.valueOf(failure.getMessage())));
        return true;
    }

    /** adrelay is stopping: no retry is begun (its wait would outlast the grace period). */
    public static boolean stopping(Exchange exchange) {
        // forced: the grace period is over, and what still runs is left behind by a stopped context
        return exchange.getContext().isStopping() || exchange.getContext().getShutdownStrategy().isForceShutdown();
    }

    /**
     * The exchange failed because adrelay is stopping: the stop refused or interrupted a step, or kept a retryable
     * failure from its retry. It is left for the next start (no dead letter, no .error/: a stop is not the API's
     * failure, and the input stays where it is); a failure no retry could mend (invalid input, a final 4xx, a JVM
     * Error) is still what it is.
     */
    public static boolean cutShortByStop(Exchange exchange) {
        if (!stopping(exchange)) {
            return false;
        }
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException || t instanceof InterruptedException) {
                return true;
            }
        }
        return isRetryable(failure);
    }

    /**
     * Delay before attempt {@code attempt} (1-based): the server's Retry-After if given, else exponential; both capped.
     * A negative Retry-After is none.
     */
    public long delayFor(int attempt, Duration retryAfter) {
        if (retryAfter != null && !retryAfter.isNegative()) {
            long asked = retryAfter.toMillis();
            if (asked > maxDelayMs) {
                LOG.warn("Retry-After of {} s is above the cap; waiting the cap of {} ms", retryAfter.toSeconds(), maxDelayMs);
                return maxDelayMs;
            }
            return asked;
        }
        long backoff = initialDelayMs << Math.min(attempt - 1, 20);
        return Math.min(backoff, maxDelayMs);
    }

    /**
     * Worth another try: an API's 429/5xx, a timeout, a reset or refused connection. Never what
     * another try cannot change: unreadable data (JSON, CSV, encoding), invalid input, a full disk
     * (that waits for space instead), a configuration mistake.
     */
    public static boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiCallException api) {
                return api.retryable();
            }
            if (t instanceof StorageException || t instanceof InvalidInputException || t instanceof JsonProcessingException
                    || t instanceof CharacterCodingException || t instanceof FileSystemException || t instanceof CSVException) {
                return false;
            }
            if (t instanceof IOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
