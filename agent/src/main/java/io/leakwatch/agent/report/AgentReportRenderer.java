package io.leakwatch.agent.report;

import io.leakwatch.bootstrap.RegistrySnapshot;
import io.leakwatch.bootstrap.ReportRenderer;
import io.leakwatch.report.ReportFormatType;
import io.leakwatch.report.ReportFormats;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Renders snapshots with the agent's report formats, for callers outside the agent (through
 * {@link io.leakwatch.bootstrap.LeakWatchControl#render}).
 *
 * <p>Thread-safe (stateless).
 */
public final class AgentReportRenderer implements ReportRenderer {
    private final java.util.Set<String> include;

    /** {@code include}: the owners whose resources held apart are listed ({@code report.include=}). */
    public AgentReportRenderer(java.util.Set<String> include) {
        this.include = java.util.Set.copyOf(include);
    }

    @Override
    public String render(RegistrySnapshot snapshot, String format, String reason) {
        return render(ReportBuilder.build(snapshot, reason, include), format);
    }

    /**
     * {@code report} in {@code format}.
     *
     * @throws IllegalArgumentException naming the valid formats when {@code format} is none of them
     */
    public static String render(io.leakwatch.report.LeakReport report, String format) {
        ReportFormatType type = ReportFormatType.fromOptionName(format);
        StringWriter out = new StringWriter();
        try {
            ReportFormats.of(type).write(report, out);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }
}
