package io.adrelay.common.storage.references;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What every {@link ReferenceStore} promises; {@link #reopened} sees the same state as the last one made. */
public abstract class ReferenceStoreContract {

    protected abstract ReferenceStore store();

    protected abstract ReferenceStore reopened();

    @Test
    void aRememberedIdReadsBackAfterARestartAndAnUnknownReferenceHasNone() {
        store().remember("apisync/campaigns", "xmas", "c-1");

        ReferenceStore after = reopened();
        assertEquals(Optional.of("c-1"), after.idOf("apisync/campaigns", "xmas"));
        assertEquals(Optional.empty(), after.idOf("apisync/campaigns", "summer"));
        assertEquals(Optional.empty(), after.idOf("apisync/ad-sets", "xmas"), "each kind apart");
    }

    @Test
    void rememberingOneReferenceKeepsEveryOtherAndTheSameOneAgainTakesItsNewId() {
        ReferenceStore store = store();
        store.remember("apisync/campaigns", "xmas", "c-1");
        store.remember("apisync/campaigns", "summer", "c-2");
        store.remember("apisync/ad-sets", "xmas", "s-1");
        store.remember("apisync/campaigns", "xmas", "c-3");

        ReferenceStore after = reopened();
        assertEquals(Optional.of("c-3"), after.idOf("apisync/campaigns", "xmas"));
        assertEquals(Optional.of("c-2"), after.idOf("apisync/campaigns", "summer"));
        assertEquals(Optional.of("s-1"), after.idOf("apisync/ad-sets", "xmas"));
    }

    @Test
    void aReferenceOfAnyTextAndLengthIsKept() {
        String odd = "a=b:c d/é\\n#" + "x".repeat(10_000);
        store().remember("apisync/ads", odd, "a-1");
        assertEquals(Optional.of("a-1"), reopened().idOf("apisync/ads", odd));
    }

    @Test
    void aKindThatIsNotApiSlashResourceIsRefusedClearly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> store().remember("../campaigns", "x", "1"));
        assertTrue(refused.getMessage().contains("<api>/<resource>"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store().idOf("campaigns", "x"));
    }
}
