package io.leakwatch.agent.report;

import io.leakwatch.agent.config.GateOptions;
import io.leakwatch.report.LeakGate;
import io.leakwatch.report.LeakReport;
import io.leakwatch.report.ReportInputException;
import io.leakwatch.report.Suppressions;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * The CI gate at exit ({@code exitcode=}, {@code failon=}, {@code suppressions=}): takes the suppressed sites out of
 * the exit report, and decides whether the JVM's exit status must be replaced.
 *
 * <p>The suppression file is read once, when the gate is made at start-up, so that a bad line is said at once rather
 * than when the JVM ends; a file that cannot be used prints one line and the gate runs without suppressions (stricter,
 * never looser, than intended).
 *
 * <p>Immutable and thread-safe.
 */
final class ExitGate {
    private final OptionalInt exitCode;
    private final boolean leakedOnly;
    private final Suppressions suppressions;

    private ExitGate(OptionalInt exitCode, boolean leakedOnly, Suppressions suppressions) {
        this.exitCode = exitCode;
        this.leakedOnly = leakedOnly;
        this.suppressions = suppressions;
    }

    /** The gate {@code options} describe; problems with the suppression file go to {@code err}, one line each. */
    static ExitGate of(GateOptions options, PrintStream err) {
        Suppressions rules = Suppressions.none();
        if (options.suppressions().isPresent()) {
            try {
                rules = Suppressions.load(Path.of(options.suppressions().get()));
            } catch (ReportInputException e) {
                err.println("leakwatch: option suppressions: " + e.getMessage() + "; no site is suppressed");
            }
        }
        return new ExitGate(options.exitCode(), options.leakedOnly(), rules);
    }

    /** The report without the sites the suppression rules match. */
    LeakReport suppress(LeakReport report) {
        return suppressions.apply(report);
    }

    /**
     * The exit status to force for {@code report} (already suppressed): {@code exitcode=} when a resource is open or
     * leaked ({@code failon=any}) or leaked ({@code failon=leaked}); empty when the status stays the application's.
     */
    OptionalInt failureStatus(LeakReport report) {
        if (exitCode.isEmpty()) {
            return OptionalInt.empty();
        }
        LeakGate.FailOn on = leakedOnly ? LeakGate.FailOn.LEAKED : LeakGate.FailOn.ANY;
        return LeakGate.judge(report, on, 0).passed() ? OptionalInt.empty() : exitCode;
    }

    /** Whether this gate can replace the exit status at all ({@code exitcode=} given). */
    boolean canFail() {
        return exitCode.isPresent();
    }

    /** {@code failon=} as written, for messages. */
    String failOn() {
        return leakedOnly ? "leaked" : "any";
    }
}
