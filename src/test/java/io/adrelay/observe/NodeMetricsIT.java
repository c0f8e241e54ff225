package io.adrelay.observe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.adrelay.ChildRuntime;
import io.adrelay.TestPostgres;
import io.adrelay.sandbox.BsaSimulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster node's Prometheus scrape: every series on /observe/metrics carries node="<ADRELAY_NODE_NAME>", the JVM's
 * (bound by camel-main before adrelay's setup runs), Camel's route meters and adrelay's own alike, so three nodes' series
 * never merge in Prometheus. One node of the cluster profile (java -jar, as deployed) on a real PostgreSQL.
 */
class NodeMetricsIT {

    static final String NODE = "adrelay-5d8f7c9b4-x2kqp";
    static final String KEY = "bsa-key-node-metrics";
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? ", Pattern.MULTILINE);

    @TempDir
    static Path tmp;

    static TestPostgres postgres;
    static BsaSimulator bsa;
    static ChildRuntime node;

    @BeforeAll
    static void startNode() {
        postgres = TestPostgres.start();
        bsa = new BsaSimulator(KEY, LocalDate.now()).start();
        node = ChildRuntime.prod("node-metrics", "bsa", tmp.resolve("data"))
                .env("ADRELAY_PROFILE", "cluster").env("ADRELAY_NODE_NAME", NODE)
                .env("ADRELAY_DB_URL", postgres.url()).env("ADRELAY_DB_USER", TestPostgres.USER).env("ADRELAY_DB_PASSWORD", postgres.password())
                .env("BSA_BASE_URL", bsa.baseUrl()).env("BSA_API_KEY", KEY)
                .heap("192m").start();
    }

    @AfterAll
    static void stopNode() {
        if (node != null) {
            node.close();
        }
        if (bsa != null) {
            bsa.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everySeriesOfTheScrapeNamesTheNode() throws Exception {
        // adrelay's gauges come once the context has started, the route meters with the first exchanges (the start's catch-up)
        Set<String> families = Set.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds", "adrelay_ready",
                "adrelay_dead_letters_total", "camel_exchanges_total");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> names(scrape()).containsAll(families));

        String scrape = scrape();
        List<String> samples = scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        List<String> unlabelled = samples.stream().filter(line -> !line.contains(NodeMetricsIT.label())).toList();
        assertEquals(List.of(), unlabelled, "series without " + label());
        assertTrue(scrape.contains("adrelay_ready{" + label() + "} 1.0"), "the node is ready, and says which it is");
        System.out.println("NodeMetricsIT: " + samples.size() + " series of " + names(scrape).size() + " metrics on /observe/metrics, each with "
                + label());
    }

    static String label() {
        return "node=\"" + NODE + "\"";
    }

    private static String scrape() throws Exception {
        return node.get("/observe/metrics").body();
    }

    private static Set<String> names(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }
}
