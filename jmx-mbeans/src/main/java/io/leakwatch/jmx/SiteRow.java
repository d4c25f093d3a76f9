package io.leakwatch.jmx;

import javax.management.ConstructorParameters;

/**
 * One row of a kind's {@code TopSites} attribute: the MXBean framework shows it as {@code CompositeData} with the items
 * {@code site}, {@code openCount}, {@code bytes}, {@code oldestAgeMillis} and {@code test}, so a JMX client needs no leakwatch class
 * to read it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SiteRow {
    private final String site;
    private final long openCount;
    private final long bytes;
    private final long oldestAgeMillis;
    private final String test;

    @ConstructorParameters({"site", "openCount", "bytes", "oldestAgeMillis", "test"})
    public SiteRow(String site, long openCount, long bytes, long oldestAgeMillis, String test) {
        this.site = site;
        this.openCount = openCount;
        this.bytes = bytes;
        this.oldestAgeMillis = oldestAgeMillis;
        this.test = test;
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

    /**
     * The test that was running when they were acquired ({@code com.example.FooTest#readsTheHeader}, a class while its
     * static initializers and {@code @BeforeAll} run), or empty outside tests. One line acquiring in two tests is two
     * rows.
     */
    public String getTest() {
        return test;
    }
}
