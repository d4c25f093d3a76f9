package io.leakwatch.bootstrap;

import io.leakwatch.testsupport.AppCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Release places on the registry alone. This class is in the agent's package, so its own frames are trimmed from every
 * stack: places here are told apart by count, not by line (the integration tests check the lines).
 */
class ReleasePlacesTest {
    private final ResourceRegistry registry = TestRegistries.of(
        new TrackingSettings(8, new String[0], java.util.EnumSet.of(ResourceKind.FILE, ResourceKind.JDBC), 100));

    @Test
    void aSitesReleasesAreCountedWithItsOpenOnesAndASecondReleaseWithBothPlaces() {
        Object[] files = new Object[3];
        for (int i = 0; i < files.length; i++) {
            files[i] = new Object();
            registry.acquire(ResourceKind.FILE, files[i], "f" + i, 0);
        }
        // below an application frame: the JUnit runner's reflective frames on top would look like a nested close
        AppCode.run(() -> {
            registry.release(files[0]);
            registry.release(files[1]);
            registry.release(files[1]);
        });
        List<ReleaseSiteView> sites = registry.releaseSites();
        assertEquals(1, sites.size());
        ReleaseSiteView site = sites.get(0);
        assertEquals("file", site.kind());
        assertEquals(1, site.open());
        assertEquals(0, site.leaked());
        assertEquals(2, site.places().stream().mapToLong(ReleasePlaceView::count).sum());
        assertEquals(0, site.places().get(0).otherThread());
        assertEquals(List.of(Thread.currentThread().getName()), site.places().get(0).threads());
        // no hold-time factory installed here: counts only
        assertNull(site.places().get(0).holdTimes());
        assertEquals(1, site.doubleReleases().size());
        assertEquals(1, site.doubleReleases().get(0).count());
        assertEquals(false, site.doubleReleaseIsFinding());
    }

    @Test
    void aReleaseOnAnotherThreadIsCountedAsSuchAndHoldTimesGoToTheInstalledRecorders() throws Exception {
        long[] recorded = new long[1];
        registry.installReleaseHoldTimes(() -> new HoldTimeRecorder() {
            @Override
            public void record(long millis) {
                recorded[0]++;
            }

            @Override
            public long[] percentiles() {
                return new long[] {recorded[0], 1, 2, 3, 4};
            }
        });
        Object connection = new Object();
        registry.acquire(ResourceKind.JDBC, connection, "c", 0);
        Thread other = new Thread(() -> registry.release(connection), "releaser");
        other.start();
        other.join();
        ReleaseSiteView site = registry.releaseSites().get(0);
        ReleasePlaceView place = site.places().get(0);
        assertEquals(1, place.count());
        assertEquals(1, place.otherThread());
        assertEquals(List.of("releaser"), place.threads());
        assertEquals(1, recorded[0]);
        assertEquals(1, place.holdTimes()[0]);
        assertEquals(true, site.doubleReleaseIsFinding());
    }

    @Test
    void aResourceWhoseStackWasNotRecordedIsNotPlaced() {
        ResourceRegistry none = TestRegistries.of(new TrackingSettings(
            8, new String[0], java.util.EnumSet.of(ResourceKind.FILE), 100, true, new String[0]));
        Object r = new Object();
        // a stack decided by the caller: none
        none.acquire(ResourceKind.FILE, r, "f", 0, null, true);
        none.release(r);
        none.release(r);
        assertEquals(List.of(), none.releaseSites());
    }
}
