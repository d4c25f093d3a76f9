package io.leakwatch.bootstrap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The application's resources found leaked (collected while open): counted exactly by site and test, with up to
 * three example descriptions each, and the latest ones kept one by one up to {@code leakedDetail}.
 *
 * <p>Thread-safe: guarded by its own lock (leaks are found by whichever thread drains the reference queue).
 */
final class LeakRecords {
    private final int detailLimit;
    private final Object lock = new Object();
    /** The latest leaked resources, oldest first. Guarded by lock. */
    private final ArrayDeque<ResourceView> detail = new ArrayDeque<>();
    /** Leaked resources counted by site and test ({@link SiteOfTest}). Guarded by lock. */
    private final Map<Object, LeakedSite> sites = new HashMap<>();

    LeakRecords(int detailLimit) {
        this.detailLimit = detailLimit;
    }

    /** {@code record} was found leaked (its state already set). */
    void add(TrackedResource record) {
        ResourceView view = new ResourceView(record, true);
        synchronized (lock) {
            if (detailLimit > 0) {
                if (detail.size() == detailLimit) {
                    detail.removeFirst();
                }
                detail.addLast(view);
            }
            Object key = view.siteKey();
            LeakedSite site = sites.get(key);
            if (site == null) {
                site = new LeakedSite(record.kind, record.stack, record.acquirer.test);
                sites.put(key, site);
            }
            site.add(view.description());
        }
    }

    /**
     * The leaked resources kept one by one; adds every site's count to {@code siteCounts} and to {@code perKind} (by
     * kind ordinal), all from one moment.
     */
    List<ResourceView> copy(List<SiteCount> siteCounts, long[] perKind) {
        synchronized (lock) {
            for (LeakedSite s : sites.values()) {
                siteCounts.add(new SiteCount(s.kind.label(), s.count, s.stack.frames, s.examples, s.test));
                perKind[s.kind.ordinal()] += s.count;
            }
            return new ArrayList<>(detail);
        }
    }

    /** Adds every site's leaked count to {@code into}: per acquisition stack, per kind ordinal (tests summed). */
    void countByStack(java.util.IdentityHashMap<InternedStack, long[]> into) {
        synchronized (lock) {
            for (LeakedSite s : sites.values()) {
                RegistryReads.perKindOf(into, s.stack)[s.kind.ordinal()] += s.count;
            }
        }
    }

    /** Exact leaked count of one site, with up to three example descriptions. Guarded by the records' lock. */
    private static final class LeakedSite {
        final ResourceKind kind;
        final InternedStack stack;
        final String test;
        long count;
        final List<String> examples = new ArrayList<>(3);

        LeakedSite(ResourceKind kind, InternedStack stack, String test) {
            this.kind = kind;
            this.stack = stack;
            this.test = test;
        }

        void add(String description) {
            count++;
            if (examples.size() < 3 && !examples.contains(description)) {
                examples.add(description);
            }
        }
    }
}
