package io.leakwatch.bootstrap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The thread-local fast path of kinds {@code threadpool} and {@code jdbc}: a resource stays in its thread's young
 * slot until that thread acquires another, and every way it can end is counted exactly once, wherever it is.
 */
class YoungPathTest {
    private final ResourceRegistry registry = new ResourceRegistry(
        new TrackingSettings(8, new String[0], new String[] {"threadpool", "jdbc", "file"}, 100));

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
}
