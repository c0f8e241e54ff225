package io.adrelay.common.storage.deadletters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;
import io.adrelay.common.storage.DataDirectory;

/**
 * The embedded dead letters: dead-letter/&lt;api&gt;/&lt;id&gt;.json, written atomically; a replayed letter moves
 * to dead-letter/&lt;api&gt;/.replayed/.
 */
public class FileDeadLetters implements DeadLetters {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_.-]+");

    private final Path root;

    public FileDeadLetters(Path root) {
        this.root = root;
    }

    @Override
    public void add(String api, String id, String letter) {
        DataDirectory.writeAtomically(root.resolve(safe(api)).resolve(id + ".json"), letter.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<ObjectNode> list(State state) {
        List<ObjectNode> letters = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return letters;
        }
        // open letters are in dead-letter/<api>/, the others one folder further down
        try (Stream<Path> files = Files.walk(root, state == State.OPEN ? 2 : 3)) {
            for (Path file : files.filter(f -> isLetter(f) && inState(f, state)).sorted(Comparator.comparing(Path::getFileName)).toList()) {
                letters.add((ObjectNode) Json.MAPPER.readTree(file.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return letters;
    }

    @Override
    public Optional<ObjectNode> find(String id) {
        return locate(id).map(file -> {
            try {
                return (ObjectNode) Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void markReplayed(String id) {
        locate(id).ifPresent(file -> DataDirectory.moveDurably(file, file.getParent().resolve(folder(State.REPLAYED)).resolve(file.getFileName())));
    }

    @Override
    public Optional<ObjectNode> dismiss(String id, Map<String, String> fields) {
        Optional<Path> found = locate(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Path file = found.get();
        try {
            ObjectNode letter = (ObjectNode) Json.MAPPER.readTree(file.toFile());
            fields.forEach(letter::put);
            Path dismissed = file.getParent().resolve(folder(State.DISMISSED)).resolve(file.getFileName());
            // the record first, then the open letter goes: a crash in between leaves it open, never lost
            DataDirectory.writeAtomically(dismissed, Json.PRETTY.writeValueAsString(letter).getBytes(StandardCharsets.UTF_8));
            Files.delete(file);
            return Optional.of(letter);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder of a state under dead-letter/<api>/: none for the open letters. */
    private static String folder(State state) {
        return state == State.OPEN ? null : "." + state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the file is a letter in this state: open ones in dead-letter/<api>/, the others in its state's folder. */
    private boolean inState(Path file, State state) {
        Path parent = file.getParent();
        return state == State.OPEN ? parent.getParent().equals(root)
                : parent.getFileName().toString().equals(folder(state)) && parent.getParent().getParent().equals(root);
    }

    private Optional<Path> locate(String id) {
        if (id == null || !SAFE_ID.matcher(id).matches() || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(f -> isLetter(f) && inState(f, State.OPEN)).filter(f -> f.getFileName().toString().equals(id + ".json"))
                    .findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isLetter(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".json")
                && !file.getFileName().toString().startsWith(".");
    }

    /** An API name as a directory name; anything else is filed under unknown. */
    private static String safe(String name) {
        return SAFE_ID.matcher(name).matches() ? name : "unknown";
    }
}
