package io.adrelay;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * adrelay as a real process: {@code java -jar target/adrelay.jar} started with ProcessBuilder in
 * the project directory (so routes/ and application.properties are the shipped ones) or in a given
 * one, configured by environment variables and -D properties, on a free port. It can be killed with SIGKILL and
 * started again on the same data directory and port. Its output goes to target/child-logs/ for
 * diagnosis; tests assert on HTTP answers, files and simulators, not on log text, except where the log is the
 * product under test (CleanStopIT: the lines of a stop; JsonLogIT: the JSON lines).
 */
public final class ChildRuntime implements AutoCloseable {

    public static final String OPS_TOKEN = TestRuntime.OPS_TOKEN;
    /** Variables of the test JVM's environment that would configure the child behind the test's back. */
    private static final List<String> FOREIGN_PREFIXES = List.of("ADRELAY_", "STATLAS_", "APISYNC_", "SNAP_", "BSA_", "GOOGLE_",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final String name;
    private final Path data;
    private final int port = freePort();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    /** The serial collector: fewer threads on a small, shared machine. */
    private final List<String> jvmOptions = new ArrayList<>(List.of("-XX:+UseSerialGC"));
    private boolean fastStart = true;
    private Path workDir = Path.of("").toAbsolutePath();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Path log;
    private String heap = "256m";
    /** RLIMIT_NOFILE of the child (ulimit -n), 0 for the test JVM's own. */
    private int descriptorLimit;
    private Process process;
    private int starts;
    private long peakRssKiB;

    private ChildRuntime(String name, Path data) {
        this.name = name;
        this.data = data;
        this.log = Path.of("target", "child-logs", name + ".log").toAbsolutePath();
    }

    /** The prod profile with the given flows on a data dir; the flows' URLs and secrets are the caller's to set. */
    public static ChildRuntime prod(String name, String flows, Path data) {
        ChildRuntime child = new ChildRuntime(name, data);
        child.env("ADRELAY_PROFILE", "prod").env("ADRELAY_FLOWS", flows).env("ADRELAY_DATA_DIR", data.toString())
                .env("ADRELAY_HTTP_PORT", String.valueOf(child.port)).env("ADRELAY_OPS_TOKEN", OPS_TOKEN)
                .env("ADRELAY_PUBLIC_URL", "http://127.0.0.1:" + child.port);
        // the tests wait for the retries they provoke: keep them short
        return child.property("adrelay.retry.initial-delay-ms", "50").property("adrelay.retry.max-delay-ms", "2000")
                .property("adrelay.retry.max-attempts", "3")
                // a lost answer is looked for seconds later, not minutes
                .property("camel.component.http.so-timeout", "5000").property("adrelay.egress.check-after-ms", "6000");
    }

    /**
     * A node of the cluster profile on the test's PostgreSQL, named {@code name} (ADRELAY_NODE_NAME), with the given flows on a
     * data dir the nodes share; the flows' URLs and secrets are the caller's to set.
     */
    public static ChildRuntime clusterNode(String name, String flows, Path shared, TestPostgres postgres) {
        return prod(name, flows, shared).env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", name)
                .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER)
                .env("ADRELAY_DB_PASSWORD", postgres.password());
    }

    /** The sandbox profile, every flow, its simulators on random ports, on a data dir. */
    public static ChildRuntime sandbox(String name, Path data) {
        ChildRuntime child = new ChildRuntime(name, data);
        return child.env("ADRELAY_PROFILE", "sandbox").env("ADRELAY_DATA_DIR", data.toString())
                .env("ADRELAY_HTTP_PORT", String.valueOf(child.port)).env("ADRELAY_SANDBOX_PORT_BASE", "0");
    }

    /** The working directory of the process (its relative paths, e.g. the route override directory routes/). */
    public ChildRuntime workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    public ChildRuntime env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** A -D system property: any key of application.properties. */
    public ChildRuntime property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** -Xmx of the child, e.g. "256m". */
    public ChildRuntime heap(String maxHeap) {
        this.heap = maxHeap;
        return this;
    }

    /** Starts the child under {@code ulimit -n limit}: the JVM cannot raise it, as it raises a soft limit to the hard one. */
    public ChildRuntime descriptorLimit(int limit) {
        this.descriptorLimit = limit;
        return this;
    }

    public ChildRuntime jvmOption(String option) {
        jvmOptions.add(option);
        return this;
    }

    /**
     * With fast start (the default) the JIT stops at C1: a child is healthy in about half the time, which is
     * what a test that restarts it often needs; a test sending it a long workload turns it off.
     */
    public ChildRuntime fastStart(boolean fast) {
        this.fastStart = fast;
        return this;
    }

    /** Starts the process and waits until GET /observe/health answers 200. */
    public ChildRuntime start() {
        launch();
        awaitHealthy(Duration.ofSeconds(90));
        return this;
    }

    /** Starts the process without waiting for it. */
    public ChildRuntime launch() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        Path jar = Path.of("target", "adrelay.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run mvn package first (failsafe runs after it)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        if (fastStart) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(jvmOptions);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        if (descriptorLimit > 0) {
            // bash sets both limits, then exec makes the JVM the child process itself (same pid, same signals)
            command.addAll(0, List.of("bash", "-c", "ulimit -n " + descriptorLimit + " && exec \"$0\" \"$@\""));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> FOREIGN_PREFIXES.stream().anyMatch(k::startsWith));
        builder.environment().putIfAbsent("LANG", "C.UTF-8");
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            // one log per test run: the first start begins it afresh, restarts append to it
            Files.writeString(log, "=== " + name + " start #" + (starts + 1) + " at " + Instant.now() + ": " + String.join(" ", command)
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    starts == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND);
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            process = builder.start();
            starts++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
        return this;
    }

    /** Waits for health 200; fails at once, naming the log, if the process exits meanwhile. */
    /**
     * Stops the nodes, then what they talked to (simulators, the database), each whatever became of the others; a null
     * one (its start failed) is skipped.
     */
    public static void stopAll(List<ChildRuntime> nodes, AutoCloseable... around) {
        nodes.forEach(ChildRuntime::close);
        for (AutoCloseable each : around) {
            if (each != null) {
                try {
                    each.close();
                } catch (Exception e) {
                    // the next one is closed all the same
                }
            }
        }
    }

    /** Nodes launched at once, then each awaited healthy (a cluster's nodes, as a rollout starts them). */
    public static void launchTogether(List<ChildRuntime> nodes) {
        nodes.forEach(ChildRuntime::launch);
        nodes.forEach(node -> node.awaitHealthy(Duration.ofSeconds(120)));
    }

    public void awaitHealthy(Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before it was healthy; see " + log);
            }
            return healthStatus() == 200;
        });
    }

    /** SIGKILL (Process.destroyForcibly on Linux), after sampling the peak RSS; waits until the process is gone. */
    public void kill9() {
        sampleRss();
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(20));
    }

    /** SIGTERM, a graceful stop; SIGKILL if it takes more than 30 s. Returns the exit code. */
    public int stop() {
        sampleRss();
        process.destroy();
        if (!waitForExit(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            waitForExit(Duration.ofSeconds(10));
        }
        return process.exitValue();
    }

    private boolean waitForExit(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The exit code, or null while it runs. */
    public Integer exitCode() {
        return process == null || process.isAlive() ? null : process.exitValue();
    }

    public long pid() {
        return process.pid();
    }

    public int starts() {
        return starts;
    }

    /** The highest VmHWM (peak resident set) of any run so far, in MiB; the running one is sampled now. */
    public long peakRssMiB() {
        sampleRss();
        return peakRssKiB / 1024;
    }

    /** Reads VmHWM of the running process from /proc; keeps the highest seen. */
    public void sampleRss() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakRssKiB = Math.max(peakRssKiB, Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between the check and the read: the last sample stands
        }
    }

    public Path log() {
        return log;
    }

    /** The name it was made with (a cluster node's ADRELAY_NODE_NAME). */
    public String name() {
        return name;
    }

    public Path data() {
        return data;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The status of GET /observe/health, or -1 when nothing answers. */
    public int healthStatus() {
        try {
            return http.send(HttpRequest.newBuilder(uri("/observe/health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** GET with the ops token. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + OPS_TOKEN).GET());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpClient client() {
        return http;
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill9();
        }
    }

    @Override
    public String toString() {
        return name + " (port " + port + ", data " + data + ", log " + log + ")";
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
