package io.leakwatch.bootstrap;

import java.util.HashMap;
import java.util.Map;

/**
 * The sites holding the most resources of one kind (bytes, for CUDA) at one moment, largest first, at most three:
 * what a limit's warning line and refusal name. Computed from the registry's records only when a limit is reached
 * (see {@link ResourceRegistry#refusal}), and kept for the refusals that follow in the same crossing.
 *
 * <p>Immutable once built; thread-safe. Built with {@link Builder}, which is not thread-safe.
 */
final class TopHolders {
    static final int MAX = 3;
    private static final String NO_STACK = "(no stack recorded)";

    /** The registry state the holders were computed for (open and acquired counts, see {@code ResourceRegistry.topHolders}). */
    final long key;
    final long atMillis;
    private final String[] frames;
    private final long[] amounts;
    private final boolean bytes;

    private TopHolders(long key, long atMillis, String[] frames, long[] amounts, boolean bytes) {
        this.key = key;
        this.atMillis = atMillis;
        this.frames = frames;
        this.amounts = amounts;
        this.bytes = bytes;
    }

    /** The first frame of the site holding the most, or empty when nothing is held. */
    String topFrame() {
        return frames.length == 0 ? "" : frames[0];
    }

    /** {@code ; most held at FRAME (N)}, or nothing when nothing is held. */
    String mostHeld() {
        return frames.length == 0 ? "" : "; most held at " + frames[0] + " (" + amount(amounts[0], bytes) + ")";
    }

    /** {@code ; top holders: A (N), B (M)}, or nothing when nothing is held. */
    String list() {
        if (frames.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("; top holders: ");
        for (int i = 0; i < frames.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(frames[i]).append(" (").append(amount(amounts[i], bytes)).append(')');
        }
        return b.toString();
    }

    /** A count, or with {@code bytes} a size in the largest binary unit that divides it ({@code 256 MiB}). */
    static String amount(long n, boolean bytes) {
        if (!bytes) {
            return Long.toString(n);
        }
        String[] units = {"GiB", "MiB", "KiB"};
        long[] sizes = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (n >= sizes[i] && n % sizes[i] == 0) {
                return n / sizes[i] + " " + units[i];
            }
        }
        return n + " bytes";
    }

    /** Sums amounts per site and keeps the largest. Not thread-safe. */
    static final class Builder {
        /** By first frame: what a report shows as the site (a pipe's two ends have two stacks but one such frame). */
        private final Map<String, long[]> bySite = new HashMap<>();
        private final boolean bytes;

        Builder(boolean bytes) {
            this.bytes = bytes;
        }

        void add(InternedStack stack, long amount) {
            String site = stack.frames.length == 0 ? NO_STACK : stack.frames[0];
            long[] sum = bySite.get(site);
            if (sum == null) {
                bySite.put(site, new long[] {amount});
            } else {
                sum[0] += amount;
            }
        }

        TopHolders build(long key, long atMillis) {
            int n = Math.min(MAX, bySite.size());
            String[] frames = new String[n];
            long[] amounts = new long[n];
            String[] chosen = new String[n];
            // a selection of the largest three: the map may hold thousands of sites, a sort would be wasted
            for (int i = 0; i < n; i++) {
                long best = -1;
                for (Map.Entry<String, long[]> e : bySite.entrySet()) {
                    long v = e.getValue()[0];
                    if (v > best && !contains(chosen, i, e.getKey())) {
                        best = v;
                        chosen[i] = e.getKey();
                    }
                }
                frames[i] = chosen[i];
                amounts[i] = best;
            }
            return new TopHolders(key, atMillis, frames, amounts, bytes);
        }

        private static boolean contains(String[] chosen, int n, String s) {
            for (int i = 0; i < n; i++) {
                if (chosen[i].equals(s)) {
                    return true;
                }
            }
            return false;
        }
    }
}
