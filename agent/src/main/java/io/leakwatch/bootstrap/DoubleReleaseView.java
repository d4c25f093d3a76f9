package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Resources of one site released at one place and then released again at another: a second close.
 *
 * <p>Immutable and thread-safe.
 */
public final class DoubleReleaseView {
    private final String[] first;
    private final String[] second;
    private final long count;

    DoubleReleaseView(String[] first, String[] second, long count) {
        this.first = first;
        this.second = second;
        this.count = count;
    }

    /** Where they were released first. */
    public List<String> first() {
        return Collections.unmodifiableList(Arrays.asList(first));
    }

    /** Where they were released again. */
    public List<String> second() {
        return Collections.unmodifiableList(Arrays.asList(second));
    }

    public long count() {
        return count;
    }
}
