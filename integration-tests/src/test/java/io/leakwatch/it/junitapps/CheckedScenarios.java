package io.leakwatch.it.junitapps;

import io.leakwatch.it.apps.Mark;
import io.leakwatch.junit.LeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code @LeakCheck} on the class: every test checked with the defaults, or with its own annotation. Tests whose
 * names say "leaves", "opens", "WithoutLinger", "OnlyTheOthers", "OnlyThoseKinds", "unknownKind" and "kindNotTracked"
 * fail; the others pass. Files are created in the working directory (the run's folder).
 */
@LeakCheck
@TestMethodOrder(MethodOrderer.MethodName.class)
public class CheckedScenarios {
    /** Opened before any test: never blamed on one (the exit report shows it still open). */
    static final FileOutputStream OPENED_IN_STATIC_INIT = Kept.create("static-init.txt");
    static FileOutputStream openedInBeforeAll;
    FileOutputStream perTest;

    @BeforeAll
    static void openBeforeAll() throws IOException {
        openedInBeforeAll = new FileOutputStream("before-all.txt");
    }

    /** Opened before each test and closed after it: fine, since the check runs after @AfterEach. */
    @BeforeEach
    void openPerTest() throws IOException {
        perTest = new FileOutputStream("per-test.txt");
    }

    @AfterEach
    void closePerTest() throws IOException {
        perTest.close();
    }

    @Test
    void clean() throws Exception {
        try (FileOutputStream out = new FileOutputStream("clean.txt")) {
            out.write(1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        pool.submit(() -> { }).get();
        pool.shutdown();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            client.getOutputStream().write(1);
            accepted.getInputStream().read();
        }
    }

    @Test
    void usesFilesOpenedBeforeIt() throws IOException {
        OPENED_IN_STATIC_INIT.write(1);
        openedInBeforeAll.write(1);
        perTest.write(1);
    }

    /** The first test under a timeout makes JUnit start its timeout scheduler: JUnit's, not the test's. */
    @Test
    @Timeout(60)
    void underATimeout() throws IOException {
        try (FileOutputStream out = new FileOutputStream("timeout.txt")) {
            out.write(1);
        }
    }

    @Test
    void leavesAFileOpen() throws IOException {
        Mark.next("leaves-a-file-open");
        Kept.keep(new FileOutputStream("left-open.txt"));
    }

    @Test
    void opensAFileOnAnotherThread() throws InterruptedException {
        Thread t = new Thread(CheckedScenarios::openOnThisThread, "opener");
        t.start();
        t.join();
    }

    static void openOnThisThread() {
        try {
            Mark.next("other-thread");
            Kept.keep(new FileOutputStream("other-thread.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesInItsTempDir(@TempDir Path dir) throws IOException {
        // JUnit's temporary directory, which JUnit deletes: what the test creates in it is part of it
        Files.write(Files.createTempFile(dir, "in-temp-dir", ".bin"), new byte[100]);
        Files.createTempDirectory(dir, "nested");
    }

    @Test
    void leavesATempFile() throws IOException {
        Mark.next("temp-file-left");
        Files.createTempFile(Path.of("."), "left-behind", ".tmp");
    }

    @Test
    void leavesAThreadRunning() {
        Thread t = new Thread(CheckedScenarios::waitForever, "left-running-thread");
        t.setDaemon(true);
        Mark.next("thread-left-running");
        t.start();
    }

    @Test
    void startsAThreadThatEndsWithinTheGrace() {
        Thread t = new Thread(() -> sleep(100), "ending-thread");
        t.start();
    }

    static void waitForever() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @LeakCheck(lingerMillis = 20_000)
    void closesAFileAsynchronouslyWithLinger() throws IOException {
        FileOutputStream out = new FileOutputStream("async-linger.txt");
        Kept.closeLater(out, 300);
    }

    @Test
    void closesAFileAsynchronouslyWithoutLinger() throws IOException {
        Mark.next("async-file");
        FileOutputStream out = new FileOutputStream("async.txt");
        Kept.closeLater(out, 2000);
    }

    @Test
    @LeakCheck(lingerMillis = 20_000)
    void shutsAPoolDownAsynchronouslyWithLinger() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(() -> sleepThenShutDown(pool, 300));
    }

    @Test
    void shutsAPoolDownAsynchronouslyWithoutLinger() {
        Mark.next("async-pool");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.execute(() -> sleepThenShutDown(pool, 2000));
    }

    /** Run by the pool itself: a pool that shuts itself down when its work is done. */
    static void sleepThenShutDown(ExecutorService pool, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.shutdown();
    }

    @Test
    @LeakCheck(allow = "*lazy-cache*")
    void allowedByDescription() throws IOException {
        Kept.keep(new FileOutputStream("lazy-cache-1.bin"));
    }

    @Test
    @LeakCheck(allow = "*LazyCache.get(*")
    void allowedByADeeperFrame() throws IOException {
        LazyCache.get().write(1);
    }

    @Test
    @LeakCheck(allow = "*lazy-cache*")
    void allowListsOnlyTheOthers() throws IOException {
        Kept.keep(new FileOutputStream("lazy-cache-2.bin"));
        Mark.next("not-allowed");
        Kept.keep(new FileOutputStream("not-allowed.txt"));
    }

    @Test
    @LeakCheck(kinds = "socket")
    void kindsLeaveOutOtherKinds() throws IOException {
        Kept.keep(new FileOutputStream("other-kind.txt"));
    }

    @Test
    @LeakCheck(kinds = "file")
    void kindsListOnlyThoseKinds() throws IOException {
        Kept.keep(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        Mark.next("kinds-file");
        Kept.keep(new FileOutputStream("kinds-file.txt"));
    }

    @Test
    @LeakCheck(kinds = "files")
    void unknownKind() {
        System.out.println("RAN unknownKind");
    }

    @Test
    @LeakCheck(kinds = "statement")
    void kindNotTracked() {
        System.out.println("RAN kindNotTracked");
    }
}
