package io.adrelay.ops;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

import io.adrelay.common.Flow;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.apache.camel.support.DefaultConsumer;
import org.quartz.JobDataMap;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.CronTrigger;
import org.quartz.Trigger;
import io.adrelay.common.intake.RequestRejectedException;
import io.adrelay.common.storage.runs.JobRun;

/** The scheduled jobs (every route started by Quartz): listing them, and running one now through its Quartz trigger. */
public class JobCatalog {

    /** The header camel-quartz gives a firing's exchange: the firing's JobDataMap (the job's and the trigger's). */
    private static final String MERGED_JOB_DATA = "mergedJobDataMap";

    private final CamelContext context;
    private final JobRuns runs;
    /** Threads of the runs asked for over HTTP in the cluster profile, made at the first. */
    private ExecutorService runners;

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

    /** Refuses (409) a job whose route is not started: a firing would find no consumer to run it. */
    public void requireStarted(Route route) {
        ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
        if (!status.isStarted()) {
            throw new RequestRejectedException(409, "job " + route.getRouteId() + " is " + status + ": start its route to run it");
        }
    }

    /**
     * Runs the job now, as if its schedule had fired: its Quartz job is triggered once more (public Quartz
     * API), carrying the run's id and the given headers; {@link ScheduledRunPolicy} hands the exchange that
     * firing makes to the run, and ends the run with it. Route, error handling, metrics: all as on schedule.
     * In the cluster profile the firing is made on this node (a trigger in the shared job store could fire on
     * another node, which knows nothing of this run).
     */
    public void fire(Route route, RunningJob run, Map<String, Object> headers) throws SchedulerException {
        QuartzEndpoint quartz = (QuartzEndpoint) route.getEndpoint();
        Scheduler scheduler = scheduler(quartz);
        Trigger schedule = scheduler.getTrigger(quartz.getTriggerKey());
        if (schedule == null) {
            throw new IllegalStateException("job " + route.getRouteId() + " has no Quartz trigger (is its route started?)");
        }
        JobDataMap data = new JobDataMap(headers);
        data.put(RunningJob.PROPERTY, run.runId());
        if (scheduler.getMetaData().isJobStoreClustered()) {
            // a trigger in the cluster's job store fires on whichever node takes it, which knows nothing of this run
            runHere(route, data);
            return;
        }
        scheduler.triggerJob(schedule.getJobKey(), data);
    }

    /**
     * The firing on this node, as Quartz would make it: an exchange of the job's route carrying the firing's data,
     * on a thread of its own (an HTTP worker never runs a job).
     */
    private void runHere(Route route, JobDataMap data) {
        if (!(route.getConsumer() instanceof DefaultConsumer consumer)) {
            throw new IllegalStateException("job " + route.getRouteId() + " has no consumer to run it (is its route started?)");
        }
        Exchange exchange = consumer.createExchange(false);
        exchange.getIn().setHeader(MERGED_JOB_DATA, data);
        runners().execute(() -> {
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                // the run ends with its exchange, failed, whatever ends it (ScheduledRunPolicy)
                exchange.setException(e);
            } finally {
                consumer.releaseExchange(exchange, false);
            }
        });
    }

    private synchronized ExecutorService runners() {
        if (runners == null) {
            // Camel's: shut down with the context
            runners = context.getExecutorServiceManager().newCachedThreadPool(this, "adrelay-job-run");
        }
        return runners;
    }

    /** The run a firing belongs to when it was {@link #fire fired} for one: its id, from the firing's data. */
    static Optional<String> firedFor(Exchange exchange) {
        JobDataMap data = exchange.getIn().getHeader(MERGED_JOB_DATA, JobDataMap.class);
        return data == null ? Optional.empty() : Optional.ofNullable(data.getString(RunningJob.PROPERTY));
    }

    /** The headers a fired run was given (its parameters, AdrelayFrom...), as its exchange gets them. */
    static Map<String, Object> firedHeaders(Exchange exchange) {
        JobDataMap data = exchange.getIn().getHeader(MERGED_JOB_DATA, JobDataMap.class);
        Map<String, Object> headers = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if (key.startsWith(Flow.HEADER_PREFIX) && !key.equals(RunningJob.PROPERTY)) {
                headers.put(key, value);
            }
        });
        return headers;
    }

    private static Scheduler scheduler(QuartzEndpoint quartz) {
        return ((QuartzComponent) quartz.getComponent()).getScheduler();
    }

    private Map<String, Object> describe(Route route, QuartzEndpoint quartz) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("id", route.getRouteId());
        job.put("cron", quartz.getCron());
        job.put("status", context.getRouteController().getRouteStatus(route.getRouteId()).name());
        Trigger trigger = scheduler(quartz).getTrigger(quartz.getTriggerKey());
        // the cron is read in the schedule's time zone, and next_run is in UTC: both say so, next_run_local in that zone
        ZoneId zone = trigger instanceof CronTrigger cron && cron.getTimeZone() != null ? cron.getTimeZone().toZoneId() : ZoneOffset.UTC;
        job.put("time_zone", zone.getId());
        Instant next = trigger == null || trigger.getNextFireTime() == null ? null : trigger.getNextFireTime().toInstant();
        job.put("next_run", next == null ? null : next.toString());
        job.put("next_run_local", next == null ? null : next.atZone(zone).toOffsetDateTime().toString());
        Optional<JobRun> last = runs.lastFinished(route.getRouteId());
        job.put("last_run", last.map(r -> r.finishedAt().toString()).orElse(null));
        job.put("last_outcome", last.map(JobRun::summary).orElse(null));
        // this node's run, or (cluster) another node's
        runs.runningAnywhere(route.getRouteId()).ifPresent(r -> job.put("running_run_id", r.runId()));
        return job;
    }
}
