package io.leakwatch.jmx;

import javax.management.ConstructorParameters;

/**
 * One row of a kind's {@code ReleasePlaces} attribute: where the resources acquired at one line were released, how
 * many there, how many on another thread than their acquirer, how long they were held, and how many from that line
 * are still open or leaked. The MXBean framework shows it as {@code CompositeData}, so a JMX client needs no leakwatch
 * class to read it.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReleaseRow {
    private final String site;
    private final String place;
    private final long releasedCount;
    private final long otherThreadCount;
    private final long holdTimeP50Millis;
    private final long holdTimeP99Millis;
    private final long holdTimeMaxMillis;
    private final long siteOpenCount;
    private final long siteLeakedCount;

    @ConstructorParameters({"site", "place", "releasedCount", "otherThreadCount", "holdTimeP50Millis",
                            "holdTimeP99Millis", "holdTimeMaxMillis", "siteOpenCount", "siteLeakedCount"})
    public ReleaseRow(String site, String place, long releasedCount, long otherThreadCount, long holdTimeP50Millis,
                      long holdTimeP99Millis, long holdTimeMaxMillis, long siteOpenCount, long siteLeakedCount) {
        this.site = site;
        this.place = place;
        this.releasedCount = releasedCount;
        this.otherThreadCount = otherThreadCount;
        this.holdTimeP50Millis = holdTimeP50Millis;
        this.holdTimeP99Millis = holdTimeP99Millis;
        this.holdTimeMaxMillis = holdTimeMaxMillis;
        this.siteOpenCount = siteOpenCount;
        this.siteLeakedCount = siteLeakedCount;
    }

    /** The application's acquiring line ({@code com.acme.Store.load(Store.java:42)}). */
    public String getSite() {
        return site;
    }

    /** The line that released them, or {@value ReleaseRows#NO_CALL} for releases without a close call. */
    public String getPlace() {
        return place;
    }

    public long getReleasedCount() {
        return releasedCount;
    }

    /** Of those, the ones released on a thread other than the acquiring one. */
    public long getOtherThreadCount() {
        return otherThreadCount;
    }

    /** The median time they were held, in milliseconds (0 when not recorded). */
    public long getHoldTimeP50Millis() {
        return holdTimeP50Millis;
    }

    public long getHoldTimeP99Millis() {
        return holdTimeP99Millis;
    }

    public long getHoldTimeMaxMillis() {
        return holdTimeMaxMillis;
    }

    /** Resources from the acquiring line still open. */
    public long getSiteOpenCount() {
        return siteOpenCount;
    }

    /** Resources from the acquiring line found leaked. */
    public long getSiteLeakedCount() {
        return siteLeakedCount;
    }
}
