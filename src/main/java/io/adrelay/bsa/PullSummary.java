package io.adrelay.bsa;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What one pull did, day by day: shared by the split's sub-exchanges (same object), reported as the job outcome. */
final class PullSummary {

    static final String PROPERTY = "adrelay.bsa.summary";

    private final List<String> planned;
    private final List<String> pulled = new CopyOnWriteArrayList<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();

    PullSummary(List<LocalDate> days) {
        this.planned = days.stream().map(LocalDate::toString).toList();
    }

    void pulled(String day) {
        pulled.add(day);
    }

    void skipped(String day) {
        skipped.add(day);
    }

    /** Days neither pulled nor skipped: they ended in the dead letter. */
    List<String> failed() {
        return planned.stream().filter(d -> !pulled.contains(d) && !skipped.contains(d)).toList();
    }

    @Override
    public String toString() {
        return "pulled " + pulled + ", skipped " + skipped + ", failed " + failed();
    }
}
