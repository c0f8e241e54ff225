package io.adrelay.common.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Request files are taken in name order, so ids must sort in the order they were made. */
class TrackingIdsTest {

    @Test
    void idsMadeInTheSameMillisecondSortInTheOrderTheyWereMade() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add(TrackingIds.next());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, "id " + i + " sorts after the one before: " + ids.get(i - 1) + " " + ids.get(i));
        }
    }

    @Test
    void theyAreVersionSevenUuids() {
        UUID id = UUID.fromString(TrackingIds.next());
        assertEquals(7, id.version());
        assertEquals(2, id.variant());
    }
}
