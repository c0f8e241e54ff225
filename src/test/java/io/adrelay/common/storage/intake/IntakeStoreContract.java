package io.adrelay.common.storage.intake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What every {@link IntakeStore} promises; {@link #reopened} sees the same state as the last one made. */
public abstract class IntakeStoreContract {

    static final String FIRST = "01a00000-0000-7000-8000-000000000001";
    static final String SECOND = "01a00000-0000-7000-8000-000000000002";
    static final String THIRD = "01a00000-0000-7000-8000-000000000003";
    static final Duration LEASE = Duration.ofMinutes(1);

    protected abstract IntakeStore store();

    protected abstract IntakeStore reopened();

    @Test
    void storedRequestsArePendingOldestFirstAndReadBackAsStored() throws Exception {
        IntakeStore store = store();
        store.add(SECOND, bytes("{\"n\":2}"));
        store.add(FIRST, bytes("{\"n\":1}"));

        IntakeStore after = reopened();
        assertEquals(List.of(FIRST, SECOND), after.pendingIds());
        assertEquals(2, after.pendingCount());
        assertTrue(after.isPending(FIRST));
        assertArrayEquals(bytes("{\"n\":1}"), after.read(FIRST));
        assertFalse(after.isPending(THIRD));
        assertThrows(IOException.class, () -> after.read(THIRD));
    }

    /** FIRST done, SECOND set aside, THIRD pending. */
    private IntakeStore oneDoneOneSetAsideOnePending() {
        IntakeStore store = store();
        store.add(FIRST, bytes("{}"));
        store.add(SECOND, bytes("{}"));
        store.add(THIRD, bytes("{}"));
        store.done(FIRST);
        store.setAside(SECOND);
        return store;
    }

    @Test
    void doneRequestsAreForgottenOnceTheirTimeHasPassedAndNothingElseIs() {
        IntakeStore store = oneDoneOneSetAsideOnePending();

        store.forgetDoneBefore(Instant.now().minus(Duration.ofDays(1)));
        assertTrue(store.isDone(FIRST), "retired today: kept");
        store.forgetDoneBefore(Instant.now().plus(Duration.ofDays(2)));
        assertFalse(store.isDone(FIRST), "forgotten");
        assertEquals(List.of(THIRD), store.pendingIds(), "pending ones stay");
        assertTrue(store.setAsideLocation(SECOND).contains(SECOND));

        // retiring goes on after a forget, and what it retires is on record
        store.done(THIRD);
        IntakeStore after = reopened();
        assertTrue(after.isDone(THIRD));
        assertFalse(after.isDone(FIRST));
        assertEquals(List.of(), after.pendingIds());
    }

    @Test
    void doneAndSetAsideRequestsArePendingNoMore() {
        IntakeStore store = oneDoneOneSetAsideOnePending();

        IntakeStore after = reopened();
        assertEquals(List.of(THIRD), after.pendingIds());
        assertEquals(1, after.pendingCount());
        assertTrue(after.isDone(FIRST));
        assertFalse(after.isPending(FIRST));
        assertFalse(after.isDone(SECOND), "set aside is not done");
        assertFalse(after.isPending(SECOND));
        assertTrue(after.setAsideLocation(SECOND).contains(SECOND), after.setAsideLocation(SECOND));
    }

    @Test
    void aClaimTakesTheOldestPendingRequestsUpToItsMaxAndRetiredOnesNoMore() {
        IntakeStore store = store();
        store.add(THIRD, bytes("{}"));
        store.add(FIRST, bytes("{}"));
        store.add(SECOND, bytes("{}"));
        assertEquals(List.of(FIRST, SECOND), store.claim(2, LEASE));
        store.done(FIRST);
        store.setAside(SECOND);
        assertEquals(List.of(THIRD), reopened().claim(10, LEASE));
    }

    @Test
    void aReleasedRequestIsPendingAndClaimedAgain() throws Exception {
        IntakeStore store = store();
        store.add(FIRST, bytes("{\"n\":1}"));
        assertEquals(List.of(FIRST), store.claim(5, LEASE));
        store.release(FIRST);
        assertTrue(store.isPending(FIRST));
        assertEquals(List.of(FIRST), store.claim(5, LEASE));
        assertArrayEquals(bytes("{\"n\":1}"), store.read(FIRST));
    }

    @Test
    void anEmptyStoreHasNothingPending() {
        assertEquals(List.of(), store().claim(10, LEASE));
        assertEquals(List.of(), store().pendingIds());
        assertEquals(0, store().pendingCount());
    }

    @Test
    void aClaimWithTheRequestsGivesEachAsStoredOldestFirst() {
        IntakeStore store = store();
        store.add(SECOND, bytes("{\"n\":2}"));
        store.add(FIRST, bytes("{\"n\":1}"));
        store.add(THIRD, bytes("{\"n\":3}"));
        Map<String, byte[]> claimed = store.claimRequests(2, LEASE);
        assertEquals(List.of(FIRST, SECOND), List.copyOf(claimed.keySet()));
        assertArrayEquals(bytes("{\"n\":1}"), claimed.get(FIRST));
        assertArrayEquals(bytes("{\"n\":2}"), claimed.get(SECOND));
    }

    @Test
    void doneAllRetiresEachAsDoneAndNoOther() {
        IntakeStore store = store();
        store.add(FIRST, bytes("{}"));
        store.add(SECOND, bytes("{}"));
        store.add(THIRD, bytes("{}"));
        store.claim(3, LEASE);
        store.setAside(SECOND);
        store.doneAll(List.of(FIRST, THIRD));
        store.doneAll(List.of());

        IntakeStore after = reopened();
        assertEquals(List.of(), after.pendingIds());
        assertTrue(after.isDone(FIRST));
        assertTrue(after.isDone(THIRD));
        assertFalse(after.isDone(SECOND), "set aside: not done");
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
