package io.adrelay.statlas;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.adrelay.ops.RunningJob;

/**
 * A reconciliation's paging through GET /batches, one status after the other, and its progress in
 * pages: a status's page count is known from its first page's pagination total, one page is
 * assumed until then. Shared by the split's parts (an exchange property holds it).
 */
final class ReconcileProgress {

    /** Where one status's paging is. */
    private static final class Paging {
        int offset;
        int pages = 1;
        boolean ended;
    }

    private final Map<String, Paging> statuses = new LinkedHashMap<>();
    private final int pageSize;
    private int done;
    private int pickedUp;

    ReconcileProgress(List<String> statuses, int pageSize) {
        this.pageSize = pageSize;
        statuses.forEach(s -> this.statuses.put(s, new Paging()));
    }

    boolean more(String status) {
        return !statuses.get(status).ended;
    }

    int offset(String status) {
        return statuses.get(status).offset;
    }

    /** A page of size batches read out of total: the last one when empty or when it reaches the total. */
    void paged(String status, int total, int size) {
        Paging paging = statuses.get(status);
        paging.offset += size;
        paging.ended = size == 0 || paging.offset >= total;
        paging.pages = Math.max(1, (total + pageSize - 1) / pageSize);
        done++;
        long pages = statuses.values().stream().mapToInt(p -> p.pages).sum();
        RunningJob.current().ifPresent(run -> run.progress(done, Math.max(pages, done), "pages"));
    }

    void pickedUp() {
        pickedUp++;
    }

    String outcome() {
        return pickedUp + " batch(es) picked up";
    }
}
