package io.adrelay.common.egress;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;

/**
 * The budgets of the egress routes (bean "egressBudgets", steps of the egress template): one {@link EgressBudget}
 * per egress route, so every route that calls one API and method class shares one budget. A route file saved with
 * another budget gets a new one.
 */
public class EgressBudgets {

    /** Exchange property: the budget whose permit this exchange holds until its call ends. */
    private static final String HELD = "AdrelayBudgetHeld";

    private record Key(String route, int requests, long periodMs) {
    }

    /** One egress route's budget as the console shows it: requests in its current window against the limit. */
    public record Usage(String route, int inWindow, int requests, long periodMs) {
    }

    private final Map<Key, EgressBudget> budgets = new ConcurrentHashMap<>();
    /** The budget each route called with last (a route file saved with another budget leaves its old one behind). */
    private final Map<String, Key> current = new ConcurrentHashMap<>();

    /** Waits for a permit of the route's budget. */
    public void acquire(Exchange exchange, String route, int requests, long periodMs) throws InterruptedException {
        Key key = new Key(route, requests, periodMs);
        EgressBudget budget = budgets.computeIfAbsent(key, k -> new EgressBudget(requests, periodMs));
        current.put(route, key);
        budget.acquire();
        exchange.setProperty(HELD, budget);
    }

    /** The call ended (answered or failed): its permit comes back one period from now. Once per call, whatever the path. */
    public void release(Exchange exchange) {
        EgressBudget held = exchange.getProperty(HELD, EgressBudget.class);
        if (held != null) {
            exchange.removeProperty(HELD);
            held.release();
        }
    }

    /** Every budget called so far, by route. */
    public List<Usage> usage() {
        return current.values().stream().sorted((a, b) -> a.route().compareTo(b.route()))
                .map(k -> new Usage(k.route(), budgets.get(k).inWindow(), k.requests(), k.periodMs())).toList();
    }
}
