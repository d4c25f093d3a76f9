package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the resources of one kind acquired at one recorded site were released: its {@link ReleasePlace}s, and the
 * second releases of resources already released ("closed twice"), by their two places. Made the first time one of
 * the site's resources is released; hangs off the site's {@link InternedStack}, so finding it costs one field read.
 *
 * <p>Thread-safe: the arrays are copied on write under this object's lock (a new place is rare: a site has a few);
 * the counters are atomic.
 */
final class SiteReleases {
    /**
     * Places (and pairs of places of second releases) kept per site: a site released at more places than this
     * (generated code) has the rest counted in {@link #unplaced}, so the memory of one site stays bounded.
     */
    static final int MAX_PLACES = 16;

    final ResourceKind kind;
    final InternedStack acquiredAt;
    /** The site's releases of another kind, if one stack acquired two kinds (rare): a short chain. */
    volatile SiteReleases otherKind;
    private volatile ReleasePlace[] places = new ReleasePlace[0];
    private volatile SecondRelease[] seconds = new SecondRelease[0];
    /** Releases past {@link #MAX_PLACES} distinct places: counted, not placed. */
    final AtomicLong unplaced = new AtomicLong();

    SiteReleases(ResourceKind kind, InternedStack acquiredAt) {
        this.kind = kind;
        this.acquiredAt = acquiredAt;
    }

    /**
     * The place for releases at {@code at} ({@code null}: without a close call), made with {@code newRecorder}'s
     * recorder if it is new; {@code null} when the site has {@link #MAX_PLACES} already. Two stacks that show the same
     * frames (they differ in the JDK's own frames only) are one place.
     */
    ReleasePlace placeOf(InternedStack at, ReleasePlaces.RecorderFactory newRecorder) {
        ReleasePlace found = find(places, at);
        return found != null ? found : addPlace(at, newRecorder);
    }

    private static ReleasePlace find(ReleasePlace[] in, InternedStack at) {
        for (ReleasePlace p : in) {
            if (p.stack == at) {
                return p;
            }
        }
        for (ReleasePlace p : in) {
            if (p.stack != null && at != null && Arrays.equals(p.stack.frames, at.frames)) {
                return p;
            }
        }
        return null;
    }

    private synchronized ReleasePlace addPlace(InternedStack at, ReleasePlaces.RecorderFactory newRecorder) {
        ReleasePlace[] now = places;
        ReleasePlace found = find(now, at);
        if (found != null) {
            return found;
        }
        if (now.length >= MAX_PLACES) {
            return null;
        }
        ReleasePlace p = new ReleasePlace(at, newRecorder.newRecorder());
        ReleasePlace[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = p;
        places = more;
        return p;
    }

    /** A resource released at {@code first} was released again at {@code second}. */
    void releasedAgain(ReleasePlace first, InternedStack second) {
        for (SecondRelease s : seconds) {
            if (s.first == first && (s.second == second || Arrays.equals(s.second.frames, second.frames))) {
                s.count.incrementAndGet();
                return;
            }
        }
        addSecond(first, second);
    }

    private synchronized void addSecond(ReleasePlace first, InternedStack second) {
        SecondRelease[] now = seconds;
        for (SecondRelease s : now) {
            if (s.first == first && Arrays.equals(s.second.frames, second.frames)) {
                s.count.incrementAndGet();
                return;
            }
        }
        if (now.length >= MAX_PLACES) {
            return;
        }
        SecondRelease s = new SecondRelease(first, second);
        s.count.incrementAndGet();
        SecondRelease[] more = Arrays.copyOf(now, now.length + 1);
        more[now.length] = s;
        seconds = more;
    }

    /** What a report shows of this site, its open and leaked counts given by the caller (they are the records'). */
    ReleaseSiteView view(long open, long leaked) {
        List<ReleasePlaceView> placeViews = new ArrayList<>();
        for (ReleasePlace p : places) {
            placeViews.add(p.view());
        }
        List<DoubleReleaseView> secondViews = new ArrayList<>();
        for (SecondRelease s : seconds) {
            secondViews.add(new DoubleReleaseView(s.first.frames(), s.second.frames, s.count.get()));
        }
        return new ReleaseSiteView(kind.label(), acquiredAt.frames, open, leaked, unplaced.get(), placeViews,
                                   secondViews, kind.has(ResourceKind.Traits.SECOND_RELEASE_IS_BUG));
    }

    /** Second releases of resources first released at {@link #first}, at {@link #second}. */
    private static final class SecondRelease {
        final ReleasePlace first;
        final InternedStack second;
        final AtomicLong count = new AtomicLong();

        SecondRelease(ReleasePlace first, InternedStack second) {
            this.first = first;
            this.second = second;
        }
    }
}
