package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * Tests run by the JUnit Console Launcher with parallel execution and a timeout, so that the JUnit Platform makes
 * pools of its own (its fork-join executor, the timeout scheduler) beside the one leak here: a random-access file a
 * test never closes. Only that leak is the application's.
 */
public class RunnerScenarios {
    @Test
    void leavesARandomAccessFileOpen() throws IOException {
        Mark.next("runner-scenario-leak");
        Kept.keep(new RandomAccessFile("index.bin", "rw"));
    }

    @Test
    @Timeout(60)
    void closesWhatItOpensUnderATimeout() throws IOException {
        try (FileOutputStream out = new FileOutputStream("timeout.txt")) {
            out.write(1);
        }
    }
}
