package io.leakwatch.bootstrap;

import java.util.List;

/**
 * Everything the registry knew at one moment: counters per enabled kind, the open resources, the leaked resources kept
 * one by one, and the exact leaked counts per site.
 *
 * <p>Immutable and thread-safe.
 */
public final class RegistrySnapshot {
    private final long takenAtMillis;
    private final List<KindCountsView> counts;
    private final List<ResourceView> open;
    private final List<ResourceView> leaked;
    private final List<SiteCount> leakedSites;
    private final long jvmInternalOpen;
    private final long agentFailures;

    RegistrySnapshot(long takenAtMillis, List<KindCountsView> counts, List<ResourceView> open,
                     List<ResourceView> leaked, List<SiteCount> leakedSites, long jvmInternalOpen,
                     long agentFailures) {
        this.takenAtMillis = takenAtMillis;
        this.counts = List.copyOf(counts);
        this.open = List.copyOf(open);
        this.leaked = List.copyOf(leaked);
        this.leakedSites = List.copyOf(leakedSites);
        this.jvmInternalOpen = jvmInternalOpen;
        this.agentFailures = agentFailures;
    }

    public long takenAtMillis() {
        return takenAtMillis;
    }

    public List<KindCountsView> counts() {
        return counts;
    }

    /** The open application resources, oldest first. */
    public List<ResourceView> open() {
        return open;
    }

    /** The leaked resources kept one by one (the most recent, up to the configured limit), oldest first. */
    public List<ResourceView> leaked() {
        return leaked;
    }

    /** Exact leaked counts per site, most first. */
    public List<SiteCount> leakedSites() {
        return leakedSites;
    }

    /** Open resources the JVM holds for itself, not reported as the application's. */
    public long jvmInternalOpen() {
        return jvmInternalOpen;
    }

    /** Failures inside the agent's advice that were suppressed (each one a missed record, never an application error). */
    public long agentFailures() {
        return agentFailures;
    }
}
