package io.leakwatch.report.trace;

import io.leakwatch.report.HoldPercentiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every acquisition at one site in a trace, in order, each with how it ended; and the acquisitions refused there.
 * A resource released or leaked in the trace whose acquisition was in a file rotated away is listed first, with no
 * acquisition time.
 *
 * <p>Keeps only this site's acquisitions (a trace can be far larger than memory; one site's rows are what is asked
 * for), and the resources among them still open, by id, to match their ends.
 *
 * <p>Not thread-safe: fill it with one {@link TraceReader#read read}, then read it.
 *
 * <pre>{@code
 * SiteHistory site = new SiteHistory(3);
 * TraceReader.read(Path.of("app.trace"), site);
 * for (SiteHistory.Acquisition a : site.acquisitions()) { ... }
 * }</pre>
 */
public final class SiteHistory implements TraceListener {
    private final long site;
    private boolean seen;
    private String kind;
    private List<String> stack;
    /** Ended in the trace, acquired before it: in the order of their ends. */
    private final List<Acquisition> before = new ArrayList<>();
    private final List<Acquisition> acquired = new ArrayList<>();
    private final Map<Long, Acquisition> open = new HashMap<>();
    /** Thread names, each kept once: a busy site repeats a few names over and over. */
    private final Map<String, String> threads = new HashMap<>();
    private long refused;

    /** @param site the site's id, as the agent numbered it */
    public SiteHistory(long site) {
        this.site = site;
    }

    /** How an acquisition ended. Immutable and thread-safe. */
    public enum Ending {
        RELEASED("released"), LEAKED("leaked"), OPEN("open");

        private final String label;

        Ending(String label) {
            this.label = label;
        }

        /** {@code released}, {@code leaked}, {@code open}. */
        public String label() {
            return label;
        }
    }

    /**
     * One acquisition at the site and how it ended.
     *
     * <p>Not thread-safe: completed as the trace is read; read it after the read returned.
     */
    public static final class Acquisition {
        private final long id;
        private final String acquiredAt;
        private final String thread;
        private Ending ending = Ending.OPEN;
        private long heldMillis = TraceEvent.NONE;

        Acquisition(long id, String acquiredAt, String thread) {
            this.id = id;
            this.acquiredAt = acquiredAt;
            this.thread = thread;
        }

        /** The resource's id. */
        public long id() {
            return id;
        }

        /** When it was acquired, as written; empty when before the oldest trace file. */
        public Optional<String> acquiredAt() {
            return Optional.ofNullable(acquiredAt);
        }

        /** The acquiring thread; empty when not in the trace (a release before which the acquisition rotated away). */
        public Optional<String> thread() {
            return Optional.ofNullable(thread);
        }

        /** How it ended; {@link Ending#OPEN} when still open at the end of the trace. */
        public Ending ending() {
            return ending;
        }

        /** How long it was held until released or leaked, in ms; {@link TraceEvent#NONE} when open or unknown. */
        public long heldMillis() {
            return heldMillis;
        }

        void end(Ending how, long held) {
            ending = how;
            heldMillis = held;
        }
    }

    @Override
    public void event(TraceEvent e) {
        if (e.site() != site) {
            return;
        }
        seen = true;
        switch (e.type()) {
            case SITE:
                if (stack == null) {
                    stack = e.stack();
                }
                break;
            case ACQUIRE: {
                kindOf(e);
                Acquisition a = new Acquisition(e.id(), e.time(), thread(e.thread()));
                acquired.add(a);
                open.put(e.id(), a);
                break;
            }
            case RELEASE:
            case LEAK: {
                kindOf(e);
                Acquisition a = open.remove(e.id());
                if (a == null) {
                    // the thread of a leak is the acquiring one; that of a release is not
                    a = new Acquisition(e.id(), null, e.type() == TraceEvent.Type.LEAK ? thread(e.thread()) : null);
                    before.add(a);
                }
                a.end(e.type() == TraceEvent.Type.LEAK ? Ending.LEAKED : Ending.RELEASED, e.heldMillis());
                break;
            }
            case REFUSED:
                kindOf(e);
                refused++;
                break;
            default:
                break;
        }
    }

    private void kindOf(TraceEvent e) {
        if (kind == null) {
            kind = e.kind();
        }
    }

    private String thread(String name) {
        return threads.computeIfAbsent(name, n -> n);
    }

    /** Whether the trace has the site at all: declared, or used by an event. */
    public boolean found() {
        return seen;
    }

    /** The site's resource kind; empty when no event there says it. */
    public Optional<String> kind() {
        return Optional.ofNullable(kind);
    }

    /** The acquiring stack, application frame first (empty for site 0); empty when the trace does not declare it. */
    public Optional<List<String>> stack() {
        return Optional.ofNullable(stack);
    }

    /** The acquisitions, in order: those before the oldest file first, in the order they ended, then the others. */
    public List<Acquisition> acquisitions() {
        List<Acquisition> all = new ArrayList<>(before.size() + acquired.size());
        all.addAll(before);
        all.addAll(acquired);
        return all;
    }

    /** How many acquisitions ended {@code how}. */
    public long count(Ending how) {
        long n = 0;
        for (Acquisition a : before) {
            n += a.ending == how ? 1 : 0;
        }
        for (Acquisition a : acquired) {
            n += a.ending == how ? 1 : 0;
        }
        return n;
    }

    /** The acquisitions refused at the site (at a limit). */
    public long refused() {
        return refused;
    }

    /**
     * How long the released ones were held: nearest-rank percentiles over those whose hold time the trace has;
     * {@link HoldPercentiles#NONE} when none.
     */
    public HoldPercentiles releasedHold() {
        long[] held = acquisitions().stream()
                .filter(a -> a.ending == Ending.RELEASED && a.heldMillis >= 0)
                .mapToLong(a -> a.heldMillis)
                .toArray();
        if (held.length == 0) {
            return HoldPercentiles.NONE;
        }
        Arrays.sort(held);
        return new HoldPercentiles(held.length, rank(held, 50), rank(held, 90), rank(held, 99), held[held.length - 1]);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    private static long rank(long[] sorted, int p) {
        int n = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, n - 1)];
    }
}
