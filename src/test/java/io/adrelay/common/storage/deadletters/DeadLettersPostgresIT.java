package io.adrelay.common.storage.deadletters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.storage.StoreDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dead-letters contract on adrelay_dead_letters of a real PostgreSQL; "reopened" is another node's store. */
class DeadLettersPostgresIT extends DeadLettersContract {

    @RegisterExtension
    static final StoreDatabase db = StoreDatabase.emptying("adrelay_dead_letters");

    @Override
    protected DeadLetters letters() {
        return new PostgresDeadLetters(db.dataSource());
    }

    @Override
    protected DeadLetters reopened() {
        return new PostgresDeadLetters(db.dataSource());
    }

    @Test
    void aLetterReadsBackWithItsFieldsInTheOrderWritten() {
        String id = "20261120T061501Z-statlas-deliver-batch-aaaaaaaa";
        letters().add("statlas", id, "{\"id\": \"" + id + "\", \"reason\": \"ASSET_ACCESS_DENIED\", \"hint\": \"share the folder\", \"at\": 1}");
        assertEquals(List.of("id", "reason", "hint", "at"), fieldNames(reopened().find(id).orElseThrow()));
    }

    @Test
    void nodesDismissingTheSameLetterAtOnceDismissItOnce() throws Exception {
        List<DeadLetters> nodes = List.of(letters(), reopened(), reopened(), reopened());
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            for (int k = 0; k < 20; k++) {
                String id = "20261120T0615%02dZ-bsa-pull-report-aaaaaaaa".formatted(k);
                letters().add("bsa", id, letter(id));
                List<Callable<Optional<ObjectNode>>> dismissals = new ArrayList<>();
                for (int i = 0; i < nodes.size(); i++) {
                    DeadLetters node = nodes.get(i);
                    String reason = "node " + i;
                    dismissals.add(() -> node.dismiss(id, Map.of("dismissed_reason", reason)));
                }
                int dismissed = 0;
                for (Future<Optional<ObjectNode>> result : threads.invokeAll(dismissals)) {
                    dismissed += result.get().isPresent() ? 1 : 0;
                }
                assertEquals(1, dismissed, id);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(20, letters().list(DeadLetters.State.DISMISSED).size());
        assertTrue(letters().list().isEmpty());
    }

    private static List<String> fieldNames(ObjectNode letter) {
        List<String> names = new ArrayList<>();
        letter.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
