package io.leakwatch.jmx.process;

import io.leakwatch.jmx.Occupancy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThresholdsTest {
    @Test
    void statesChangeExactlyAtTheThresholds() {
        Thresholds t = Thresholds.DEFAULTS;
        assertAll(
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(0, 100)),
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(79, 100)),
            () -> assertEquals(Occupancy.WARNING, t.stateOf(80, 100)),
            () -> assertEquals(Occupancy.WARNING, t.stateOf(94, 100)),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(95, 100)),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(100, 100)),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(300, 100), "over the limit"),
            // 80% of 256 is 204.8: 204 is below, 205 at or above
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(204, 256)),
            () -> assertEquals(Occupancy.WARNING, t.stateOf(205, 256)),
            // 95% of 256 is 243.2
            () -> assertEquals(Occupancy.WARNING, t.stateOf(243, 256)),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(244, 256)),
            // byte sizes of a large disk do not overflow
            () -> assertEquals(Occupancy.WARNING, t.stateOf(8L << 40, 10L << 40)),
            () -> assertEquals(Occupancy.NORMAL, t.stateOf((8L << 40) - 1, 10L << 40)));
    }

    @Test
    void unknownValuesAndUnlimitedLimitsAreNormal() {
        Thresholds t = new Thresholds(1, 2);
        assertAll(
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(-1, 100), "unknown value"),
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(50, -1), "unlimited"),
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(50, 0), "no limit"),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(2, 100)),
            () -> assertEquals(-1.0, Thresholds.percent(5, -1)),
            () -> assertEquals(-1.0, Thresholds.percent(-1, 10)),
            () -> assertEquals(12.5, Thresholds.percent(32, 256)));
    }

    @Test
    void customThresholds() {
        Thresholds t = new Thresholds(50, 75);
        assertAll(
            () -> assertEquals(Occupancy.NORMAL, t.stateOf(127, 256)),
            () -> assertEquals(Occupancy.WARNING, t.stateOf(128, 256)),
            () -> assertEquals(Occupancy.CRITICAL, t.stateOf(192, 256)),
            () -> assertEquals(1, Occupancy.WARNING.level()),
            () -> assertEquals(2, Occupancy.CRITICAL.level()));
    }

    @Test
    void badThresholdsSayWhatIsValid() {
        for (int[] bad : new int[][] {{95, 80}, {80, 80}, {0, 50}, {50, 101}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                                                      () -> new Thresholds(bad[0], bad[1]));
            assertEquals("thresholds must satisfy 1 <= warning < critical <= 100, got warning " + bad[0]
                         + "%, critical " + bad[1] + "%", e.getMessage());
        }
    }
}
