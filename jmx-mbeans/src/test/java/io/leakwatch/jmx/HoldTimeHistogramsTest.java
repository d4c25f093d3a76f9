package io.leakwatch.jmx;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HoldTimeHistogramsTest {
    @Test
    void percentilesOverEveryThreadsRecordings() throws Exception {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file", "socket"));
        for (int i = 1; i <= 100; i++) {
            h.record(0, i);
        }
        Thread other = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                h.record(0, 1000);
            }
            h.record(1, 7);
        });
        other.start();
        other.join();
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
    void aDeadThreadIsForgottenAfterItsLastRecordingsAreHarvested() throws Exception {
        HoldTimeHistograms h = new HoldTimeHistograms(List.of("file"));
        Thread t = new Thread(() -> h.record(0, 42));
        t.start();
        t.join();
        h.record(0, 8);
        assertEquals(2, h.threadCount());
        h.harvest();
        assertEquals(1, h.threadCount());
        assertEquals(new HoldTimes(2, 8, 42, 42, 42), h.holdTimes("file"));
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
}
