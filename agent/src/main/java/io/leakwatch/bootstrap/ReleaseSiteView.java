package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Where the resources of one kind acquired at one recorded site were released, at one moment: each place with its
 * count, releasing threads and hold times; how many are still open or leaked; and the second releases. What a
 * report's releases section is made of.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReleaseSiteView {
    private final String kind;
    private final String[] stack;
    private final long open;
    private final long leaked;
    private final long unplaced;
    private final List<ReleasePlaceView> places;
    private final List<DoubleReleaseView> doubleReleases;
    private final boolean doubleReleaseIsFinding;

    ReleaseSiteView(String kind, String[] stack, long open, long leaked, long unplaced, List<ReleasePlaceView> places,
                    List<DoubleReleaseView> doubleReleases, boolean doubleReleaseIsFinding) {
        this.kind = kind;
        this.stack = stack;
        this.open = open;
        this.leaked = leaked;
        this.unplaced = unplaced;
        this.places = List.copyOf(places);
        this.doubleReleases = List.copyOf(doubleReleases);
        this.doubleReleaseIsFinding = doubleReleaseIsFinding;
    }

    public String kind() {
        return kind;
    }

    /** The acquiring stack, application frame first. */
    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }

    /** The site's resources open now. */
    public long open() {
        return open;
    }

    /** The site's resources found leaked. */
    public long leaked() {
        return leaked;
    }

    /** Releases at places past the per-site cap: counted, not placed. */
    public long unplaced() {
        return unplaced;
    }

    public List<ReleasePlaceView> places() {
        return places;
    }

    public List<DoubleReleaseView> doubleReleases() {
        return doubleReleases;
    }

    /** Whether a second release of this kind is a bug (a pooled connection) rather than information (a stream). */
    public boolean doubleReleaseIsFinding() {
        return doubleReleaseIsFinding;
    }
}
