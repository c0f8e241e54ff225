package io.adrelay.ops;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import io.adrelay.common.Flow;

/** The body of POST /ops/jobs/{id}/run: every member optional (null: the job's default). */
public record JobParameters(LocalDate from, LocalDate to, Boolean force) {

    public static final JobParameters DEFAULTS = new JobParameters(null, null, null);

    /** As the job's route reads them: AdrelayFrom, AdrelayTo, AdrelayForce. */
    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        if (from != null) {
            headers.put(Flow.JOB_FROM, from.toString());
        }
        if (to != null) {
            headers.put(Flow.JOB_TO, to.toString());
        }
        if (force != null) {
            headers.put(Flow.JOB_FORCE, force);
        }
        return headers;
    }

    /** As the run records and shows them: the request's own names. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (from != null) {
            map.put("from", from.toString());
        }
        if (to != null) {
            map.put("to", to.toString());
        }
        if (force != null) {
            map.put("force", force);
        }
        return map;
    }
}
