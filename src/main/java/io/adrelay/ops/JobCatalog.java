package io.adrelay.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.quartz.Trigger;

/** The scheduled jobs (every route started by Quartz): listing them and running one now. */
public class JobCatalog {

    private final CamelContext context;
    private final JobOutcomes outcomes;

    public JobCatalog(CamelContext context, JobOutcomes outcomes) {
        this.context = context;
        this.outcomes = outcomes;
    }

    public List<Map<String, Object>> list() throws Exception {
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            if (route.getEndpoint() instanceof QuartzEndpoint quartz) {
                jobs.add(describe(route, quartz));
            }
        }
        jobs.sort((a, b) -> String.valueOf(a.get("id")).compareTo(String.valueOf(b.get("id"))));
        return jobs;
    }

    public Optional<Route> find(String id) {
        Route route = context.getRoute(id);
        return route != null && route.getEndpoint() instanceof QuartzEndpoint ? Optional.of(route) : Optional.empty();
    }

    /** Runs the job's route now, as if its trigger had fired, with the given headers; waits for it to finish. */
    public Exchange runNow(Route route, Map<String, Object> headers) throws Exception {
        Exchange exchange = route.getEndpoint().createExchange();
        exchange.getIn().getHeaders().putAll(headers);
        exchange.getExchangeExtension().setFromEndpoint(route.getEndpoint());
        exchange.getExchangeExtension().setFromRouteId(route.getRouteId());
        AsyncProcessorConverterHelper.convert(route.getProcessor()).process(exchange);
        return exchange;
    }

    private Map<String, Object> describe(Route route, QuartzEndpoint quartz) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", route.getRouteId());
        job.put("cron", quartz.getCron());
        job.put("status", context.getRouteController().getRouteStatus(route.getRouteId()).name());
        Trigger trigger = ((QuartzComponent) quartz.getComponent()).getScheduler().getTrigger(quartz.getTriggerKey());
        job.put("next_run", trigger == null || trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().toInstant().toString());
        JobOutcomes.Outcome last = outcomes.lastOutcome(route.getRouteId());
        job.put("last_run", last == null ? null : last.finishedAt().toString());
        job.put("last_outcome", last == null ? null : last.summary());
        return job;
    }
}
