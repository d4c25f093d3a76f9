package io.leakwatch.jmx;

import io.leakwatch.report.DoubleRelease;
import io.leakwatch.report.HoldPercentiles;
import io.leakwatch.report.ReleasePlace;
import io.leakwatch.report.ReleaseSite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of a kind's {@code ReleasePlaces} and {@code SecondReleases} attributes, from the release sites the agent
 * reads: one row per (acquiring line, releasing line) pair, most releases first, at most {@value #MAX_ROWS}.
 *
 * <p>Thread-safe: stateless.
 */
final class ReleaseRows {
    /** What a place without a close call shows (a statement ended with its connection, a file found deleted). */
    static final String NO_CALL = "(without a close call)";
    static final int MAX_ROWS = 20;

    private ReleaseRows() {
    }

    static List<ReleaseRow> places(List<ReleaseSite> sites, String kind) {
        List<ReleaseRow> rows = new ArrayList<>();
        for (ReleaseSite s : sites) {
            if (!s.kind().equals(kind)) {
                continue;
            }
            for (ReleasePlace p : s.places()) {
                HoldPercentiles h = p.holdTimes();
                rows.add(new ReleaseRow(first(s.stack(), OpenSite.NO_STACK), first(p.stack(), NO_CALL), p.count(),
                                        p.otherThread(), h.p50(), h.p99(), h.max(), s.open(), s.leaked()));
            }
        }
        rows.sort(Comparator.comparingLong(ReleaseRow::getReleasedCount).reversed());
        return rows.size() > MAX_ROWS ? List.copyOf(rows.subList(0, MAX_ROWS)) : rows;
    }

    static List<SecondReleaseRow> seconds(List<ReleaseSite> sites, String kind) {
        List<SecondReleaseRow> rows = new ArrayList<>();
        for (ReleaseSite s : sites) {
            if (!s.kind().equals(kind)) {
                continue;
            }
            for (DoubleRelease d : s.doubleReleases()) {
                rows.add(new SecondReleaseRow(first(s.stack(), OpenSite.NO_STACK), first(d.first(), NO_CALL),
                                              first(d.second(), NO_CALL), d.count(), s.doubleReleaseIsFinding()));
            }
        }
        rows.sort(Comparator.comparingLong(SecondReleaseRow::getCount).reversed());
        return rows.size() > MAX_ROWS ? List.copyOf(rows.subList(0, MAX_ROWS)) : rows;
    }

    private static String first(List<String> stack, String none) {
        return stack.isEmpty() ? none : stack.get(0);
    }
}
