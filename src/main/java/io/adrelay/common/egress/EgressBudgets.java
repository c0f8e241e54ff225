package io.adrelay.common.egress;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;

/**
 * The budgets of the egress routes (bean "egressBudgets", steps of the egress template): one {@link RateBudget} per
 * egress route, so every route that calls one API and method class shares one budget. A route file saved with another
 * budget gets a new one. Where a budget is counted is the {@link RateBudget.Source}'s: this JVM by default, the
 * database for the sum of the nodes in the cluster profile.
 */
public class EgressBudgets {

    /** Exchange property: the permit this exchange holds until its call ends. */
    private static final String HELD = "AdrelayBudgetHeld";

    private record Key(String route, int requests, long periodMs) {
    }

    /** One egress route's budget as the console shows it: requests in its current window against the limit. */
    public record Usage(String route, int inWindow, int requests, long periodMs) {
    }

    private final RateBudget.Source source;
    private final Map<Key, RateBudget> budgets = new ConcurrentHashMap<>();
    /** The budget each route called with last (a route file saved with another budget leaves its old one behind). */
    private final Map<String, Key> current = new ConcurrentHashMap<>();

    /** Budgets of this JVM (the embedded default). */
    public EgressBudgets() {
        this((route, requests, periodMs) -> new EgressBudget(requests, periodMs));
    }

    public EgressBudgets(RateBudget.Source source) {
        this.source = source;
    }

    /** Waits for a permit of the route's budget. */
    public void acquire(Exchange exchange, String route, int requests, long periodMs) throws InterruptedException {
        Key key = new Key(route, requests, periodMs);
        RateBudget budget = budgets.computeIfAbsent(key, k -> source.budget(route, requests, periodMs));
        current.put(route, key);
        exchange.setProperty(HELD, budget.take());
    }

    /**
     * The call ended (answered or failed): its permit comes back one period from now. Once per call, whatever the path.
     * A 429 hands its Retry-After to the budget.
     */
    public void release(Exchange exchange) {
        RateBudget.Permit held = exchange.getProperty(HELD, RateBudget.Permit.class);
        if (held != null) {
            exchange.removeProperty(HELD);
            held.release(tooManyRequestsFor(exchange));
        }
    }

    /** Every budget called so far, by route. */
    public List<Usage> usage() {
        return current.values().stream().sorted((a, b) -> a.route().compareTo(b.route()))
                .map(k -> new Usage(k.route(), budgets.get(k).inWindow(), k.requests(), k.periodMs())).toList();
    }

    /** The Retry-After of a 429 answer, null for any other answer, for a 429 without one, and for no answer. */
    private static Duration tooManyRequestsFor(Exchange exchange) {
        Integer status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null || status != 429) {
            return null;
        }
        return ResponseClassifier.parseRetryAfter(exchange.getIn().getHeader("Retry-After", String.class), ZonedDateTime.now());
    }
}
