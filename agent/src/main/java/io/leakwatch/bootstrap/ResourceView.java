package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One unreleased resource as seen at a snapshot: what the agent hands to report formats and MBeans.
 *
 * <p>Immutable and thread-safe.
 */
public final class ResourceView {
    private final long id;
    private final String kind;
    private final boolean leaked;
    private final String description;
    private final String thread;
    private final String test;
    private final long acquiredAtMillis;
    private final String[] stack;
    private final Object siteKey;
    private final long bytes;
    private final int epoch;
    private final String owner;

    ResourceView(TrackedResource r, boolean leaked) {
        this(r, leaked, r.description());
    }

    ResourceView(TrackedResource r, boolean leaked, String description) {
        this.id = r.id;
        this.kind = r.kind.label();
        this.leaked = leaked;
        this.description = description;
        this.thread = r.acquirer.thread;
        this.test = r.acquirer.test;
        this.acquiredAtMillis = r.acquiredAtMillis;
        this.stack = r.stack.frames;
        this.siteKey = SiteOfTest.of(r.stack, r.acquirer.test);
        this.bytes = -1;
        this.epoch = r.epoch;
        this.owner = r.owner.label();
    }

    ResourceView(TrackedAllocation a) {
        this.id = a.id;
        this.kind = a.kind.label();
        this.leaked = false;
        this.description = a.description();
        this.thread = a.acquirer.thread;
        this.test = a.acquirer.test;
        this.acquiredAtMillis = a.acquiredAtMillis;
        this.stack = a.stack.frames;
        this.siteKey = SiteOfTest.of(a.stack, a.acquirer.test);
        this.bytes = a.bytes;
        this.epoch = a.epoch;
        this.owner = a.stack.owner.label();
    }

    /**
     * Whose the resource is, by {@link Owner#label()}: {@code application}, or for one held apart {@code jvm},
     * {@code runner} or {@code agents}.
     */
    public String owner() {
        return owner;
    }

    /** The size in bytes of a resource measured in bytes (CUDA memory, say), or -1. */
    public long bytes() {
        return bytes;
    }

    /** The registry's mark epoch at the acquisition: the resource was acquired after mark {@code m} iff {@code epoch() >= m}. */
    public int epoch() {
        return epoch;
    }

    /** The site's stack frames as an array shared with the registry: callers must not modify it. */
    String[] frames() {
        return stack;
    }

    public long id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    /** {@code true} when the resource became unreachable while open; {@code false} when it is still open. */
    public boolean leaked() {
        return leaked;
    }

    public String description() {
        return description;
    }

    public String thread() {
        return thread;
    }

    /**
     * The test that was running when it was acquired ({@code com.example.FooTest#readsTheHeader}, or the class while
     * its set-up ran), or {@code null} when none was (see {@link RunningTests}).
     */
    public String test() {
        return test;
    }

    public long acquiredAtMillis() {
        return acquiredAtMillis;
    }

    /** The acquiring stack, application frame first, in {@link StackTraceElement#toString()} form. */
    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }

    /**
     * An object equal for resources acquired from the same interned stack while the same test ran (grouping before
     * comparing frames).
     */
    public Object siteKey() {
        return siteKey;
    }
}
