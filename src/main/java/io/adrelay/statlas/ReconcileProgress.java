package io.adrelay.statlas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.adrelay.ops.RunningJob;

/**
 * A reconciliation's progress in pages of GET /batches: a status's page count is known from its
 * first page's pagination total, one page is assumed until then.
 */
final class ReconcileProgress {

    private final Map<String, Integer> pagesOf = new LinkedHashMap<>();
    private final int pageSize;
    private int done;

    ReconcileProgress(List<String> statuses, int pageSize) {
        this.pageSize = pageSize;
        statuses.forEach(s -> pagesOf.put(s, 1));
    }

    void paged(String status, int total) {
        done++;
        pagesOf.put(status, Math.max(1, (total + pageSize - 1) / pageSize));
        long pages = pagesOf.values().stream().mapToInt(Integer::intValue).sum();
        RunningJob.current().ifPresent(run -> run.progress(done, Math.max(pages, done), "pages"));
    }
}
