package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The exact number of resources of one kind that leaked from one site, with a few example descriptions. Leaked
 * resources are kept one by one only up to a limit; these counts stay exact past it.
 *
 * <p>Immutable and thread-safe.
 */
public final class SiteCount {
    private final String kind;
    private final long count;
    private final String[] stack;
    private final List<String> examples;
    private final String test;

    SiteCount(String kind, long count, String[] stack, List<String> examples, String test) {
        this.test = test;
        this.kind = kind;
        this.count = count;
        this.stack = stack;
        this.examples = List.copyOf(examples);
    }

    public String kind() {
        return kind;
    }

    public long count() {
        return count;
    }

    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }

    public List<String> examples() {
        return examples;
    }

    /** The test that was running when they were acquired, or {@code null}. */
    public String test() {
        return test;
    }
}
