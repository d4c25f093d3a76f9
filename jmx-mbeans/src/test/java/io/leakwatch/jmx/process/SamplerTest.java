package io.leakwatch.jmx.process;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SamplerTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void cpuLoadIsAShareOfAllProcessors() {
        assertAll(
            () -> assertEquals(0.5, Sampler.cpuLoad(0, 0, SECOND, SECOND, 2)),
            () -> assertEquals(0.25, Sampler.cpuLoad(SECOND, 10 * SECOND, 2 * SECOND, 11 * SECOND, 4)),
            () -> assertEquals(0.0, Sampler.cpuLoad(SECOND, 0, SECOND, SECOND, 1), "idle"),
            () -> assertEquals(1.0, Sampler.cpuLoad(0, 0, 3 * SECOND, SECOND, 2), "tick rounding is capped at 1"),
            () -> assertEquals(-1.0, Sampler.cpuLoad(-1, 0, SECOND, SECOND, 2), "no previous reading"),
            () -> assertEquals(-1.0, Sampler.cpuLoad(0, 0, -1, SECOND, 2), "unknown CPU time"),
            () -> assertEquals(-1.0, Sampler.cpuLoad(0, SECOND, SECOND, SECOND, 2), "no time passed"));
    }

    @Test
    void samplesAreNumberedAndCarryTrackedCountsAndLoad() {
        Queue<Reading> readings = new ArrayDeque<>(List.of(
            new Reading(2 * SECOND, 40, 1024, 12, 64L << 20, 1L << 34, 1L << 33, 1L << 40, 1L << 39),
            new Reading(3 * SECOND, 41, 1024, 13, 65L << 20, 1L << 34, 1L << 33, 1L << 40, 1L << 39)));
        Queue<Long> nanos = new ArrayDeque<>(List.of(5 * SECOND, 7 * SECOND));
        AtomicLong tracked = new AtomicLong(30);
        Sampler sampler = new Sampler(readings::remove, tracked::get, 2, nanos::remove, () -> 1234L);
        ProcessSample first = sampler.sample();
        tracked.set(31);
        ProcessSample second = sampler.sample();
        assertAll(
            () -> assertEquals(1, first.getSequence()),
            () -> assertEquals(1234L, first.getTimestampMillis()),
            () -> assertEquals(-1.0, first.getCpuLoad(), "no previous reading"),
            () -> assertEquals(30, first.getTrackedDescriptors()),
            () -> assertEquals(10, first.getUntrackedDescriptors()),
            () -> assertEquals(2, second.getSequence()),
            // 1 s of CPU in 2 s on 2 processors
            () -> assertEquals(0.25, second.getCpuLoad()),
            () -> assertEquals(31, second.getTrackedDescriptors()),
            () -> assertEquals(10, second.getUntrackedDescriptors()),
            () -> assertEquals(13, second.getThreads()),
            () -> assertEquals(1L << 33, second.getSystemMemoryUsedBytes()));
    }
}
