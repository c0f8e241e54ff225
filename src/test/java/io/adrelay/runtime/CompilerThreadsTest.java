package io.adrelay.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The JIT compiler threads of this very JVM, niced as a start nices them (Linux: what CI and the image run on). */
class CompilerThreadsTest {

    @Test
    void theCompilerThreadsRunAtTheLowerPriorityAndNoOtherThreadDoes() throws Exception {
        String self = String.valueOf(ProcessHandle.current().pid());
        int before = nice(self);
        assertTrue(CompilerThreads.lowerPriority());
        List<String> compilers = CompilerThreads.ids();
        assertFalse(compilers.isEmpty());
        for (String id : compilers) {
            assertEquals(CompilerThreads.NICE, nice(id), "compiler thread " + id);
        }
        assertEquals(before, nice(self), "the JVM's first thread");
    }

    /** Field 19 of /proc/self/task/ID/stat, counted after the thread's name (which may hold spaces). */
    private static int nice(String id) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task", id, "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }
}
