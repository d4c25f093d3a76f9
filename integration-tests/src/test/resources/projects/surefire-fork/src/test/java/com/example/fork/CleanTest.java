package com.example.fork;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closes everything it opens, under a timeout (JUnit then makes its own scheduler). */
class CleanTest {
    @Test
    @Timeout(60)
    void writesAndCloses(@TempDir Path dir) throws Exception {
        try (FileOutputStream out = new FileOutputStream(dir.resolve("out.txt").toFile())) {
            out.write(1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> { }).get();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
