package io.adrelay.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Trigger;

/** The scheduled jobs (every route started by Quartz): listing them, and the work of running one now. */
public class JobCatalog {

    private final CamelContext context;
    private final JobRuns runs;

    public JobCatalog(CamelContext context, JobRuns runs) {
        this.context = context;
        this.runs = runs;
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

    /**
     * The job's route run as if its trigger had fired: an exchange made by the route's consumer, with
     * the given headers, through the processor the consumer itself calls (error handling, route
     * policies and metrics all apply).
     */
    public JobWork work(Route route, Map<String, Object> headers) {
        return run -> {
            Consumer consumer = route.getConsumer();
            if (consumer == null) {
                throw new IllegalStateException("job " + route.getRouteId() + " has no consumer (is its route started?)");
            }
            Exchange exchange = consumer.createExchange(false);
            exchange.getIn().getHeaders().putAll(headers);
            exchange.setProperty(RunningJob.PROPERTY, run);
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            return exchange;
        };
    }

    private Map<String, Object> describe(Route route, QuartzEndpoint quartz) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", route.getRouteId());
        job.put("cron", quartz.getCron());
        job.put("status", context.getRouteController().getRouteStatus(route.getRouteId()).name());
        Trigger trigger = ((QuartzComponent) quartz.getComponent()).getScheduler().getTrigger(quartz.getTriggerKey());
        job.put("next_run", trigger == null || trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().toInstant().toString());
        Optional<JobRun> last = runs.lastFinished(route.getRouteId());
        job.put("last_run", last.map(r -> r.finishedAt().toString()).orElse(null));
        job.put("last_outcome", last.map(JobRun::summary).orElse(null));
        runs.running(route.getRouteId()).ifPresent(r -> job.put("running_run_id", r.runId()));
        return job;
    }
}
