package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.adrelay.common.RuntimeSetup;
import io.adrelay.sandbox.SandboxLauncher;
import org.junit.jupiter.api.Test;

/**
 * The runtime never references the sandbox (DESIGN.md §2, §5): no compiled class outside
 * io.adrelay.sandbox names it in its constant pool, as a type or as a string. Only the sandbox's
 * launcher boots the runtime, the other way round.
 */
class ArchitectureTest {

    private static final String SANDBOX = "io/adrelay/sandbox";

    @Test
    void noClassOutsideTheSandboxReferencesIt() throws Exception {
        Path classes = mainClasses();
        List<Path> runtime;
        try (Stream<Path> files = Files.walk(classes)) {
            runtime = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !classes.relativize(f).toString().replace('\\', '/').startsWith(SANDBOX + "/")).toList();
        }
        assertTrue(runtime.contains(classFile(classes, RuntimeSetup.class)), "the runtime's classes are read from " + classes);
        assertEquals(List.of(), runtime.stream().filter(ArchitectureTest::namesTheSandbox).map(classes::relativize).toList());
    }

    @Test
    void theCheckSeesAReferenceWhereThereIsOne() throws Exception {
        Path classes = mainClasses();
        // the launcher names its own package's SimulatorStarter: the same search must find it
        assertTrue(namesTheSandbox(classFile(classes, SandboxLauncher.class)));
        assertFalse(namesTheSandbox(classFile(classes, Application.class)));
    }

    /** target/classes, where the runtime's classes are compiled to. */
    private static Path mainClasses() throws Exception {
        return Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path classFile(Path classes, Class<?> type) {
        return classes.resolve(type.getName().replace('.', '/') + ".class");
    }

    /** Class names in a constant pool are slash-separated; a class name in a string is dotted. */
    private static boolean namesTheSandbox(Path classFile) {
        try {
            String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return bytes.contains(SANDBOX) || bytes.contains(SANDBOX.replace('/', '.'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
