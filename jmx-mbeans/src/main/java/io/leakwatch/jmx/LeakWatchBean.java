package io.leakwatch.jmx;

import io.leakwatch.report.KindCounts;

import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.io.IOException;
import java.util.List;

/**
 * {@code io.leakwatch:type=LeakWatch}: totals over the kinds, reports and checkpoints.
 *
 * <p>Thread-safe (stateless over the source).
 */
final class LeakWatchBean implements LeakWatchMXBean {
    static final ObjectName NAME;

    static {
        try {
            NAME = new ObjectName("io.leakwatch:type=LeakWatch");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LiveSource source;
    private final LiveSettings settings;

    LeakWatchBean(LiveSource source, LiveSettings settings) {
        this.source = source;
        this.settings = settings;
    }

    @Override
    public List<String> getEnabledKinds() {
        return source.kinds();
    }

    /** {@code field} summed over the kinds. */
    private long total(java.util.function.ToLongFunction<KindCounts> field) {
        long sum = 0;
        for (KindCounts c : source.counts().values()) {
            sum += field.applyAsLong(c);
        }
        return sum;
    }

    @Override
    public long getOpenCount() {
        return total(KindCounts::open);
    }

    @Override
    public long getAcquiredCount() {
        return total(KindCounts::acquired);
    }

    @Override
    public long getReleasedCount() {
        return total(KindCounts::released);
    }

    @Override
    public long getLeakedCount() {
        return total(KindCounts::leaked);
    }

    @Override
    public long getAgentFailures() {
        return source.agentFailures();
    }

    @Override
    public long getTraceDroppedEvents() {
        return source.traceDropped();
    }

    @Override
    public long getJvmInternalOpenCount() {
        return source.heldApart().jvm();
    }

    @Override
    public long getTestRunnerOpenCount() {
        return source.heldApart().runner();
    }

    @Override
    public long getOtherAgentsOpenCount() {
        return source.heldApart().agents();
    }

    @Override
    public long getUnusedPoolCount() {
        return source.heldApart().unusedPools();
    }

    @Override
    public long getHoldThresholdMillis() {
        return settings.holdThresholdMillis();
    }

    @Override
    public String report(String format) {
        return source.report(null, format);
    }

    @Override
    public String writeReport(String path) throws IOException {
        return source.writeReport(null, path);
    }

    @Override
    public long mark() {
        return source.mark();
    }

    @Override
    public String openSince(long mark, String format) {
        return source.openSince(mark, format);
    }
}
