package io.adrelay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.adrelay.sandbox.SandboxLauncher;
import org.junit.jupiter.api.Test;
import io.adrelay.common.routes.RouteConfigurations;
import io.adrelay.runtime.RuntimeSetup;
import io.adrelay.common.storage.deadletters.FileDeadLetters;
import io.adrelay.common.storage.documents.FileDocumentStore;
import io.adrelay.common.storage.references.FileReferenceStore;
import io.adrelay.common.storage.intake.FileIntakeStore;
import io.adrelay.common.storage.ledger.FileCallsInDoubt;
import io.adrelay.common.storage.ledger.FileEffectLedger;
import io.adrelay.common.storage.runs.FileJobRunStore;
import io.adrelay.statlas.StatlasBeans;

/**
 * The runtime never references the sandbox (DESIGN.md §2, §5): no compiled class outside
 * io.adrelay.sandbox names it in its constant pool, as a type or as a string. Only the sandbox's
 * launcher boots the runtime, the other way round.
 */
class ArchitectureTest {

    private static final String SANDBOX = "io/adrelay/sandbox";
    /** ProducerTemplate and FluentProducerTemplate alike. */
    private static final String PRODUCER_TEMPLATE = "ProducerTemplate";

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

    /** The shared machinery is the lowest layer: it names no flow, no ops class and not the runtime's wiring above it. */
    @Test
    void theSharedMachineryNamesNothingAboveIt() throws Exception {
        Path classes = mainClasses();
        List<String> above = List.of("io/adrelay/ops/", "io/adrelay/runtime/", "io/adrelay/statlas/", "io/adrelay/drive/",
                "io/adrelay/apisync/", "io/adrelay/snap/", "io/adrelay/bsa/", SANDBOX + "/");
        List<Path> common;
        try (Stream<Path> files = Files.walk(classes.resolve("io/adrelay/common"))) {
            common = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(common.size() > 50, "the shared machinery's classes are read: " + common.size());
        assertEquals(List.of(), common.stream().filter(f -> above.stream().anyMatch(p -> names(f, p))).map(classes::relativize).toList());
    }

    /**
     * The state's implementations are chosen in one place (runtime/EmbeddedStateStores, by profile): the flows, ops
     * and the rest of the shared machinery know only the seams, so another implementation plugs in without them.
     */
    @Test
    void onlyTheStoresFactoryNamesAFileImplementationOfAStorageSeam() throws Exception {
        Path classes = mainClasses();
        List<String> fileImplementations = List.of(FileEffectLedger.class, FileCallsInDoubt.class, FileIntakeStore.class,
                FileJobRunStore.class, FileDeadLetters.class, FileDocumentStore.class, FileReferenceStore.class).stream()
                .map(type -> type.getName().replace('.', '/')).toList();
        String factory = "io/adrelay/runtime/EmbeddedStateStores";
        List<Path> others;
        try (Stream<Path> files = Files.walk(classes.resolve("io/adrelay"))) {
            others = files.filter(f -> f.toString().endsWith(".class")).filter(f -> {
                String name = classes.relativize(f).toString().replace('\\', '/');
                return !name.startsWith(factory) && fileImplementations.stream().noneMatch(impl -> name.startsWith(impl));
            }).toList();
        }
        assertTrue(names(classes.resolve(factory + ".class"), fileImplementations.get(0)), "the check sees the factory name them");
        assertTrue(others.contains(classFile(classes, StatlasBeans.class)), "the flows' classes are read from " + classes);
        assertEquals(List.of(), others.stream().filter(f -> fileImplementations.stream().anyMatch(impl -> names(f, impl)))
                .map(classes::relativize).toList());
    }

    /**
     * The routes show every effect (DESIGN.md §2): no runtime class sends an exchange from Java through a
     * ProducerTemplate (a replay, a catch-up, an upload's resume, Snap's token refresh are route steps); the sandbox,
     * which is not the runtime, may.
     */
    @Test
    void noRuntimeClassSendsThroughAProducerTemplate() throws Exception {
        Path classes = mainClasses();
        List<Path> runtime;
        try (Stream<Path> files = Files.walk(classes.resolve("io/adrelay"))) {
            runtime = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> !classes.relativize(f).toString().replace('\\', '/').startsWith(SANDBOX + "/")).toList();
        }
        assertTrue(runtime.size() > 100, "the runtime's classes are read: " + runtime.size());
        Path tests = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(names(tests.resolve("io/adrelay/common/egress/SentEffectsTest.class"), PRODUCER_TEMPLATE),
                "the check sees a ProducerTemplate where there is one");
        assertEquals(List.of(), runtime.stream().filter(f -> names(f, PRODUCER_TEMPLATE)).map(classes::relativize).toList());
    }

    /**
     * camel-main's tests (@CamelMainTest) scan io.adrelay for RouteBuilder classes and create each: a RouteBuilder
     * class among the tests (an anonymous one included) without a public no-argument constructor fails every one of
     * them. Tests add routes as lambdas (RouteBuilder.addRoutes, addLambdaRouteBuilder) or AdviceWith.
     */
    @Test
    void noTestClassIsARouteBuilderTheScanWouldFind() throws Exception {
        Path tests = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> builders;
        try (Stream<Path> files = Files.walk(tests.resolve("io/adrelay"))) {
            builders = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> tests.relativize(f).toString().replace('\\', '/').replace(".class", "").replace('/', '.'))
                    .filter(ArchitectureTest::isRouteBuilder).toList();
        }
        assertTrue(isRouteBuilder(io.adrelay.ops.OpsRestRoutes.class.getName()), "the check sees a RouteBuilder where there is one");
        assertEquals(List.of(), builders);
    }

    private static boolean isRouteBuilder(String className) {
        try {
            Class<?> type = Class.forName(className, false, ArchitectureTest.class.getClassLoader());
            return org.apache.camel.RoutesBuilder.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * No type converter of adrelay's own: camel-main's package scan is off (camel.main.base-package-scan-enabled), so one
     * would be silently left out. A converter goes in a bean called by name instead.
     */
    @Test
    void noClassIsATypeConverterFoundByScanning() throws Exception {
        Path classes = mainClasses();
        List<Path> all;
        try (Stream<Path> files = Files.walk(classes.resolve("io/adrelay"))) {
            all = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertTrue(all.size() > 100, "the classes are read: " + all.size());
        assertEquals(List.of(), all.stream().filter(f -> names(f, "org/apache/camel/Converter;")).map(classes::relativize).toList());
    }

    /**
     * camel-main's package scan is off (it reads the whole runnable jar at every start): application.properties names the
     * Java routes and the configurations instead. A class of either kind that it does not name would be silently left
     * out, and a name without its class stops the start. The route configurations are the one exception: RuntimeSetup adds
     * them itself, before it loads the route files, whose routes are prepared with them.
     */
    @Test
    void thePropertiesNameEveryJavaRouteAndConfiguration() throws Exception {
        Path classes = mainClasses();
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(classes.resolve("application.properties"))) {
            properties.load(in);
        }
        assertEquals("false", properties.getProperty("camel.main.base-package-scan-enabled"));
        Set<String> builders = new TreeSet<>();
        Set<String> configurations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes.resolve("io/adrelay"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/').replace(".class", "").replace('/', '.');
                Class<?> type = Class.forName(name, false, ArchitectureTest.class.getClassLoader());
                // what the scan took: concrete public classes it could create (sandbox lambdas and nested helpers are not)
                if (type.isInterface() || Modifier.isAbstract(type.getModifiers())
                        || !Modifier.isPublic(type.getModifiers()) || type.isAnonymousClass()) {
                    continue;
                }
                if (org.apache.camel.RoutesBuilder.class.isAssignableFrom(type) && type != RouteConfigurations.class) {
                    builders.add(name);
                }
                if (org.apache.camel.CamelConfiguration.class.isAssignableFrom(type)
                        || type.isAnnotationPresent(org.apache.camel.Configuration.class)) {
                    configurations.add(name);
                }
            }
        }
        assertTrue(builders.contains(io.adrelay.ops.OpsRestRoutes.class.getName()), "the check sees a Java route: " + builders);
        assertTrue(configurations.contains(RuntimeSetup.class.getName()), "the check sees a configuration: " + configurations);
        assertEquals(builders, named(properties, "camel.main.routes-builder-classes"));
        assertEquals(configurations, named(properties, "camel.main.configuration-classes"));
    }

    /**
     * A @CamelMainTest that names a mainClass gets camel-main's package scan of its package, which adds every
     * configuration a second time (RuntimeSetup refuses that): the tests name none, as Application names no base package.
     */
    @Test
    void noWholeApplicationTestTurnsThePackageScanOn() throws Exception {
        Path tests = Path.of(ArchitectureTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> scanning;
        try (Stream<Path> files = Files.walk(tests.resolve("io/adrelay"))) {
            scanning = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> tests.relativize(f).toString().replace('\\', '/').replace(".class", "").replace('/', '.'))
                    .filter(ArchitectureTest::namesAMainClass).toList();
        }
        assertEquals(List.of(), scanning);
    }

    private static boolean namesAMainClass(String className) {
        try {
            Class<?> type = Class.forName(className, false, ArchitectureTest.class.getClassLoader());
            org.apache.camel.test.main.junit5.CamelMainTest test = type.getAnnotation(org.apache.camel.test.main.junit5.CamelMainTest.class);
            return test != null && test.mainClass() != void.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Set<String> named(Properties properties, String key) {
        return new TreeSet<>(List.of(properties.getProperty(key, "").trim().split("\\s*,\\s*")));
    }

    /** target/classes, where the runtime's classes are compiled to. */
    private static Path mainClasses() throws Exception {
        return Path.of(Application.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static Path classFile(Path classes, Class<?> type) {
        return classes.resolve(type.getName().replace('.', '/') + ".class");
    }

    private static boolean namesTheSandbox(Path classFile) {
        return names(classFile, SANDBOX);
    }

    /** Class names in a constant pool are slash-separated; a class name in a string is dotted. */
    private static boolean names(Path classFile, String packagePath) {
        try {
            String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
            return bytes.contains(packagePath) || bytes.contains(packagePath.replace('/', '.'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
