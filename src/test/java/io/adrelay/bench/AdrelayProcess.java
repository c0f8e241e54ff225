package io.adrelay.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar adrelay.jar} in the prod profile as a child of a bench, in its own work directory, configured only
 * by the variables and -D properties given here: the caller's ADRELAY_*, STATLAS_*, ... variables are removed, so no
 * throttle is raised behind the bench's back. Only the jar's classes are needed (a bench runs without the test
 * dependencies). Its output goes to adrelay.log in the work directory.
 */
final class AdrelayProcess implements AutoCloseable {

    private static final List<String> FOREIGN_PREFIXES = List.of("ADRELAY_", "STATLAS_", "APISYNC_", "SNAP_", "BSA_", "GOOGLE_",
            "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private final Path jar;
    private final Path work;
    private final Path data;
    private final int port = freePort();
    /** A fresh one each run: the bench's own, never a configured secret. */
    private final String opsToken = "bench-" + UUID.randomUUID();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    AdrelayProcess(Path jar, Path work, String flows) {
        this(jar, work, work.resolve("data"), flows);
    }

    /** With a data dir of its own choosing: the nodes of a cluster share one, each with its own work dir (and log). */
    AdrelayProcess(Path jar, Path work, Path data, String flows) {
        this.jar = jar.toAbsolutePath();
        this.work = work.toAbsolutePath();
        this.data = data.toAbsolutePath();
        env("ADRELAY_PROFILE", "prod").env("ADRELAY_FLOWS", flows).env("ADRELAY_DATA_DIR", data.toString())
                .env("ADRELAY_HTTP_PORT", String.valueOf(port)).env("ADRELAY_BIND_ADDRESS", "127.0.0.1")
                .env("ADRELAY_OPS_TOKEN", opsToken).env("ADRELAY_PUBLIC_URL", "http://127.0.0.1:" + port);
    }

    AdrelayProcess env(String key, String value) {
        env.put(key, value);
        return this;
    }

    AdrelayProcess property(String key, String value) {
        properties.put(key, value);
        return this;
    }

    Path data() {
        return data;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the JVM (the heap the Dockerfile gives it) and waits until /observe/health answers 200. */
    void start(Duration atMost) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("adrelay.log").toFile());
        builder.environment().keySet().removeIf(k -> FOREIGN_PREFIXES.stream().anyMatch(k::startsWith));
        builder.environment().putAll(env);
        Files.createDirectories(work);
        Files.createDirectories(data);
        process = builder.start();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (healthStatus() != 200) {
            if (!process.isAlive()) {
                throw new IllegalStateException("adrelay exited with " + process.exitValue() + "; see " + work.resolve("adrelay.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("adrelay not healthy after " + atMost + "; see " + work.resolve("adrelay.log"));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** POST with the ops token. */
    HttpResponse<String> postOps(String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + opsToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The peak resident set (VmHWM) of the JVM so far, in MiB; 0 once it is gone. */
    long peakRssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited meanwhile
        }
        return 0;
    }

    private int healthStatus() {
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

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
