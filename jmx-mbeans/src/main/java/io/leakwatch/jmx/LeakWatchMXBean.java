package io.leakwatch.jmx;

import java.io.IOException;
import java.util.List;

/**
 * The agent as a whole: {@code io.leakwatch:type=LeakWatch}. Totals over the tracked kinds, reports, and a checkpoint
 * pair: {@link #mark()}, then {@link #openSince} lists what was acquired after the mark and is still open.
 *
 * <p>Implementations are thread-safe.
 */
public interface LeakWatchMXBean {
    /** The tracked kinds; each has an {@code io.leakwatch:type=Resources,kind=<kind>} bean. */
    List<String> getEnabledKinds();

    long getOpenCount();

    long getAcquiredCount();

    long getReleasedCount();

    long getLeakedCount();

    /** Events the agent could not record because something failed inside it; 0 in a healthy run. */
    long getAgentFailures();

    /** Open resources the JVM holds for itself (class path jars, its caches, its own pools): not the application's. */
    long getJvmInternalOpenCount();

    /** Open resources the test runner holds for itself (Surefire's booter, the JUnit Platform launcher). */
    long getTestRunnerOpenCount();

    /** Open resources of other Java agents (JaCoCo, the Prometheus JMX exporter, ...). */
    long getOtherAgentsOpenCount();

    /** Thread pools dropped before they ever started a thread (they held nothing: not leaks), since start. */
    long getUnusedPoolCount();

    /** {@code holdthreshold=}: resources held longer are notified as suspected leaks; -1: none. */
    long getHoldThresholdMillis();

    /** The report of everything open and leaked now; {@code format} is {@code text} or {@code json}. */
    String report(String format);

    /** Writes the full report to {@code path} atomically (JSON when it ends in {@code .json}); returns the path. */
    String writeReport(String path) throws IOException;

    /** Starts a checkpoint; pass the returned value to {@link #openSince}. */
    long mark();

    /** The report of what was acquired after {@code mark} and is still open (or leaked since). */
    String openSince(long mark, String format);
}
