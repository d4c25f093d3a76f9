package io.leakwatch.bootstrap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The blocks of one kind in bytes by address, striped 16 ways with a lock per stripe. Allocating and freeing such
 * memory costs far more than recording it (a CUDA call takes microseconds), so a boxed key per call costs nothing that
 * matters.
 *
 * <p>Thread-safe.
 */
final class AddressTable {
    private static final int STRIPES = 16;
    private final Stripe[] stripes = new Stripe[STRIPES];

    AddressTable() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripeFor(long address) {
        long h = address ^ (address >>> 21) ^ (address >>> 37);
        return stripes[(int) (h & (STRIPES - 1))];
    }

    /** Adds {@code a}; returns the allocation it replaces at the same address (whose free was not seen), or null. */
    TrackedAllocation put(TrackedAllocation a) {
        Stripe s = stripeFor(a.address);
        synchronized (s) {
            return s.map.put(a.address, a);
        }
    }

    /** Replaces the block at {@code address} by {@code resize} of it; returns the old one, or {@code null} if none. */
    TrackedAllocation replace(long address, long newBytes) {
        Stripe s = stripeFor(address);
        synchronized (s) {
            TrackedAllocation old = s.map.get(address);
            if (old != null) {
                s.map.put(address, old.withBytes(newBytes));
            }
            return old;
        }
    }

    TrackedAllocation remove(long address) {
        Stripe s = stripeFor(address);
        synchronized (s) {
            return s.map.remove(address);
        }
    }

    /** Removes and returns every allocation {@code which} selects (those of a destroyed CUDA context, say). */
    List<TrackedAllocation> removeIf(Predicate<? super TrackedAllocation> which) {
        List<TrackedAllocation> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (Iterator<TrackedAllocation> it = s.map.values().iterator(); it.hasNext(); ) {
                    TrackedAllocation a = it.next();
                    if (which.test(a)) {
                        out.add(a);
                        it.remove();
                    }
                }
            }
        }
        return out;
    }

    List<TrackedAllocation> copy() {
        List<TrackedAllocation> out = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                out.addAll(s.map.values());
            }
        }
        return out;
    }

    /** One stripe; its map is guarded by the stripe itself. */
    private static final class Stripe {
        final HashMap<Long, TrackedAllocation> map = new HashMap<>();
    }
}
