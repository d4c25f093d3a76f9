package io.leakwatch.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report keeps apart from the application's resources, so that nothing is hidden and nothing of it fails a
 * build: the open resources the JVM holds for itself (class path jars, the random-seed device, its caches), those of
 * the test runner (Surefire's booter, the JUnit Platform launcher, ...) and those of other Java agents (JaCoCo, the
 * Prometheus JMX exporter, ...), and the thread pools dropped before they ever started a thread (which held nothing).
 * None of it is in the report's counts, sites or resources, nor seen by {@code check}, {@code diff}, the exit gate or
 * the JUnit extension.
 *
 * <p>Immutable and thread-safe.
 *
 * @param jvm         open resources the JVM holds for itself
 * @param runner      open resources the test runner holds for itself
 * @param agents      open resources other Java agents hold
 * @param unusedPools thread pools that became unreachable before they ever started a thread
 * @param sites       those open resources grouped by owner, kind and stack, when the report was asked to list them
 *                    ({@code report.include=}); empty otherwise
 */
public record HeldApart(long jvm, long runner, long agents, long unusedPools, List<OwnedSite> sites) {
    /** Nothing held apart. */
    public static final HeldApart NONE = new HeldApart(0, 0, 0, 0, List.of());

    /** The owners' labels, in the order reports list them. */
    public static final List<String> OWNERS = List.of("jvm", "runner", "agents");

    /** The canonical constructor. */
    public HeldApart {
        sites = List.copyOf(sites);
    }

    /** Only {@code jvm} resources held by the JVM (a report from before the other owners were told apart). */
    public static HeldApart ofJvm(long jvm) {
        return jvm == 0 ? NONE : new HeldApart(jvm, 0, 0, 0, List.of());
    }

    /** Open resources held apart, all owners together. */
    public long open() {
        return jvm + runner + agents;
    }

    /** The open count of the owner labelled {@code owner} ({@code jvm}, {@code runner}, {@code agents}). */
    public long open(String owner) {
        switch (owner) {
            case "jvm":
                return jvm;
            case "runner":
                return runner;
            case "agents":
                return agents;
            default:
                throw new IllegalArgumentException("'" + owner + "' is not an owner; valid: " + String.join(", ", OWNERS));
        }
    }

    /** Whether there is anything to say. */
    public boolean isEmpty() {
        return open() == 0 && unusedPools == 0 && sites.isEmpty();
    }

    /** This and {@code other} together: counts summed, equal sites (owner, kind, state, stack) merged. */
    public HeldApart plus(HeldApart other) {
        Map<List<Object>, OwnedSite> merged = new LinkedHashMap<>();
        List<OwnedSite> all = new ArrayList<>(sites);
        all.addAll(other.sites);
        for (OwnedSite s : all) {
            List<Object> key = List.of(s.owner(), s.site().kind(), s.site().state(), s.site().stack());
            OwnedSite before = merged.get(key);
            merged.put(key, before == null ? s : before.plus(s));
        }
        return new HeldApart(jvm + other.jvm, runner + other.runner, agents + other.agents,
                             unusedPools + other.unusedPools, new ArrayList<>(merged.values()));
    }

    /** Only the sites of {@code kinds}; the counts are kept (they are not per kind). */
    public HeldApart onlyKinds(java.util.Collection<String> kinds) {
        List<OwnedSite> kept = new ArrayList<>();
        for (OwnedSite s : sites) {
            if (kinds.contains(s.site().kind())) {
                kept.add(s);
            }
        }
        return new HeldApart(jvm, runner, agents, unusedPools, kept);
    }

    /**
     * One site held apart from the application's.
     *
     * @param owner {@code jvm}, {@code runner} or {@code agents}
     * @param site  its kind, state (always open), count, stack and examples
     */
    public record OwnedSite(String owner, SiteEntry site) {
        /** The canonical constructor. */
        public OwnedSite {
            java.util.Objects.requireNonNull(owner, "owner");
            java.util.Objects.requireNonNull(site, "site");
        }

        OwnedSite plus(OwnedSite other) {
            List<String> examples = new ArrayList<>(site.examples());
            for (String e : other.site.examples()) {
                if (examples.size() < 3 && !examples.contains(e)) {
                    examples.add(e);
                }
            }
            long bytes = site.bytes() < 0 && other.site.bytes() < 0 ? -1
                : Math.max(0, site.bytes()) + Math.max(0, other.site.bytes());
            return new OwnedSite(owner, new SiteEntry(site.kind(), site.state(), site.count() + other.site.count(),
                                                      site.stack(), examples, bytes, site.test()));
        }
    }
}
