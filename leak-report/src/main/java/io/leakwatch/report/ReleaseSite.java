package io.leakwatch.report;

import java.util.List;
import java.util.Objects;

/**
 * Where the resources acquired at one site were released: each release place with its count and hold times, how many
 * of the site's resources are still open or leaked, and the resources closed a second time. Read with the report's
 * {@link SiteEntry sites}, it answers "where should this resource have been closed?": where its siblings were.
 *
 * <p>Places and double releases are kept in the order given; the agent and {@link LeakReports#merge} list them most
 * first ({@link LeakReports#RELEASE_PLACE_ORDER}, {@link LeakReports#DOUBLE_RELEASE_ORDER}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param kind                    the lower-case kind
 * @param stack                   the acquiring stack, application frame first
 * @param open                    the site's resources still open, 0 or more
 * @param leaked                  the site's resources that became unreachable while open, 0 or more
 * @param places                  where the site's resources were released
 * @param doubleReleases          resources released and then closed again
 * @param doubleReleaseIsFinding  whether a second close is a bug for this kind (a pooled JDBC connection), rather than
 *                                information (a stream, whose second close does nothing)
 * @param unplaced                the site's resources released where no stack was recorded (the releasing thread's
 *                                stack budget was spent, or the site had too many places), 0 or more
 */
public record ReleaseSite(String kind, List<String> stack, long open, long leaked, List<ReleasePlace> places,
                          List<DoubleRelease> doubleReleases, boolean doubleReleaseIsFinding, long unplaced) {
    /** A site whose every release was placed. */
    public ReleaseSite(String kind, List<String> stack, long open, long leaked, List<ReleasePlace> places,
                       List<DoubleRelease> doubleReleases, boolean doubleReleaseIsFinding) {
        this(kind, stack, open, leaked, places, doubleReleases, doubleReleaseIsFinding, 0);
    }


    /** The canonical constructor. */
    public ReleaseSite {
        Objects.requireNonNull(kind, "kind");
        stack = List.copyOf(stack);
        places = List.copyOf(places);
        doubleReleases = List.copyOf(doubleReleases);
    }

    /** The site's resources released, at all places together and unplaced. */
    public long released() {
        long sum = unplaced;
        for (ReleasePlace p : places) {
            sum += p.count();
        }
        return sum;
    }

    /** The site's resources closed a second time, at all places together. */
    public long doubleReleased() {
        long sum = 0;
        for (DoubleRelease d : doubleReleases) {
            sum += d.count();
        }
        return sum;
    }
}
