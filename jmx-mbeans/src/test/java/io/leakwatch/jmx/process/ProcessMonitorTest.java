package io.leakwatch.jmx.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessMonitorTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final ObjectName name = ProcessResources.objectName();
    private ProcessMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.stop();
        }
    }

    /** Counts the samples run through it, and checks each runs on a thread that sees the monitor's class loader. */
    private static final class CountingScope implements Executor {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        volatile ClassLoader contextSeen;

        @Override
        public void execute(Runnable work) {
            runs.incrementAndGet();
            inside.incrementAndGet();
            try {
                work.run();
            } finally {
                inside.decrementAndGet();
            }
        }
    }

    private static Thread samplerThread() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(ProcessMonitor.THREAD_NAME)) {
                return t;
            }
        }
        return null;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void samplesOnADaemonThreadInsideTheAgentScopeUntilStopped(@TempDir Path dir) throws Exception {
        CountingScope scope = new CountingScope();
        AtomicLong tracked = new AtomicLong(7);
        AtomicInteger reads = new AtomicInteger();
        ProcessProbe probe = () -> {
            assertEquals(1, scope.inside.get(), "read inside the agent scope");
            scope.contextSeen = Thread.currentThread().getContextClassLoader();
            reads.incrementAndGet();
            return new Reading(-1, 40, 1024, 9, 1, 100, 50, 100, 10);
        };
        ProcessMonitor.Settings settings = new ProcessMonitor.Settings(20, Thresholds.DEFAULTS, dir, tracked::get,
                                                                       scope);
        monitor = ProcessMonitor.start(settings, server, probe, dir.toString());
        assertTrue(server.isRegistered(name));
        assertEquals(7L, server.getAttribute(name, "TrackedDescriptors"), "the first sample is there at once");
        tracked.set(8);
        waitFor(() -> reads.get() >= 5, "5 samples");
        Thread sampler = samplerThread();
        assertAll(
            () -> assertTrue(sampler != null && sampler.isDaemon(), "daemon thread " + ProcessMonitor.THREAD_NAME),
            () -> assertSame(ProcessMonitor.class.getClassLoader(), scope.contextSeen),
            () -> assertSame(ProcessMonitor.class.getClassLoader(), sampler.getContextClassLoader()),
            () -> assertEquals(8L, server.getAttribute(name, "TrackedDescriptors")),
            () -> assertEquals(32L, server.getAttribute(name, "UntrackedDescriptors")));
        monitor.stop();
        int runs = scope.runs.get();
        assertFalse(sampler.isAlive(), "the thread ends with stop()");
        assertFalse(server.isRegistered(name), "unregistered by stop()");
        Thread.sleep(100);
        assertEquals(runs, scope.runs.get(), "no sample after stop()");
        assertEquals(reads.get(), runs, "every sample ran in the agent scope");
        monitor.stop();
    }

    @Test
    void aFailedSampleIsCountedAndTheNextOneTaken(@TempDir Path dir) throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ProcessProbe probe = () -> {
            if (reads.incrementAndGet() == 2) {
                throw new IllegalStateException("/proc went away");
            }
            return new Reading(-1, 40 + reads.get(), 1024, 9, 1, 100, 50, 100, 10);
        };
        monitor = ProcessMonitor.start(new ProcessMonitor.Settings(20, Thresholds.DEFAULTS, dir, () -> 0, Runnable::run),
                                       server, probe, dir.toString());
        waitFor(() -> reads.get() >= 4, "4 reads");
        assertEquals(1L, server.getAttribute(name, "SampleFailures"));
        assertEquals("java.lang.IllegalStateException: /proc went away", server.getAttribute(name, "LastFailure"));
        assertTrue((Long) server.getAttribute(name, "SampleCount") >= 2);
    }

    @Test
    void theRealProbeOnThisJvm(@TempDir Path dir) throws Exception {
        monitor = ProcessMonitor.start(new ProcessMonitor.Settings(50, Thresholds.DEFAULTS, dir, () -> 3,
                                                                   Runnable::run), server);
        waitFor(() -> monitor.resources().getSampleCount() >= 3, "3 samples");
        ProcessResources r = monitor.resources();
        assertAll(
            () -> assertTrue(r.getOpenDescriptors() > 3, "open " + r.getOpenDescriptors()),
            () -> assertEquals(r.getOpenDescriptors() - 3, r.getUntrackedDescriptors()),
            () -> assertTrue(r.getThreads() > 1),
            () -> assertTrue(r.getCpuLoad() >= 0 && r.getCpuLoad() <= 1, "cpu " + r.getCpuLoad()),
            () -> assertTrue(r.getSystemMemoryTotalBytes() > 0),
            () -> assertTrue(r.getDiskTotalBytes() > 0),
            () -> assertEquals(dir.toString(), r.getDiskPath()),
            () -> assertEquals(0L, r.getSampleFailures(), r.getLastFailure()));
    }

    @Test
    void aSecondMonitorCannotRegisterAndStartsNoThread(@TempDir Path dir) throws Exception {
        ProcessMonitor.Settings settings = new ProcessMonitor.Settings(1000, Thresholds.DEFAULTS, dir, () -> 0,
                                                                       Runnable::run);
        ProcessProbe probe = () -> new Reading(-1, 1, 1, 1, 1, 1, 1, 1, 1);
        monitor = ProcessMonitor.start(settings, server, probe, "x");
        assertThrows(javax.management.InstanceAlreadyExistsException.class,
                     () -> ProcessMonitor.start(settings, server, probe, "x"));
        long samplers = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(ProcessMonitor.THREAD_NAME)).count();
        assertEquals(1, samplers);
    }

    @Test
    void sampling_offStartsNothing(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new ProcessMonitor.Settings(0, Thresholds.DEFAULTS, dir, () -> 0, Runnable::run));
        assertEquals("the sampling interval is 1 ms or more, not 0; when sampling is off, start no monitor",
                     e.getMessage());
    }
}
