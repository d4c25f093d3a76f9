package io.leakwatch.bootstrap;

import io.leakwatch.family.file.boot.FileMode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The thread-local fast path of kinds {@code threadpool} and {@code jdbc}: a resource stays in its thread's young
 * slot until that thread acquires another, and every way it can end is counted exactly once, wherever it is.
 */
class YoungPathTest {
    private final ResourceRegistry registry = TestRegistries.of(
        new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.THREADPOOL, ResourceKind.JDBC, ResourceKind.FILE), 100));

    private KindCountsView counts(String kind) {
        return registry.snapshot().counts().stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    private void acquire(Object pool) {
        registry.acquire(ResourceKind.THREADPOOL, pool, "pool", 0);
    }

    private static void runOnAnotherThread(Runnable r) throws InterruptedException {
        io.leakwatch.testsupport.AppCode.onNewThread(r);
    }

    private void expect(long open, long acquired, long released, long leaked) {
        KindCountsView c = counts("threadpool");
        assertEquals(open, c.open(), "open");
        assertEquals(acquired, c.acquired(), "acquired");
        assertEquals(released, c.released(), "released");
        assertEquals(leaked, c.leaked(), "leaked");
        assertEquals(open, registry.snapshot().open().stream().filter(v -> v.kind().equals("threadpool")).count(),
                     "listed open");
    }

    @Test
    void youngAndPromotedRecordsAreListedAndReleasedOnTheSameThread() {
        Object a = new Object();
        Object b = new Object();
        acquire(a);
        expect(1, 1, 0, 0);
        acquire(b); // a is promoted to the table
        expect(2, 2, 0, 0);
        registry.release(a);
        registry.release(b);
        registry.release(b);
        expect(0, 2, 2, 0);
    }

    @Test
    void aYoungRecordReleasedByAnotherThreadIsFoundInItsSlot() throws InterruptedException {
        Object a = new Object();
        acquire(a);
        runOnAnotherThread(() -> registry.release(a));
        expect(0, 1, 1, 0);
        // the acquiring thread's next acquisition does not resurrect it
        Object b = new Object();
        acquire(b);
        registry.release(a);
        expect(1, 2, 1, 0);
        registry.release(b);
        expect(0, 2, 2, 0);
    }

    @Test
    void theSameResourceReportedTwiceIsOneRecord() {
        Object a = new Object();
        acquire(a);
        acquire(a);
        expect(1, 1, 0, 0);
    }

    @Test
    void aYoungRecordWhoseResourceIsCollectedIsLeaked() throws InterruptedException {
        acquire(new Object());
        for (int i = 0; i < 20 && counts("threadpool").leaked() == 0; i++) {
            System.gc();
            Thread.sleep(50);
        }
        expect(0, 1, 0, 1);
    }

    @Test
    void theYoungRecordOfAThreadThatDiedIsKept() throws InterruptedException {
        AtomicReference<Object> held = new AtomicReference<>();
        runOnAnotherThread(() -> {
            Object pool = new Object();
            held.set(pool);
            acquire(pool);
        });
        // the dead thread's record moves to the table at the next snapshot, and can be released from there
        expect(1, 1, 0, 0);
        registry.release(held.get());
        expect(0, 1, 1, 0);
    }

    @Test
    void manyThreadsAcquiringAndReleasingEachOthersResourcesCountExactly() throws InterruptedException {
        int threads = 4;
        int each = 2000;
        List<Object> handedOver = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = io.leakwatch.testsupport.AppCode.start(() -> {
                for (int i = 0; i < each; i++) {
                    Object p = new Object();
                    acquire(p);
                    if (i % 3 == 0) {
                        handedOver.add(p); // released later by another thread
                    } else {
                        registry.release(p);
                    }
                }
            });
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        List<Object> toRelease = new ArrayList<>(handedOver);
        runOnAnotherThread(() -> toRelease.forEach(registry::release));
        expect(0, threads * each, threads * each, 0);
    }

    @Test
    void onOneThreadThePeakIsExactWithoutAnyRead() {
        Object a = new Object();
        Object b = new Object();
        Object c = new Object();
        acquire(a);
        registry.release(a);
        acquire(a);
        acquire(b);
        acquire(c); // three open at once, a and b promoted
        registry.release(c);
        registry.release(b);
        registry.release(a);
        acquire(new Object());
        KindCountsView v = counts("threadpool");
        assertEquals(3, v.peak());
        assertEquals(1, v.open());
    }

    @Test
    void youngRecordsOfSeveralThreadsAreCountedExactlyAndRaiseThePeakWhenRead() throws Exception {
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(3);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        List<Thread> holders = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            holders.add(io.leakwatch.testsupport.AppCode.start(() -> {
                Object p = new Object();
                acquire(p);
                held.countDown();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                registry.release(p);
            }));
        }
        held.await();
        KindCountsView v = counts("threadpool");
        assertEquals(3, v.open());
        assertEquals(3, v.peak());
        done.countDown();
        for (Thread h : holders) {
            h.join();
        }
        expect(0, 3, 3, 0);
        assertEquals(3, counts("threadpool").peak());
        registry.resetPeak(ResourceKind.THREADPOOL);
        assertEquals(0, counts("threadpool").peak());
    }

    @Test
    void aLimitSetAtRunTimeCountsTheYoungRecordsTheThreadsCountedThemselves() throws Exception {
        registry.setFailAtLimit(true);
        AtomicReference<Object> other = new AtomicReference<>();
        java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread holder = io.leakwatch.testsupport.AppCode.start(() -> {
            Object p = new Object();
            other.set(p);
            acquire(p);
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.await();
        Object mine = new Object();
        acquire(mine);
        registry.setLimit(ResourceKind.THREADPOOL, 2);
        String refused = registry.refusal(ResourceKind.THREADPOOL, 1, 0);
        assertTrue(refused != null && refused.startsWith("leakwatch: limit.threadpool=2 reached (2 open)"), refused);
        registry.release(mine);
        assertEquals(null, registry.refusal(ResourceKind.THREADPOOL, 1, 0));
        // with the limit, acquisitions count in the shared count: still exact
        Object next = new Object();
        acquire(next);
        assertTrue(registry.refusal(ResourceKind.THREADPOOL, 1, 0) != null);
        registry.release(next);
        done.countDown();
        holder.join();
        registry.release(other.get());
        expect(0, 3, 3, 0);
        registry.setLimit(ResourceKind.THREADPOOL, Long.MAX_VALUE);
    }

    @Test
    void holdTimesWaitInTheThreadsRingsUntilADrainAndAFullRingDrainsItself() throws Exception {
        List<long[]> told = java.util.Collections.synchronizedList(new ArrayList<>());
        registry.installHoldTimes(collectInto(told));
        // alternating kinds: every release starts a new run, so each takes a slot of the ring
        int n = ThreadState.HOLD_RING * 2 + 5;
        for (int i = 0; i < n; i++) {
            Object p = new Object();
            registry.acquire(i % 2 == 0 ? ResourceKind.THREADPOOL : ResourceKind.FILE, p, "p", 0);
            registry.release(p);
        }
        // the first release made the ring (and went to the sink); full rings drained themselves on later releases
        assertTrue(told.size() >= n - ThreadState.HOLD_RING && told.size() < n, "before a drain: " + told.size());
        registry.drainHoldTimes();
        assertEquals(n, told.size());
        for (int i = 0; i < n; i++) {
            assertEquals((i % 2 == 0 ? ResourceKind.THREADPOOL : ResourceKind.FILE).ordinal(), told.get(i)[0], "#" + i);
        }
        runOnAnotherThread(() -> {
            Object f = new Object();
            registry.acquire(ResourceKind.FILE, f, "f.txt", FileMode.READ);
            registry.release(f);
        });
        registry.drainHoldTimes();
        assertEquals(n + 1, told.size());
        assertEquals(ResourceKind.FILE.ordinal(), told.get(n)[0]);
        for (long[] t : told) {
            assertTrue(t[1] >= 0 && t[1] < 60_000, "held " + t[1] + " ms");
        }
        registry.installHoldTimes(null);
    }

    @Test
    void equalHoldTimesAreCountedInOneSlotThatDrainsSeeGrowWithoutCountingTwice() throws Exception {
        List<long[]> told = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        registry.installHoldTimes((entries, counts, n) -> {
            for (int i = 0; i < n; i++) {
                runs.add(counts[i]);
            }
            collectInto(told).released(entries, counts, n);
        });
        releaseHeldZero(1); // makes the ring
        registry.drainHoldTimes();
        told.clear();
        runs.clear();
        // on the registry's 5 ms clock a tight loop's releases are all held 0 ms: one run, whatever the ring's size
        releaseHeldZero(ThreadState.HOLD_RING * 10);
        registry.drainHoldTimes();
        assertEquals(ThreadState.HOLD_RING * 10, told.size());
        // (a clock tick between an acquisition and its release breaks the run: a few runs, not hundreds)
        assertTrue(runs.size() < ThreadState.HOLD_RING, "runs " + runs);
        // the last slot stays in the ring: what is added to it later is told once, and only what was added
        releaseHeldZero(7);
        registry.drainHoldTimes();
        registry.drainHoldTimes();
        assertEquals(ThreadState.HOLD_RING * 10 + 7, told.size());
        for (long[] t : told) {
            assertEquals(ResourceKind.THREADPOOL.ordinal(), t[0]);
            assertTrue(t[1] < 1000, "held " + t[1] + " ms");
        }
        registry.installHoldTimes(null);
    }

    /** Releases {@code n} thread pools at once, each as soon as acquired (held 0 ms unless the clock ticks). */
    private void releaseHeldZero(int n) {
        for (int i = 0; i < n; i++) {
            Object p = new Object();
            acquire(p);
            registry.release(p);
        }
    }

    /** A sink that adds one {kind, millis} to {@code told} for every release. */
    static HoldTimeSink collectInto(List<long[]> told) {
        return (entries, counts, n) -> {
            for (int i = 0; i < n; i++) {
                for (long c = 0; c < counts[i]; c++) {
                    told.add(new long[] {HoldTimeSink.kindOf(entries[i]), HoldTimeSink.millisOf(entries[i])});
                }
            }
        };
    }
}
