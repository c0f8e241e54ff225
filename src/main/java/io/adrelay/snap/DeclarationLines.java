package io.adrelay.snap;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The line of a declaration file each field is written on, so that a problem named by its path
 * ({@code catalogs[0].feeds[1].name}, or the JSON pointer a schema names) can be shown where an operator edits it.
 */
public final class DeclarationLines {

    private static final Pattern PATH = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])*(\\.[A-Za-z_][A-Za-z0-9_]*(\\[\\d+])*)*");

    /** JSON pointer (/catalogs/0/name) to the 1-based line its value, or its key, starts on. */
    private final Map<String, Integer> lines;

    private DeclarationLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** The lines of the YAML read from {@code in}; a file that does not parse knows the lines it read up to there. */
    public static DeclarationLines of(InputStream in) {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = new YAMLFactory().createParser(in)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                // the first token of a path is its key (an object's field) or its value (a list's item)
                lines.putIfAbsent(parser.getParsingContext().pathAsPointer().toString(), parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException | RuntimeException unreadable) {
            // what was read so far still places problems
        }
        return new DeclarationLines(lines);
    }

    /** The line of the field a problem names at its start ({@code catalogs[0].key: ...}); 0 when none is found. */
    public int ofProblem(String problem) {
        String pointer = pointerOf(problem);
        return pointer == null ? 0 : ofPointer(pointer);
    }

    /** The JSON pointer of the field a problem names at its start; null when it names none. */
    public static String pointerOf(String problem) {
        Matcher path = PATH.matcher(problem);
        return path.find() ? pointer(path.group()) : null;
    }

    /** The line of the deepest field of this JSON pointer that the file has; 0 when it has none of it. */
    public int ofPointer(String pointer) {
        for (String p = pointer; !p.isEmpty(); p = p.substring(0, p.lastIndexOf('/'))) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** catalogs[0].feeds[1].name as /catalogs/0/feeds/1/name. */
    static String pointer(String path) {
        return "/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }
}
