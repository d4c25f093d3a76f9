package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.List;

/**
 * The live records, keyed by the identity of the resource they track.
 *
 * <p>Thread-safe without a global lock: the table is split into {@value #SEGMENTS} segments by identity hash, each a
 * chained hash table guarded by its own monitor, so two threads opening and closing different resources almost never
 * meet. The records are the chain entries themselves ({@link TrackedResource#chain}), so a record costs one bucket slot
 * and no extra node.
 */
final class ResourceTable {
    private static final int SEGMENTS = 64;
    private final Segment[] segments = new Segment[SEGMENTS];

    ResourceTable() {
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment();
        }
    }

    static int hashOf(Object resource) {
        int h = System.identityHashCode(resource);
        return h ^ (h >>> 16);
    }

    private Segment segmentFor(int hash) {
        return segments[hash & (SEGMENTS - 1)];
    }

    /** Adds {@code record} unless its resource is already registered; returns whether it was added. */
    boolean addIfAbsent(TrackedResource record) {
        return segmentFor(record.hash).addIfAbsent(record);
    }

    /** Whether {@code resource} is registered. */
    boolean contains(Object resource) {
        int hash = hashOf(resource);
        return segmentFor(hash).find(resource, hash) != null;
    }

    /** Returns the record of {@code resource}, or {@code null}. */
    TrackedResource find(Object resource) {
        int hash = hashOf(resource);
        return segmentFor(hash).find(resource, hash);
    }

    /** Removes and returns the record of {@code resource}, or {@code null} when it is not registered. */
    TrackedResource remove(Object resource) {
        int hash = hashOf(resource);
        return segmentFor(hash).remove(resource, hash);
    }

    /** Removes this exact record (one whose referent may already be cleared); returns whether it was registered. */
    boolean removeRecord(TrackedResource record) {
        return segmentFor(record.hash).removeRecord(record);
    }

    /** A copy of every registered record, segment by segment (each segment consistent in itself). */
    List<TrackedResource> copy() {
        List<TrackedResource> out = new ArrayList<>();
        for (Segment s : segments) {
            s.copyInto(out);
        }
        return out;
    }

    /** One lock-guarded chained hash table. */
    private static final class Segment {
        private TrackedResource[] buckets = new TrackedResource[16];
        private int size;

        private static int index(int hash, int length) {
            // the low bits chose the segment; use the others for the bucket
            return (hash >>> 6) & (length - 1);
        }

        synchronized boolean addIfAbsent(TrackedResource record) {
            Object resource = record.get();
            if (resource == null) {
                return false;
            }
            int i = index(record.hash, buckets.length);
            for (TrackedResource r = buckets[i]; r != null; r = r.chain) {
                if (r.hash == record.hash && r.refersTo(resource)) {
                    return false;
                }
            }
            record.chain = buckets[i];
            buckets[i] = record;
            if (++size > buckets.length - (buckets.length >>> 2)) {
                resize();
            }
            return true;
        }

        synchronized TrackedResource find(Object resource, int hash) {
            for (TrackedResource r = buckets[index(hash, buckets.length)]; r != null; r = r.chain) {
                // refersTo, not get(): get() would keep an otherwise unreachable referent alive during marking
                if (r.hash == hash && r.refersTo(resource)) {
                    return r;
                }
            }
            return null;
        }

        synchronized TrackedResource remove(Object resource, int hash) {
            int i = index(hash, buckets.length);
            TrackedResource prev = null;
            for (TrackedResource r = buckets[i]; r != null; prev = r, r = r.chain) {
                // refersTo, not get(): get() would keep an otherwise unreachable referent alive during marking
                if (r.hash == hash && r.refersTo(resource)) {
                    unlink(i, prev, r);
                    return r;
                }
            }
            return null;
        }

        synchronized boolean removeRecord(TrackedResource record) {
            int i = index(record.hash, buckets.length);
            TrackedResource prev = null;
            for (TrackedResource r = buckets[i]; r != null; prev = r, r = r.chain) {
                if (r == record) {
                    unlink(i, prev, r);
                    return true;
                }
            }
            return false;
        }

        private void unlink(int i, TrackedResource prev, TrackedResource r) {
            if (prev == null) {
                buckets[i] = r.chain;
            } else {
                prev.chain = r.chain;
            }
            r.chain = null;
            size--;
        }

        private void resize() {
            TrackedResource[] old = buckets;
            TrackedResource[] grown = new TrackedResource[old.length * 2];
            for (TrackedResource head : old) {
                for (TrackedResource r = head; r != null; ) {
                    TrackedResource next = r.chain;
                    int i = index(r.hash, grown.length);
                    r.chain = grown[i];
                    grown[i] = r;
                    r = next;
                }
            }
            buckets = grown;
        }

        synchronized void copyInto(List<TrackedResource> out) {
            for (TrackedResource head : buckets) {
                for (TrackedResource r = head; r != null; r = r.chain) {
                    out.add(r);
                }
            }
        }
    }
}
