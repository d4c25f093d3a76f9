package io.leakwatch.bootstrap;

import io.leakwatch.family.file.boot.FileMode;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the live view reads from the registry: counters without a snapshot, open sites, held resources, hold times. */
class LiveAccessorsTest {
    private final ResourceRegistry registry = TestRegistries.of(
        new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.FILE, ResourceKind.THREADPOOL), 100));

    private KindCountsView counts(String kind) {
        return registry.counts().stream().filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void countsMatchTheSnapshotsWithoutTakingOne() {
        List<Object> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Object f = new Object();
            files.add(f);
            registry.acquire(ResourceKind.FILE, f, "f" + i, FileMode.READ);
        }
        Object pool = new Object();
        registry.acquire(ResourceKind.THREADPOOL, pool, "pool", 0);
        registry.release(files.get(0));
        registry.release(pool);
        assertEquals(List.of("file", "threadpool"), registry.counts().stream().map(KindCountsView::kind).toList());
        KindCountsView file = counts("file");
        assertEquals(List.of(4L, 5L, 5L, 1L, 0L, -1L),
                     List.of(file.open(), file.peak(), file.acquired(), file.released(), file.leaked(), file.bytes()));
        KindCountsView pools = counts("threadpool");
        assertEquals(List.of(0L, 1L, 1L), List.of(pools.open(), pools.acquired(), pools.released()));
        registry.resetPeak(ResourceKind.FILE);
        assertEquals(4, counts("file").peak());
        assertEquals(4, registry.snapshot().counts().get(0).peak());
    }

    @Test
    void openSitesGroupByStackWithTheOldestTime() throws Exception {
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keep.add(openHere());
        }
        Thread.sleep(20);
        keep.add(openThere());
        Object pool = new Object();
        registry.acquire(ResourceKind.THREADPOOL, pool, "pool", 0);
        List<OpenSiteView> sites = registry.openSites();
        assertEquals(3, sites.size(), sites.toString());
        long files = sites.stream().filter(s -> s.kind().equals("file")).mapToLong(OpenSiteView::count).sum();
        assertEquals(4, files);
        OpenSiteView three = sites.stream().filter(s -> s.count() == 3).findFirst().orElseThrow();
        OpenSiteView one = sites.stream().filter(s -> s.kind().equals("file") && s.count() == 1).findFirst()
            .orElseThrow();
        assertTrue(three.oldestAcquiredAtMillis() < one.oldestAcquiredAtMillis());
        assertEquals(-1, three.bytes());
        // the pool waits in this thread's young slot: the sites see it there too
        assertEquals(1, sites.stream().filter(s -> s.kind().equals("threadpool")).count());
        registry.release(keep.get(0));
        assertEquals(List.of(1L, 2L), registry.openSites().stream().filter(s -> s.kind().equals("file"))
            .map(OpenSiteView::count).sorted().toList());
    }

    @Test
    void oneStackThatAcquiredTwoKindsIsTwoSites() {
        Object pool = new Object();
        Object file = new Object();
        Throwable here = new Throwable();
        registry.acquire(ResourceKind.THREADPOOL, pool, "pool", 0, here, true);
        registry.acquire(ResourceKind.FILE, file, "f", FileMode.READ, here, true);
        List<OpenSiteView> sites = registry.openSites();
        assertEquals(List.of("file 1", "threadpool 1"), sites.stream().map(s -> s.kind() + " " + s.count()).sorted()
            .toList());
    }

    private Object openHere() {
        Object f = new Object();
        registry.acquire(ResourceKind.FILE, f, "here", FileMode.READ);
        return f;
    }

    private Object openThere() {
        Object f = new Object();
        registry.acquire(ResourceKind.FILE, f, "there", FileMode.WRITE);
        return f;
    }

    @Test
    void openAcquiredInListsEachResourceInExactlyOneWindow() throws Exception {
        long before = System.currentTimeMillis() - 1000;
        Object a = new Object();
        registry.acquire(ResourceKind.FILE, a, "a", FileMode.READ);
        Thread.sleep(30);
        long middle = System.currentTimeMillis();
        Thread.sleep(30);
        Object b = new Object();
        registry.acquire(ResourceKind.FILE, b, "b", FileMode.READ);
        long after = System.currentTimeMillis() + 1000;
        assertEquals(List.of("a (read)"), descriptions(registry.openAcquiredIn(before, middle)));
        assertEquals(List.of("b (read)"), descriptions(registry.openAcquiredIn(middle, after)));
        assertEquals(List.of("a (read)", "b (read)"), descriptions(registry.openAcquiredIn(before, after)));
        registry.release(a);
        assertEquals(List.of("b (read)"), descriptions(registry.openAcquiredIn(before, after)));
    }

    private static List<String> descriptions(List<ResourceView> views) {
        return views.stream().map(ResourceView::description).toList();
    }

    @Test
    void everyReleaseTellsTheHoldTimeSinkAtTheNextDrain() throws Exception {
        List<long[]> told = new ArrayList<>();
        registry.installHoldTimes(YoungPathTest.collectInto(told));
        Object f = new Object();
        registry.acquire(ResourceKind.FILE, f, "a", FileMode.READ);
        Thread.sleep(50);
        registry.release(f);
        registry.release(f);
        Object pool = new Object();
        registry.acquire(ResourceKind.THREADPOOL, pool, "pool", 0);
        registry.release(pool);
        // the releasing thread keeps them until a drain (the live view drains before every read)
        registry.drainHoldTimes();
        assertEquals(2, told.size(), "once per resource");
        assertEquals(ResourceKind.FILE.ordinal(), told.get(0)[0]);
        assertTrue(told.get(0)[1] >= 45 && told.get(0)[1] < 5000, "held " + told.get(0)[1]);
        assertEquals(ResourceKind.THREADPOOL.ordinal(), told.get(1)[0]);
        registry.installHoldTimes(null);
        Object g = new Object();
        registry.acquire(ResourceKind.FILE, g, "g", FileMode.READ);
        registry.release(g);
        assertEquals(2, told.size());
    }
}
