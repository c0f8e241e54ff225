package io.adrelay.common.storage.deadletters;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on dead-letter/&lt;api&gt;/&lt;id&gt;.json. */
class FileDeadLettersTest extends DeadLettersContract {

    @TempDir
    Path dir;

    @Override
    protected DeadLetters letters() {
        return new FileDeadLetters(dir);
    }

    @Override
    protected DeadLetters reopened() {
        return new FileDeadLetters(dir);
    }

    @Test
    void aLetterIsAFileUnderItsApiAndAReplayedOneMovesAside() {
        DeadLetters letters = letters();
        letters.add("bsa", "20261120T061501Z-bsa-pull-report-aaaaaaaa", letter("20261120T061501Z-bsa-pull-report-aaaaaaaa"));
        letters.add("../etc", "20261120T061502Z-x-bbbbbbbb", letter("20261120T061502Z-x-bbbbbbbb"));
        assertTrue(Files.isRegularFile(dir.resolve("bsa/20261120T061501Z-bsa-pull-report-aaaaaaaa.json")));
        assertTrue(Files.isRegularFile(dir.resolve("unknown/20261120T061502Z-x-bbbbbbbb.json")), "an odd API name is filed under unknown");

        letters.markReplayed("20261120T061501Z-bsa-pull-report-aaaaaaaa");
        assertTrue(Files.isRegularFile(dir.resolve("bsa/.replayed/20261120T061501Z-bsa-pull-report-aaaaaaaa.json")));
    }
}
