package io.leakwatch.it.junitapps;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;

/**
 * Files left open from each place a test class acquires things: its static initializer and {@code @BeforeAll} (the
 * class's), a test method, and a thread a test started; one test closes what it opens. Run without the JUnit
 * extension: the agent alone tells which test acquired each.
 */
public class AttributedScenarios {
    static final RandomAccessFile FROM_STATIC_INITIALIZER = open("static-initializer.bin");

    private static RandomAccessFile open(String name) {
        try {
            return Kept.keep(new RandomAccessFile(name, "rw"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void setUp() throws IOException {
        Kept.keep(new FileOutputStream("before-all.txt"));
    }

    @Test
    void leavesAFileOpen() throws IOException {
        new FileOutputStream("test.txt").close();
        Kept.keep(new FileInputStream("test.txt"));
    }

    @Test
    void leavesAFileOpenOnAThreadItStarted() throws InterruptedException {
        Thread t = new Thread(() -> {
            try {
                Kept.keep(new FileOutputStream("thread.txt"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.start();
        t.join();
    }

    @Test
    void closesWhatItOpens() throws IOException {
        try (FileOutputStream out = new FileOutputStream("closed.txt")) {
            out.write(1);
        }
    }
}
