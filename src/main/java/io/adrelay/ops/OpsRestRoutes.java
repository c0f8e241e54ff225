package io.adrelay.ops;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

/**
 * The /ops paths (REST DSL) and their OpenAPI description. Each verb's route keeps the id the path
 * always had and only calls its {@code direct:} route in {@link OpsRoutes} ({@code <id>-core}), which
 * checks the token and answers every refusal as JSON (route configuration {@code webhook}: a REST
 * verb takes no route configuration in Camel 4.14).
 */
public class OpsRestRoutes extends RouteBuilder {

    private static final String TOKEN = "opsToken";

    @Override
    public void configure() {
        RestDefinition ops = rest("/ops").description("Scheduled jobs, their runs, dead letters")
                .securityDefinitions().bearerToken(TOKEN, "ADRELAY_OPS_TOKEN (required in prod; the sandbox leaves /ops open)", null).end();

        guarded(ops.get("/jobs").routeId("ops-list-jobs")
                .description("The scheduled jobs: id, cron, next and last run, last outcome.")
                .responseMessage("200", "{\"jobs\": [...]}"))
                .to("direct:ops-list-jobs");

        guarded(ops.post("/jobs/{id}/run").routeId("ops-run-job")
                .description("Run one job now. An empty body means the job's default; a date-ranged job takes"
                        + " {\"from\": \"yyyy-mm-dd\", \"to\": \"yyyy-mm-dd\", \"force\": false} (inclusive; force re-pulls what was done).")
                .param().name("id").type(RestParamType.path).required(true).description("the job id, as GET /ops/jobs lists it").endParam()
                .param().name("wait").type(RestParamType.query).required(false).dataType("boolean")
                    .description("true: answer the run's outcome once it ends, instead of 202 at once").endParam()
                .param().name("body").type(RestParamType.body).required(false).description("empty, or the date range").endParam()
                .responseMessage().code(202).message("started: {\"run_id\", \"job\", \"status\"}")
                    .header("Location").dataType("string").description("/ops/runs/{run_id}").endHeader().endResponseMessage()
                .responseMessage("200", "with ?wait=true: the run succeeded, its outcome")
                .responseMessage("500", "with ?wait=true: the run failed, its outcome and dead letters")
                .responseMessage("400", "a body that is not a date range: {\"error\": ...}")
                .responseMessage("404", "no such job: {\"error\": ...}")
                .responseMessage("409", "the job is already running: {\"error\": ..., \"run_id\": ...}"))
                .to("direct:ops-run-job");

        guarded(ops.get("/runs").routeId("ops-list-runs")
                .description("The history of runs, kept across restarts; ?job= narrows it to one job.")
                .param().name("job").type(RestParamType.query).required(false).description("a job id").endParam()
                .responseMessage("200", "{\"runs\": [...]}")
                .responseMessage("404", "no such job, neither scheduled nor in the history: {\"error\": ...}"))
                .to("direct:ops-list-runs");

        guarded(ops.get("/runs/{run_id}").routeId("ops-show-run")
                .description("One run: status (running | succeeded | failed), times, progress (done/total in the job's unit), summary.")
                .param().name("run_id").type(RestParamType.path).required(true).description("the run_id a 202 or GET /ops/runs gave").endParam()
                .responseMessage("200", "the run")
                .responseMessage("404", "no such run: {\"error\": ...}"))
                .to("direct:ops-show-run");

        guarded(ops.get("/dead-letters").routeId("ops-list-dead-letters")
                .description("What failed after retries: id, api, route, reason, hint, the API's status, code and message,"
                        + " the request (secrets masked), the fix, whether it can be replayed."
                        + " Open ones by default; ?state=replayed or dismissed lists those (a dismissed one with its reason and time).")
                .param().name("state").type(RestParamType.query).required(false).dataType("string")
                    .allowableValues("open", "replayed", "dismissed").description("which letters: open (default), replayed, dismissed").endParam()
                .responseMessage("200", "{\"dead_letters\": [...]}")
                .responseMessage("400", "a state that is none of open, replayed, dismissed: {\"error\": ...}"))
                .to("direct:ops-list-dead-letters");

        guarded(ops.get("/flows").routeId("ops-list-flows")
                .description("Each enabled API at a glance: intake queue, requests in each budget's current window against its limit,"
                        + " 429s and last success since start, dead letters; the health checks that say something; refused operator files.")
                .responseMessage("200", "{\"flows\": [...], \"health\": [...], \"refused_files\": [...]}"))
                .to("direct:ops-list-flows");

        guarded(ops.get("/bsa/pulls").routeId("ops-list-bsa-pulls")
                .description("Per BuySellAds report, what its outbox holds: days pulled, the last day, when it was pulled and its size.")
                .responseMessage("200", "{\"reports\": [{\"report\", \"job\", \"days_pulled\", \"last_day\", \"last_pulled_at\", \"last_bytes\"}]}"))
                .to("direct:ops-list-bsa-pulls");

        guarded(ops.post("/dead-letters/{id}/replay").routeId("ops-replay-dead-letter")
                .description("Replay one dead letter (a dropped file goes back into its inbox).")
                .param().name("id").type(RestParamType.path).required(true).description("the dead letter's id").endParam()
                .responseMessage("200", "the replay went through: {\"replayed\", \"outcome\": \"ok\"}")
                .responseMessage("404", "no such open dead letter: {\"error\": ...}")
                .responseMessage("409", "it cannot be replayed (see its fix): {\"error\": ...}")
                .responseMessage("502", "the API refused it again: {\"error\", \"replayed\", \"outcome\", \"dead_letter\": the new one,"
                        + " \"api_error\": {\"status\", \"code\", \"message\"}, \"hint\"}")
                .responseMessage("500", "it failed again here: {\"error\", \"replayed\", \"outcome\", \"dead_letter\" when one was made}"))
                .to("direct:ops-replay-dead-letter");

        guarded(ops.delete("/dead-letters/{id}").routeId("ops-dismiss-dead-letter")
                .description("Dismiss an open dead letter that will never be replayed (its route is gone, its cause will never be"
                        + " fixed): it leaves the list and is kept, with the reason and the time, under ?state=dismissed.")
                .param().name("id").type(RestParamType.path).required(true).description("the dead letter's id").endParam()
                .param().name("body").type(RestParamType.body).required(true).description("{\"reason\": \"...\"}, at most 1000 characters").endParam()
                .responseMessage("200", "{\"dismissed\", \"reason\", \"dismissed_at\"}")
                .responseMessage("400", "no reason: {\"error\": ...}")
                .responseMessage("404", "no such open dead letter: {\"error\": ...}"))
                .to("direct:ops-dismiss-dead-letter");
    }

    /** What every ops path shares (Snap's preview too): the bearer token, and the gate's 503 while starting or stopping. */
    public static RestDefinition guarded(RestDefinition verb) {
        // the OpenAPI operationId is the route id
        return verb.id(verb.getVerbs().get(verb.getVerbs().size() - 1).getRouteId()).security(TOKEN)
                .responseMessage("401", "no or a wrong bearer token: {\"error\": ...}")
                .responseMessage().code(503).message("starting, stopping or too busy: {\"error\": ...}, with Retry-After")
                    .header("Retry-After").dataType("integer").description("seconds to wait before retrying").endHeader()
                .endResponseMessage();
    }
}
