package io.adrelay.ops;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import io.adrelay.common.routes.QuartzSchedule;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.SynchronizationAdapter;
import io.adrelay.common.storage.runs.JobRun;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each Quartz firing a run of its job (history, last_run, metrics), and skips a firing while
 * the job is running already, whoever started that run. A firing made for a run begun over HTTP
 * ({@link JobCatalog#fire}) carries that run: its exchange goes on as that run, and ends it. Given to
 * every route (YAML routes reloaded later included); it only acts on routes whose trigger is Quartz.
 */
public final class ScheduledRunPolicy implements RoutePolicy, RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRunPolicy.class);

    /** The header camel-quartz gives a firing's exchange: its trigger's group. */
    private static final String TRIGGER_GROUP = "triggerGroup";

    private final JobRuns runs;

    public ScheduledRunPolicy(JobRuns runs) {
        this.runs = runs;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        // stateless: one instance serves every route
        return this;
    }

    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (!isJob(route)) {
            return;
        }
        Optional<RunningJob> run = JobCatalog.firedFor(exchange).isPresent() ? firedRun(route, exchange) : scheduledRun(route, exchange);
        if (run.isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(RunningJob.PROPERTY, run.get());
        run.get().enter();
        // when the exchange is done, however it ends: a route policy is not told of an exchange that ends during a stop
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                ended(run.get(), done);
            }
        });
    }

    private void ended(RunningJob run, Exchange exchange) {
        RunningJob.leave();
        runs.finish(run, exchange);
        if (runs.isStopping()) {
            // the run is recorded interrupted: Quartz need not log the stop that cut it short as an error of the job
            exchange.setException(null);
        }
    }

    /** A firing of POST /ops/jobs/{id}/run: the run begun for it, its parameters as headers. */
    private Optional<RunningJob> firedRun(Route route, Exchange exchange) {
        String runId = JobCatalog.firedFor(exchange).orElseThrow();
        Optional<RunningJob> run = runs.running(route.getRouteId()).filter(r -> r.runId().equals(runId));
        if (run.isEmpty()) {
            LOG.warn("Firing of {} for run {} skipped: that run is no longer going", route.getRouteId(), runId);
        } else {
            exchange.getIn().getHeaders().putAll(JobCatalog.firedHeaders(exchange));
        }
        return run;
    }

    /**
     * A firing of the schedule: a new run, unless the job is running already. In the cluster profile, Quartz fires a
     * job again in its recovery group when the node running it died: that run says it was recovered.
     */
    private Optional<RunningJob> scheduledRun(Route route, Exchange exchange) {
        JobRun.Trigger trigger = Scheduler.DEFAULT_RECOVERY_GROUP.equals(exchange.getIn().getHeader(TRIGGER_GROUP))
                ? JobRun.Trigger.RECOVERED : JobRun.Trigger.SCHEDULED;
        try {
            return runs.beginScheduled(route.getRouteId(), trigger);
        } catch (RuntimeException e) {
            LOG.warn("Scheduled firing of {} skipped: its run could not be recorded ({})", route.getRouteId(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        // the run ends with its exchange's completion (onExchangeBegin)
    }

    @Override
    public void onInit(Route route) {
        if (isJob(route)) {
            QuartzEndpoint quartz = (QuartzEndpoint) route.getEndpoint();
            Object zone = quartz.getTriggerParameters() == null ? null : quartz.getTriggerParameters().get("timeZone");
            runs.track(route.getRouteId(), quartz.getCron() == null ? Double.NaN
                    : QuartzSchedule.periodSeconds(quartz.getCron(), zone == null ? null : zone.toString(), java.time.Instant.now()));
        }
    }

    @Override
    public void onStart(Route route) {
        onInit(route);
    }

    @Override
    public void onRemove(Route route) {
        // nothing kept per route
    }

    @Override
    public void onStop(Route route) {
        // a run going ends with its exchange
    }

    @Override
    public void onSuspend(Route route) {
        // nothing kept per route
    }

    @Override
    public void onResume(Route route) {
        // nothing kept per route
    }

    private static boolean isJob(Route route) {
        return route.getEndpoint() instanceof QuartzEndpoint;
    }
}
