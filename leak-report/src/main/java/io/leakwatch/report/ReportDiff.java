package io.leakwatch.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The acquisition sites that are new or grew in one report ({@code head}) compared to another ({@code base}): what a
 * CI job asks of a pull request's leak report against its target branch's.
 *
 * <p>Sites are matched by kind, state and their application's frames ({@link SiteIdentity}: the JDK's frames, which
 * differ between JDK versions, are left out, so that an upgrade is no new leak). Sites at the same lines are matched
 * first; then a site of head whose lines moved (the same methods) is matched with one of base's left over, so that a
 * change that moves a leaking line down by adding lines above it is not a new leak, while a leak at a new line of a
 * method that already leaked elsewhere is.
 *
 * <p>A site <em>grew</em> when head holds more resources there than base did, or, for kinds measured in bytes (CUDA
 * memory), more bytes. A site that base does not have at all is <em>new</em>. Sites that shrank or vanished are not
 * listed: the diff answers "did this change add leaks?".
 *
 * <p>Thread-safe: stateless.
 */
public final class ReportDiff {

    private ReportDiff() {
    }

    /**
     * One site that is new or grew.
     *
     * @param kind      the kind label
     * @param state     open or leaked
     * @param stack     head's stack for the site (of its largest site where several differ only in line numbers)
     * @param isNew     whether base has no such site
     * @param baseCount resources at the site in base (0 when new)
     * @param headCount resources at the site in head
     * @param baseBytes bytes at the site in base, {@code -1} when not measured
     * @param headBytes bytes at the site in head, {@code -1} when not measured
     */
    public record Change(String kind, ResourceState state, List<String> stack, boolean isNew, long baseCount,
                         long headCount, long baseBytes, long headBytes) {
        public Change {
            stack = List.copyOf(stack);
        }
    }

    /** The sites of {@code head} that are new or grew compared to {@code base}, most grown first. */
    public static List<Change> newOrGrown(LeakReport base, LeakReport head) {
        Map<Key, Total> before = totals(base);
        Map<Key, Total> after = totals(head);
        // first the sites at the same lines, then a site whose lines moved (the same methods) with one of base's
        // left over: a leak at a new line of a method that already leaked elsewhere is new, not the old one grown
        Map<Key, Total> paired = new LinkedHashMap<>();
        List<Key> unpaired = new ArrayList<>();
        Map<Key, Total> leftInBase = new LinkedHashMap<>(before);
        for (Key key : after.keySet()) {
            Total then = leftInBase.remove(key);
            if (then != null) {
                paired.put(key, then);
            } else {
                unpaired.add(key);
            }
        }
        for (Key key : unpaired) {
            Key moved = null;
            for (Key candidate : leftInBase.keySet()) {
                if (candidate.sameMethods(key)) {
                    moved = candidate;
                    break;
                }
            }
            if (moved != null) {
                paired.put(key, leftInBase.remove(moved));
            }
        }
        List<Change> out = new ArrayList<>();
        after.forEach((key, now) -> {
            Total then = paired.get(key);
            if (then == null) {
                out.add(new Change(key.kind, key.state, now.stack, true, 0, now.count, -1, now.bytes));
            } else if (now.count > then.count || now.bytes > then.bytes) {
                out.add(new Change(key.kind, key.state, now.stack, false, then.count, now.count, then.bytes,
                                   now.bytes));
            }
        });
        out.sort(Comparator.comparingLong((Change c) -> Math.max(0, c.headBytes()) - Math.max(0, c.baseBytes()))
                         .thenComparingLong(c -> c.headCount() - c.baseCount()).reversed());
        return out;
    }

    private static Map<Key, Total> totals(LeakReport report) {
        Map<Key, Total> totals = new LinkedHashMap<>();
        for (SiteEntry s : report.sites()) {
            totals.computeIfAbsent(new Key(s.kind(), s.state(), SiteIdentity.frames(s.stack())),
                                   k -> new Total(s.stack())).add(s);
        }
        return totals;
    }

    /** A site's identity across reports: kind, state and the application's frames (with their lines). */
    private record Key(String kind, ResourceState state, List<String> frames) {
        /** Whether {@code other} is this site with its lines moved: the same kind, state and methods. */
        boolean sameMethods(Key other) {
            if (!kind.equals(other.kind) || state != other.state || frames.size() != other.frames.size()) {
                return false;
            }
            for (int i = 0; i < frames.size(); i++) {
                if (!SuppressionRule.method(frames.get(i)).equals(SuppressionRule.method(other.frames.get(i)))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** What one report holds at a site. Not thread-safe; used within one diff. */
    private static final class Total {
        final List<String> stack;
        long count;
        long bytes = -1;

        Total(List<String> stack) {
            this.stack = stack;
        }

        void add(SiteEntry s) {
            count += s.count();
            if (s.bytes() >= 0) {
                bytes = Math.max(bytes, 0) + s.bytes();
            }
        }
    }
}
