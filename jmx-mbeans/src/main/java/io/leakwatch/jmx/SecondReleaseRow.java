package io.leakwatch.jmx;

import javax.management.ConstructorParameters;

/**
 * One row of a kind's {@code SecondReleases} attribute: resources acquired at one line, released at one place and then
 * closed again at another. {@code finding} is true where that is a bug (a pooled connection), false where it is
 * information (a stream's second close does nothing).
 *
 * <p>Immutable and thread-safe.
 */
public final class SecondReleaseRow {
    private final String site;
    private final String firstPlace;
    private final String secondPlace;
    private final long count;
    private final boolean finding;

    @ConstructorParameters({"site", "firstPlace", "secondPlace", "count", "finding"})
    public SecondReleaseRow(String site, String firstPlace, String secondPlace, long count, boolean finding) {
        this.site = site;
        this.firstPlace = firstPlace;
        this.secondPlace = secondPlace;
        this.count = count;
        this.finding = finding;
    }

    /** The application's acquiring line. */
    public String getSite() {
        return site;
    }

    /** Where they were released first. */
    public String getFirstPlace() {
        return firstPlace;
    }

    /** Where they were closed again. */
    public String getSecondPlace() {
        return secondPlace;
    }

    public long getCount() {
        return count;
    }

    /** Whether a second close of this kind is a bug rather than information. */
    public boolean isFinding() {
        return finding;
    }
}
