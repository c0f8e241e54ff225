package io.adrelay.common.storage.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;

/** What every {@link CallsInDoubt} promises; {@link #reopened} sees the same state as the last one made. */
public abstract class CallsInDoubtContract {

    protected abstract CallsInDoubt calls();

    protected abstract CallsInDoubt reopened();

    @Test
    void aRememberedCallIsFoundAfterARestartUntilForgotten() {
        String effect = "statlas-deliver BAT001 with a long name / and slashes: " + "x".repeat(300);
        ObjectNode call = Json.MAPPER.createObjectNode().put("effect", effect).put("sent_at", "2026-11-20T06:15:00Z")
                .put("request", "POST /batches/BAT001/deliver").put("baseline", "rev-7");
        calls().remember(effect, call);

        assertEquals(call, reopened().find(effect).orElseThrow());
        assertTrue(reopened().find("another effect").isEmpty());

        reopened().forget(effect);
        assertTrue(calls().find(effect).isEmpty());
    }

    @Test
    void rememberingAgainReplacesAndForgettingWhatIsNotThereIsNothing() {
        CallsInDoubt calls = calls();
        calls.remember("e", Json.MAPPER.createObjectNode().put("sent_at", "2026-11-20T06:15:00Z"));
        calls.remember("e", Json.MAPPER.createObjectNode().put("sent_at", "2026-11-20T06:16:00Z"));
        assertEquals("2026-11-20T06:16:00Z", reopened().find("e").orElseThrow().path("sent_at").asText());
        calls.forget("never remembered");
        calls.forget("e");
        calls.forget("e");
        assertTrue(calls.find("e").isEmpty());
    }
}
