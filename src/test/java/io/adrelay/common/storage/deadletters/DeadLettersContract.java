package io.adrelay.common.storage.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** What every {@link DeadLetters} promises; {@link #reopened} sees the same state as the last one made. */
public abstract class DeadLettersContract {

    protected abstract DeadLetters letters();

    protected abstract DeadLetters reopened();

    @Test
    void lettersAreListedOldestFirstAcrossApisAndFoundById() {
        DeadLetters letters = letters();
        letters.add("statlas", "20261120T061502Z-statlas-deliver-batch-bbbbbbbb", letter("20261120T061502Z-statlas-deliver-batch-bbbbbbbb"));
        letters.add("bsa", "20261120T061501Z-bsa-pull-report-aaaaaaaa", letter("20261120T061501Z-bsa-pull-report-aaaaaaaa"));

        DeadLetters after = reopened();
        assertEquals(List.of("20261120T061501Z-bsa-pull-report-aaaaaaaa", "20261120T061502Z-statlas-deliver-batch-bbbbbbbb"),
                after.list().stream().map(l -> l.path("id").asText()).toList());
        ObjectNode found = after.find("20261120T061502Z-statlas-deliver-batch-bbbbbbbb").orElseThrow();
        assertEquals("boom", found.path("reason").asText());
        assertTrue(after.find("20261120T000000Z-none-00000000").isEmpty());
    }

    @Test
    void aReplayedLetterIsListedAndFoundNoMore() {
        DeadLetters letters = letters();
        letters.add("bsa", "20261120T061501Z-bsa-pull-report-aaaaaaaa", letter("20261120T061501Z-bsa-pull-report-aaaaaaaa"));
        letters.add("bsa", "20261120T061503Z-bsa-pull-report-cccccccc", letter("20261120T061503Z-bsa-pull-report-cccccccc"));
        letters.markReplayed("20261120T061501Z-bsa-pull-report-aaaaaaaa");
        letters.markReplayed("20261120T000000Z-none-00000000");

        DeadLetters after = reopened();
        assertEquals(List.of("20261120T061503Z-bsa-pull-report-cccccccc"), after.list().stream().map(l -> l.path("id").asText()).toList());
        assertTrue(after.find("20261120T061501Z-bsa-pull-report-aaaaaaaa").isEmpty());
    }

    @Test
    void aDismissedLetterIsKeptWithItsReasonAndListedApart() {
        DeadLetters letters = letters();
        letters.add("bsa", "20261120T061501Z-bsa-pull-report-aaaaaaaa", letter("20261120T061501Z-bsa-pull-report-aaaaaaaa"));
        letters.add("bsa", "20261120T061503Z-bsa-pull-report-cccccccc", letter("20261120T061503Z-bsa-pull-report-cccccccc"));
        letters.markReplayed("20261120T061503Z-bsa-pull-report-cccccccc");

        ObjectNode dismissed = letters.dismiss("20261120T061501Z-bsa-pull-report-aaaaaaaa",
                java.util.Map.of("dismissed_reason", "pulled by hand")).orElseThrow();

        assertEquals("pulled by hand", dismissed.path("dismissed_reason").asText());
        DeadLetters after = reopened();
        assertTrue(after.list().isEmpty(), "neither open letter is open any more");
        assertEquals(List.of("pulled by hand"), after.list(DeadLetters.State.DISMISSED).stream()
                .map(l -> l.path("dismissed_reason").asText()).toList());
        assertEquals(List.of("20261120T061503Z-bsa-pull-report-cccccccc"), after.list(DeadLetters.State.REPLAYED).stream()
                .map(l -> l.path("id").asText()).toList());
        assertTrue(after.dismiss("20261120T061503Z-bsa-pull-report-cccccccc", java.util.Map.of()).isEmpty(), "only an open one");
        assertTrue(after.find("20261120T061501Z-bsa-pull-report-aaaaaaaa").isEmpty());
    }

    @Test
    void anIdThatIsNoIdFindsNothing() {
        letters().add("bsa", "20261120T061501Z-bsa-pull-report-aaaaaaaa", letter("20261120T061501Z-bsa-pull-report-aaaaaaaa"));
        assertTrue(reopened().find("../bsa/20261120T061501Z-bsa-pull-report-aaaaaaaa").isEmpty());
        assertTrue(reopened().find(null).isEmpty());
    }

    static String letter(String id) {
        return "{\"id\": \"" + id + "\", \"reason\": \"boom\"}";
    }
}
