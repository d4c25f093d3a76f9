package io.leakwatch.agent.live;

import io.leakwatch.agent.report.AgentReportRenderer;
import io.leakwatch.agent.report.ReportBuilder;
import io.leakwatch.bootstrap.Hooks;
import io.leakwatch.bootstrap.KindCountsView;
import io.leakwatch.bootstrap.LeakWatchControl;
import io.leakwatch.bootstrap.LeakWatchEvent;
import io.leakwatch.bootstrap.Owner;
import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ResourceKind;
import io.leakwatch.bootstrap.ResourceRegistry;
import io.leakwatch.bootstrap.ResourceView;
import io.leakwatch.jmx.HeldApartCounts;

import io.leakwatch.jmx.LiveSource;
import io.leakwatch.jmx.OpenSite;
import io.leakwatch.report.KindCounts;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReleaseSite;
import io.leakwatch.report.ReportFiles;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ResourceEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The live view's source: the agent's registry and report formats. Reports run as the agent (the files they write
 * are not the application's).
 *
 * <p>Thread-safe: the registry is; the kinds are fixed at start.
 */
final class AgentLiveSource implements LiveSource {
    private final ResourceRegistry registry;
    private final List<String> kinds;

    private final java.util.Set<String> include;

    /** {@code include}: the owners whose resources held apart reports list ({@code report.include=}). */
    AgentLiveSource(ResourceRegistry registry, java.util.Set<String> include) {
        this.registry = registry;
        this.include = java.util.Set.copyOf(include);
        List<String> k = new ArrayList<>();
        for (KindCountsView c : registry.counts()) {
            k.add(c.kind());
        }
        this.kinds = List.copyOf(k);
    }

    @Override
    public List<String> kinds() {
        return kinds;
    }

    @Override
    public boolean inBytes(String kind) {
        ResourceKind k = ResourceKind.fromLabel(kind);
        return k != null && k.inBytes();
    }

    @Override
    public Map<String, KindCounts> counts() {
        return ReportBuilder.countsOf(registry.counts());
    }

    @Override
    public HeldApartCounts heldApart() {
        long[] n = registry.heldApart();
        return new HeldApartCounts(n[Owner.JVM.ordinal()], n[Owner.RUNNER.ordinal()], n[Owner.AGENT.ordinal()],
                                   n[n.length - 1]);
    }

    @Override
    public long limit(String kind) {
        return registry.limit(kindOf(kind));
    }

    @Override
    public void setLimit(String kind, long limit) {
        registry.setLimit(kindOf(kind), limit);
    }

    @Override
    public void resetPeak(String kind) {
        registry.resetPeak(kindOf(kind));
    }

    /** The kind a bean's label names: labels stop at this edge, the registry takes kinds. */
    private static ResourceKind kindOf(String label) {
        ResourceKind k = ResourceKind.fromLabel(label);
        if (k == null) {
            throw new IllegalArgumentException("'" + label + "' is not a kind");
        }
        return k;
    }

    @Override
    public List<OpenSite> openSites() {
        return ReportBuilder.openSitesOf(registry.openSites());
    }

    @Override
    public List<ResourceEntry> openAcquiredIn(long afterMillis, long upToMillis) {
        List<ResourceView> views = registry.openAcquiredIn(afterMillis, upToMillis);
        List<ResourceEntry> out = new ArrayList<>(views.size());
        long now = System.currentTimeMillis();
        for (ResourceView v : views) {
            out.add(ReportBuilder.entryOf(v, now));
        }
        return out;
    }

    @Override
    public long agentFailures() {
        return registry.agentFailures();
    }

    @Override
    public String report(String kind, String format) {
        Hooks.enterAgent();
        try {
            return AgentReportRenderer.render(report(kind), format);
        } finally {
            Hooks.exitAgent();
        }
    }

    @Override
    public String writeReport(String kind, String path) throws IOException {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("writeReport needs a file path, e.g. /tmp/leaks-{pid}.json"
                                               + " (.json: JSON, else text)");
        }
        Hooks.enterAgent();
        try {
            String expanded = ReportFiles.expandPlaceholders(path, ProcessHandle.current().pid(), Instant.now());
            Path target = Path.of(expanded).toAbsolutePath();
            ReportFiles.writeAtomically(report(kind),
                                        ReportFormatType.forPath(expanded), target);
            return target.toString();
        } finally {
            Hooks.exitAgent();
        }
    }

    /** The report of one kind ({@code null}: all) now, with where its resources were released. */
    private LeakReport report(String kind) {
        return ReportBuilder.withHoldTimes(
            ReportBuilder.withHistory(ReportBuilder.build(snapshot(kind), "jmx", include)
                                      .withReleases(ReportBuilder.releasesOf(registry.releaseSites(), kind)),
                                      registry.history()),
            LiveViewStarter.holdTimes());
    }

    @Override
    public void stateChanged(String kind, String state, String previousState, long open, long limit, double percent,
                             String message) {
        LeakWatchControl.publish(LeakWatchEvent.stateChanged(kind, message, state, previousState, open,
                                                             limit < 0 ? Long.MAX_VALUE : limit, percent));
    }

    @Override
    public void heldTooLong(ResourceEntry r, long heldMillis, String message) {
        LeakWatchControl.publish(LeakWatchEvent.heldTooLong(r.kind(), r.id(), r.description(), r.thread(), r.stack(),
                                                            heldMillis, message));
    }

    @Override
    public io.leakwatch.report.OpenHistory history() {
        return ReportBuilder.historyOf(registry.history());
    }

    @Override
    public long traceDropped() {
        return io.leakwatch.agent.trace.TraceWriter.droppedNow();
    }

    @Override
    public List<ReleaseSite> releaseSites() {
        Hooks.enterAgent();
        try {
            return ReportBuilder.releasesOf(registry.releaseSites(), null);
        } finally {
            Hooks.exitAgent();
        }
    }

    private RegistrySnapshot snapshot(String kind) {
        RegistrySnapshot all = registry.snapshot();
        return kind == null ? all : all.ofKind(kind);
    }

    @Override
    public long mark() {
        return registry.mark();
    }

    @Override
    public String openSince(long mark, String format) {
        Hooks.enterAgent();
        try {
            return LeakWatchControl.render(registry.snapshotSince(mark), format, "since mark " + mark);
        } finally {
            Hooks.exitAgent();
        }
    }
}
