package io.adrelay.common.storage.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.adrelay.common.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on state/egress/sent/. */
class FileCallsInDoubtTest extends CallsInDoubtContract {

    @TempDir
    Path dir;

    @Override
    protected CallsInDoubt calls() {
        return new FileCallsInDoubt(dir);
    }

    @Override
    protected CallsInDoubt reopened() {
        return new FileCallsInDoubt(dir);
    }

    /** The name a call has had since the first release: a data dir written before an upgrade is read after it. */
    @Test
    void oneFileNamedByTheFirstHalfOfTheEffectsSha256() throws Exception {
        calls().remember("snap feed upload 123 abc", Json.MAPPER.createObjectNode().put("sent_at", "2026-11-20T06:15:00Z"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("9d8ebbb7538f40c30fd59a0d8e4a23ee.json"), files.map(f -> f.getFileName().toString()).toList());
        }
    }
}
