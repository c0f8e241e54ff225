package io.adrelay.bsa;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.adrelay.ops.RunningJob;

/**
 * What one pull did, day by day: shared by the split's sub-exchanges (same object), reported as the
 * job outcome, and as the run's progress in days while it goes.
 */
final class PullSummary {

    static final String PROPERTY = BsaNames.SUMMARY;

    private final List<String> planned;
    private final List<String> pulled = new CopyOnWriteArrayList<>();
    private final List<String> skipped = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final Optional<RunningJob> run;

    PullSummary(List<LocalDate> days, Optional<RunningJob> run) {
        this.planned = days.stream().map(LocalDate::toString).toList();
        this.run = run;
        report();
    }

    void pulled(String day) {
        pulled.add(day);
        report();
    }

    void skipped(String day) {
        skipped.add(day);
        report();
    }

    /** A day that ended in the dead letter. */
    void failed(String day) {
        failed.add(day);
        report();
    }

    /** Days neither pulled nor skipped: they ended in the dead letter (or were never reached). */
    List<String> failed() {
        return planned.stream().filter(d -> !pulled.contains(d) && !skipped.contains(d)).toList();
    }

    private void report() {
        run.ifPresent(r -> r.progress(pulled.size() + skipped.size() + failed.size(), (long) planned.size(), "days"));
    }

    /** One line however long the range: runs of consecutive days are written first..last. */
    @Override
    public String toString() {
        return "pulled " + days(pulled) + ", skipped " + days(skipped) + ", failed " + days(failed());
    }

    static String days(List<String> days) {
        List<String> runs = new ArrayList<>();
        List<LocalDate> sorted = days.stream().map(LocalDate::parse).sorted().toList();
        for (int i = 0; i < sorted.size(); i++) {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1).equals(sorted.get(j).plusDays(1))) {
                j++;
            }
            runs.add(j == i ? sorted.get(i).toString() : sorted.get(i) + ".." + sorted.get(j));
            i = j;
        }
        return runs.toString();
    }
}
