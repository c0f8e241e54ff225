package io.adrelay.common.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
