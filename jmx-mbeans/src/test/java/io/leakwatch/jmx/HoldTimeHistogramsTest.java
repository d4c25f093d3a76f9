package io.leakwatch.jmx;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HoldTimeHistogramsTest {
    @Test
    void percentilesOfWhatWasRecorded() {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file", "socket"));
        for (int i = 1; i <= 100; i++) {
            h.record(0, i);
        }
        for (int i = 0; i < 100; i++) {
            h.record(0, 1000);
        }
        h.record(1, 7);
        HoldTimes file = h.holdTimes("file");
        assertEquals(200, file.count());
        assertEquals(100, file.p50());
        // 2 significant digits: 1000 is reported as the top of its bucket, within 1%
        assertEquals(1000, file.p90(), 10);
        assertEquals(1000, file.max(), 10);
        assertEquals(new HoldTimes(1, 7, 7, 7, 7), h.holdTimes("socket"));
        assertEquals(HoldTimes.NONE, h.holdTimes("pipe"));
    }

    @Test
    void everyReadRunsTheDrainFirstSoItSeesWhatTheThreadsHeldBack() {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file"));
        AtomicInteger drains = new AtomicInteger();
        // the drain records on the reading thread, as the registry's does
        h.drainWith(() -> {
            if (drains.incrementAndGet() == 1) {
                h.record(0, 42);
                h.record(0, 8);
            }
        });
        assertEquals(new HoldTimes(2, 8, 42, 42, 42), h.holdTimes("file"));
        assertEquals(1, drains.get());
        h.harvest();
        assertEquals(2, drains.get());
        // later drains found nothing new: the totals stay
        assertEquals(2, h.holdTimes("file").count());
        assertEquals(3, drains.get());
    }

    @Test
    void recordingsKeepAddingUpAcrossHarvests() {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file"));
        h.record(0, 10);
        assertEquals(1, h.holdTimes("file").count());
        h.record(0, 30);
        h.harvest();
        h.record(0, 20);
        HoldTimes t = h.holdTimes("file");
        assertEquals(3, t.count());
        assertEquals(20, t.p50());
        assertEquals(30, t.max());
    }

    @Test
    void aBatchOfPackedEntriesIsRecordedByKind() {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file", "socket"));
        long[] batch = {0L << 56 | 10, 1L << 56 | 7, 0L << 56 | 30, 9L << 56 | 1, 0};
        long[] counts = {2, 1, 1, 5, 4};
        h.record(batch, counts, 4, 56);
        // a run of two counts twice; the unknown kind and what is past n are not recorded
        assertEquals(new HoldTimes(3, 10, 30, 30, 30), h.holdTimes("file"));
        assertEquals(new HoldTimes(1, 7, 7, 7, 7), h.holdTimes("socket"));
    }

    @Test
    void anUnknownKindIndexOrANegativeTimeIsNoFailure() {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file"));
        h.record(5, 10);
        h.record(0, -3);
        assertEquals(new HoldTimes(1, 0, 0, 0, 0), h.holdTimes("file"));
    }
}
