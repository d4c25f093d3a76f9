package io.leakwatch.jmx;

import java.io.IOException;
import java.util.List;

/**
 * The agent as a whole: {@code io.leakwatch:type=LeakWatch}. Totals over the tracked kinds, reports, and a checkpoint
 * pair: {@link #mark()}, then {@link #openSince} lists what was acquired after the mark and is still open.
 *
 * <p>Implementations are thread-safe.
 */
@Description("The agent as a whole: io.leakwatch:type=LeakWatch. Totals over the tracked kinds, reports, and a checkpoint pair: mark, then openSince lists what was acquired after the mark and is still open.")
public interface LeakWatchMXBean {
    /** The tracked kinds; each has an {@code io.leakwatch:type=Resources,kind=<kind>} bean. */
    @Description("The tracked kinds; each has an io.leakwatch:type=Resources,kind=<kind> bean.")
    List<String> getEnabledKinds();

    @Description("Resources of the application open now, all kinds.")
    long getOpenCount();

    @Description("Resources acquired since start, all kinds.")
    long getAcquiredCount();

    @Description("Resources released since start, all kinds.")
    long getReleasedCount();

    @Description("Resources that became unreachable while open since start, all kinds.")
    long getLeakedCount();

    /** Events the agent could not record because something failed inside it; 0 in a healthy run. */
    @Description("Events the agent could not record because something failed inside it; 0 in a healthy run.")
    long getAgentFailures();

    /**
     * Events the trace ({@code trace=FILE}) lost: a thread's buffer was full, or a write failed (a full disk); 0 without
     * a trace. The trace file says the same in its {@code dropped} lines.
     */
    @Description("Events the trace (trace=FILE) lost: a thread's buffer was full, or a write failed (a full disk); 0 without a trace.")
    long getTraceDroppedEvents();

    /** Open resources the JVM holds for itself (class path jars, its caches, its own pools): not the application's. */
    @Description("Open resources the JVM holds for itself (class path jars, its caches, its own pools): not the application's.")
    long getJvmInternalOpenCount();

    /** Open resources the test runner holds for itself (Surefire's booter, the JUnit Platform launcher). */
    @Description("Open resources the test runner holds for itself (Surefire's booter, the JUnit Platform launcher).")
    long getTestRunnerOpenCount();

    /** Open resources of other Java agents (JaCoCo, the Prometheus JMX exporter, ...). */
    @Description("Open resources of other Java agents (JaCoCo, the Prometheus JMX exporter, ...).")
    long getOtherAgentsOpenCount();

    /** Thread pools dropped before they ever started a thread (they held nothing: not leaks), since start. */
    @Description("Thread pools dropped before they ever started a thread (they held nothing: not leaks), since start.")
    long getUnusedPoolCount();

    /** {@code holdthreshold=}: resources held longer are notified as suspected leaks; -1: none. */
    @Description("holdthreshold=: resources held longer are notified as suspected leaks; -1: none.")
    long getHoldThresholdMillis();

    /** The report of everything open and leaked now; {@code format} is {@code text} or {@code json}. */
    @Description("The report of everything open and leaked now; format is text, json or html.")
    String report(@Description("The report's format: text, json or html") String format);

    /** Writes the full report to {@code path} atomically (JSON when it ends in {@code .json}); returns the path. */
    @Description("Writes the full report to path atomically (JSON when it ends in .json); returns the path.")
    String writeReport(@Description("The file to write; {pid} and {timestamp} are expanded") String path) throws IOException;

    /** Starts a checkpoint; pass the returned value to {@link #openSince}. */
    @Description("Starts a checkpoint; pass the returned value to openSince.")
    long mark();

    /** The report of what was acquired after {@code mark} and is still open (or leaked since). */
    @Description("The report of what was acquired after mark and is still open (or leaked since).")
    String openSince(@Description("What mark returned") long mark, @Description("The report's format: text, json or html") String format);
}
