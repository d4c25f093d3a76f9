package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The open resources of one kind acquired from one stack, at one moment: how many, how many bytes (kinds measured in
 * bytes), and since when the oldest is held. What the live view's table of top sites is made of.
 *
 * <p>Immutable and thread-safe.
 */
public final class OpenSiteView {
    private final String kind;
    private final long count;
    private final long bytes;
    private final long oldestAcquiredAtMillis;
    private final String[] stack;
    private final String test;

    OpenSiteView(String kind, long count, long bytes, long oldestAcquiredAtMillis, String[] stack, String test) {
        this.kind = kind;
        this.count = count;
        this.bytes = bytes;
        this.oldestAcquiredAtMillis = oldestAcquiredAtMillis;
        this.stack = stack;
        this.test = test;
    }

    /** The test that was running when they were acquired ({@code com.example.FooTest#reads}), or {@code null}. */
    public String test() {
        return test;
    }

    public String kind() {
        return kind;
    }

    /** Open resources acquired from this stack. */
    public long count() {
        return count;
    }

    /** Their bytes, for a kind measured in bytes (CUDA memory); -1 otherwise. */
    public long bytes() {
        return bytes;
    }

    /** When the oldest of them was acquired (milliseconds since the epoch). */
    public long oldestAcquiredAtMillis() {
        return oldestAcquiredAtMillis;
    }

    /** The acquiring stack, application frame first; empty when the stack was not recorded. */
    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }
}
