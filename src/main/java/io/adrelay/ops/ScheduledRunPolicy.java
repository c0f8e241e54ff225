package io.adrelay.ops;

import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each Quartz firing a run of its job (history, last_run, metrics), and skips a firing while
 * the job is running already, whoever started that run. Given to every route (YAML routes reloaded
 * later included); it only acts on routes whose trigger is Quartz. A run adrelay started itself
 * (over HTTP) passes through untouched: {@link JobRuns} records that one.
 */
public final class ScheduledRunPolicy implements RoutePolicy, RoutePolicyFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRunPolicy.class);

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
        if (!isJob(route) || exchange.getProperty(RunningJob.PROPERTY) != null) {
            return;
        }
        Optional<RunningJob> run;
        try {
            run = runs.beginScheduled(route.getRouteId());
        } catch (RuntimeException e) {
            LOG.warn("Scheduled firing of {} skipped: its run could not be recorded ({})", route.getRouteId(), e.getMessage());
            run = Optional.empty();
        }
        if (run.isEmpty()) {
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(RunningJob.PROPERTY, run.get());
        run.get().enter();
    }

    @Override
    public void onExchangeDone(Route route, Exchange exchange) {
        RunningJob run = exchange.getProperty(RunningJob.PROPERTY, RunningJob.class);
        if (isJob(route) && run != null && run.trigger() == JobRun.Trigger.SCHEDULED) {
            RunningJob.leave();
            runs.finish(run, exchange);
        }
    }

    @Override
    public void onInit(Route route) {
        if (isJob(route)) {
            runs.track(route.getRouteId());
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
