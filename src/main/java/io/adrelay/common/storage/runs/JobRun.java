package io.adrelay.common.storage.runs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.adrelay.common.Json;

/**
 * One run of a job as GET /ops/runs/{run_id} shows it and state/ops/runs/ keeps it: who started it,
 * when, with which parameters, how far it got, how it ended and the dead letters it left; in the cluster profile,
 * the node it ran on ({@code node}, null where one process keeps the history).
 */
public record JobRun(String runId, String job, Trigger trigger, Status status, Instant startedAt, Instant finishedAt,
                     Map<String, Object> parameters, Progress progress, String summary, List<String> deadLetters,
                     int skippedFirings, String node) {

    /** A run of this process's history, which names no node. */
    public JobRun(String runId, String job, Trigger trigger, Status status, Instant startedAt, Instant finishedAt,
                  Map<String, Object> parameters, Progress progress, String summary, List<String> deadLetters, int skippedFirings) {
        this(runId, job, trigger, status, startedAt, finishedAt, parameters, progress, summary, deadLetters, skippedFirings, null);
    }

    public enum Status {
        RUNNING, SUCCEEDED, FAILED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** What started the run. */
    public enum Trigger {
        MANUAL("manual"), SCHEDULED("scheduled"), CATCH_UP("catch-up"),
        /** The cluster profile: a firing begun by a node that died, fired again by another. */
        RECOVERED("recovered");

        private final String label;

        Trigger(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        static Trigger of(String label) {
            for (Trigger t : values()) {
                if (t.label.equals(label)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown trigger " + label);
        }
    }

    /** How far a run got, in the job's own unit (days, polls, pages); total is null while unknown. */
    public record Progress(long done, Long total, String unit) {
    }

    public JobRun {
        // in the order given (from, to, force), as the request had them
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        deadLetters = deadLetters == null ? List.of() : List.copyOf(deadLetters);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** The run as answered and stored: snake_case, progress absent while the job reports none. */
    public ObjectNode toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("run_id", runId).put("job", job).put("trigger", trigger.label()).put("status", status.label())
                .put("started_at", startedAt.toString()).put("finished_at", finishedAt == null ? null : finishedAt.toString());
        json.set("parameters", Json.MAPPER.valueToTree(parameters));
        if (progress != null) {
            ObjectNode p = json.putObject("progress").put("done", progress.done());
            if (progress.total() != null) {
                p.put("total", progress.total());
            }
            p.put("unit", progress.unit());
        }
        json.put("summary", summary);
        json.set("dead_letters", Json.MAPPER.valueToTree(deadLetters));
        if (skippedFirings > 0) {
            json.put("skipped_firings", skippedFirings);
        }
        if (node != null) {
            json.put("node", node);
        }
        return json;
    }

    public static JobRun fromJson(JsonNode json) {
        JsonNode p = json.path("progress");
        Progress progress = p.isObject() ? new Progress(p.path("done").asLong(),
                p.hasNonNull("total") ? p.path("total").asLong() : null, p.path("unit").asText(null)) : null;
        Map<String, Object> parameters = new LinkedHashMap<>();
        json.path("parameters").fields().forEachRemaining(f ->
                parameters.put(f.getKey(), f.getValue().isBoolean() ? f.getValue().booleanValue() : f.getValue().asText()));
        List<String> letters = new ArrayList<>();
        json.path("dead_letters").forEach(id -> letters.add(id.asText()));
        return new JobRun(json.path("run_id").asText(), json.path("job").asText(), Trigger.of(json.path("trigger").asText()),
                Status.of(json.path("status").asText()), Instant.parse(json.path("started_at").asText()),
                json.hasNonNull("finished_at") ? Instant.parse(json.path("finished_at").asText()) : null,
                parameters, progress, json.path("summary").asText(null), letters, json.path("skipped_firings").asInt(0),
                json.path("node").asText(null));
    }

    /** A run found "running" at start was cut short by the stop or crash before it. */
    public JobRun interrupted(Instant lastSeen) {
        return new JobRun(runId, job, trigger, Status.FAILED, startedAt, lastSeen, parameters, progress,
                "failed: interrupted, adrelay stopped while it ran" + (summary == null ? "" : " (" + summary + ")"),
                deadLetters, skippedFirings, node);
    }

    /** The same run, told to have run on a node. */
    public JobRun on(String ranOn) {
        return new JobRun(runId, job, trigger, status, startedAt, finishedAt, parameters, progress, summary, deadLetters,
                skippedFirings, ranOn);
    }
}
