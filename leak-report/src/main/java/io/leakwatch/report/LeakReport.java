package io.leakwatch.report;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of the resources a JVM held: per-kind counters, the unreleased resources one by one, and the same
 * resources grouped by acquisition site, and where the resources of each acquisition site were released.
 *
 * <p>Resources the JVM, the test runner or other agents hold for themselves (class path jars, the random-seed device,
 * Surefire's pools, JaCoCo's output file, ...) are never in {@link #counts()}, {@link #resources()} or
 * {@link #sites()}; they are counted, and listed on request, in {@link #heldApart()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param createdAt       when the snapshot was taken
 * @param reason          why it was taken ({@code exit}, {@code request}, ...)
 * @param jvm             the JVM it was taken in
 * @param counts          counters per kind, in a stable order
 * @param resources       the unreleased resources, oldest first (possibly capped; the counts stay exact)
 * @param sites           the unreleased resources grouped by site, most resources first
 * @param heldApart       what is kept apart from the application's resources: the JVM's, the test runner's and other
 *                        agents' open resources, and the thread pools dropped unused
 * @param agentFailures   events the agent could not record because of a failure inside it (each a missed record,
 *                        never an application error); 0 in a healthy run
 * @param suppressed      open and leaked resources left out of this report by suppression rules (already taken off
 *                        {@link #counts()}); 0 when no rule matched or none was applied
 * @param releases        where the resources of each acquisition site were released, most released first
 *                        ({@link LeakReports#RELEASE_SITE_ORDER}); empty when the agent recorded none, and in reports of
 *                        the {@code leakwatch-report/1} contract
 * @param history         the open count of each kind over the run ({@link OpenHistory#NONE} when not sampled)
 * @param holdTimes       how long each kind's released resources were held, over the run (kinds with releases)
 */
public record LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                         List<ResourceEntry> resources, List<SiteEntry> sites, HeldApart heldApart,
                         long agentFailures, long suppressed, List<ReleaseSite> releases, OpenHistory history,
                         List<HoldTimeDistribution> holdTimes) {

    /**
     * The version tag of the JSON form written. Version 2 added {@code releases}; {@link JsonReportReader} reads both
     * ({@link JsonReportReader#FORMATS}).
     */
    public static final String FORMAT = "leakwatch-report/2";

    public LeakReport {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(jvm, "jvm");
        Objects.requireNonNull(heldApart, "heldApart");
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        resources = List.copyOf(resources);
        sites = List.copyOf(sites);
        releases = List.copyOf(releases);
        Objects.requireNonNull(history, "history");
        holdTimes = List.copyOf(holdTimes);
    }

    /** A report without hold-time distributions. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, HeldApart heldApart, long agentFailures,
                      long suppressed, List<ReleaseSite> releases, OpenHistory history) {
        this(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed, releases, history,
             List.of());
    }

    /** A report without a history of open counts. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, HeldApart heldApart, long agentFailures,
                      long suppressed, List<ReleaseSite> releases) {
        this(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed, releases,
             OpenHistory.NONE, List.of());
    }

    /** A report without release places. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, HeldApart heldApart, long agentFailures,
                      long suppressed) {
        this(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed, List.of());
    }

    /** A report whose only resources held apart are {@code jvmInternalOpen} of the JVM's. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, long jvmInternalOpen, long agentFailures,
                      long suppressed) {
        this(createdAt, reason, jvm, counts, resources, sites, HeldApart.ofJvm(jvmInternalOpen), agentFailures,
             suppressed);
    }

    /** A report to which no suppression rule was applied. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, long jvmInternalOpen, long agentFailures) {
        this(createdAt, reason, jvm, counts, resources, sites, jvmInternalOpen, agentFailures, 0);
    }

    /** A report of a run in which the agent recorded every event. */
    public LeakReport(Instant createdAt, String reason, JvmInfo jvm, Map<String, KindCounts> counts,
                      List<ResourceEntry> resources, List<SiteEntry> sites, long jvmInternalOpen) {
        this(createdAt, reason, jvm, counts, resources, sites, jvmInternalOpen, 0, 0);
    }

    /** How many open resources the JVM holds for itself (not the application's leaks). */
    public long jvmInternalOpen() {
        return heldApart.jvm();
    }

    /** The same report with {@code apart} held apart. */
    public LeakReport withHeldApart(HeldApart apart) {
        return new LeakReport(createdAt, reason, jvm, counts, resources, sites, apart, agentFailures, suppressed,
                              releases, history, holdTimes);
    }

    /** The same report with {@code releases} as its release places. */
    public LeakReport withReleases(List<ReleaseSite> releases) {
        return new LeakReport(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed,
                              releases, history, holdTimes);
    }

    /** The same report with {@code holdTimes} as its hold-time distributions. */
    public LeakReport withHoldTimes(List<HoldTimeDistribution> holdTimes) {
        return new LeakReport(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed,
                              releases, history, holdTimes);
    }

    /** The same report with {@code history} as its open counts over the run. */
    public LeakReport withHistory(OpenHistory history) {
        return new LeakReport(createdAt, reason, jvm, counts, resources, sites, heldApart, agentFailures, suppressed,
                              releases, history, holdTimes);
    }

    /** Total resources in the given state, over all kinds, from the exact counters. */
    public long total(ResourceState state) {
        long sum = 0;
        for (KindCounts c : counts.values()) {
            sum += state == ResourceState.OPEN ? c.open() : c.leaked();
        }
        return sum;
    }

    /** Whether anything is open or leaked: what a CI gate fails on. */
    public boolean hasUnreleased() {
        return total(ResourceState.OPEN) + total(ResourceState.LEAKED) > 0;
    }
}
