package io.adrelay.common.storage.runs;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.adrelay.common.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.adrelay.common.storage.DataDirectory;
import io.adrelay.common.storage.StorageException;

/**
 * The embedded run history: state/ops/runs/&lt;job&gt;/&lt;run_id&gt;.json, the newest {@code keepPerJob} runs
 * of each job (older ones are deleted as new ones come), all of it in memory too. A run is written when it
 * starts and when it ends, so one the process never saw end is found "running" at the next start: it is then
 * recorded as failed, interrupted at its file's last write.
 */
public final class FileJobRunStore implements JobRunStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileJobRunStore.class);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*");

    private final Path root;
    private final int keepPerJob;
    private final Map<String, List<JobRun>> byJob = new HashMap<>();

    public FileJobRunStore(Path root, int keepPerJob) {
        this.root = root;
        this.keepPerJob = Math.max(1, keepPerJob);
    }

    @Override
    public synchronized int load() {
        byJob.clear();
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int found = 0;
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : files.filter(f -> root.relativize(f).getNameCount() == 2 && isRunFile(f)).toList()) {
                JobRun run = read(file);
                if (run == null) {
                    continue;
                }
                if (run.running()) {
                    run = run.interrupted(Files.getLastModifiedTime(file).toInstant());
                    rewrite(file, run);
                }
                byJob.computeIfAbsent(run.job(), j -> new ArrayList<>()).add(run);
                found++;
            }
        } catch (IOException e) {
            throw new StorageException("Cannot read the job-run history under " + root, e);
        }
        for (List<JobRun> runs : byJob.values()) {
            runs.sort(NEWEST_FIRST);
            prune(runs);
        }
        return found;
    }

    @Override
    public synchronized void save(JobRun run) {
        List<JobRun> runs = byJob.computeIfAbsent(run.job(), j -> new ArrayList<>());
        runs.removeIf(r -> r.runId().equals(run.runId()));
        int at = 0;
        while (at < runs.size() && runs.get(at).startedAt().isAfter(run.startedAt())) {
            at++;
        }
        runs.add(at, run);
        prune(runs);
        // memory first: a write the disk refuses still leaves this process's answers right
        DataDirectory.writeObject(file(run), run.toJson());
    }

    @Override
    public synchronized void remove(JobRun run) {
        byJob.getOrDefault(run.job(), new ArrayList<>()).removeIf(r -> r.runId().equals(run.runId()));
        try {
            Files.deleteIfExists(file(run));
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", file(run), e.getMessage());
        }
    }

    @Override
    public synchronized List<JobRun> history(String job) {
        return List.copyOf(byJob.getOrDefault(job, List.of()));
    }

    @Override
    public synchronized List<JobRun> all() {
        return byJob.values().stream().flatMap(List::stream).sorted(NEWEST_FIRST).toList();
    }

    @Override
    public synchronized Optional<JobRun> find(String runId) {
        return byJob.values().stream().flatMap(List::stream).filter(r -> r.runId().equals(runId)).findFirst();
    }

    @Override
    public synchronized Optional<Instant> lastSuccess(String job) {
        return byJob.getOrDefault(job, List.of()).stream().filter(r -> r.status() == JobRun.Status.SUCCEEDED)
                .map(JobRun::finishedAt).findFirst();
    }

    @Override
    public synchronized Set<String> jobs() {
        return new TreeSet<>(byJob.keySet());
    }

    /** Where the history is, as the start's log line names it. */
    @Override
    public String toString() {
        return root.toString();
    }

    private void prune(List<JobRun> runs) {
        while (runs.size() > keepPerJob) {
            JobRun oldest = runs.remove(runs.size() - 1);
            try {
                Files.deleteIfExists(file(oldest));
            } catch (IOException e) {
                LOG.warn("Cannot delete {}: {}", file(oldest), e.getMessage());
            }
        }
    }

    private Path file(JobRun run) {
        return root.resolve(directoryName(run.job())).resolve(run.runId() + ".json");
    }

    /** A job id as a directory name: route ids are plain already; anything else is percent-encoded. */
    static String directoryName(String job) {
        return PLAIN_NAME.matcher(job).matches() ? job : URLEncoder.encode(job, StandardCharsets.UTF_8).replace(".", "%2E");
    }

    private static boolean isRunFile(Path file) {
        String name = file.getFileName().toString();
        // hidden names are the temp files of writes in progress
        return !name.startsWith(".") && name.endsWith(".json") && Files.isRegularFile(file);
    }

    private static void rewrite(Path file, JobRun run) {
        try {
            DataDirectory.writeObject(file, run.toJson());
        } catch (StorageException e) {
            // the history still says so in memory; the file is corrected at the next start
            LOG.warn("Cannot record run {} as interrupted: {}", run.runId(), e.getMessage());
        }
    }

    private static JobRun read(Path file) {
        try {
            return JobRun.fromJson(Json.MAPPER.readTree(file.toFile()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring {}: not a job run ({})", file, e.getMessage());
            return null;
        }
    }
}
