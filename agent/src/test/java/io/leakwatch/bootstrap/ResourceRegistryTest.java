package io.leakwatch.bootstrap;

import io.leakwatch.family.file.boot.FileMode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry on its own, fed directly (the agent's advice calls the same methods through {@link Hooks}). */
class ResourceRegistryTest {
    private final ResourceRegistry registry = TestRegistries.of(
        new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.FILE, ResourceKind.SOCKET, ResourceKind.PIPE, ResourceKind.SELECTOR), 100));

    private static KindCountsView counts(RegistrySnapshot s, String kind) {
        return s.counts().stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void acquireThenReleaseLeavesNothing() {
        Object r = new Object();
        registry.acquire(ResourceKind.FILE, r, "a.txt", FileMode.READ);
        RegistrySnapshot open = registry.snapshot();
        assertEquals(1, open.open().size());
        ResourceView v = open.open().get(0);
        assertEquals("file", v.kind());
        assertEquals("a.txt (read)", v.description());
        assertEquals(Thread.currentThread().getName(), v.thread());
        // this test class is in the agent's own package, so its frames are trimmed like the agent's: what is left
        // starts below it, and never shows an agent frame
        assertFalse(v.stack().isEmpty());
        assertTrue(v.stack().size() <= 8, v.stack().toString());
        assertTrue(v.stack().stream().noneMatch(f -> f.contains("io.leakwatch.bootstrap.")), v.stack().toString());
        registry.release(r);
        registry.release(r); // closing twice counts once
        RegistrySnapshot after = registry.snapshot();
        assertEquals(0, after.open().size());
        KindCountsView c = counts(after, "file");
        assertEquals(1, c.acquired());
        assertEquals(1, c.released());
        assertEquals(0, c.open());
        assertEquals(1, c.peak());
    }

    @Test
    void theSameResourceReportedTwiceIsOneRecord() {
        Object r = new Object();
        registry.acquire(ResourceKind.SOCKET, r, "socket", 0);
        registry.acquire(ResourceKind.SOCKET, r, "socket", 0);
        assertEquals(1, registry.snapshot().open().size());
        assertEquals(1, counts(registry.snapshot(), "socket").acquired());
    }

    @Test
    void manyAcquisitionsFromOneSiteShareOneStack() {
        List<Object> held = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Object r = new Object();
            held.add(r);
            registry.acquire(ResourceKind.FILE, r, "f" + i, FileMode.WRITE);
        }
        RegistrySnapshot s = registry.snapshot();
        assertEquals(1000, s.open().size());
        Object site = s.open().get(0).siteKey();
        for (ResourceView v : s.open()) {
            assertSame(site, v.siteKey());
        }
        assertEquals(1000, counts(s, "file").open());
        assertTrue(registry.isInterningStacks(), "the raw backtrace should be readable on this JDK");
        held.clear();
    }

    @Test
    void unreachableOpenResourceBecomesLeaked() throws Exception {
        acquireAndDrop();
        for (int i = 0; i < 20 && registry.snapshot().leaked().isEmpty(); i++) {
            System.gc();
            Thread.sleep(50);
        }
        RegistrySnapshot s = registry.snapshot();
        assertEquals(0, s.open().size());
        assertEquals(1, s.leaked().size());
        assertTrue(s.leaked().get(0).leaked());
        assertEquals("gone.txt (read/write)", s.leaked().get(0).description());
        assertEquals(1, s.leakedSites().size());
        assertEquals(1, s.leakedSites().get(0).count());
        KindCountsView c = counts(s, "file");
        assertEquals(1, c.leaked());
        assertEquals(0, c.open());
    }

    private void acquireAndDrop() {
        registry.acquire(ResourceKind.FILE, new Object(), "gone.txt", FileMode.READ | FileMode.WRITE);
    }

    @Test
    void theRegistryDoesNotKeepResourcesReachable() throws Exception {
        java.lang.ref.WeakReference<Object> probe = acquireAndWatch();
        for (int i = 0; i < 20 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(probe.get());
    }

    private java.lang.ref.WeakReference<Object> acquireAndWatch() {
        Object r = new Object();
        registry.acquire(ResourceKind.PIPE, r, "pipe sink", 0);
        return new java.lang.ref.WeakReference<>(r);
    }

    @Test
    void nothingIsTrackedInsideAgentCode() {
        Object r = new Object();
        Hooks.enterAgent();
        try {
            registry.acquire(ResourceKind.FILE, r, "agent-own.txt", FileMode.WRITE);
        } finally {
            Hooks.exitAgent();
        }
        assertEquals(0, registry.snapshot().open().size());
        assertEquals(0, counts(registry.snapshot(), "file").acquired());
    }

    @Test
    void disabledKindsAreIgnored() {
        ResourceRegistry onlyFiles = TestRegistries.of(new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.FILE), 10));
        onlyFiles.acquire(ResourceKind.SOCKET, new Object(), "socket", 0);
        assertEquals(0, onlyFiles.snapshot().open().size());
        assertFalse(onlyFiles.snapshot().counts().stream().anyMatch(c -> c.kind().equals("socket")));
    }

    @Test
    void adaptiveStacksRecordEveryStackWithinTheRateAndOneIn64Beyond() {
        ResourceRegistry adaptive = TestRegistries.of(
            new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.FILE), 10, true, new String[0]));
        List<Object> held = new ArrayList<>();
        int n = ThreadState.ADAPTIVE_BUDGET + 64 * 10;
        for (int i = 0; i < n; i++) {
            Object r = new Object();
            held.add(r);
            adaptive.acquire(ResourceKind.FILE, r, "f", FileMode.READ);
        }
        RegistrySnapshot s = adaptive.snapshot();
        assertEquals(n, s.open().size(), "every acquisition is recorded, with or without its stack");
        assertEquals(n, counts(s, "file").open());
        long withStack = s.open().stream().filter(v -> !v.stack().isEmpty()).count();
        // the budget of this second, then one in 64 (a new second may start during the loop: at most one more budget)
        assertTrue(withStack >= ThreadState.ADAPTIVE_BUDGET + 9, "with stack: " + withStack);
        assertTrue(withStack <= 2 * ThreadState.ADAPTIVE_BUDGET + 10, "with stack: " + withStack);
        assertTrue(n - withStack > 0, "some stacks are not recorded");
        held.clear();
    }

    @Test
    void aSlowThreadKeepsEveryStackOnceItsSecondIsOver() throws Exception {
        ThreadState ts = new ThreadState();
        for (int i = 0; i < ThreadState.ADAPTIVE_BUDGET; i++) {
            assertTrue(ts.sampleStack(0));
        }
        assertFalse(ts.sampleStack(0), "over the budget within the second");
        Thread.sleep(1100);
        int misses = 0;
        while (!ts.sampleStack(0)) {
            misses++;
        }
        assertTrue(misses < ThreadState.ADAPTIVE_ONE_IN, "a new second is noticed within 64 acquisitions: " + misses);
        for (int i = 1; i < ThreadState.ADAPTIVE_BUDGET; i++) {
            assertTrue(ts.sampleStack(0), "the new second's budget, acquisition " + i);
        }
    }

    @Test
    void aThreadWhoseBudgetIsLongSpentGetsANewOneAtOnce() throws Exception {
        ThreadState ts = new ThreadState();
        for (int i = 0; i < ThreadState.ADAPTIVE_BUDGET; i++) {
            ts.sampleStack(0);
        }
        Thread.sleep(1100);
        assertTrue(ts.sampleStack(0), "the first acquisition over a budget spent more than a second ago keeps its stack");
    }

    @Test
    void everySnapshotIsConsistentWhileOtherThreadsAcquireAndRelease() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(io.leakwatch.testsupport.AppCode.start(() -> {
                List<Object> held = new ArrayList<>();
                for (int i = 0; !stop.get(); i++) {
                    Object r = new Object();
                    registry.acquire(ResourceKind.FILE, r, "f" + i, FileMode.READ);
                    held.add(r);
                    if (held.size() > 50) {
                        registry.release(held.remove(0));
                    }
                }
                held.forEach(registry::release);
            }));
        }
        try {
            for (int i = 0; i < 200; i++) {
                RegistrySnapshot s = registry.snapshot();
                KindCountsView c = counts(s, "file");
                long listed = s.open().stream().filter(v -> v.kind().equals("file")).count();
                assertEquals(listed, c.open(), "open is what is listed, snapshot " + i);
                assertEquals(c.acquired(), c.open() + c.leaked() + c.released(), "acquired adds up, snapshot " + i);
                assertTrue(c.peak() >= c.open(), "peak >= open, snapshot " + i);
            }
        } finally {
            stop.set(true);
            for (Thread w : workers) {
                w.join();
            }
        }
    }

    @Test
    void eachKindHasABudgetOfItsOwn() {
        ThreadState ts = new ThreadState();
        int file = ResourceKind.FILE.ordinal();
        int pool = ResourceKind.THREADPOOL.ordinal();
        for (int i = 0; i < 10 * ThreadState.ADAPTIVE_BUDGET; i++) {
            ts.sampleStack(file);
        }
        assertTrue(ts.sampleStack(pool), "a burst of file opens leaves the thread pools' budget whole");
    }

    @Test
    void aMarkSeparatesWhatWasAcquiredBeforeFromWhatCameAfter() throws Exception {
        Object before = new Object();
        registry.acquire(ResourceKind.FILE, before, "before.txt", FileMode.READ);
        long mark = registry.mark();
        Object after = new Object();
        Object afterClosed = new Object();
        Object second = new Object();
        registry.acquire(ResourceKind.FILE, after, "after.txt", FileMode.READ);
        registry.acquire(ResourceKind.SOCKET, afterClosed, "socket", 0);
        registry.release(afterClosed);
        registry.acquire(ResourceKind.SOCKET, second, "second", 0);
        RegistrySnapshot since = registry.snapshotSince(mark);
        assertEquals(List.of("after.txt (read)", "second (unbound)"),
                     since.open().stream().map(ResourceView::description).collect(java.util.stream.Collectors.toList()));
        assertEquals(1, counts(since, "file").open());
        assertEquals(1, counts(since, "socket").open());
        assertEquals(0, counts(since, "pipe").open());
        assertEquals(2, registry.snapshot().open().size() - 1, "the full snapshot still has the one from before");
        long later = registry.mark();
        assertEquals(0, registry.snapshotSince(later).open().size());
        assertTrue(later > mark);
        registry.release(before);
        registry.release(after);
        registry.release(second);
    }

    @Test
    void limitsAreKeptPerKindAndCudaInBytes() {
        assertEquals(Long.MAX_VALUE, registry.limit(ResourceKind.FILE));
        registry.setLimit(ResourceKind.FILE, 10);
        registry.setLimit(ResourceKind.CUDA, 1L << 30);
        assertEquals(10, registry.limit(ResourceKind.FILE));
        assertEquals(1L << 30, registry.limit(ResourceKind.CUDA));
        assertEquals(Long.MAX_VALUE, registry.limit(ResourceKind.SOCKET));
        assertThrows(IllegalArgumentException.class, () -> registry.setLimit(ResourceKind.FILE, -1));
    }

    @Test
    void atALimitFailRefusesUntilOneIsReleasedAndAnnouncesEachCrossingOnce() {
        registry.setFailAtLimit(true);
        registry.setLimit(ResourceKind.FILE, 2);
        assertTrue(registry.hasLimits());
        Object a = new Object();
        Object b = new Object();
        assertNull(registry.refusal(ResourceKind.FILE, 1, 0));
        registry.acquire(ResourceKind.FILE, a, "a.txt", FileMode.READ);
        assertNull(registry.refusal(ResourceKind.FILE, 1, 0));
        registry.acquire(ResourceKind.FILE, b, "b.txt", FileMode.READ);
        String refused = registry.refusal(ResourceKind.FILE, 1, 0);
        assertTrue(refused != null && refused.startsWith("leakwatch: limit.file=2 reached (2 open); most held at "),
                   refused);
        assertTrue(refused.endsWith(" (2)"), refused);
        assertEquals(refused, registry.refusal(ResourceKind.FILE, 1, 0), "refused again, same holders");
        assertTrue(registry.refusal(ResourceKind.PIPE, 2, 0) == null, "no limit on pipes");
        registry.release(a);
        assertNull(registry.refusal(ResourceKind.FILE, 1, 0), "room after a release");
        registry.setLimit(ResourceKind.FILE, 0);
        assertEquals("leakwatch: limit.file=0 reached (1 open); most held at " + refused.substring(
            refused.indexOf(" at ") + 4, refused.lastIndexOf(" (")) + " (1)", registry.refusal(ResourceKind.FILE, 1, 0));
        registry.setLimit(ResourceKind.FILE, Long.MAX_VALUE);
        assertFalse(registry.hasLimits());
        assertNull(registry.refusal(ResourceKind.FILE, 1, 0));
        registry.release(b);
    }

    @Test
    void atALimitWarnLetsEverythingThrough() {
        registry.setLimit(ResourceKind.SOCKET, 0);
        assertFalse(registry.failsAtLimit());
        assertNull(registry.refusal(ResourceKind.SOCKET, 1, 0));
        assertNull(registry.refusal(ResourceKind.SOCKET, 1, 0));
    }

    @Test
    void amountsAreCountsOrBinaryUnits() {
        assertEquals("3", TopHolders.amount(3, false));
        assertEquals("64 MiB", TopHolders.amount(64L << 20, true));
        assertEquals("2 GiB", TopHolders.amount(2L << 30, true));
        assertEquals("1536 KiB", TopHolders.amount(1536L << 10, true));
        assertEquals("1000 bytes", TopHolders.amount(1000, true));
    }
}
