package io.leakwatch.jmx;

import io.leakwatch.report.KindCounts;
import io.leakwatch.report.ResourceEntry;

import java.util.List;
import java.util.Map;

/**
 * What the live view reads from, and does to, the agent's registry. Implemented by the agent (which owns the registry
 * and the report formats); this module never sees the agent's classes.
 *
 * <p>Implementations are thread-safe: MBean attributes are read on JMX connector threads while the monitor thread
 * polls. Every method that may open a file or start a thread (reports) runs as the agent, so nothing it does is
 * tracked as the application's.
 */
public interface LiveSource {
    /** The labels of the tracked kinds ({@code file}, {@code socket}, ...), in a stable order. */
    List<String> kinds();

    /** Whether {@code kind} is measured in bytes as well as counted (its bean has {@code OpenBytes}). */
    boolean inBytes(String kind);

    /** The counters of every tracked kind, read straight from the registry's counters (no record is visited). */
    Map<String, KindCounts> counts();

    /** The limit on open resources of {@code kind} (bytes for a kind {@linkplain #inBytes measured in bytes}); {@link Long#MAX_VALUE}: none. */
    long limit(String kind);

    /**
     * Sets the limit of {@code kind} ({@link Long#MAX_VALUE}: none).
     *
     * @throws IllegalArgumentException for a negative limit
     */
    void setLimit(String kind, long limit);

    /** Lowers the peak of {@code kind} to what is open now. */
    void resetPeak(String kind);

    /** The open resources grouped by kind and acquiring stack: one pass over the records, nothing described. */
    List<OpenSite> openSites();

    /** The open resources acquired in {@code (afterMillis, upToMillis]}, oldest first, described. */
    List<ResourceEntry> openAcquiredIn(long afterMillis, long upToMillis);

    /**
     * Where the application's resources were released, by acquisition site (only sites whose stacks were recorded):
     * one pass over the records for the sites' open counts.
     */
    default List<io.leakwatch.report.ReleaseSite> releaseSites() {
        return List.of();
    }

    /**
     * Publishes an occupancy change of {@code kind} ({@code limit} -1: none) to every listener; the live view's own
     * listener sends the notification. Called on the live view's thread.
     */
    void stateChanged(String kind, String state, String previousState, long open, long limit, double percent,
                      String message);

    /** Publishes that {@code r} is held longer than the threshold ({@code heldMillis}) to every listener. */
    void heldTooLong(ResourceEntry r, long heldMillis, String message);

    /** The open count of each kind over the run so far (the samples the reports chart). */
    default io.leakwatch.report.OpenHistory history() {
        return io.leakwatch.report.OpenHistory.NONE;
    }

    /** Events the trace ({@code trace=FILE}) lost so far; 0 without a trace. */
    default long traceDropped() {
        return 0;
    }

    /** Failures inside the agent that were suppressed so far (each one a missed record). */
    long agentFailures();

    /** What is held apart from the application's now: one pass over the records, nothing described. */
    default HeldApartCounts heldApart() {
        return HeldApartCounts.NONE;
    }

    /**
     * The report of what is open and leaked now, of one kind ({@code null}: all), in {@code format}.
     *
     * @throws IllegalArgumentException naming the valid formats when {@code format} is none of them
     */
    String report(String kind, String format);

    /**
     * Writes the report of one kind ({@code null}: all) to {@code path} atomically (a temporary file renamed), in the
     * format its extension names ({@code .json}: JSON, else text); {@code {pid}} and {@code {timestamp}} are
     * expanded. Returns the absolute path written.
     *
     * @throws java.io.IOException when it cannot be written (the target is then unchanged)
     */
    String writeReport(String kind, String path) throws java.io.IOException;

    /** Starts a new mark: {@link #openSince} with it lists what is acquired from now on. */
    long mark();

    /** The report of what was acquired after {@code mark} and is still open (or leaked), in {@code format}. */
    String openSince(long mark, String format);
}
