package io.leakwatch.jmx;

import javax.management.ConstructorParameters;

/**
 * One row of a kind's {@code TopSites} attribute: the MXBean framework shows it as {@code CompositeData} with the items
 * {@code site}, {@code openCount}, {@code bytes} and {@code oldestAgeMillis}, so a JMX client needs no leakwatch class
 * to read it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SiteRow {
    private final String site;
    private final long openCount;
    private final long bytes;
    private final long oldestAgeMillis;

    @ConstructorParameters({"site", "openCount", "bytes", "oldestAgeMillis"})
    public SiteRow(String site, long openCount, long bytes, long oldestAgeMillis) {
        this.site = site;
        this.openCount = openCount;
        this.bytes = bytes;
        this.oldestAgeMillis = oldestAgeMillis;
    }

    /** The application's acquiring line ({@code com.acme.Store.load(Store.java:42)}), or {@link OpenSite#NO_STACK}. */
    public String getSite() {
        return site;
    }

    /** Resources open from this line now. */
    public long getOpenCount() {
        return openCount;
    }

    /** Their bytes (CUDA memory), or -1 for kinds not measured in bytes. */
    public long getBytes() {
        return bytes;
    }

    /** How long the oldest of them is held, in milliseconds. */
    public long getOldestAgeMillis() {
        return oldestAgeMillis;
    }
}
