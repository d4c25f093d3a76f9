package io.leakwatch.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReleaseSiteTest {

    @Test
    void sumsItsPlacesAndDoubleReleases() {
        ReleaseSite file = Reports.releaseSites().get(0);
        assertEquals(100, file.released());
        assertEquals(2, file.doubleReleased());
        assertEquals(0, new ReleaseSite("file", List.of(), 1, 0, List.of(), List.of(), false).released());
    }

    @Test
    void copiesWhatItIsGiven() {
        List<String> stack = new ArrayList<>(List.of("a.B.c(B.java:1)"));
        List<ReleasePlace> places = new ArrayList<>(List.of(new ReleasePlace(stack, 1, 0, List.of("main"))));
        ReleaseSite site = new ReleaseSite("file", stack, 0, 0, places, List.of(), false);
        stack.clear();
        places.clear();
        assertEquals(List.of("a.B.c(B.java:1)"), site.stack());
        assertEquals(List.of("a.B.c(B.java:1)"), site.places().get(0).stack());
        assertEquals(1, site.released());
        assertThrows(UnsupportedOperationException.class, () -> site.places().clear());
    }

    @Test
    void anEmptyReleaseStackMeansNoCloseCallWasSeen() {
        ReleasePlace ended = new ReleasePlace(List.of(), 4, 0, List.of());
        assertTrue(ended.withoutCloseCall());
        assertEquals(HoldPercentiles.NONE, ended.holdTimes(), "not timed");
        assertFalse(Reports.releaseSites().get(0).places().get(0).withoutCloseCall());
    }
}
