package io.adrelay.common.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Names no consumer can take are moved aside once, with a reason; good names are left alone. */
class InboxNamesTest {

    @TempDir
    Path inbox;

    @Test
    void namesAreJudged() {
        assertNull(InboxNames.problem("items-2026.json"));
        assertNull(InboxNames.problem("café.json"));
        assertTrue(InboxNames.problem("x".repeat(250) + ".json").contains("longer than 200 bytes"));
        assertTrue(InboxNames.problem("new\nline.json").contains("control character"));
        assertTrue(InboxNames.problem("bad\uFFFD.json").contains("UTF-8"));
    }

    @Test
    void badNamesAreMovedAsideOnceWithAReason() throws Exception {
        Path apisync = Files.createDirectories(inbox.resolve("apisync/inventory-items"));
        Files.writeString(apisync.resolve("good.json"), "{}");
        Files.writeString(apisync.resolve("x".repeat(250) + ".json"), "{}");
        Files.writeString(apisync.resolve("new\nline.json"), "{}");
        // a name that is not UTF-8 can only be made outside Java
        assertEquals(0, new ProcessBuilder("sh", "-c", "touch \"$(printf 'bad\\377\\376.json')\"").directory(apisync.toFile())
                .start().waitFor());
        InboxNames names = new InboxNames(inbox);

        assertEquals(3, names.quarantine());
        assertEquals(0, names.quarantine(), "once");
        assertEquals(List.of("good.json"), list(apisync));
        List<Path> reasons = listPaths(apisync.resolve(".error")).stream().filter(p -> p.toString().endsWith(".error.json")).toList();
        assertEquals(3, reasons.size());
        for (Path reason : reasons) {
            String text = new ObjectMapper().readTree(reason.toFile()).path("reason").asText();
            assertTrue(text.contains("rename it"), text);
        }
        assertFalse(list(apisync.resolve(".error")).stream().anyMatch(n -> InboxNames.problem(n) != null));
    }

    private static List<String> list(Path dir) throws Exception {
        return listPaths(dir).stream().filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
    }

    private static List<Path> listPaths(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
