package io.adrelay.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JIT compiler threads of this JVM, run at a lower priority (a higher nice value) than adrelay's own threads.
 * During a start on a small box (2 cores) the C2 compiler kept one core busy the whole time and the C1 compiler most of
 * the other, so the main thread waited for a core for about a third of its start. Niced, they take the CPU the start
 * leaves: ready 0.1-0.2 s sooner (bench/start.sh), and the steady rates are unchanged (bench/intake.sh, bench/drops.sh),
 * where the code is compiled by then.
 * <p>
 * Not the JVM's own {@code -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority}: run as a user other than root (the
 * image's), the JVM prints a warning of its own for it, a line of the log that would not be JSON. Linux only: the
 * threads are found by name in /proc/self/task and set by {@code renice}; where either is missing, nothing changes.
 * A user can raise a nice value, not lower it again, so it stays for the life of the JVM.
 */
public final class CompilerThreads {

    /** Their nice value, the lowest priority: they run on the CPU adrelay's own threads (nice 0) leave. */
    public static final int NICE = 19;

    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerThreads() {
    }

    /** Lowers the compiler threads' priority; true when it could. */
    public static boolean lowerPriority() {
        List<String> command = new ArrayList<>(List.of("renice", "-n", String.valueOf(NICE), "-p"));
        command.addAll(ids());
        if (command.size() == 4) {
            return false;
        }
        try {
            Process renice = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            return renice.waitFor() == 0;
        } catch (IOException noRenice) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The thread ids of the JVM's compiler threads ("C1 CompilerThre", "C2 CompilerThre": names cut to 15 characters). */
    static List<String> ids() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(TASKS)) {
            return ids;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (IOException ended) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException unreadable) {
            return List.of();
        }
        return ids;
    }
}
