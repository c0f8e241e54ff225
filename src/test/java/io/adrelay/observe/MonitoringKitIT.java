package io.adrelay.observe;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.adrelay.TestRuntime;
import io.adrelay.common.Json;
import io.adrelay.sandbox.SimulatorStarter;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitoring kit (deploy/monitoring/): every metric its Grafana dashboard and its Prometheus alert rules name is
 * served by /observe/metrics of a sandbox with no configuration, so no panel stays empty and no alert waits on a series
 * that never comes. ({@code up} is Prometheus' own, made by the scrape.)
 */
@CamelMainTest(properties = "adrelay.profile=sandbox")
class MonitoringKitIT {

    static final Path KIT = Path.of("deploy/monitoring");
    static final Pattern METRIC = Pattern.compile("\\b(?:adrelay|jvm|process)_[a-z0-9_]+\\b");
    static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @TempDir
    Path data;
    TestRuntime app;

    @Configure
    void configure(MainConfigurationProperties main) {
        // the Snap upload counters come with the first upload: the demo feed's every 2 s rather than every minute
        app = new TestRuntime().set("adrelay.data-dir", data.toString()).set("adrelay.sandbox.port-base", "0")
                .set("snap.feed.demo.cron", "0/2 * * * * ?");
        main.addMainListener(app);
        main.addMainListener(new SimulatorStarter());
    }

    @Test
    void everyMetricTheDashboardAndTheAlertRulesNameIsServed() throws Exception {
        List<String> dashboard = dashboardExpressions();
        List<String> rules = ruleExpressions();
        assertTrue(dashboard.size() >= 10, "the dashboard's queries: " + dashboard);
        Set<String> alerts = new TreeSet<>();
        new YAMLMapper().readTree(KIT.resolve("adrelay-alerts.yml").toFile()).path("groups").get(0).path("rules")
                .forEach(rule -> alerts.add(rule.path("alert").asText()));
        assertEquals(Set.of("AdrelayJobNotSucceeding", "AdrelayDeadLettersGrowing", "AdrelayIntakeQueueNearBound", "AdrelayNotReady",
                "AdrelayDown"), alerts);

        Set<String> named = new TreeSet<>();
        for (String expression : concat(dashboard, rules)) {
            Matcher metric = METRIC.matcher(expression);
            while (metric.find()) {
                named.add(metric.group());
            }
        }
        assertTrue(named.containsAll(Set.of("adrelay_job_last_success_timestamp_seconds", "adrelay_job_period_seconds",
                "adrelay_dead_letters_total", "adrelay_intake_pending", "adrelay_intake_max_pending", "adrelay_ready")), named.toString());

        // the gauges appear once adrelay has started, the Snap upload counters with the demo feed's first upload
        await().atMost(Duration.ofSeconds(60)).until(() -> served().containsAll(named));
        Set<String> served = served();
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(served);
        assertEquals(Set.of(), missing, "named by the kit, not served by /observe/metrics");
        assertTrue(rules.stream().anyMatch(r -> r.contains("up{job=\"adrelay\"}")), "adrelay down: Prometheus' own up, of the scrape job");
        String body = app.get("/observe/metrics").body();
        assertTrue(body.contains("adrelay_ready 1.0"), "the sandbox is ready");
        assertTrue(body.contains("adrelay_job_period_seconds{job=\"bsa-pull-report-daily-stats\"} 86400.0"), "a daily job's period");
        // one process: the embedded default's series are as they were, without the cluster's node label (NodeMetricsIT)
        assertFalse(body.contains("node=\""), "no node label outside the cluster profile");
    }

    private Set<String> served() {
        HttpResponse<String> metrics = app.get("/observe/metrics");
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(metrics.body());
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }

    private static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = Json.MAPPER.readTree(KIT.resolve("adrelay-dashboard.json").toFile());
        List<String> expressions = new java.util.ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        dashboard.path("templating").path("list").forEach(variable -> expressions.add(variable.path("query").asText()));
        return expressions;
    }

    private static List<String> ruleExpressions() throws Exception {
        List<String> expressions = new java.util.ArrayList<>();
        new YAMLMapper().readTree(KIT.resolve("adrelay-alerts.yml").toFile()).path("groups")
                .forEach(group -> group.path("rules").forEach(rule -> expressions.add(rule.path("expr").asText())));
        return expressions;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
