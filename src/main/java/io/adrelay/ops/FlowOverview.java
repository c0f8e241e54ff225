package io.adrelay.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import io.adrelay.common.egress.EgressAnswers;
import io.adrelay.common.egress.EgressBudgets;
import io.adrelay.common.intake.WebhookResponses;
import io.adrelay.common.routes.GuardedRouteReloader;
import io.adrelay.common.routes.RefusedFiles;
import io.adrelay.common.storage.deadletters.DeadLetterStore;

/**
 * GET /ops/flows (bean flowOverview): each enabled API at a glance (its intake queue, the requests in each of its
 * budgets' current window against the limit, the 429s it sent and its last success since start, its dead letters),
 * the health checks that say something, and every operator file refused with its reason. Read-only: it reads what
 * the runtime already keeps.
 */
public final class FlowOverview {

    private final CamelContext context;
    private final Set<String> flows;
    private final EgressBudgets budgets;
    private final EgressAnswers answers;
    private final DeadLetterStore deadLetters;

    public FlowOverview(CamelContext context, Set<String> flows, EgressBudgets budgets, EgressAnswers answers, DeadLetterStore deadLetters) {
        this.context = context;
        this.flows = flows;
        this.budgets = budgets;
        this.answers = answers;
        this.deadLetters = deadLetters;
    }

    public void flows(Exchange e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("flows", apis());
        body.put("health", health());
        body.put("refused_files", refusedFiles());
        WebhookResponses.reply(e, 200, body);
    }

    private List<Map<String, Object>> apis() {
        Map<String, Integer> pending = intakePending();
        Map<String, Integer> letters = new TreeMap<>();
        for (ObjectNode letter : deadLetters.list()) {
            letters.merge(letter.path("api").asText("adrelay"), 1, Integer::sum);
        }
        List<EgressBudgets.Usage> usage = budgets.usage();
        List<Map<String, Object>> apis = new ArrayList<>();
        for (String api : new TreeMap<>(Map.of("bsa", 0, "apisync", 0, "statlas", 0, "snap", 0)).keySet()) {
            if (!flows.contains(api)) {
                continue;
            }
            Map<String, Object> flow = new LinkedHashMap<>();
            flow.put("api", api);
            // only the flows with webhooks have an intake queue
            flow.put("intake_pending", pending.get(api));
            flow.put("budgets", usage.stream().filter(u -> u.route().startsWith(api + "-egress-")).map(FlowOverview::budget).toList());
            EgressAnswers.Seen seen = answers.seen(api).orElse(null);
            flow.put("too_many_requests", seen == null ? 0 : seen.tooManyRequests());
            flow.put("last_success", seen == null || seen.lastSuccess() == null ? null : seen.lastSuccess().toString());
            flow.put("last_status", seen == null ? null : seen.lastStatus());
            flow.put("dead_letters", letters.getOrDefault(api, 0));
            apis.add(flow);
        }
        return apis;
    }

    private static Map<String, Object> budget(EgressBudgets.Usage usage) {
        Map<String, Object> budget = new LinkedHashMap<>();
        budget.put("route", usage.route());
        budget.put("in_window", usage.inWindow());
        budget.put("limit", usage.requests());
        budget.put("period_ms", usage.periodMs());
        return budget;
    }

    /** The queue gauges the webhook intakes registered (adrelay_intake_pending{api}). */
    private Map<String, Integer> intakePending() {
        Map<String, Integer> pending = new TreeMap<>();
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        if (registry != null) {
            for (Gauge gauge : registry.find("adrelay.intake.pending").gauges()) {
                pending.put(gauge.getId().getTag("api"), (int) gauge.value());
            }
        }
        return pending;
    }

    /** Every check but the routes' own that are up (one per route: they say nothing until one is down). */
    private List<Map<String, Object>> health() {
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthCheck.Result result : HealthCheckHelper.invoke(context, "full")) {
            String id = result.getCheck().getId();
            if (id.startsWith("route:") && result.getState() == HealthCheck.State.UP) {
                continue;
            }
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("id", id);
            check.put("state", result.getState().name());
            check.put("message", result.getMessage().orElse(null));
            checks.add(check);
        }
        checks.sort((a, b) -> String.valueOf(a.get("id")).compareTo(String.valueOf(b.get("id"))));
        return checks;
    }

    /** Route files the reloader refused, then declarations (one bean of that type: others are found by type). */
    private List<Map<String, Object>> refusedFiles() {
        List<Map<String, Object>> refused = new ArrayList<>();
        GuardedRouteReloader reloader = context.hasService(GuardedRouteReloader.class);
        if (reloader != null) {
            add(refused, "route file", reloader.refusedFiles());
        }
        add(refused, "declaration", context.getRegistry().lookupByNameAndType("refusedDeclarations", RefusedFiles.class));
        return refused;
    }

    private static void add(List<Map<String, Object>> refused, String kind, RefusedFiles files) {
        if (files == null) {
            return;
        }
        files.refused().forEach((name, reason) -> {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", name);
            file.put("kind", kind);
            file.put("reason", reason);
            refused.add(file);
        });
    }
}
