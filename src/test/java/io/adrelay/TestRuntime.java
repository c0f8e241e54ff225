package io.adrelay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;

/**
 * Whole-application test support: properties only known at run time (simulator ports, temp dirs)
 * handed to @CamelMainTest through a main listener, and a small HTTP client for adrelay's port.
 */
public final class TestRuntime extends MainListenerSupport {

    public static final String OPS_TOKEN = "ops-token-for-tests-0001";

    private final Map<String, String> properties = new LinkedHashMap<>();

    private final int port = freePort();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestRuntime() {
        set("adrelay.http-port", String.valueOf(port));
    }

    /** prod profile against the given simulators, one flow, a temp data dir, a free port. */
    public static TestRuntime prod(String flows, String dataDir) {
        TestRuntime runtime = new TestRuntime();
        runtime.set("adrelay.profile", "prod").set("adrelay.flows", flows).set("adrelay.data-dir", dataDir)
                .set("adrelay.ops-token", OPS_TOKEN)
                // tests wait for the retries they provoke: keep them short
                .set("adrelay.retry.initial-delay-ms", "50").set("adrelay.retry.max-delay-ms", "3000")
                .set("adrelay.retry.max-attempts", "3")
                // a lost answer is looked for seconds later, not minutes
                .set("camel.component.http.so-timeout", "5000").set("adrelay.egress.check-after-ms", "6000");
        return runtime;
    }

    public TestRuntime set(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /**
     * The test's main has no CamelContext reference yet, but the properties component already holds
     * main's override properties object: adding to it is seen. It exists once the test's
     * {@code @CamelMainTest(properties = ...)} names at least one property.
     */
    @Override
    public void beforeConfigure(BaseMainSupport main) {
        if (main.getOverrideProperties() == null) {
            throw new IllegalStateException("give @CamelMainTest at least one property, e.g. properties = \"adrelay.profile=prod\"");
        }
        properties.forEach(main::addOverrideProperty);
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + OPS_TOKEN).GET());
    }

    public HttpResponse<String> post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + OPS_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        return TestHttp.send(http, request.timeout(Duration.ofSeconds(120)));
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
