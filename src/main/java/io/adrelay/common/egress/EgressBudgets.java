package io.adrelay.common.egress;

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

    private final Map<Key, EgressBudget> budgets = new ConcurrentHashMap<>();

    /** Waits for a permit of the route's budget. */
    public void acquire(Exchange exchange, String route, int requests, long periodMs) throws InterruptedException {
        EgressBudget budget = budgets.computeIfAbsent(new Key(route, requests, periodMs), k -> new EgressBudget(requests, periodMs));
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
}
