package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;
import io.leakwatch.junit.LeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import java.io.FileOutputStream;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * Two checked tests forced to run at the same time (with JUnit's parallel execution enabled): {@code leaks} opens a
 * file while {@code clean} runs, so the file is blamed on both, and each failure names the other test.
 */
@LeakCheck
@Execution(ExecutionMode.CONCURRENT)
public class ParallelScenarios {
    static final CyclicBarrier BOTH_STARTED = new CyclicBarrier(2);
    static final CyclicBarrier OPENED = new CyclicBarrier(2);

    @Test
    void leaks() throws Exception {
        BOTH_STARTED.await(30, TimeUnit.SECONDS);
        Mark.next("parallel-leak");
        Kept.keep(new FileOutputStream("parallel.txt"));
        OPENED.await(30, TimeUnit.SECONDS);
    }

    @Test
    void clean() throws Exception {
        BOTH_STARTED.await(30, TimeUnit.SECONDS);
        OPENED.await(30, TimeUnit.SECONDS);
    }
}
