package io.leakwatch.jmx;

import java.io.IOException;
import java.util.List;

/**
 * The live view of one resource kind: {@code io.leakwatch:type=Resources,kind=<kind>}. Open types only, so JConsole,
 * VisualVM and any remote client show every attribute without leakwatch classes.
 *
 * <p>Notifications (subscribe in JConsole's Notifications tab): {@value LiveNotifications#LIMIT_REACHED},
 * {@value LiveNotifications#OCCUPANCY_WARNING}, {@value LiveNotifications#OCCUPANCY_CRITICAL},
 * {@value LiveNotifications#OCCUPANCY_NORMAL}, {@value LiveNotifications#HELD_TOO_LONG},
 * {@value LiveNotifications#LEAK_FOUND}.
 *
 * <p>Implementations are thread-safe.
 */
@Description("The live view of one resource kind: io.leakwatch:type=Resources,kind=<kind>. Open types only, so JConsole, VisualVM and any remote client show every attribute without leakwatch classes.")
public interface ResourcesMXBean {
    /** The kind's label: {@code file}, {@code socket}, ... */
    @Description("The kind's label: file, socket, ...")
    String getKind();

    /** Resources of this kind open now. */
    @Description("Resources of this kind open now.")
    long getOpenCount();

    /** The most open at once since start, or since the last {@link #resetPeak()}. */
    @Description("The most open at once since start, or since the last resetPeak.")
    long getPeakOpenCount();

    @Description("Resources of this kind acquired since start.")
    long getAcquiredCount();

    @Description("Resources of this kind released since start.")
    long getReleasedCount();

    /** Resources that became unreachable while open (nobody can close them any more). */
    @Description("Resources that became unreachable while open (nobody can close them any more).")
    long getLeakedCount();

    /** The most resources of this kind open at once (bytes, for {@code cuda}); -1: no limit. */
    @Description("The most resources of this kind open at once (bytes, for cuda); -1: no limit.")
    long getLimit();

    /**
     * Sets the limit (-1: none; 0 forbids the kind; for {@code cuda} it is in bytes). Applies from the next
     * acquisition; the occupancy state follows at the next poll.
     *
     * @throws IllegalArgumentException for a value below -1
     */
    @Description("Sets the limit (-1: none; 0 forbids the kind; for cuda it is in bytes). Applies from the next acquisition; the occupancy state follows at the next poll.")
    void setLimit(long limit);

    /** {@code NORMAL}, {@code WARNING} or {@code CRITICAL}: how full the kind is against its limit. */
    @Description("NORMAL, WARNING or CRITICAL: how full the kind is against its limit.")
    String getOccupancy();

    /** {@link #getOccupancy()} as a number: 0 NORMAL, 1 WARNING, 2 CRITICAL (what graphs and alert rules read). */
    @Description("The occupancy as a number: 0 NORMAL, 1 WARNING, 2 CRITICAL (what graphs and alert rules read).")
    int getOccupancyLevel();

    /** Open now as a percentage of the limit (bytes, for {@code cuda}), or -1 when there is no limit. */
    @Description("Open now as a percentage of the limit (bytes, for cuda), or -1 when there is no limit.")
    double getOccupancyPercent();

    /** Releases whose hold time is counted in the percentiles. */
    @Description("Releases whose hold time is counted in the percentiles.")
    long getHoldTimeCount();

    /** The median time released resources of this kind were held, in milliseconds (0 before any release). */
    @Description("The median time released resources of this kind were held, in milliseconds (0 before any release).")
    long getHoldTimeP50Millis();

    @Description("The 90th percentile of how long released resources were held, in milliseconds.")
    long getHoldTimeP90Millis();

    @Description("The 99th percentile of how long released resources were held, in milliseconds.")
    long getHoldTimeP99Millis();

    @Description("The longest a released resource of this kind was held, in milliseconds.")
    long getHoldTimeMaxMillis();

    /** The lines holding the most open resources of this kind (most bytes first for {@code cuda}), at most 10. */
    @Description("The lines holding the most open resources of this kind (most bytes first for cuda), at most 10.")
    List<SiteRow> getTopSites();

    /**
     * Where this kind's resources were released, per acquiring line and releasing line, most releases first, at most
     * 20 rows: release counts, releases on another thread, hold-time percentiles per pair, and what the acquiring line
     * still has open or leaked. Only acquisitions whose stack was recorded are placed.
     */
    @Description("Where this kind's resources were released, per acquiring line and releasing line, most releases first, at most 20 rows: release counts, releases on another thread, hold-time percentiles per pair, and what the acquiring line still has open or leaked.")
    List<ReleaseRow> getReleasePlaces();

    /**
     * The open count over the run, oldest first: a sample a second, the whole run kept in at most 240 (every other one
     * dropped when full), the same series the reports chart.
     */
    @Description("The open count over the run, oldest first: a sample a second, the whole run kept in at most 240 samples (every other one dropped when full), the series the reports chart.")
    List<HistoryRow> getOpenHistory();

    /** Resources closed a second time after their release, with both places: a finding for pooled connections. */
    @Description("Resources closed a second time after their release, with both places: a finding for pooled connections, information for streams.")
    List<SecondReleaseRow> getSecondReleases();

    /**
     * The report of this kind's open and leaked resources.
     *
     * @param format {@code text} or {@code json}
     */
    @Description("The report of this kind's open and leaked resources, as text, JSON or HTML.")
    String report(@Description("The report's format: text, json or html") String format);

    /**
     * Writes this kind's report to {@code path} atomically (temporary file, then rename); JSON when the path ends in
     * {@code .json}, else text; {@code {pid}} and {@code {timestamp}} expanded. Returns the absolute path written.
     */
    @Description("Writes this kind's report to path atomically (temporary file, then rename); JSON when the path ends in .json, else text; {pid} and {timestamp} expanded.")
    String writeReport(@Description("The file to write; {pid} and {timestamp} are expanded") String path) throws IOException;

    /** Lowers the peak to what is open now. */
    @Description("Lowers the peak to what is open now.")
    void resetPeak();
}
