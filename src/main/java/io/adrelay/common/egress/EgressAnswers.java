package io.adrelay.common.egress;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;

/**
 * What each API has answered since start (bean "egressAnswers", a step of the egress template): how many 429s it
 * sent and when it last answered 2xx. In memory, for the operator's console: the metrics keep the lasting counts.
 */
public class EgressAnswers {

    /** One API's answers so far. */
    public record Seen(long tooManyRequests, Instant lastSuccess, int lastStatus) {
    }

    private static final class Tally {
        final AtomicLong tooManyRequests = new AtomicLong();
        volatile Instant lastSuccess;
        volatile int lastStatus;
    }

    private final Map<String, Tally> apis = new ConcurrentHashMap<>();
    private final Clock clock;

    public EgressAnswers() {
        this(Clock.systemUTC());
    }

    EgressAnswers(Clock clock) {
        this.clock = clock;
    }

    /** The call was answered (whatever the status): counted before the answer is classified. */
    public void record(Exchange exchange, String api) {
        answered(api, exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class));
    }

    void answered(String api, int status) {
        Tally tally = apis.computeIfAbsent(api, a -> new Tally());
        if (status == 429) {
            tally.tooManyRequests.incrementAndGet();
        } else if (status >= 200 && status < 300) {
            tally.lastSuccess = clock.instant();
        }
        tally.lastStatus = status;
    }

    public Optional<Seen> seen(String api) {
        Tally tally = apis.get(api);
        return tally == null ? Optional.empty()
                : Optional.of(new Seen(tally.tooManyRequests.get(), tally.lastSuccess, tally.lastStatus));
    }
}
