package io.leakwatch.it.junitapps;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Files left open from each place a test class acquires things: its static initializer and {@code @BeforeAll} (the
 * class's), a test method, and a thread a test started; one test closes what it opens. Run without the JUnit
 * extension: the agent alone tells which test acquired each. Once they ran, the live view's {@code TopSites} of files
 * (read from the platform MBean server, as a console reads it) is written to {@code top-sites.txt}, one
 * {@code test|site|openCount} line per row.
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

    @AfterAll
    static void writeTopSites() throws Exception {
        ObjectName files = new ObjectName("io.leakwatch:type=Resources,kind=file");
        List<String> rows = new ArrayList<>();
        // the live view refreshes its top sites about every second: wait for the four open files' rows
        for (long deadline = System.nanoTime() + 20_000_000_000L; rows.size() < 4 && System.nanoTime() < deadline; ) {
            rows.clear();
            for (CompositeData row : (CompositeData[]) ManagementFactory.getPlatformMBeanServer()
                                                                        .getAttribute(files, "TopSites")) {
                rows.add(row.get("test") + "|" + row.get("site") + "|" + row.get("openCount"));
            }
            Thread.sleep(100);
        }
        Files.write(Path.of("top-sites.txt"), rows);
    }
}
