package io.leakwatch.bootstrap;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One place where one site's resources were released, at one moment: see {@link ReleaseSiteView}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReleasePlaceView {
    private final String[] stack;
    private final long count;
    private final long otherThread;
    private final String[] threads;
    private final long[] holdTimes;

    ReleasePlaceView(String[] stack, long count, long otherThread, String[] threads, long[] holdTimes) {
        this.stack = stack;
        this.count = count;
        this.otherThread = otherThread;
        this.threads = threads;
        this.holdTimes = holdTimes == null || holdTimes.length != 5 ? null : holdTimes.clone();
    }

    /** The releasing stack, application frame first; empty for releases without a close call the agent saw. */
    public List<String> stack() {
        return Collections.unmodifiableList(Arrays.asList(stack));
    }

    /** Releases at this place. */
    public long count() {
        return count;
    }

    /** Of {@link #count()}, those on a thread other than the acquiring one. */
    public long otherThread() {
        return otherThread;
    }

    /** Up to three of the releasing threads' names. */
    public List<String> threads() {
        return Collections.unmodifiableList(Arrays.asList(threads));
    }

    /**
     * How long they were held: {@code {count, p50, p90, p99, max}} in milliseconds, or {@code null} when not
     * recorded.
     */
    public long[] holdTimes() {
        return holdTimes == null ? null : holdTimes.clone();
    }
}
