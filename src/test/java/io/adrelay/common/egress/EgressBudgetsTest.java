package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The budgets' usage as the console's flows page shows it: each route's current budget, its window against its limit. */
class EgressBudgetsTest {

    @Test
    void eachRouteShowsTheBudgetItCalledWithLast() throws Exception {
        EgressBudgets budgets = new EgressBudgets();
        try (CamelContext context = new DefaultCamelContext()) {
            Exchange call = new DefaultExchange(context);
            budgets.acquire(call, "statlas-egress-get", 100, 60_000);
            budgets.acquire(new DefaultExchange(context), "bsa-egress-get", 60, 60_000);
            assertEquals(List.of(new EgressBudgets.Usage("bsa-egress-get", 1, 60, 60_000), new EgressBudgets.Usage("statlas-egress-get", 1, 100, 60_000)),
                    budgets.usage());

            budgets.release(call);
            assertEquals(1, budgets.usage().get(1).inWindow(), "answered less than a period ago: still in the window");

            // the route file saved with another budget: the new one is shown
            budgets.acquire(new DefaultExchange(context), "statlas-egress-get", 30, 60_000);
            assertEquals(new EgressBudgets.Usage("statlas-egress-get", 1, 30, 60_000), budgets.usage().get(1));
        }
    }

    /** A 429's Retry-After goes to the budget with the permit (a cluster's budget pauses every node); any other answer, none. */
    @Test
    void aTooManyRequestsHandsItsRetryAfterToTheBudget() throws Exception {
        List<String> released = new ArrayList<>();
        RateBudget recording = new RateBudget() {
            @Override
            public Permit take() {
                return retryAfter -> released.add(String.valueOf(retryAfter));
            }

            @Override
            public int inWindow() {
                return 0;
            }
        };
        EgressBudgets budgets = new EgressBudgets((route, requests, periodMs) -> recording);
        try (CamelContext context = new DefaultCamelContext()) {
            for (int status : new int[] {429, 200, 503, 429}) {
                Exchange call = new DefaultExchange(context);
                budgets.acquire(call, "snap-egress-api", 10, 1000);
                call.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
                if (released.isEmpty() || status == 503) {
                    call.getIn().setHeader("Retry-After", "7");
                }
                budgets.release(call);
                budgets.release(call);
            }
        }
        assertEquals(List.of(String.valueOf(Duration.ofSeconds(7)), "null", "null", "null"), released,
                "a 429 with Retry-After, a 200, a 503 with one, a 429 without one; each permit given back once");
    }
}
