package io.adrelay.common.egress;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** A budget counts a permit from the end of its call, so a late request can never make a burst at the API. */
class EgressBudgetTest {

    final AtomicLong now = new AtomicLong(1_000_000_000L);

    EgressBudget budget(int permits, long periodMs) {
        return new EgressBudget(permits, periodMs, now::get);
    }

    @Test
    void permitsAreFreeUntilTheBudgetIsTaken() throws Exception {
        EgressBudget budget = budget(2, 1000);
        assertFalse(budget.acquire());
        assertFalse(budget.acquire());
        assertTrue(budget.waitNanos() > 0, "a third call waits: two are out");
    }

    @Test
    void aPermitComesBackOnePeriodAfterTheCallsEndNotItsStart() throws Exception {
        EgressBudget budget = budget(1, 1000);
        budget.acquire();
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(5000)); // a slow call: five seconds out
        assertTrue(budget.waitNanos() > 0, "still out");
        budget.release();
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1000), budget.waitNanos(), "one whole period from the answer");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(1), budget.waitNanos());
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(0, budget.waitNanos());
    }

    @Test
    void aWaitingCallGoesOnceAPermitIsBack() throws Exception {
        EgressBudget budget = new EgressBudget(1, 50);
        budget.acquire();
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try {
                return budget.acquire();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertFalse(second.isDone());
        budget.release();
        await().atMost(Duration.ofSeconds(5)).until(second::isDone);
        assertTrue(second.get(), "it had to wait");
    }

    @Test
    void aPermitNotTakenCannotBeGivenBack() {
        assertThrows(IllegalStateException.class, () -> budget(1, 10).release());
        assertThrows(IllegalArgumentException.class, () -> budget(0, 10));
    }

    @Test
    void theWindowHoldsTheCallsOutAndThoseAnsweredLessThanAPeriodAgo() throws Exception {
        EgressBudget budget = budget(3, 1000);
        assertEquals(0, budget.inWindow());
        budget.acquire();
        budget.acquire();
        assertEquals(2, budget.inWindow(), "two out");
        budget.release();
        assertEquals(2, budget.inWindow(), "one answered just now still counts at the API");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1000));
        assertEquals(1, budget.inWindow(), "a period later it is out of the window");
    }
}
