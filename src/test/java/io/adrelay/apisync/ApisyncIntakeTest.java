package io.adrelay.apisync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.adrelay.common.InvalidInputException;
import io.adrelay.common.inbox.InboxWriters;
import io.adrelay.common.intake.JsonBody;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.DiskSpace;
import io.adrelay.common.storage.documents.FileDocumentStore;
import io.adrelay.common.storage.intake.FileIntakeStore;

/**
 * A dropped APISync file as its inbox's bean takes it: read and checked at once (an invalid one is refused there,
 * nothing handed on), stored by the inbox writers (the consumer goes on meanwhile), and files stored in any order
 * keep the order of their times.
 */
class ApisyncIntakeTest {

    @TempDir
    Path data;

    /** The writes handed to the inbox writers, held until a test runs them. */
    private final List<Runnable> held = new CopyOnWriteArrayList<>();
    private ApisyncRequests requests;
    private ApisyncIntake intake;

    @BeforeEach
    void intake() {
        requests = new ApisyncRequests(new FileIntakeStore(data.resolve("state/apisync/requests")),
                new FileDocumentStore(data.resolve("state")), new DataDirectory(data));
        intake = new ApisyncIntake(requests, new ApisyncDrain(requests, new DiskSpace(data, 0)), null,
                new JsonBody(JsonBody.Limits.DEFAULT), 1000, 1 << 20, 1000, 65_536, new InboxWriters(held::add));
    }

    @Test
    void aValidFileIsStoredByTheWritersAndItsExchangeGoesOnOnceItIs() throws Exception {
        CompletableFuture<Void> stored = intake.acceptFile(drop("a.json", item("a"), 1_000_000));
        // checked, handed on, not stored yet: the consumer is free for the next file
        assertFalse(stored.isDone());
        assertEquals(1, held.size());
        assertEquals(List.of(), requests.pendingIds());
        held.forEach(Runnable::run);
        stored.get(10, TimeUnit.SECONDS);
        assertEquals(1, requests.pendingIds().size());
    }

    @Test
    void anInvalidFileIsRefusedAtOnceAndNothingIsHandedOn() throws Exception {
        Exchange invalid = drop("b.json", "{\"reference_id\": \"b\"}", 1_000_000);
        assertThrows(InvalidInputException.class, () -> intake.acceptFile(invalid));
        assertTrue(held.isEmpty());
    }

    @Test
    void filesStoredSideBySideKeepTheOrderOfTheirTimes() throws Exception {
        CompletableFuture<Void> older = intake.acceptFile(drop("older.json", item("o"), 1_000_000));
        CompletableFuture<Void> newer = intake.acceptFile(drop("newer.json", item("n"), 2_000_000));
        // the newer file's store ends first
        held.get(1).run();
        held.get(0).run();
        CompletableFuture.allOf(older, newer).get(10, TimeUnit.SECONDS);
        List<String> ids = requests.pendingIds();
        assertEquals(2, ids.size());
        assertEquals("older.json", source(ids.get(0)));
        assertEquals("newer.json", source(ids.get(1)));
    }

    private static String item(String reference) {
        return "{\"reference_id\": \"" + reference + "\", \"ad_template_type\": \"vehicle\", \"available\": true, "
                + "\"content_language\": \"pt-br\"}";
    }

    private String source(String id) throws Exception {
        return requests.read(id).source().replace("file:", "");
    }

    private Exchange drop(String name, String body, long modified) throws Exception {
        Path file = Files.writeString(Files.createDirectories(data.resolve("inbox/apisync/inventory-items")).resolve(name), body);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(new File(file.toString()));
        exchange.getIn().setHeader(ApisyncNames.RESOURCE, "inventory-items");
        exchange.getIn().setHeader(Exchange.FILE_NAME_ONLY, name);
        exchange.getIn().setHeader(Exchange.FILE_PATH, file.toString());
        exchange.getIn().setHeader(Exchange.FILE_LENGTH, Files.size(file));
        exchange.getIn().setHeader(Exchange.FILE_LAST_MODIFIED, modified);
        return exchange;
    }
}
