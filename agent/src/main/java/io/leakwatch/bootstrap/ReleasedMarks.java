package io.leakwatch.bootstrap;

import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest released resources whose release was placed, so that a second close of one can be told with the place of
 * its first: a fixed table indexed by identity hash, each slot the latest release that hashed there. It forgets (a
 * newer release takes the slot; a second close long after the first may go unseen) rather than grow: its memory is
 * {@value #SLOTS} references and the marks in them, whatever the application does.
 *
 * <p>A mark refers to its resource weakly, like the records: it never keeps a resource reachable.
 *
 * <p>Thread-safe: slots are replaced atomically; a mark's {@link Mark#nestedPending} is a benign race (at worst one
 * nested close is counted as a second one, or one second close is missed).
 */
final class ReleasedMarks {
    static final int SLOTS = 1024;
    private final AtomicReferenceArray<Mark> slots = new AtomicReferenceArray<>(SLOTS);

    /** {@code resource} (identity hash {@code hash}) was released at {@code place} of {@code site}. */
    void put(Object resource, int hash, SiteReleases site, ReleasePlace place, boolean nested) {
        slots.set(hash & (SLOTS - 1), new Mark(resource, site, place, nested));
    }

    /** The mark of {@code resource} (identity hash {@code hash}) if it is still kept, or {@code null}. */
    Mark find(Object resource, int hash) {
        Mark m = slots.get(hash & (SLOTS - 1));
        return m != null && m.refersTo(resource) ? m : null;
    }

    /** One released resource: where it was acquired and where it was released first. */
    static final class Mark extends WeakReference<Object> {
        final SiteReleases site;
        final ReleasePlace place;
        /**
         * The first release ran inside another close of the same class's resource (a stream closed by its own
         * channel's close, which the stream's close called): the outer close, which releases it again as it returns,
         * is the same close, not a second one.
         */
        volatile boolean nestedPending;

        Mark(Object resource, SiteReleases site, ReleasePlace place, boolean nested) {
            super(resource);
            this.site = site;
            this.place = place;
            this.nestedPending = nested;
        }
    }
}
